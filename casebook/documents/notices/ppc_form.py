"""`casebook ppc`: the 漏えい等報告 to the 個人情報保護委員会, laid out to be pasted into its form.

個人情報保護法 第68条 and 施行規則 第44条 ask a 行政機関等 for nine items (the 速報 with what is known so far,
the 確報 with all of them): 概要, 保有個人情報の項目, 本人の数, 原因, 二次被害, 本人への対応, 公表, 再発防止策,
その他参考となる事項. Each item is made from the case here; the layout is the Markdown template `ppc.md.j2`
(a casebook overrides it by name) rendered through the notices' pipeline (md, txt, html).

The report goes to the 委員会, not to the public: a non-public case is reported like any other (the duty to
report does not depend on publication), and its document is marked 取扱注意（非公表） as `render --internal` is.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from casebook.domain.case import Case
from casebook.domain.parts import joined_text
from casebook.domain.ppc import Deadline, assess, deadlines
from casebook.domain.vocabularies import Presence, PublicationMode, ReportKind
from casebook.errors import CasebookError
from casebook.queries.due import deadline_text
from casebook.queries.records import persons_text
from casebook.safety.inert import json_text
from casebook.settings.config import Config

KINDS = (str(ReportKind.PPC_PRELIMINARY), str(ReportKind.PPC_FINAL))
FORMATS = ("md", "txt", "html", "docx", "json")
TEMPLATE = "ppc.md.j2"
UNFILLED = "未記入"  # a header row the case does not give
_CONTACT_ROWS = ("担当者", "電話", "メール")  # made from the case's 問合せ先 (contacts:)
_FLAG_WORDS = {
    "special_care": "要配慮個人情報を含む",
    "my_number": "特定個人情報（マイナンバー）を含む",
    "ordinance_special_care": "条例要配慮個人情報を含む",
    "property_damage": "不正に利用されると財産的被害が生じるおそれがある",
}


@dataclass(frozen=True)
class Item:
    number: int
    label: str
    text: str  # "" when the case does not say yet
    required: bool = True  # needed for a 確報

    @property
    def missing(self) -> bool:
        return self.required and not self.text


@dataclass(frozen=True)
class PpcForm:
    kind: str  # 速報 | 確報
    case_id: str
    title: str
    required: bool  # whether the case is one the law asks to report
    header: list[tuple[str, str]]
    items: list[Item]
    internal: bool  # a non-public case: marked 取扱注意（非公表）
    notes: list[str] = field(default_factory=list)

    @property
    def missing(self) -> list[str]:
        return [item.label for item in self.items if item.missing]

    @property
    def contact_missing(self) -> str:
        """What to fill when 担当者・電話・メール are not known: "" when the case's contact gives them all."""
        empty = [label for label, text in self.header if label in _CONTACT_ROWS and text == UNFILLED]
        if not empty:
            return ""
        return f"{'・'.join(empty)}が未記入です（事案ファイルの問合せ先 contacts: に unit・position・name・phone・email を書いてください）"


def _overview(case: Case) -> str:
    facts = [
        f"{label}: {value}"
        for label, value in (("事案の分類", case.category), ("媒体", case.medium), ("漏えいの区分", case.certainty))
        if value is not None
    ]
    if case.contractor is not None:
        facts.append(f"委託先: {' '.join(p for p in (case.contractor.name, case.contractor.role) if p)}")
    return "\n".join(p for p in (case.summary or "", "　".join(facts)) if p) if case.summary else ""


def _data_items(case: Case) -> str:
    lines = []
    if case.data_items:
        lines.append("、".join(case.data_items))
    if case.data_description:
        lines.append(case.data_description)
    flags = [words for name, words in _FLAG_WORDS.items() if getattr(case.flags, name)]
    if lines and flags:
        lines.append("（" + "・".join(flags) + "）")
    return "\n".join(lines)


def _persons(case: Case) -> str:
    if case.persons is None:
        return ""
    return persons_text(case) + (f"（{case.persons.who}）" if case.persons.who else "")  # persons.note is the office's own


def _damage(case: Case) -> str:
    damage = case.secondary_damage
    if damage is None:
        return ""
    if damage.status == Presence.YES:
        return f"有: {damage.detail}" if damage.detail else "有"
    return f"{damage.status}" + (f"（{damage.detail}）" if damage.detail else "")


def _publication(case: Case, organisation: str) -> str:
    publication = case.publication
    if publication is None:
        return ""
    if publication.mode == PublicationMode.INDIVIDUAL:
        return "個別に公表" + (f"（{publication.date.long()}）" if publication.date else "（公表日は未記入）")
    if publication.mode == PublicationMode.BATCH:
        return f"{organisation}の半期ごとの一覧表（保有個人情報の漏えい事案概要）で公表" if organisation else "半期ごとの一覧表で公表"
    criterion = f"（非公表基準({publication.criterion})に該当）" if publication.criterion else ""
    return f"非公表{criterion}"


def _other(case: Case) -> str:
    lines = [
        f"{r.date.long() if r.date else '日付未記入'} {r.recipient}へ{r.kind}" + (f"（{r.by}）" if r.by else "")
        for r in case.reports
        if not r.kind.is_ppc
    ]
    if case.remarks:
        lines.append(case.remarks)
    return "\n".join(lines)


def _items(case: Case, organisation: str) -> list[Item]:
    return [
        Item(1, "概要", _overview(case)),
        Item(2, "漏えい等が発生し、又は発生したおそれがある保有個人情報の項目", _data_items(case)),
        Item(3, "漏えい等が発生し、又は発生したおそれがある保有個人情報に係る本人の数", _persons(case)),
        Item(4, "原因", joined_text(case.causes)),
        Item(5, "二次被害又はそのおそれの有無及びその内容", _damage(case)),
        Item(6, "本人への対応の実施状況", joined_text(case.responses)),
        Item(7, "公表の実施状況", _publication(case, organisation)),
        Item(8, "再発防止のための措置", joined_text(case.measures)),
        Item(9, "その他参考となる事項", _other(case), required=False),
    ]


def _deadline_row(owed: list[Deadline], kind: str) -> str:
    deadline = next((d for d in owed if str(d.kind) == kind), None)
    if deadline is None:
        return "判明日がないため計算できません"
    return f"{deadline_text(deadline.due)}（判明日から{deadline.days}日）"


def build_form(case: Case, config: Config, kind: str | None = None) -> PpcForm:
    """The report of one case; `kind` 速報 or 確報 (default: 速報 until one is filed, then 確報)."""
    owed = deadlines(case, config)
    filed = {str(d.kind): d.filed for d in owed if d.filed is not None}
    chosen = kind or (str(ReportKind.PPC_FINAL) if str(ReportKind.PPC_PRELIMINARY) in filed else str(ReportKind.PPC_PRELIMINARY))
    if chosen not in KINDS:
        raise CasebookError(f"報告の種類「{chosen}」はありません（{'・'.join(KINDS)}）")
    organisation = case.organisation or config.organisation
    assessment = assess(case, config)
    reasons = "・".join(assessment.reasons) if assessment.required else "該当なし（「報告対象の判定」と本人の数から判定）"
    this = filed.get(chosen)
    contact = next(iter(case.contacts or (case.press.contacts if case.press else [])), None)
    header = [
        ("報告の種類", chosen),
        ("報告日", this.date.long(weekday=True) if this is not None and this.date is not None else ""),
        ("報告者", " ".join(p for p in (organisation, case.department) if p)),
        ("担当者", " ".join(p for p in (contact.unit, contact.position, contact.name) if p) if contact else ""),
        ("電話", contact.phone or "" if contact else ""),
        ("メール", contact.email or "" if contact else ""),
        ("件名", case.title or ""),
        ("発生日", case.occurred.long(weekday=True) if case.occurred else ""),
        ("判明日", case.discovered.long(weekday=True) if case.discovered else ""),
        ("報告を要する事態", reasons),
    ]
    header = [(label, text or UNFILLED) for label, text in header]
    notes = []
    if assessment.required:
        header.append((f"{chosen}の期限", _deadline_row(owed, chosen)))
        for done, report in filed.items():
            if report is not None and report.date is not None:
                header.append((f"{done}の提出", report.date.long(weekday=True)))
    else:
        notes.append("この事案は報告を要する事態に当たりません（「報告対象の判定」と本人の数から判定）。任意の報告として作成しています。")
    return PpcForm(
        chosen, case.id, case.title or case.id, assessment.required, header, _items(case, organisation), not case.is_public, notes
    )


def form_markdown(form: PpcForm, root: Path | None) -> str:
    import re

    from casebook.documents.notices.render import INTERNAL_MARK
    from casebook.documents.templates import render

    text = render(root, TEMPLATE, form=form, internal_mark=INTERNAL_MARK, final=str(ReportKind.PPC_FINAL))
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


def form_json(form: PpcForm) -> str:
    return json_text(
        {
            "kind": form.kind,
            "case_id": form.case_id,
            "required": form.required,
            "internal": form.internal,
            "header": [{"label": label, "text": text} for label, text in form.header],
            "items": [{"number": i.number, "label": i.label, "text": i.text, "missing": i.missing} for i in form.items],
            "missing": form.missing,
            "notes": form.notes,
        }
    )


def render_form(form: PpcForm, fmt: str, root: Path | None, organisation: str) -> str | bytes:
    """The report as md, txt, html or docx (through the notices' Markdown pipeline), or json."""
    from casebook.documents.notices.render import markdown_as

    if fmt == "json":
        return form_json(form)
    if fmt not in FORMATS:
        raise CasebookError(f"出力形式「{fmt}」は使えません（{', '.join(FORMATS)}）")
    title = f"{form.title}（漏えい等報告・{form.kind}）"
    return markdown_as(form_markdown(form, root), fmt, title, root, docx_name="ppc", organisation=organisation)
