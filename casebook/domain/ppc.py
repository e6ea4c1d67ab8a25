"""Whether a case must be reported to the 個人情報保護委員会, and by when.

個人情報保護法 第68条 and 施行規則 第43条・第44条: a leak (or its risk) of 要配慮個人情報,
of data whose misuse may cause 財産的被害, one caused with 不正の目的, one of more
than 100 persons, or (for local bodies) of 条例要配慮個人情報 must be reported:
速報 promptly (概ね3〜5日以内) and 確報 within 30 days of discovery (60 days when
caused with 不正の目的).

Deadlines are counted in calendar days: the 委員会's guidelines count Saturdays, Sundays and
national holidays too, and a deadline that falls on one is not moved. It is flagged instead
(`due_text`), so that staff see in time that the last day is not a working day.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from casebook.domain.case import Case
from casebook.domain.eras import format_day
from casebook.domain.parts import Report
from casebook.domain.vocabularies import ReportKind
from casebook.settings.config import Config

PRELIMINARY_DAYS = 5
FINAL_DAYS = 30
FINAL_DAYS_WRONGFUL = 60
PERSONS_THRESHOLD = 100


@dataclass(frozen=True)
class PpcAssessment:
    required: bool
    reasons: list[str] = field(default_factory=list)
    preliminary_due: date | None = None
    final_due: date | None = None


def assess(case: Case, config: Config) -> PpcAssessment:
    reasons = []
    flags = case.flags
    for name in ("special_care", "property_damage", "wrongful_purpose", "ordinance_special_care"):
        if getattr(flags, name):
            reasons.append(str(type(flags).model_fields[name].title))
    actual = case.persons.actual if case.persons else None
    if isinstance(actual, int) and actual > PERSONS_THRESHOLD:
        reasons.append(f"本人の数が{PERSONS_THRESHOLD}人を超える")
    if not reasons:  # most cases: nothing makes the duty, so no day is looked at
        return PpcAssessment(False, reasons)
    known = case.discovered.first_day if case.discovered else (case.occurred.last_day if case.occurred else None)
    if known is None or known < config.ppc_reporting_since.first_day:
        return PpcAssessment(False, reasons)
    if case.discovered is None:
        return PpcAssessment(True, reasons)
    discovered = case.discovered.first_day
    final_days = FINAL_DAYS_WRONGFUL if flags.wrongful_purpose else FINAL_DAYS
    return PpcAssessment(
        True,
        reasons,
        discovered + timedelta(days=PRELIMINARY_DAYS),
        discovered + timedelta(days=final_days),
    )


CALENDAR_DAYS_NOTE = "期限は判明日から暦日で数えます（土日・祝日も含め、休日でも延びません）"


def day_off(day: date) -> str | None:
    """Why `day` is not a working day: the national holiday's name (振替休日・国民の休日 included), 土曜日 or 日曜日."""
    import jpholiday

    holiday = jpholiday.is_holiday_name(day)
    if holiday:
        return f"祝日（{holiday}）"
    return {5: "土曜日", 6: "日曜日"}.get(day.weekday())


def due_text(day: date) -> str:
    """A deadline as staff write it, flagged when it is not a working day: 令和7年12月13日（土）※土曜日."""
    off = day_off(day)
    return format_day(day, "weekday") + (f"※{off}" if off else "")


@dataclass(frozen=True)
class Deadline:
    """One report a case owes the 委員会: its kind (速報・確報), its last day, and the report that filed it, if any.

    Every deadline any command shows (due, ppc, show, the ppc-report rule) is computed by `assess`; a flag
    for a deadline that falls on a weekend or a holiday belongs here, on the date.
    """

    kind: ReportKind
    due: date
    days: int  # from 判明日
    filed: Report | None

    @property
    def is_filed(self) -> bool:
        return self.filed is not None


def deadlines(case: Case, config: Config) -> list[Deadline]:
    """The 速報 and 確報 a case must file, with their last days (none when not required or without 判明日)."""
    assessment = assess(case, config)
    if not assessment.required or assessment.preliminary_due is None or assessment.final_due is None or case.discovered is None:
        return []
    discovered = case.discovered.first_day
    found = []
    for kind, due in ((ReportKind.PPC_PRELIMINARY, assessment.preliminary_due), (ReportKind.PPC_FINAL, assessment.final_due)):
        filed = next((r for r in case.reports if r.kind == kind and r.date is not None), None)
        found.append(Deadline(kind, due, (due - discovered).days, filed))
    return found
