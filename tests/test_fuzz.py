"""Mutated case files never make `check` raise; run longer with `make fuzz`."""

from datetime import date
from pathlib import Path

import pytest
from conftest import CASE_FILES
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import examples

from casebook.domain.periods import Period
from casebook.reading.loader import read_case
from casebook.settings.config import Casebook, Config

NASTY = [*":-[]{}\"'#&*!|>%@`\t\r\n ,?~0123456789", "\x00", "\u3000", "（", "）", "令和", "年", "月", "日", "元", "ー", "\ufeff", "é"]

mutation = st.one_of(
    st.tuples(st.just("delete"), st.integers(0, 400)),
    st.tuples(st.just("duplicate"), st.integers(0, 400)),
    st.tuples(st.just("replace"), st.integers(0, 20000), st.sampled_from(NASTY)),
    st.tuples(st.just("insert"), st.integers(0, 20000), st.lists(st.sampled_from(NASTY), max_size=5).map("".join)),
    st.tuples(st.just("truncate"), st.integers(0, 20000)),
)


def mutate(text: str, steps: list[tuple]) -> str:
    for step in steps:
        kind, position = step[0], step[1]
        lines = text.split("\n")
        if kind == "delete" and lines:
            del lines[position % len(lines)]
            text = "\n".join(lines)
        elif kind == "duplicate" and lines:
            index = position % len(lines)
            lines.insert(index, lines[index])
            text = "\n".join(lines)
        elif kind == "replace" and text:
            index = position % len(text)
            text = text[:index] + step[2] + text[index + 1 :]
        elif kind == "insert":
            index = position % (len(text) + 1)
            text = text[:index] + step[2] + text[index:]
        elif kind == "truncate":
            text = text[: position % (len(text) + 1)]
    return text


@pytest.fixture(scope="module")
def fuzz_book(tmp_path_factory: pytest.TempPathFactory) -> Casebook:
    folder = tmp_path_factory.mktemp("fuzz")
    (folder / "cases").mkdir()
    return Casebook(folder, Config(), None)


@settings(max_examples=examples(300), deadline=None)
@given(
    sample=st.sampled_from(CASE_FILES),
    steps=st.lists(mutation, min_size=1, max_size=6),
    encode=st.sampled_from(["utf-8", "utf-8-sig", "cp932", "utf-16"]),
)
def test_check_never_raises_on_mutated_cases(fuzz_book: Casebook, sample: Path, steps: list[tuple], encode: str) -> None:
    text = mutate(sample.read_text(encoding="utf-8"), steps)
    path = fuzz_book.root / "cases" / "fuzzed.yaml"
    path.write_bytes(text.encode(encode, errors="replace"))
    result = read_case(path, fuzz_book, date(2026, 1, 1))
    line_count = len(text.splitlines()) + 2  # YAML also breaks lines at \r
    for finding in result.findings:
        assert finding.severity in ("error", "warning") and finding.message and finding.rule
        assert finding.line is None or 1 <= finding.line <= line_count, finding
        assert "Traceback" not in finding.message


@settings(max_examples=examples(300), deadline=None)
@given(
    day=st.dates(date(1990, 1, 1), date(2100, 12, 31)),
    year=st.integers(1990, 2099),
    kind=st.sampled_from(["year", "half", "quarter"]),
    index=st.integers(1, 4),
    start_month=st.integers(1, 12),
)
def test_period_membership_agrees_with_a_plain_range(day: date, year: int, kind: str, index: int, start_month: int) -> None:
    index = 1 if kind == "year" else (index - 1) % (2 if kind == "half" else 4) + 1
    period = Period.fiscal(year, kind, index, start_month)
    assert (day in period) == (period.start <= day <= period.end)
    months = (period.end.year - period.start.year) * 12 + period.end.month - period.start.month + 1
    assert months == {"year": 12, "half": 6, "quarter": 3}[kind]
    assert period.previous().end.toordinal() + 1 == period.start.toordinal()
