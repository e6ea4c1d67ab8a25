"""One page per half-year: the published table (the report's layout), each row anchored, each 個別公表 row linked
to its case page, and the period's PDF beside it."""

from __future__ import annotations

from collections.abc import Iterator

from casebook.documents.tables.parts import build_layout
from casebook.site.content import PeriodContent, SiteContent
from casebook.site.frame import case_page, draw, period_page, period_pdf, row_anchor


def files(content: SiteContent) -> Iterator[tuple[str, str | bytes]]:
    for item in content.periods:
        yield period_page(item.period), page(content, item)
        if content.pdf:
            yield period_pdf(item.period), pdf(content, item)


def page(content: SiteContent, item: PeriodContent) -> str:
    return draw(
        content,
        "period.html.j2",
        period_page(item.period),
        item.report.heading,
        period=item.period,
        layout=build_layout(item.report),
        rows=item.rows,
        pdf=period_pdf(item.period) if content.pdf else None,
        anchor=row_anchor,
        case_page=case_page,
    )


def pdf(content: SiteContent, item: PeriodContent) -> bytes:
    from casebook.documents.tables.formats import render_report

    printed = render_report(item.report, "pdf", content.root)
    assert isinstance(printed, bytes)
    return printed
