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
from typing import Any

from casebook.choices import NoticeFormat, NoticeKind
from casebook.documents.notices import phrases
from casebook.documents.notices.parsing import parse_notice
from casebook.documents.notices.phrases import MISSING
from casebook.documents.templates import render
from casebook.domain.case import Case
from casebook.domain.jpdate import Moment
from casebook.domain.parts import Contact
from casebook.errors import CasebookError
from casebook.queries.records import persons_text

FORMATS = tuple(NoticeFormat)
INTERNAL_MARK = "取扱注意（非公表）"


class NoticeError(CasebookError):
    """A notice that cannot be made from this case (no letter, non-public, unknown kind)."""

    exit_code = 1


def stated_persons(case: Case) -> str:
    """本人の数 as the notices print it, unless the case withholds it."""
    return "" if case.withheld_reason("persons") is not None else persons_text(case)


def data_text(case: Case) -> str:
    """The personal data concerned: the description as written, and the items (data_items) it does not name."""
    description = case.data_description or ""
    rest = [item for item in case.data_items if item not in description]
    if not rest:
        return description
    items = "、".join(rest)
    return f"{description}（個人情報の項目: {items}）" if description else items


def data_and_persons(case: Case) -> str:
    """The personal data concerned and 本人の数, as one line of a notice.

    A description reads as seed 000 prints it, the count after a space (「…及び抽選結果 150名分（延べ人数201名分）」);
    a bare list of items takes the count in brackets (「氏名、住所（1名分）」), so the last item and the count do not run together."""
    data, persons = data_text(case), stated_persons(case)
    if not data or not persons:
        return data or persons
    if case.data_description:
        return f"{data} {persons}"
    return f"{data}（{'人数不明' if persons == '不明' else persons}）"


def discovered_text(case: Case) -> str | None:
    """判明日 with its weekday, when it is not a day the 発生日 already names."""
    if case.discovered is None:
        return None
    if case.occurred is not None and case.discovered.first_day in (case.occurred.first_day, case.occurred.last_day):
        return None
    return case.discovered.long(weekday=True)


def stated(case: Case, name: str) -> Any:
    """A list fact (causes, responses, measures) as a notice may print it: empty when the case withholds it."""
    return [] if case.withheld_reason(name) is not None else getattr(case, name)


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


def _contact_line(contact: Contact) -> str:
    return " ".join(p for p in (contact.unit, contact.position, contact.name) if p)


def press_header(case: Case) -> list[tuple[str, str]]:
    """発表日 / 担当 / 連絡先 at the top of a press release; a part the case does not give reads 【未記入】.

    The date is press.date, else the 個別公表日; the 担当 are the press contacts, else the case's 問合せ先,
    else the 担当課 alone; the 担当課 is named first when no contact names it."""
    press = case.press
    day = (press.date if press else None) or (case.publication.date if case.publication else None)
    rows = [("発表日", day.long() if day else MISSING)]
    contacts = (press.contacts if press else []) or case.contacts
    if case.department and not any(case.department in c.unit for c in contacts):
        rows.append(("担当", case.department))
        if not contacts:
            rows.append(("連絡先", MISSING))
    elif not contacts:
        rows.append(("担当", MISSING))
        rows.append(("連絡先", MISSING))
    for contact in contacts:
        rows.append(("担当", _contact_line(contact)))
        rows.append(("連絡先", contact.phone or MISSING))
    return rows


def department_unnamed(case: Case) -> str | None:
    """The 担当課, when none of the case's 問合せ先 names it (the notices add it to their contacts)."""
    if case.department and not any(case.department in c.unit for c in case.contacts):
        return case.department
    return None


def council_header(case: Case) -> list[str]:
    """会議名・日付 and 報告者 of a council report; a part the case does not give reads 【未記入】."""
    council = case.council
    meeting = council.meeting if council and council.meeting else MISSING
    day = council.date.long() if council and council.date else MISSING
    reporter = council.reporter if council and council.reporter else MISSING
    return [f"{meeting}　{day}", f"{reporter}報告"]


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
        persons=stated_persons(case),
        phrases=phrases.category_phrases(case),
        certainty=phrases.certainty(case),
        data_heading=phrases.data_heading(case),
        data_text=data_text(case),
        data_persons=data_and_persons(case),
        discovered=discovered_text(case),
        secondary_damage=phrases.secondary_damage_sentence(case),
        causes=stated(case, "causes"),
        responses=stated(case, "responses"),
        measures=stated(case, "measures"),
        report_sections=phrases.report_sections(case),
        header_rows=press_header(case),
        council_header=council_header(case),
        department=department_unnamed(case),
        missing=MISSING,
        timeline_groups=timeline_groups(case),
    )
    if internal and not case.is_public:
        from casebook.documents.filters import md_line

        lines = internal_lines(case, criteria)
        text = "\n\n".join(["{.internal}\n" + lines[0], *(md_line(line) for line in lines[1:])]) + "\n\n" + text
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"


_TABLE_RULE = re.compile(r"\|?(\s*:?-{3,}:?\s*\|)+\s*")
_BLOCK_ATTRIBUTES = re.compile(r"\{[.#][\w .#-]*\}")


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
    lines = [
        _text_line(line) for line in markdown.splitlines() if not _TABLE_RULE.fullmatch(line) and not _BLOCK_ATTRIBUTES.fullmatch(line)
    ]
    return "\n".join(lines).strip() + "\n"


def md_to_html(markdown: str, title: str, root: Path | None) -> str:
    from markupsafe import Markup

    parser, tokens = parse_notice(markdown)
    body = parser.renderer.render(tokens, parser.options, {})
    internal = any(t.type == "paragraph_open" and t.attrGet("class") == "internal" for t in tokens)
    # the 取扱注意 mark in the top margin of every printed page (a page-margin box)
    return render(root, "notice.html.j2", title=title, body=Markup(body), page_mark=INTERNAL_MARK if internal else "")


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
