"""fmt as properties: on every file `check` accepts, fmt twice is fmt once, and no document changes.

The inputs are the sample cases, the text mutations of test_fuzz.py and the field mutations of
test_guarantee_commands.py (dates in every spelling, hostile text); `make fuzz` runs them longer.
"""

from __future__ import annotations

import random
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from conftest import CASE_FILES, as_the_sample_s
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from strategies import examples
from test_fuzz import mutate
from test_fuzz import mutation as text_mutation
from test_guarantee_commands import SAMPLES, mutated
from test_guarantee_commands import mutation as field_mutation

from casebook.documents.notices.render import render_notice
from casebook.domain.case import Case
from casebook.editing.formatting import formatted
from casebook.editing.survey import survey
from casebook.queries.facts import facts
from casebook.queries.listing import show_lines
from casebook.reading.loader import check_bytes
from casebook.settings.config import Casebook, Config

TODAY = date(2026, 1, 1)


@pytest.fixture(scope="module")
def fmt_book(tmp_path_factory: pytest.TempPathFactory) -> Casebook:
    folder = tmp_path_factory.mktemp("fmt")
    (folder / "cases" / "2025").mkdir(parents=True)
    return Casebook(folder, Config(organisation="県"), None)


def _case(path: Path, raw: bytes, book: Casebook) -> Case | None:
    result = check_bytes(path, raw, book, TODAY)
    if any(f.severity == "error" for f in result.findings):
        return None
    assert isinstance(result.case, Case)
    return result.case


def _documents(case: Case, book: Casebook) -> list[Any]:
    """What a reader sees of a case: the press release, its row in the list, its page in `show`."""
    return [
        render_notice(case, "press", "md", root=None, organisation="県", internal=True),
        facts(case, book.config).list_cells,
        show_lines(case, book.config, Path("x")),
    ]


def _assert_fmt_is_settled(book: Casebook, path: Path, raw: bytes) -> None:
    before = _case(path, raw, book)
    if before is None:
        event("check refused the input")
        return
    new, outcome = formatted(path, raw, book, TODAY)
    if outcome.problems:
        assert new is None
        refusals = ("折り返した文", "が消えるため書き換えません")  # named, at their line: never a crash, never silent
        assert all(p.rule == "fmt" and any(r in p.message for r in refusals) for p in outcome.problems), [
            p.text() for p in outcome.problems
        ]
        event("fmt refused: folded text or a comment/marker it would lose")
        return
    if new is None:
        assert not outcome.changes
        event("already canonical")
        return
    event("formatted")
    after = _case(path, new, book)
    assert after is not None, "fmt wrote a file that check rejects"
    assert not survey(path, new, book).changes, "fmt twice changed more than fmt once"
    again, second = formatted(path, new, book, TODAY)
    assert again is None and not second.changes and not second.problems
    assert _documents(after, book) == _documents(before, book), "fmt changed what a document says"


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(sample=st.sampled_from(CASE_FILES), steps=st.lists(text_mutation, max_size=4))
def test_fmt_settles_every_text_mutation_that_check_accepts(fmt_book: Casebook, sample: Path, steps: list[tuple[Any, ...]]) -> None:
    text = mutate(as_the_sample_s(sample), steps)
    path = (
        fmt_book.root / "cases" / sample.parent.name / sample.name
        if sample.parent.name == "2025"
        else fmt_book.root / "cases" / sample.name
    )
    _assert_fmt_is_settled(fmt_book, path, text.encode("utf-8", errors="surrogatepass"))


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(case_id=st.sampled_from(sorted(SAMPLES)), changes=st.lists(field_mutation, min_size=1, max_size=3), non_public=st.booleans())
def test_fmt_settles_every_field_mutation_that_check_accepts(
    fmt_book: Casebook, case_id: str, changes: list[tuple[str, str, str]], non_public: bool
) -> None:
    """The mutated case is written as JSON (flow style, quoted strings): the far end from a canonical file."""
    text = mutated(case_id, changes, non_public)
    _assert_fmt_is_settled(fmt_book, fmt_book.root / "cases" / f"{case_id}.yaml", text.encode("utf-8", errors="surrogatepass"))


_KEY_LINE = re.compile(r"^([a-z_]+):", re.M)


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(sample=st.sampled_from(CASE_FILES), seed=st.integers(0, 2**32 - 1))
def test_a_comment_stays_above_its_key_whatever_order_the_keys_were_in(fmt_book: Casebook, sample: Path, seed: int) -> None:
    """Top-level entries shuffled, each with a comment above it: after fmt, each comment is still above its key.

    The comments above the first key are the file's own (the modeline, the source) and stay at the top.
    """
    text = as_the_sample_s(sample)
    head, body = text.split("\nid:", 1)
    entries = re.split(r"\n(?=[a-z_]+:)", "id:" + body.rstrip("\n"))
    generator = random.Random(seed)
    generator.shuffle(entries)
    commented = [entries[0]] + [f"# about {entry.split(':', 1)[0]}\n{entry}" for entry in entries[1:]]
    shuffled = head + "\n" + "\n".join(commented) + "\n# end of file\n"
    path = fmt_book.root / "cases" / sample.name
    new, outcome = formatted(path, shuffled.encode("utf-8"), fmt_book, TODAY)
    assert new is not None and not outcome.problems, [p.text() for p in outcome.problems]
    lines = new.decode("utf-8").split("\n")
    for index, line in enumerate(lines):
        if line.startswith("# about "):
            assert lines[index + 1].startswith(line.removeprefix("# about ") + ":"), (line, lines[index + 1])
    assert lines[-2] == "# end of file"
    keys = [m[1] for m in _KEY_LINE.finditer(new.decode("utf-8"))]
    assert keys == sorted(keys, key=list(Case.model_fields).index)


_KEY_VALUE = re.compile(r"^\s*(?:- )?[a-z_]+:(?: |$)")
_ENDINGS = ["\t", "\t# メモ", " \t# メモ", "  # メモ", "\t\t"]


@settings(max_examples=examples(40), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(
    sample=st.sampled_from(CASE_FILES),
    endings=st.lists(st.tuples(st.integers(0, 200), st.sampled_from(_ENDINGS)), max_size=6),
    markers=st.sampled_from(["", "---\n", "%YAML 1.2\n---\n"]),
    end=st.sampled_from(["", "...\n", "...\n# 以上\n"]),
)
def test_fmt_takes_every_tab_and_comment_check_takes(
    fmt_book: Casebook, sample: Path, endings: list[tuple[int, str]], markers: str, end: str
) -> None:
    """A tab after a plain value, a comment after a tab, directives and document markers: check accepts them, so fmt
    formats the file (keeping every comment) or refuses it naming what it would lose; it never crashes."""
    lines = as_the_sample_s(sample).split("\n")
    for index, ending in endings:
        at = index % len(lines)
        if _KEY_VALUE.match(lines[at]) and "#" not in lines[at]:  # after a value, not in a block of text (its content)
            lines[at] += ending
    text = markers + "\n".join(lines).rstrip("\n") + "\n" + end
    path = fmt_book.root / "cases" / (f"2025/{sample.name}" if sample.parent.name == "2025" else sample.name)
    _assert_fmt_is_settled(fmt_book, path, text.encode("utf-8"))
    new, _ = formatted(path, text.encode("utf-8"), fmt_book, TODAY)
    if new is not None:
        assert text.count("# メモ") == new.decode("utf-8").count("# メモ"), "fmt lost a comment"
