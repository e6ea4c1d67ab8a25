"""The index: the newest published cases, the periods with their counts and links, the trend chart with its table,
and the links to the lists, the search, the data and the feed."""

from __future__ import annotations

from collections.abc import Iterator

from casebook.site.chart import trend
from casebook.site.content import PublicCase, SiteContent
from casebook.site.frame import INDEX, case_page, draw, period_page, period_pdf, row_anchor

NEWEST = 10


def newest(content: SiteContent) -> list[PublicCase]:
    """The latest published cases: by their publication day (PublicCase.published_by), then 発生日 and id; never
    by the days of the repository's commits."""

    def key(row: PublicCase) -> tuple[object, ...]:
        return (row.published_by, row.facts.sort_key)

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
