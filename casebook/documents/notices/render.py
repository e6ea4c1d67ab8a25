"""Notices rebuilt from one case: 記者発表 (press), お詫び (apology), ホームページ掲載 (web), 議会への報告 (council).

Each notice is one Jinja template written in Markdown (`press.md.j2` …), which a
casebook overrides by name. `md` is the template's output; `txt` strips the
Markdown the way the notices are printed; `html` is the Markdown rendered with
raw HTML disabled inside a standalone page with print CSS; `docx` walks the same
Markdown tokens into a Word document (notice_docx), so any notice template gets
a .docx without more code.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from casebook.choices import NoticeFormat, NoticeKind
from casebook.documents.notices.parsing import parse_notice
from casebook.documents.templates import render
from casebook.domain.case import Case
from casebook.domain.jpdate import Moment
from casebook.domain.vocabularies import Category, Certainty, Presence
from casebook.errors import CasebookError
from casebook.queries.records import persons_text

FORMATS = tuple(NoticeFormat)
INTERNAL_MARK = "取扱注意（非公表）"

# The word for what happened, as the headings use it (「紛失後の対応」「個人情報を誤送付した原因」).
_NOUNS = {
    Category.LOSS: "紛失",
    Category.THEFT: "盗難",
    Category.MISDELIVERY: "誤送付",
    Category.MISSENDING: "誤送信",
    Category.MISHANDOVER: "誤交付",
    Category.MISPUBLICATION: "誤掲載",
    Category.MISDISPOSAL: "誤廃棄",
    Category.INTRUSION: "不正アクセス",
    Category.MISUSE: "不正な持出し",
}


class NoticeError(CasebookError):
    """A notice that cannot be made from this case (no letter, non-public, unknown kind)."""

    exit_code = 1


def incident_noun(case: Case) -> str:
    return _NOUNS.get(case.category, "漏えい") if case.category is not None else "漏えい"


def data_heading(case: Case) -> str:
    """流出した（おそれのある）個人情報, worded by certainty."""
    if case.certainty == Certainty.LEAKED:
        return "漏えいした個人情報"
    return "漏えいしたおそれのある個人情報"


def data_text(case: Case) -> str:
    """The personal data concerned: the description as written, and the items (data_items) it does not name."""
    description = case.data_description or ""
    rest = [item for item in case.data_items if item not in description]
    if not rest:
        return description
    items = "、".join(rest)
    return f"{description}（個人情報の項目: {items}）" if description else items


def discovered_text(case: Case) -> str | None:
    """判明日 with its weekday, when it is not a day the 発生日 already names."""
    if case.discovered is None:
        return None
    if case.occurred is not None and case.discovered.first_day in (case.occurred.first_day, case.occurred.last_day):
        return None
    return case.discovered.long(weekday=True)


_DAMAGE_SENTENCES = {
    Presence.YES: "二次被害が確認されています",
    Presence.NO: "現時点で、二次被害は確認されていません",
    Presence.UNKNOWN: "二次被害の有無は、現時点では確認できていません",
}


def secondary_damage_text(case: Case) -> str | None:
    """二次被害 as a sentence, with its detail."""
    damage = case.secondary_damage
    if damage is None:
        return None
    return _DAMAGE_SENTENCES[damage.status] + (f"（{damage.detail}）" if damage.detail else "") + "。"


def internal_lines(case: Case, criteria: Sequence[str]) -> list[str]:
    """What an internal render of a non-public case says first: the mark, the 非公表基準 and the reason."""
    publication = case.publication
    if publication is None:
        return [f"**【{INTERNAL_MARK}】**", "公表区分が決まっていません。"]
    lines = [f"**【{INTERNAL_MARK}】**"]
    criterion = publication.criterion
    if criterion is not None:
        text = criteria[criterion - 1] if 0 < criterion <= len(criteria) else ""
        lines.append(f"非公表基準 ({criterion}){text}")
    if publication.reason:
        lines.append(f"非公表の理由: {publication.reason}")
    return lines


def press_header(case: Case) -> list[tuple[str, str]]:
    """発表日 / 担当 / 連絡先 lines at the top of a press release."""
    if case.press is None:
        return []
    rows = [("発表日", case.press.date.long())] if case.press.date else []
    for contact in case.press.contacts:
        rows.append(("担当", " ".join(p for p in (contact.unit, contact.position, contact.name) if p)))
        if contact.phone:
            rows.append(("連絡先", contact.phone))
    return rows


def timeline_groups(case: Case) -> list[tuple[Moment, list[str]]]:
    """Consecutive timeline entries of the same moment, as the press releases group them under 「○日付」."""
    groups: list[tuple[Moment, list[str]]] = []
    for entry in case.timeline:
        if groups and groups[-1][0] == entry.date:
            groups[-1][1].append(entry.event)
        else:
            groups.append((entry.date, [entry.event]))
    return groups


def notice_md(case: Case, kind: str, root: Path | None, organisation: str, *, internal: bool = False, criteria: Sequence[str] = ()) -> str:
    if kind not in tuple(NoticeKind):
        raise NoticeError(f"文書の種類「{kind}」はありません（{', '.join(NoticeKind)}）")
    if kind == "apology" and case.apology is None:
        raise NoticeError("この事案には apology（お詫び文の宛先・本文・差出人）がありません")
    if not case.is_public and not internal:
        raise NoticeError("非公表（または公表区分が未定）の事案です。内部用に作るには --internal を付けてください")
    text = render(
        root,
        f"{kind}.md.j2",
        case=case,
        organisation=case.organisation or organisation,
        persons=persons_text(case),
        noun=incident_noun(case),
        data_heading=data_heading(case),
        data_text=data_text(case),
        discovered=discovered_text(case),
        secondary_damage=secondary_damage_text(case),
        reports_by_kind=lambda *kinds: [r for r in case.reports if str(r.kind) in kinds],
        header_rows=press_header(case),
        timeline_groups=timeline_groups(case),
    )
    if internal and not case.is_public:
        from casebook.documents.filters import md_line

        lines = internal_lines(case, criteria)
        text = "\n\n".join([lines[0], *(md_line(line) for line in lines[1:])]) + "\n\n" + text
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


_TABLE_RULE = re.compile(r"\|?(\s*:?-{3,}:?\s*\|)+\s*")


def _text_line(line: str) -> str:
    """One line of a notice's Markdown as printed text: a table row tab-separated, marks and escapes dropped."""
    if line.startswith("|") and line.endswith("|"):
        line = "\t".join(cell.strip() for cell in line.strip("|").split(" | "))
    text = re.sub(r"^#{1,6}\s+", "", line)
    text = re.sub(r"^(\s*)- ", lambda m: "　" * (len(m.group(1)) // 2) + "・", text)
    text = text.replace("**", "")
    return re.sub(r"\\(.)", r"\1", text).rstrip()


def md_to_text(markdown: str) -> str:
    """The Markdown of a notice as plain text: headings and markers dropped, tables tab-separated."""
    lines = [_text_line(line) for line in markdown.splitlines() if not _TABLE_RULE.fullmatch(line)]
    return "\n".join(lines).strip() + "\n"


def md_to_html(markdown: str, title: str, root: Path | None) -> str:
    from markupsafe import Markup

    parser, tokens = parse_notice(markdown)
    body = parser.renderer.render(tokens, parser.options, {})
    return render(root, "notice.html.j2", title=title, body=Markup(body))


def markdown_as(markdown: str, fmt: str, title: str, root: Path | None, *, docx_name: str, organisation: str) -> str | bytes:
    """A document written in Markdown (a notice, the PPC report) in one of the notice formats.

    `docx_name` names the Word reference document a body may put in its templates folder for this kind of document.
    """
    if fmt == "md":
        return markdown
    if fmt == "txt":
        return md_to_text(markdown)
    if fmt == "html":
        return md_to_html(markdown, title, root)
    if fmt == "pdf":
        from casebook.documents.writers.pdf import html_to_pdf

        return html_to_pdf(md_to_html(markdown, title, root))
    if fmt == "docx":
        from casebook.documents.notices.docx import notice_docx

        return notice_docx(markdown, docx_name, title, root, organisation)
    raise NoticeError(f"出力形式「{fmt}」は使えません（{', '.join(FORMATS)}）")


def render_notice(
    case: Case, kind: str, fmt: str, *, root: Path | None, organisation: str, internal: bool = False, criteria: Sequence[str] = ()
) -> str | bytes:
    """A notice of one case as md, txt, html or docx; a non-public case only with `internal` (marked 取扱注意, with its 非公表基準)."""
    markdown = notice_md(case, kind, root, organisation, internal=internal, criteria=criteria)
    title = f"{case.title or case.id}（{NoticeKind(kind).label}）"
    return markdown_as(markdown, fmt, title, root, docx_name=kind, organisation=case.organisation or organisation)
