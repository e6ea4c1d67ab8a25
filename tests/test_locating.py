"""Locating findings is one pass over the node tree: a file with a megabyte of unknown keys is checked in seconds
(one `locate` scanning the whole mapping per finding took minutes), and every one of them is still named."""

import resource
from datetime import date
from pathlib import Path

from casebook.reading import yaml12
from casebook.reading.findings import NodeIndex
from casebook.reading.loader import check_bytes, open_casebook

HEADER = "id: big\nstatus: 調査中\n"


def _unknown_keys(count: int) -> bytes:
    return (HEADER + "".join(f"k{i}: v\n" for i in range(count))).encode("utf-8")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def test_a_megabyte_of_unknown_keys_is_checked_in_linear_time(casebook_dir: Path) -> None:
    book, _ = open_casebook(casebook_dir)
    raw = _unknown_keys(104_000)
    assert 1_000_000 < len(raw) <= 1024 * 1024
    start = _cpu()
    result = check_bytes(casebook_dir / "cases" / "big.yaml", raw, book, date.today())
    spent = _cpu() - start
    unknown = [f for f in result.findings if f.message.endswith("という項目はありません")]
    assert len(unknown) == 104_000
    assert (unknown[0].line, unknown[0].column, unknown[-1].line) == (3, 1, 104_002)
    assert spent < 10, f"{spent:.1f} CPU seconds"  # 225 s when each finding scanned the mapping


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
