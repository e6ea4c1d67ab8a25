"""The index: the newest published cases, the periods with their counts and links, the trend chart with its table,
and the links to the lists, the search, the data and the feed."""

from __future__ import annotations

from collections.abc import Iterator

from casebook.site.chart import trend
from casebook.site.content import PublicCase, SiteContent
from casebook.site.frame import INDEX, case_page, draw, period_page, period_pdf, row_anchor

NEWEST = 10


def newest(content: SiteContent) -> list[PublicCase]:
    """The latest public cases: by the day the feed gives them (掲載日 or 更新日), then by basis date and id."""

    def key(row: PublicCase) -> tuple[object, ...]:
        return (row.dates.feed_updated, row.facts.basis, row.facts.id)

    return sorted(content.cases, key=key, reverse=True)[:NEWEST]


def files(content: SiteContent) -> Iterator[tuple[str, str | bytes]]:
    yield (
        INDEX,
        draw(
            content,
            "index.html.j2",
            INDEX,
            "トップ",
            newest=newest(content),
            periods=content.periods,
            trend=trend(content),
            case_page=case_page,
            period_page=period_page,
            period_pdf=period_pdf if content.pdf else None,
            anchor=row_anchor,
        ),
    )
