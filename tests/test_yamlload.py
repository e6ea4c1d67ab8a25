"""The fast loader reads YAML 1.2 with the core schema, exactly as the editors' ruamel.yaml is made to, and keeps positions."""

import datetime
import math
from pathlib import Path
from typing import Any

import pytest
from conftest import CASE_FILES
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies import examples

from casebook.editing import roundtrip
from casebook.reading import yaml12 as yamlload
from casebook.reading.findings import locate
from casebook.reading.yaml12 import YamlError, load

# What the YAML 1.2 core schema (YAML 1.2.2, 10.3.2) makes of plain scalars, written out by hand from the
# spec: what a YAML 1.2 editor reads. ruamel.yaml's own rules would read 0b11, 1_000, 0o1_7, _1, 1__0 and
# -0x1F as numbers and .5e3 as text; casebook gives it the core schema, so `check`, `fmt` and `set` agree.
CORE_SCHEMA: dict[str, Any] = {
    "0b11": "0b11",
    "0b101": "0b101",
    "1_000": "1_000",
    "1__0": "1__0",
    "_1": "_1",
    "0o17": 15,
    "0o1_7": "0o1_7",
    "-0o17": "-0o17",
    "017": 17,
    "0123": 123,
    "08": 8,
    "+12": 12,
    "-12": -12,
    "-0": 0,
    "0x1F": 31,
    "0x1f": 31,
    "-0x1F": "-0x1F",
    "0X1F": "0X1F",
    "1e3": 1000.0,
    "1E3": 1000.0,
    "12e03": 12000.0,
    ".5e3": 500.0,
    "1.": 1.0,
    ".5": 0.5,
    "+.5": 0.5,
    "-1.5e-3": -0.0015,
    "1_0.5": "1_0.5",
    ".inf": math.inf,
    "-.Inf": -math.inf,
    "+.INF": math.inf,
    ".NaN": math.nan,
    "-.nan": "-.nan",
    "1,200": "1,200",
    "1,000": "1,000",
    "1,495名": "1,495名",
    "150名": "150名",
    "１５０": "１５０",
    "17:30": "17:30",
    "1:20": "1:20",
    "no": "no",
    "yes": "yes",
    "on": "on",
    "off": "off",
    "y": "y",
    "n": "n",
    "~": None,
    "null": None,
    "Null": None,
    "NULL": None,
    "nULL": "nULL",
    "true": True,
    "True": True,
    "TRUE": True,
    "tRue": "tRue",
    "false": False,
    "+1": 1,
    "0.1.2": "0.1.2",
    "R7.4.25": "R7.4.25",
    "令和7年4月25日": "令和7年4月25日",
    "0857-27-7333": "0857-27-7333",
    "2025-04-25 10:00:00": "2025-04-25 10:00:00",
}
# Known parser differences, both outside the schema: libyaml rejects "a: -" (a sequence
# indicator where ruamel.yaml reads the string "-"), and ruamel.yaml cannot construct "=".


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, float) and isinstance(theirs, float) and math.isnan(ours):
        return math.isnan(theirs)
    return type(ours) is type(theirs) and ours == theirs


def _editors(text: str) -> Any:
    """What `fmt` and `set` read: ruamel.yaml as casebook.editing.roundtrip sets it up, as plain data."""
    return _plain(roundtrip.load(text))


@pytest.mark.parametrize("scalar", CORE_SCHEMA)
def test_plain_scalars_resolve_by_the_yaml_1_2_core_schema(scalar: str) -> None:
    text = f"a: {scalar}\n"
    assert _same(load(text)[0]["a"], CORE_SCHEMA[scalar]), scalar
    assert _same(load(text)[0]["a"], _editors(text)["a"]), scalar


@pytest.mark.parametrize("scalar", CORE_SCHEMA)
def test_editors_write_back_every_plain_scalar_as_it_was_written(scalar: str) -> None:
    text = f"a: {scalar}  # 件名\nb: x\n"
    data = roundtrip.load(text)
    data["b"] = "y"
    written = {"True": "true", "TRUE": "true"}.get(scalar, scalar)  # a boolean is respelled, never changed
    assert roundtrip.dump(data) == f"a: {written}  # 件名\nb: y\n"


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="0123456789+-._eExXoObB:~nNulLtTrRfFaAsSyYiI ,", min_size=1, max_size=8))
def test_random_plain_scalars_resolve_as_the_editors_read_them(scalar: str) -> None:
    text = f"a: '{scalar}'\nb: {scalar}\n"
    try:
        expected = _editors(text)
    except Exception:
        return  # not a plain scalar ruamel can read; syntax errors are tested elsewhere
    try:
        ours = load(text)[0]
    except YamlError:
        assert scalar.strip() == "-" or scalar.strip().startswith("- ") or " - " in f" {scalar.strip()} "
        return
    assert ours["a"] == scalar
    assert _same(ours["b"], expected["b"]), scalar


def test_impossible_timestamp_is_a_string_not_a_crash() -> None:
    assert load("d: 2016-13-24\n")[0] == {"d": "2016-13-24"}


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.name)
def test_sample_cases_load_as_ruamel_round_trip_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert load(text)[0] == _editors(text)


def _plain(value: Any) -> Any:
    """Round-trip data as the fast loader gives it: dates as written in ISO form, numbers and nulls without their spelling."""
    if isinstance(value, dict):
        return {_plain(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat(sep=" ")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if roundtrip.is_null(value):
        return None
    if isinstance(value, (roundtrip.WrittenInt, roundtrip.WrittenFloat)):
        return (int if isinstance(value, int) else float)(value)
    return value


@pytest.mark.parametrize("path", CASE_FILES, ids=lambda p: p.stem)
def test_pure_python_composer_agrees_with_libyaml(path) -> None:
    """The fallback for a PyYAML without libyaml, through the same load_document as every run."""
    text = path.read_text(encoding="utf-8")
    fast, slow = yamlload.load_document(text), yamlload.load_document(text, pure=True)
    assert fast.data == slow.data
    for key in fast.data:
        assert locate(fast.node, (key,)) == locate(slow.node, (key,))
    assert [(s.start_mark.line, s.value) for s in fast.folded] == [(s.start_mark.line, s.value) for s in slow.folded]


def _marks(node: Any) -> list[tuple[Any, ...]]:
    found, stack = [], [node]
    while stack:
        item = stack.pop()
        found.append(
            (type(item).__name__, item.tag, item.start_mark.line, item.start_mark.column, item.end_mark.line, item.end_mark.column)
        )
        if isinstance(item.value, list):
            stack.extend(part for entry in item.value for part in (entry if isinstance(entry, tuple) else (entry,)))
    return found


_BYTES_TEXTS = [path.read_text(encoding="utf-8") for path in CASE_FILES] + [
    "\ufeffa: 1\n",
    "a: x\u0085b: 非公表\u2028c\r\nd: 'é'\n",
    "a: [1, 2\n",
    'a: "\\t\u3000"\n- b\n',
    "a: \x1b\n",
]


@pytest.mark.parametrize("text", _BYTES_TEXTS)
def test_libyaml_reads_the_files_bytes_as_it_reads_the_text(text: str) -> None:
    """The loader hands libyaml the bytes the text was decoded from: the same nodes, places, values and errors."""
    outcomes = []
    for utf8 in (None, text.encode("utf-8")):
        try:
            document = yamlload.load_document(text, utf8=utf8)
        except YamlError as error:
            outcomes.append((error.message, error.line, error.column))
        else:
            outcomes.append((document.data, _marks(document.node), [s.value for s in document.folded]))
    assert outcomes[0] == outcomes[1]


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: 1\na: 2\n", "\t- x\n", "a: *nope\n", "[" * 70 + "]" * 70])
def test_pure_python_composer_gives_the_same_errors(text: str) -> None:
    errors = []
    for pure in (False, True):
        with pytest.raises(yamlload.YamlError) as caught:
            yamlload.load_document(text, pure=pure)
        errors.append(caught.value.line)
    assert errors[0] == errors[1]


def test_positions_are_one_based_and_point_at_values_or_keys() -> None:
    text = "id: x\nreports:\n  - kind: 速報\n    date: R7.2.30\n"
    _, node = load(text)
    assert locate(node, ("reports", 0, "date")) == (4, 11)
    assert locate(node, ("reports", 0, "date"), key=True) == (4, 5)
    assert locate(node, ("reports", 0, "missing")) == (3, 5)  # the mapping that lacks it
    assert locate(node, ("reports", 0, "plain", "x")) == (3, 5)  # union branch names are skipped


@pytest.mark.parametrize(
    "text,line,column,fragment",
    [
        ("a: 1\na: 2\n", 2, 1, "重複"),
        ("a:\n\t- b\n", 2, 1, "タブ"),
        ("a: b: c\n", 1, 5, "「: 」"),
        ('a: "x\n', 2, 1, "途中で終わって"),
        ("a: !!binary aGk=\n", 1, 4, "!!binary"),
        ("<<: {a: 1}\n", 1, 1, "マージキー"),
        ("? [1]\n: 2\n", 1, 3, "キーには文字列"),
        ("a: 1\n---\nb: 2\n", 2, 1, "複数のドキュメント"),
    ],
)
def test_yaml_errors_have_positions_and_japanese_messages(text: str, line: int, column: int, fragment: str) -> None:
    with pytest.raises(YamlError) as caught:
        load(text)
    assert (caught.value.line, caught.value.column) == (line, column)
    assert fragment in caught.value.message


def test_alias_bombs_stop_at_the_node_limit() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 8):
        previous = f"*a{level - 1}"
        lines.append(f"a{level}: &a{level} [{', '.join([previous] * 10)}]")
    with pytest.raises(YamlError, match="上限"):
        load("\n".join(lines) + "\n")
