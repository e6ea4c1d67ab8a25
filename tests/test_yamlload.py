"""The fast loader reads YAML 1.2 exactly as ruamel.yaml does, and keeps positions."""

import io
import math
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from strategies import examples

from casebook.reading import yaml12 as yamlload
from casebook.reading.findings import locate
from casebook.reading.yaml12 import YamlError, load

ROOT = Path(__file__).resolve().parent.parent
TRICKY = [
    "0123",
    "0o17",
    "0x1F",
    "0b101",
    "1_000",
    "17:30",
    "1:20",
    "no",
    "yes",
    "on",
    "off",
    "y",
    "n",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "TRUE",
    "tRue",
    "false",
    ".inf",
    "-.Inf",
    ".NaN",
    "1.",
    ".5",
    "+.5",
    "1e3",
    "12e03",
    "-0",
    "08",
    "1__0",
    "_1",
    "+1",
    "0.1.2",
    "1,000",
    "R7.4.25",
    "令和7年4月25日",
    "150名",
    "0857-27-7333",
    "2025-04-25 10:00:00",
]
# Known parser differences, both outside the schema: libyaml rejects "a: -" (a sequence
# indicator where ruamel.yaml reads the string "-"), and ruamel.yaml cannot construct "=".


def _ruamel(text: str) -> Any:
    yaml = YAML(typ="safe", pure=True)
    # timestamps stay strings on our side: make ruamel's constructor do the same
    yaml.constructor.add_constructor("tag:yaml.org,2002:timestamp", yaml.constructor.__class__.construct_yaml_str)
    return yaml.load(io.StringIO(text))


def _same(ours: Any, theirs: Any) -> bool:
    if isinstance(ours, float) and isinstance(theirs, float) and math.isnan(ours):
        return math.isnan(theirs)
    return type(ours) is type(theirs) and ours == theirs


@pytest.mark.parametrize("scalar", TRICKY)
def test_plain_scalars_resolve_as_ruamel_yaml_1_2(scalar: str) -> None:
    text = f"a: {scalar}\n"
    assert _same(load(text)[0]["a"], _ruamel(text)["a"]), scalar


@settings(max_examples=examples(300), deadline=None)
@given(st.text(alphabet="0123456789+-._eExXoObB:~nNulLtTrRfFaAsSyYiI ", min_size=1, max_size=8))
def test_random_plain_scalars_resolve_as_ruamel(scalar: str) -> None:
    text = f"a: '{scalar}'\nb: {scalar}\n"
    try:
        expected = _ruamel(text)
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


@pytest.mark.parametrize("path", sorted((ROOT / "cases").rglob("*.yaml")), ids=lambda p: p.name)
def test_sample_cases_load_as_ruamel_round_trip_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    rt = YAML()  # round-trip, the loader used for rewriting files
    assert load(text)[0] == _plain(rt.load(text))


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


@pytest.mark.parametrize("path", sorted((ROOT / "cases").rglob("*.yaml")), ids=lambda p: p.stem)
def test_pure_python_composer_agrees_with_libyaml(path) -> None:
    """The fallback for a PyYAML without libyaml, through the same load_document as every run."""
    text = path.read_text(encoding="utf-8")
    fast, slow = yamlload.load_document(text), yamlload.load_document(text, pure=True)
    assert fast.data == slow.data
    for key in fast.data:
        assert locate(fast.node, (key,)) == locate(slow.node, (key,))
    assert [(s.start_mark.line, s.value) for s in fast.folded] == [(s.start_mark.line, s.value) for s in slow.folded]


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
