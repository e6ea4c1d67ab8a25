"""Locating findings is one pass over the node tree (one `locate` scanning the whole mapping per finding took
minutes on a megabyte of unknown keys), and a file of unknown keys names the first ones and counts the rest exactly.
How long a megabyte of them takes is measured in scripts/bench.py (the pathological files), not here."""

import re
import time
from datetime import date
from pathlib import Path

import pytest

from casebook.reading import yaml12
from casebook.reading.findings import NodeIndex, sort_findings
from casebook.reading.loader import check_bytes, open_casebook
from casebook.reading.messages import MAX_UNKNOWN_KEYS

HEADER = "id: big\nstatus: 調査中\n"


def _unknown_keys(count: int) -> bytes:
    return (HEADER + "".join(f"k{i}: v\n" for i in range(count))).encode("utf-8")


def test_a_megabyte_of_unknown_keys_names_the_first_and_counts_the_rest(casebook_dir: Path) -> None:
    book, _ = open_casebook(casebook_dir)
    raw = _unknown_keys(104_000)
    assert 1_000_000 < len(raw) <= 1024 * 1024
    result = check_bytes(casebook_dir / "cases" / "big.yaml", raw, book, date.today())
    named = [f for f in result.findings if f.message.endswith("という項目はありません")]
    assert [(f.line, f.message) for f in named] == [(i + 3, f"「k{i}」という項目はありません") for i in range(MAX_UNKNOWN_KEYS)]
    rest = [f for f in result.findings if "ほかにも項目にないキーが" in f.message]
    assert [(f.line, f.column, f.severity, f.message) for f in rest] == [
        (
            MAX_UNKNOWN_KEYS + 3,
            1,
            "error",
            "ほかにも項目にないキーが103,900個あります（ここから。1つずつ挙げるのは1ファイルにつき最初の100個までです）",
        )
    ]


def test_the_count_of_unknown_keys_is_exact_wherever_they_are(cli, casebook_dir: Path) -> None:
    """Unknown keys at the top, in a nested mapping and in a flow mapping, beside a number a 「,」 split: the named ones
    and the counted ones add up to the keys the file has that are no field, independently counted here."""
    top = "".join(f"top{i}: x\n" for i in range(70))
    nested = "persons:\n  actual: 3\n" + "".join(f"  extra{i}: x\n" for i in range(50))
    flow = "publication: {mode: 個別公表, date: R7.5.1, " + ", ".join(f"f{i}: x" for i in range(30)) + "}\n"
    split = "secondary_damage: {status: 無}\nflags: {special_care: false, x: 1,495}\n"
    text = HEADER + "title: 件名\noccurred: R7.4.25\n" + top + nested + flow + split
    (casebook_dir / "cases" / "big.yaml").write_text(text, encoding="utf-8")
    result = cli("check", "--format", "json", cwd=casebook_dir)
    import json

    findings = json.loads(result.stdout)["findings"]
    named = [f for f in findings if f["message"].endswith("という項目はありません")]
    counted = [
        int(m[1].replace(",", "")) for f in findings if (m := re.search(r"ほかにも項目にないキーが([0-9,]+)個あります", f["message"]))
    ]
    assert len(named) == MAX_UNKNOWN_KEYS and len(counted) == 1
    assert len(named) + counted[0] == 70 + 50 + 30 + 1  # the `x` of flags; its 495 is named as a split number
    assert any("「x: 1,495」の「,」で区切られ" in f["message"] for f in findings)


@pytest.mark.parametrize("flow", [False, True], ids=["block", "flow"])
def test_unknown_keys_beside_a_valid_case_leave_it_out_and_are_counted_alike(casebook_dir: Path, flow: bool) -> None:
    """Unknown top-level keys are set apart before the schema sees the case (a block mapping's beyond the named ones
    only counted): a case otherwise valid is still an error and not used, its rules still run, and a whole document
    written as one flow mapping ({ … }) gets the same findings."""
    fields = {"id": "big", "status": "確定", "title": "件名", "occurred": "R7.4.31"}  # 4月31日: a rule's finding
    extra = {f"k{i}": "v" for i in range(MAX_UNKNOWN_KEYS + 50)}
    if flow:
        raw = ("{" + ", ".join(f"{key}: {value}" for key, value in {**fields, **extra}.items()) + "}\n").encode("utf-8")
    else:
        raw = "".join(f"{key}: {value}\n" for key, value in {**fields, **extra}.items()).encode("utf-8")
    book, _ = open_casebook(casebook_dir)
    result = check_bytes(casebook_dir / "cases" / "big.yaml", raw, book, date.today())
    assert result.case is None
    named = [f for f in result.findings if f.message.endswith("という項目はありません")]
    assert [f.message for f in named] == [f"「k{i}」という項目はありません" for i in range(MAX_UNKNOWN_KEYS)]
    assert [f.message for f in result.findings if "ほかにも" in f.message] == [
        "ほかにも項目にないキーが50個あります（ここから。1つずつ挙げるのは1ファイルにつき最初の100個までです）"
    ]
    assert any(f.rule != "schema" for f in result.findings), result.findings  # the rules ran on the rest of the case


_KEYS = "".join(f"k{i}: v\n" for i in range(MAX_UNKNOWN_KEYS + 1))


@pytest.mark.parametrize(
    "body",
    [
        _KEYS + "1: x\n",  # a key that is no string after 101 unknown ones
        "1: x\nfalse: y\n" + _KEYS + "null: z\n2025-04-01: w\n",
        "persons:\n  actual: 3\n  extra: 1\n" + _KEYS + "1: x\n",
        "{id: big, status: 調査中, 1: a, " + ", ".join(f"f{i}: x" for i in range(120)) + ", persons: {actual: 1,495}}\n",
    ],
    ids=["number-last", "mixed", "nested", "flow"],
)
def test_unknown_keys_are_named_and_counted_as_pydantic_reports_them(casebook_dir: Path, body: str) -> None:
    """Setting unknown keys apart before validation names the same keys at the same places as pydantic's own errors
    for the whole file do (keys that are no strings among them, in file order)."""
    from pydantic import ValidationError

    from casebook.domain.case import Case
    from casebook.reading.messages import validation_findings

    raw = body if body.startswith("{") else HEADER + body
    book, _ = open_casebook(casebook_dir)
    result = check_bytes(casebook_dir / "cases" / "big.yaml", raw.encode("utf-8"), book, date.today())
    document = yaml12.load_document(raw)
    with pytest.raises(ValidationError) as raised:
        Case.model_validate(document.data)
    expected = validation_findings(raised.value.errors(include_url=False), Case, document.node, "cases/big.yaml")
    assert sort_findings([f for f in result.findings if f.rule == "schema"]) == sort_findings(expected)


@pytest.mark.parametrize("count", [MAX_UNKNOWN_KEYS - 1, MAX_UNKNOWN_KEYS])
def test_up_to_the_limit_every_unknown_key_is_named(casebook_dir: Path, count: int) -> None:
    book, _ = open_casebook(casebook_dir)
    result = check_bytes(casebook_dir / "cases" / "big.yaml", _unknown_keys(count), book, date.today())
    assert len([f for f in result.findings if f.message.endswith("という項目はありません")]) == count
    assert not [f for f in result.findings if "ほかにも" in f.message]


def test_every_mapping_is_indexed_once_whatever_the_number_of_places_asked() -> None:
    document = yaml12.load_document(_unknown_keys(2000).decode("utf-8") + "list:\n" + "".join(f"  - {{a: {i}}}\n" for i in range(500)))
    places = NodeIndex(document.node)
    built: list[int] = []
    original = places.keys
    places.keys = lambda mapping: (built.append(id(mapping)) if id(mapping) not in places._keys else None) or original(mapping)  # type: ignore[method-assign]
    for i in range(2000):
        assert places.locate((f"k{i}",), key=True) == (i + 3, 1)
    for i in range(500):
        assert places.locate(("list", i, "a")) == (2000 + 4 + i, 9)
        assert places.path_at(2000 + 4 + i, 9) == ("list", i, "a")
    assert len(built) == len(set(built)) == 1 + 500  # the top mapping and each item's, once each


@pytest.mark.slow  # CPU time is measured only under make test-all; make test stays untimed
def test_a_megabyte_of_groups_split_by_commas_is_found_in_one_pass() -> None:
    """`{actual: 1,234,…}` over a megabyte: each split-off key once asked for the whole run (quadratic: 8,000 groups
    took minutes). The node tree is composed without the loader's duplicate-key check, so the run can be this long."""
    from casebook.reading.mistakes import split_numbers

    groups = ",".join(f"{i % 1000:03d}" for i in range(250_000))
    text = f"persons: {{actual: 1,{groups}}}\n"
    assert len(text) > 1_000_000
    mapping = yaml12.compose(text).value[0][1]
    start = time.process_time()
    found = split_numbers(mapping)
    spent = time.process_time() - start
    assert len(found) == 250_000 and len({id(mistake) for mistake in found.values()}) == 1
    assert "「000」「001」「002」ほか249,997個が別の項目として読まれています" in next(iter(found.values())).message
    assert spent < 2, f"{spent:.2f} CPU seconds"


@pytest.mark.parametrize("where", ["summary: {long}\n", "responses:\n  - {long}\n", "k0: {long}\n", "? {long}\n: x\n"])
def test_a_value_longer_than_a_cell_is_found_wherever_it_is(cli, casebook_dir: Path, where: str) -> None:
    """The reader measures the longest scalar while it builds the data; text-length walks the tree only past a cell's limit."""
    body = where.format(long="あ" * 40_000)
    (casebook_dir / "cases" / "big.yaml").write_text(HEADER + "title: 件名\noccurred: R7.4.25\n" + body, encoding="utf-8")
    result = cli("check", "--no-cache", cwd=casebook_dir)
    assert "40,000文字あります。表（xlsx）の1つのセルは32,767文字までです [text-length]" in result.stdout, result.stdout
