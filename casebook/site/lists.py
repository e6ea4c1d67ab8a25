"""The cases listed and filtered by period, 分類, 媒体 and 所属 without JavaScript: one page per value of each,
linked from lists/index.html with its count (as the HHS breach portal filters its list)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from casebook.domain.vocabularies import Category, Medium, UnitKind
from casebook.site.content import PublicCase, SiteContent
from casebook.site.frame import case_page, draw, period_page, row_anchor

LISTS = "lists/index.html"
UNWRITTEN = "記載なし"


@dataclass(frozen=True)
class Dimension:
    key: str  # in the pages' names
    label: str
    values: tuple[tuple[str, str], ...]  # (value, slug) in the vocabulary's order
    of: Callable[[PublicCase], str]


@dataclass(frozen=True)
class Choice:
    dimension: Dimension
    value: str
    slug: str
    rows: list[PublicCase]

    @property
    def page(self) -> str:
        return f"lists/{self.dimension.key}-{self.slug}.html"


DIMENSIONS = (
    Dimension("category", "事案の分類", tuple((m.value, m.name.lower()) for m in Category), lambda row: row.facts.category),
    Dimension("medium", "媒体", tuple((m.value, m.name.lower()) for m in Medium), lambda row: row.facts.medium),
    Dimension("unit", "所属", tuple((m.value, m.name.lower()) for m in UnitKind), lambda row: row.facts.unit_kind),
)


def choices(content: SiteContent, dimension: Dimension) -> list[Choice]:
    """Every value some public case has, in the vocabulary's order, and 記載なし for the cases that leave it empty."""
    rows = content.cases
    found = [Choice(dimension, value, slug, [r for r in rows if dimension.of(r) == value]) for value, slug in dimension.values]
    found.append(Choice(dimension, UNWRITTEN, "none", [r for r in rows if not dimension.of(r)]))
    return [choice for choice in found if choice.rows]


def files(content: SiteContent) -> Iterator[tuple[str, str | bytes]]:
    grouped = [(dimension, choices(content, dimension)) for dimension in DIMENSIONS]
    non_public = sum(item.report.current.non_public for item in content.periods)
    shared = {"case_page": case_page, "period_page": period_page, "anchor": row_anchor, "lists": LISTS}
    yield (
        LISTS,
        draw(
            content,
            "lists.html.j2",
            LISTS,
            "事案の一覧と絞り込み",
            grouped=grouped,
            periods=content.periods,
            non_public=non_public,
            **shared,
        ),
    )
    for dimension, found in grouped:
        for choice in found:
            title = f"{dimension.label}「{choice.value}」の事案"
            yield choice.page, draw(content, "list.html.j2", choice.page, title, choice=choice, grouped=grouped, **shared)
