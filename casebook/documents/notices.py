"""Notices rebuilt from one case: 記者発表 (press), お詫び (apology), ホームページ掲載 (web), 議会への報告 (council).

Each notice is one Jinja template written in Markdown (`press.md.j2` …), which a
casebook overrides by name. `md` is the template's output; `txt` strips the
Markdown the way the notices are printed; `html` is the Markdown rendered with
raw HTML disabled inside a standalone page with print CSS.
"""

from __future__ import annotations

import re
from pathlib import Path

from casebook.choices import NoticeFormat, NoticeKind
from casebook.documents.listing import persons_text
from casebook.documents.templates import render
from casebook.enums import Category, Certainty
from casebook.errors import CasebookError
from casebook.jpdate import Moment
from casebook.model import Case

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


def notice_md(case: Case, kind: str, root: Path | None, organisation: str, internal: bool = False) -> str:
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
        reports_by_kind=lambda *kinds: [r for r in case.reports if str(r.kind) in kinds],
        header_rows=press_header(case),
        timeline_groups=timeline_groups(case),
    )
    if internal and not case.is_public:
        text = f"**【{INTERNAL_MARK}】**\n\n" + text
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
    from markdown_it import MarkdownIt
    from markupsafe import Markup

    body = MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("table").render(markdown)
    return render(root, "notice.html.j2", title=title, body=Markup(body))


def markdown_as(markdown: str, fmt: str, title: str, root: Path | None) -> str:
    """A document written in Markdown (a notice, the PPC report) in one of the notice formats."""
    if fmt == "md":
        return markdown
    if fmt == "txt":
        return md_to_text(markdown)
    if fmt == "html":
        return md_to_html(markdown, title, root)
    raise NoticeError(f"出力形式「{fmt}」は使えません（{', '.join(FORMATS)}）")


def render_notice(case: Case, kind: str, fmt: str, *, root: Path | None, organisation: str, internal: bool = False) -> str:
    """A notice of one case as md, txt or html; a non-public case only with `internal` (marked 取扱注意)."""
    markdown = notice_md(case, kind, root, organisation, internal)
    return markdown_as(markdown, fmt, f"{case.title or case.id}（{NoticeKind(kind).label}）", root)
