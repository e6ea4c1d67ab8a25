"""Case text made inert per medium: the second line behind `check`, tested on its own."""

import csv
import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casebook.safety.inert import ci_safe, for_terminal, json_text, spreadsheet_text, visible, xml_text
from casebook.safety.quoting import WITHHELD, quote, withholding


@pytest.mark.parametrize(
    "value,expected",
    [
        ("=1+2", "'=1+2"),
        ("+81-3", "'+81-3"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("＝１＋２", "'＝１＋２"),
        ("-3", "-3"),
        ("+11", "+11"),
        ("-1,234", "-1,234"),
        (-3, -3),
        ("普通の文", "普通の文"),
        ("a=1", "a=1"),
    ],
)
def test_spreadsheet_text_follows_owasp(value: object, expected: object) -> None:
    assert spreadsheet_text(value) == expected


def test_visible_shows_controls_and_keeps_text() -> None:
    assert visible("赤\x1b[31m字\x07") == "赤\\e[31m字\\x07"
    assert visible("a\u202eb\u2028c\x9b") == "a\\u202eb\\u2028c\\x9b"
    assert visible("一行目\n二行目") == "一行目\n二行目"
    assert visible("一行目\r\n二行目", single_line=True) == "一行目\\r↵二行目"


@pytest.mark.parametrize(
    "text",
    ["::error::x", "  ::warning file=a::x", "line\n::set-output name=a::b", "text ##[add-mask]secret", "\u3000::notice::x"],
)
def test_no_line_can_be_a_workflow_command(text: str) -> None:
    for line in ci_safe(text).splitlines():
        assert not line.lstrip().startswith("::") and "##[" not in line
    assert ci_safe("普通の:文: a::b") == "普通の:文: a::b"  # only a line start is touched


def test_json_escapes_what_a_terminal_would_run() -> None:
    text = json_text({"a": "\x1b[31m\x9b\u202e\u2028"})
    assert all(ord(ch) < 0x7F or ord(ch) > 0x9F for ch in text) and "\u202e" not in text and "\\u001b" in text
    import json

    assert json.loads(text) == {"a": "\x1b[31m\x9b\u202e\u2028"}


def test_xml_text_replaces_what_xml_cannot_hold() -> None:
    assert xml_text("a\x00b\x0bc\ufffe\n\t") == "a\ufffdb\ufffdc\ufffd\n\t"


def test_quote_is_one_short_line_and_withheld_for_non_public_cases() -> None:
    assert quote("a\nb") == "「a↵b」"
    assert quote("あ" * 100) == "「" + "あ" * 40 + "…」"
    with withholding():
        assert quote("山田太郎様") == WITHHELD
    assert quote("x") == "「x」"


def test_every_forbidden_character_is_one_isprintable_refuses() -> None:
    """holds_forbidden skips the pattern for a text that is printable but for its line breaks and ideographic
    spaces: that is sound only while no FORBIDDEN character is printable (asked of this Python's Unicode database)."""
    import sys

    from casebook.safety.inert import FORBIDDEN, holds_forbidden

    forbidden = [chr(code) for code in range(sys.maxunicode + 1) if FORBIDDEN.match(chr(code))]
    assert forbidden and not any(char.isprintable() for char in forbidden)
    assert not FORBIDDEN.match("\n") and not FORBIDDEN.match("\u3000")
    for char in forbidden:
        assert holds_forbidden(f"a\n\u3000{char}b")
    assert not holds_forbidden("title: 本人\u3000様\n\tx: 1\u00a0\n")  # a tab and a no-break space take the pattern's way


def test_every_character_json_escapes_is_a_forbidden_one() -> None:
    """JSON's escapes are looked for only in a text holds_forbidden finds something in: sound while each is FORBIDDEN."""
    import sys

    from casebook.safety.inert import _JSON_UNSAFE, FORBIDDEN

    unsafe = [chr(code) for code in range(sys.maxunicode + 1) if _JSON_UNSAFE.match(chr(code))]
    assert unsafe and all(FORBIDDEN.match(char) for char in unsafe)
    assert json_text(["\x85\u2028", "日本"]) == '[\n  "\\u0085\\u2028",\n  "日本"\n]'


_PIECES = [
    "a",
    "日",
    "::",
    ":",
    "#",
    "##[",
    "\n",
    "\r",
    "\t",
    "\u3000",
    " ",
    "\x1b",
    "\u202e",
    "\u00a0",
    "\u200b",
    "\x85",
    "\u2028",
    "=",
    "-",
]


@given(st.lists(st.lists(st.sampled_from(_PIECES), max_size=6).map("".join), min_size=1, max_size=4))
def test_a_row_for_a_pipe_is_each_field_made_inert(fields: list[str]) -> None:
    """The plain text's short cut (a row or field kept as it is) gives what for_terminal gives field by field,
    and the csv's (a row of plain text kept whole) what each cell's own test gives."""
    from casebook.documents.writers import csvfile
    from casebook.documents.writers.plain import line

    expected = "\t".join(for_terminal(text, single_line=True).replace("\t", " ") for text in fields)
    assert line(fields) == line(iter(fields)) == expected
    cells = io.StringIO(newline="")
    csv.writer(cells, lineterminator="\r\n").writerow([csvfile._cell(text) for text in fields])
    assert csvfile.csv_text([fields], bom=False) == cells.getvalue()


_TEXTS = st.lists(st.sampled_from([*_PIECES, '"rows": []', "\n  ", "{}", "\\", '"']), max_size=5).map("".join)
_VALUES = st.one_of(_TEXTS, st.integers(), st.booleans(), st.none())


@given(
    st.lists(st.dictionaries(_TEXTS, _VALUES, max_size=4), max_size=4),
    st.dictionaries(st.sampled_from(["heading", "columns", "totals"]), st.one_of(_VALUES, st.lists(_TEXTS, max_size=2)), max_size=3),
)
def test_a_list_of_flat_objects_written_by_the_c_encoder_is_what_json_text_writes(
    rows: list[dict[str, object]], rest: dict[str, object]
) -> None:
    """The report's rows (json_text_with_items): the same text as json_text of the whole, whatever the texts hold."""
    from casebook.safety.inert import json_text_with_items

    value = {"before": rest, **rest, "rows": rows, "after": ["::", '"rows": []']}
    assert json_text_with_items(value, "rows") == json_text(value)
