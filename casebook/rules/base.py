"""What every rule has: an id (the one `ignore_rules` names), a docstring that documents it, and a check.

A rule is a function decorated with `@rule(...)`; its docstring's first line is
its title in `casebook rules` and in the README's table. Rules run at one stage:

- DOCUMENT: on the YAML as read (a mapping), before and whatever the schema says (filename-id);
- CASE: on a case the schema accepted (most rules);
- READING: reported by the reader itself (file, yaml, template) or across files (duplicate-id);
  these have no check function here and are listed so that every id is documented in one place.

The registry, in the order `casebook rules` lists it, is `casebook.rules.RULES`.
"""

from __future__ import annotations

import bisect
import inspect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import cached_property
from pathlib import Path
from typing import Any

from casebook.domain.case import Case
from casebook.reading.findings import NodeIndex
from casebook.settings.config import Config

Loc = tuple[Any, ...]


class Stage(Enum):
    READING = "reading"
    DOCUMENT = "document"
    CASE = "case"


@dataclass(frozen=True)
class Hit:
    """One problem a rule found: the field it is about, and where in the file.

    `loc` names the field (its Japanese label goes into the message); `()` names none. A rule that
    read the text itself gives the exact `place` (line, column) and leaves `loc` as None: the field
    is then the one that holds that place.
    """

    loc: Loc | None
    severity: str
    message: str
    place: tuple[int, int] | None = None


@dataclass
class Clock:
    """Today, and the days between which what the rules said of a file stays true (the cache keeps it that long).

    A rule that compares a date with today asks `after` or `passed`, which remember how long the answer
    holds; reading `today` itself makes the answer hold for today only.
    """

    day: date
    since: date = date.min  # the answers hold from this day …
    until: date = date.max  # … to the day before this one

    def after(self, other: date) -> bool:
        """Whether `other` is after today (a day still to come)."""
        if other > self.day:
            self.until = min(self.until, other)
            return True
        self.since = max(self.since, other)
        return False

    def passed(self, other: date) -> bool:
        """Whether today is after `other` (a deadline passed)."""
        following = other + timedelta(days=1) if other < date.max else other
        if self.day > other:
            self.since = max(self.since, following)
            return True
        self.until = min(self.until, following)
        return False

    def never(self) -> None:
        """The answer depends on something the cache cannot see (another file): it is not kept for any day."""
        self.until = min(self.until, self.day)
        self.since = max(self.since, self.day)

    def today(self) -> date:
        self.since, self.until = max(self.since, self.day), min(self.until, self.day + timedelta(days=1))
        return self.day


@dataclass
class DocumentContext:
    """A case file as read: its path, text, data and node tree (positions), before the schema."""

    path: Path
    text: str  # the file as written, comments included
    data: dict[str, Any]
    node: Any  # the YAML node tree, to tell which field a place in the text belongs to
    config: Config
    clock: Clock
    folded: list[Any] = field(default_factory=list)  # scalars whose line breaks YAML turned into spaces
    memo: dict[Any, Any] = field(default_factory=dict, repr=False)  # shared by the files of a run (Casebook.memo)
    longest: int | None = None  # the length of the longest scalar when the reader measured it (None: not known)
    _line_starts: list[int] = field(default_factory=list, repr=False)

    @cached_property
    def places(self) -> NodeIndex:
        """Positions in the node tree, indexed as rules ask for them (built when a rule first asks, once for the file)."""
        return NodeIndex(self.node)

    @property
    def today(self) -> date:
        """Today; the answer of a rule that reads it holds for today only (see Clock)."""
        return self.clock.today()

    def place(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset in the file text (a binary search, not a count)."""
        if not self._line_starts:
            self._line_starts = [0, *(m.end() for m in re.finditer("\n", self.text))]
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1


@dataclass(kw_only=True)
class Context(DocumentContext):
    """A case the schema accepted, with everything of its file.

    When the schema rejected some fields, `case` holds the rest and `invalid` names the fields left out:
    a rule must not call such a field missing (its schema error is reported already).
    """

    case: Case
    invalid: frozenset[str] = frozenset()


Check = Callable[[Any], Iterator[Hit]]


@dataclass(frozen=True)
class Rule:
    id: str
    doc: str
    check: Check | None = None
    stage: Stage = Stage.CASE
    ignorable: bool = True  # False for rules that keep the outputs working: ignore_rules cannot switch them off

    @property
    def title(self) -> str:
        return self.doc.split("\n", 1)[0]


def rule(rule_id: str, stage: Stage = Stage.CASE, ignorable: bool = True) -> Callable[[Check], Rule]:
    """Make a rule of a check function; its docstring is the rule's documentation."""

    def make(function: Check) -> Rule:
        return Rule(rule_id, inspect.getdoc(function) or "", function, stage, ignorable)

    return make


def reported_by_reader(rule_id: str, doc: str, ignorable: bool = False) -> Rule:
    """A rule whose findings come from reading the files (no check function of its own)."""
    return Rule(rule_id, inspect.cleandoc(doc), None, Stage.READING, ignorable)
