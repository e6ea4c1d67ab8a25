"""What reading a case file's YAML costs, per file, with casebook's reader and with other parsers (issue 24).

    valgrind --tool=callgrind --callgrind-out-file=/tmp/x.out .venv/bin/python scripts/yaml_cost.py BOOK CANDIDATE N

reads the first N case files of BOOK (sorted) into memory, then reads each with CANDIDATE. Run it with N=0 and
N=1000 and divide the difference of the instruction counts by 1000: what is left is the candidate's own cost
per file (start-up and reading the bytes are in both runs). `--list` names the candidates. Candidates that need
a package casebook does not depend on (rapidyaml, yaml-rs, fastyaml-rs) are skipped with a note when it is not installed.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from casebook.reading import yaml12
from casebook.reading.encoding import decode, utf8_body
from casebook.safety.secrecy import NON_MARKS


def _ours(raw: bytes) -> Any:
    """casebook's reader as `check` calls it: compose with libyaml, build the YAML 1.2 data keeping positions."""
    return yaml12.load_document(decode(raw), watch=NON_MARKS, utf8=utf8_body(raw)).data


def _compose(raw: bytes) -> Any:
    """libyaml's composer alone (nodes with their Mark objects), through PyYAML's CParser."""
    return yaml12.compose(decode(raw), utf8=utf8_body(raw))


def _events(raw: bytes) -> Any:
    """libyaml's parser alone: PyYAML CParser's event API (each event still has two Mark objects)."""
    from yaml._yaml import CParser

    parser = CParser(utf8_body(raw))
    count = 0
    try:
        while parser.get_event() is not None:
            count += 1
    finally:
        parser.dispose()
    return count


def _libyaml(raw: bytes) -> Any:
    """libyaml's parser with no Python object per event (CParser.raw_parse counts them): the floor of any libyaml read."""
    from yaml._yaml import CParser

    return CParser(utf8_body(raw)).raw_parse()


def _csafe(raw: bytes) -> Any:
    """PyYAML's CSafeLoader: data only, YAML 1.1 (`yes` is true), for reference; not a candidate."""
    return yaml.load(utf8_body(raw), Loader=yaml.CSafeLoader)


def _ryml(raw: bytes) -> Any:
    """rapidyaml: parse into its C++ tree (no Python object per node; locations computed on request)."""
    import ryml

    return ryml.parse_in_arena(utf8_body(raw))


def _ryml_data(raw: bytes) -> Any:
    """rapidyaml's tree walked into Python data: one call for a node's flags, one for its key, one for its value,
    one to the next sibling (strings only, no positions: resolving and positions would come on top)."""
    import ryml

    tree = ryml.parse_in_arena(utf8_body(raw))
    kind, key, val, first, following = tree.type, tree.key, tree.val, tree.first_child, tree.next_sibling
    is_map, is_seq, none = ryml.MAP, ryml.SEQ, ryml.NONE

    def build(node: int, flags: int) -> Any:
        if flags & is_map:
            mapping = {}
            child = first(node)
            while child != none:
                mapping[str(key(child), "utf-8")] = build(child, kind(child))
                child = following(child)
            return mapping
        if flags & is_seq:
            sequence = []
            child = first(node)
            while child != none:
                sequence.append(build(child, kind(child)))
                child = following(child)
            return sequence
        return str(val(node), "utf-8")

    root = tree.root_id()
    if tree.is_stream(root):
        root = first(root)
    return build(root, kind(root))


def _yaml_rs(raw: bytes) -> Any:
    """yaml-rs (Rust): data only, no positions."""
    import yaml_rs

    return yaml_rs.loads(decode(raw))


def _fast_yaml(raw: bytes) -> Any:
    """fastyaml-rs (Rust, module fast_yaml): data only, no positions; YAML 1.2 but for `-0x1F` (read as -31)."""
    import fast_yaml

    return fast_yaml.safe_load(decode(raw))


CANDIDATES: dict[str, Callable[[bytes], Any]] = {
    "ours": _ours,
    "compose": _compose,
    "events": _events,
    "libyaml": _libyaml,
    "csafe": _csafe,
    "ryml": _ryml,
    "ryml-data": _ryml_data,
    "yaml-rs": _yaml_rs,
    "fastyaml-rs": _fast_yaml,
}


def main(argv: list[str]) -> int:
    if argv[:1] == ["--list"]:
        for name, function in CANDIDATES.items():
            print(f"{name}: {(function.__doc__ or '').strip()}")
        return 0
    book, name, count = Path(argv[0]), argv[1], int(argv[2])
    candidate = CANDIDATES[name]
    files = sorted((book / "cases").rglob("*.yaml"))[:count]
    contents = [path.read_bytes() for path in files]
    try:
        candidate(b"id: x\n")  # imports and first-call costs are in both runs
    except ImportError as error:
        print(f"{name}: skipped ({error})", file=sys.stderr)
        return 0
    for raw in contents:
        candidate(raw)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
