"""Rules about dates: their order, the weekdays written in the text, and days still to come."""

from __future__ import annotations

from collections.abc import Iterator

from casebook.domain.case import Case
from casebook.domain.jpdate import Moment, weekday_mismatches
from casebook.rules.base import Context, Hit, Loc, rule
from casebook.safety.quoting import quote


def _dated(case: Case) -> Iterator[tuple[Loc, str, Moment]]:
    """Every dated fact after the discovery: reports, publication, notices."""
    for index, report in enumerate(case.reports):
        if report.date is not None:
            yield ("reports", index, "date"), f"{report.kind}の日付", report.date
    if case.publication and case.publication.date:
        yield ("publication", "date"), "個別公表日", case.publication.date
    if case.reported:
        yield ("reported",), "報告日", case.reported
    for section, label in (("press", "発表日"), ("council", "議会への報告日"), ("web", "掲載日")):
        notice = getattr(case, section)
        if notice is not None and notice.date is not None:
            yield (section, "date"), label, notice.date


@rule("date-order")
def date_order(ctx: Context) -> Iterator[Hit]:
    """発生日 ≤ 判明日 ≤ 報告・届出・公表の日付 になっていない"""
    case = ctx.case
    if case.occurred and case.discovered and case.discovered.first_day < case.occurred.first_day:
        yield Hit(("discovered",), "error", f"判明日{quote(case.discovered.long())}が発生日{quote(case.occurred.start.long())}より前です")
    floor, floor_label = (case.discovered.first_day, "判明日") if case.discovered else (None, "")
    if floor is None and case.occurred:
        floor, floor_label = case.occurred.first_day, "発生日"
    if floor is None:
        return
    for loc, label, moment in _dated(case):
        if moment.last_day < floor:
            yield Hit(loc, "error", f"{label}{quote(moment.long())}が{floor_label}より前です")


@rule("timeline-order")
def timeline_order(ctx: Context) -> Iterator[Hit]:
    """経過が日付順に並んでいない"""
    previous: Moment | None = None
    for index, entry in enumerate(ctx.case.timeline):
        if previous is not None and entry.date.sort_key < previous.sort_key:
            yield Hit(
                ("timeline", index, "date"),
                "error",
                f"経過が日付順ではありません（{quote(entry.date.long())}が{quote(previous.long())}の後にあります）",
            )
        previous = entry.date


@rule("weekday")
def weekday(ctx: Context) -> Iterator[Hit]:
    """本文中の「11月9日（木）」の曜日が暦と合わない

    年のない日付は発生日（なければ判明日）に近い年で判定します。コメントの中の日付も確かめます。
    """
    # One regex pass over the file text finds every written weekday, comments included,
    # and gives the exact column; walking the data would cost more and lose the column.
    case = ctx.case
    near = case.occurred.first_day if case.occurred else (case.discovered.first_day if case.discovered else None)
    if near is None:
        near = ctx.today
    for mismatch in weekday_mismatches(ctx.text, near):
        day = mismatch.day
        yield Hit(
            None,
            "error",
            f"{quote(mismatch.written)}の曜日が違います（{day.year}年{day.month}月{day.day}日は{mismatch.actual}曜日）",
            place=ctx.place(mismatch.offset),
        )


@rule("future-date")
def future_date(ctx: Context) -> Iterator[Hit]:
    """今日より後の日付（発生日・判明日はエラー、報告・公表の日付は予定として警告）"""
    case = ctx.case
    for loc, moment in ((("occurred",), case.occurred), (("discovered",), case.discovered)):
        if moment is not None and ctx.clock.after(moment.first_day):
            yield Hit(loc, "error", "今日より後の日付です")
    for loc, label, moment in _dated(case):
        if ctx.clock.after(moment.first_day):
            yield Hit(loc, "warning", f"{label}が今日より後の日付です（予定なら問題ありません）")
