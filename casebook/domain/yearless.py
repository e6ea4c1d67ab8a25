"""A date written without its year (「6月3日」, 「6/3」): named as such, with the likeliest year offered where one is known."""

from __future__ import annotations

import re
from datetime import date

from casebook.domain.eras import long_date
from casebook.errors import DateError
from casebook.safety.quoting import quote

EXAMPLES = "例: R7.4.25、令和7年4月25日、2025-04-25"  # how a date may be written, as messages say it

# 「6月3日」「6/3」: a month and day without the year, which a clerk writes when the year seems obvious
_YEARLESS = re.compile(r"(?P<m>[0-9]{1,2})(?:月(?P<d>[0-9]{1,2})日|/(?P<sd>[0-9]{1,2})(?![0-9/]))")


class YearMissing(DateError):
    """A date written without its year (「6月3日」): the message says so, and a caller that knows the likely year offers it."""

    def __init__(self, shown: str, month: int, day: int) -> None:
        super().__init__(f"{quote(shown)}には年がありません（{EXAMPLES}）")
        self.shown, self.month, self.day = shown, month, day

    def __reduce__(self) -> tuple[type[YearMissing], tuple[str, int, int]]:
        return (YearMissing, (self.shown, self.month, self.day))

    def day_in(self, year: int) -> date | None:
        try:
            return date(year, self.month, self.day)
        except ValueError:  # 2月29日 of a common year
            return None

    def guessed(self, year: int, why: str) -> str:
        """「「6月3日」には年がありません。令和7年6月3日のことですか？（why）」, or the plain message when `year` has no such day."""
        day = self.day_in(year)
        if day is None:
            return str(self)
        return f"{quote(self.shown)}には年がありません。{long_date(day)}のことですか？（{why}）"


def yearless(normal: str, shown: str) -> YearMissing | None:
    match = _YEARLESS.match(normal)
    if match is None:
        return None
    return YearMissing(shown, int(match["m"]), int(match["d"] or match["sd"]))
