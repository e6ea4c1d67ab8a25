"""The Atom feed (feedgen): one entry per individually published case and one per period's table, dated by the pages'
掲載日 and 更新日 so that the same casebook gives the same feed (no build time in it)."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import date, datetime, timedelta, timezone

from casebook.site.case import title as case_title
from casebook.site.content import SiteContent
from casebook.site.frame import FEED, INDEX, absolute, case_page, period_page

JST = timezone(timedelta(hours=9), "JST")
NAMESPACE = uuid.UUID("7b0c1d9e-5f4a-4c2e-9a57-3f1b2d6e8a90")  # this site's entries' ids: uuid5 of the organisation and the page


def _moment(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=JST)


def _id(content: SiteContent, page: str) -> str:
    return uuid.uuid5(NAMESPACE, f"{content.organisation}\n{page}").urn


def feed(content: SiteContent) -> bytes:
    from feedgen.feed import FeedGenerator

    entries: list[tuple[date, str, str, str, date | None]] = []  # (updated, page, title, summary, published)
    for public in content.pages:
        dates = public.dates
        summary = public.case.summary or ""
        entries.append((dates.feed_updated, case_page(public.facts.id), case_title(public), summary, dates.feed_published))
    for item in content.periods:
        days = [row.dates.feed_updated for row in item.rows] or [item.period.end]
        current = item.report.current
        summary = f"{item.period.label}の事案 {current.cases}件（うち非公表基準該当{current.non_public}件）の一覧表です。"
        entries.append((max(days), period_page(item.period), item.report.heading, summary, None))
    entries.sort(key=lambda entry: (entry[0], entry[1]), reverse=True)
    generator = FeedGenerator()
    name = f"{content.organisation}の個人情報の漏えい等事案" if content.organisation else "個人情報の漏えい等事案"
    generator.id(_id(content, INDEX))
    generator.title(name)
    generator.language("ja")
    generator.link(href=absolute(content, INDEX), rel="alternate")
    generator.link(href=absolute(content, FEED), rel="self")
    generator.author({"name": content.organisation or "casebook"})
    generator.generator("casebook")
    generator.updated(_moment(entries[0][0]) if entries else _moment(date(2000, 1, 1)))
    for updated, page, title, summary, published in entries:
        entry = generator.add_entry(order="append")
        entry.id(_id(content, page))
        entry.title(title)
        entry.link(href=absolute(content, page), rel="alternate")
        entry.updated(_moment(updated))
        if published is not None:
            entry.published(_moment(published))
        if summary:
            entry.summary(summary)
    return bytes(generator.atom_str(pretty=True))


def files(content: SiteContent) -> Iterator[tuple[str, str | bytes]]:
    yield FEED, feed(content)
