"""The Facts of the last whole run, kept whole: what `report`, `list` and `stats` need of unchanged files in one load.

A warm report still looked up, stamped and turned into a result every file's entry, one by one: most of its time at
10^5 files. The facts memo holds, beside the findings the check memo holds (casebook.checking.memo), the Facts without
rows (casebook.queries.facts' `from_head`) of every case without an error, in file order, with the place of its file
and its content digest. It answers under the check memo's conditions (the same files, each with the stamp it had,
all safely older than the memo, today within its days) and the rows a command keeps come from the cache's row shards
by content digest, a shard at a time, only for the cases that keep one. Anything else, a row missing included, and
the run goes file by file, as without it, and leaves both memos anew. `check` leaves it too, so that the first
report after a check is answered as a warm one is.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from casebook.checking.memo import FACTS_MEMO, recalled, remembered, valid_memo, without_gc
from casebook.queries.facts import Trim, facts, from_heads
from casebook.reading.cache import Cache, shard_of
from casebook.reading.discovery import Discovery
from casebook.reading.findings import CheckResult, Finding
from casebook.reading.run import RowShard, keeping
from casebook.settings.config import Casebook


def _valid(value: Any) -> bool:
    if value.__class__ is not tuple or len(value) != 8 or not valid_memo(value[:5]):
        return False
    places, digests, heads = value[5:]
    return (
        places.__class__ is tuple
        and digests.__class__ is tuple
        and heads.__class__ is tuple
        and len(places) == len(digests) == len(heads) == value[3]
        and all(place.__class__ is int for place in places)
        and all(digest.__class__ is bytes for digest in digests)
    )


def _answer(store: Cache, value: Any, found: Discovery, shown: list[str], trim: Callable[[Any], Any] | None) -> CheckResult | None:
    """The run's result from the memo, with the rows `trim` keeps; None when a record or a row is not as it should be."""
    usable, findings, places, digests, heads = value[3:]
    if places and not 0 <= min(places) <= max(places) < len(shown):
        return None
    try:
        made = from_heads(heads)
    except (TypeError, ValueError, IndexError, OverflowError, KeyError):
        return None
    kept = keeping(trim)
    wants = trim.wants if isinstance(trim, Trim) else None
    cases: list[Any] = [None] * len(made)
    by_shard: dict[int, list[int]] = {}
    for number, place in enumerate(places):
        if wants is not None and wants(made[number]) == (False, False):
            cases[number] = made[number]  # no row kept: the Facts as they are (what `kept` makes of them)
            continue
        by_shard.setdefault(shard_of(shown[place]), []).append(number)
    for shard, numbers in by_shard.items():  # a shard's rows at a time: 10^5 cases' rows are more than a command may hold
        rows = RowShard(store, shard)
        for number in numbers:
            case = kept(made[number], rows, shown[places[number]], digests[number])
            if case is None:
                return None
            cases[number] = case
    problems = found.problems
    names = found.names
    return CheckResult(
        len(names) + len(problems), [*problems, *(Finding(*item) for item in findings)], cases, [names[p] for p in places], usable
    )


def remembered_facts(book: Casebook, *, trim: Callable[[Any], Any] | None = None, **options: Any) -> CheckResult:
    """The Facts of every valid case of the whole casebook (keep=facts): the facts memo's answer when it holds, else a run that leaves one."""

    def answer(store: Cache, found: Discovery, shown: list[str], day: date) -> CheckResult | None:
        with without_gc():
            value = recalled(store, FACTS_MEMO, found.names, shown, day.toordinal(), valid=_valid)
            return _answer(store, value, found, shown, trim) if value is not None else None

    return remembered(book, answer, keep=facts, trim=trim, **options)
