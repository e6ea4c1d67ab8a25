"""Where every page of the site lives, and the frame every page is drawn in (site/base.html.j2).

Links between pages are relative, so the folder can be served from any path or opened from disk.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import Any

from casebook.documents.templates import render
from casebook.domain.periods import Period
from casebook.site.content import SiteContent

INDEX = "index.html"
FEED = "feed.xml"
STYLE = "style.css"
SEARCH = "search.html"
DATA_PAGE = "data.html"
CASES_CSV = "data/cases.csv"
CASES_JSON = "data/cases.json"
PERIODS_CSV = "data/periods.csv"
PERIODS_JSON = "data/periods.json"
TEMPLATES = "site/"  # the site's templates, by name under the casebook's templates/ as under the built-in ones


def period_page(period: Period) -> str:
    return f"periods/{period.code}.html"


def period_pdf(period: Period) -> str:
    return f"periods/{period.code}.pdf"


def case_page(case_id: str) -> str:
    return f"cases/{case_id}.html"


def case_pdf(case_id: str) -> str:
    return f"cases/{case_id}.pdf"


def row_anchor(number: int) -> str:
    return f"no-{number}"


def relative(target: str, page: str) -> str:
    """`target` (a path from the site's root) as a link from `page`."""
    depth = len(PurePosixPath(page).parts) - 1
    return "../" * depth + target


def absolute(content: SiteContent, target: str) -> str:
    """A page's address for the feed: under --base-url when given, else relative to the feed."""
    return f"{content.base_url}/{target}" if content.base_url else target


def draw(content: SiteContent, template: str, page: str, title: str, **values: Any) -> str:
    """A page of the site: its template inside the frame, every link relative to `page`."""

    def link(target: str) -> str:
        return relative(target, page)

    return render(
        content.root,
        TEMPLATES + template,
        organisation=content.organisation,
        title=title,
        link=link,
        page=page,
        feed=FEED,
        style=STYLE,
        index=INDEX,
        search=SEARCH if content.search else None,
        data_page=DATA_PAGE,
        **values,
    )
