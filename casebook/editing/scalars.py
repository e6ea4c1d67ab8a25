"""How the editors' ruamel.yaml reads and writes plain scalars.

- They are read with the YAML 1.2 core schema, as `check` reads them (casebook.reading.yaml12): `0b11` and
  `1_000` stay text, which ruamel.yaml's own rules would read as numbers, and `.5e3` is a number.
- Nulls keep their spelling (`title: null  # 件名` stays so; ruamel.yaml would write `title:`), and numbers
  theirs (`+12`, `-0` and `+.inf` stay so; ruamel.yaml would write `12`, `0` and `.inf`).
"""

from __future__ import annotations

from typing import Any

from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.resolver import VersionedResolver, implicit_resolvers

from casebook.reading.yaml12 import CORE_SCHEMA

_NULL = "tag:yaml.org,2002:null"
_INT, _FLOAT = "tag:yaml.org,2002:int", "tag:yaml.org,2002:float"


class KeptNull:
    """A null as it was written (`null`, `~`, or nothing), so that rewriting a file does not respell it."""

    def __init__(self, text: str = "null") -> None:
        self.text = text

    def __bool__(self) -> bool:
        return False

    def __repr__(self) -> str:
        return f"KeptNull({self.text!r})"


def is_null(value: Any) -> bool:
    return value is None or isinstance(value, KeptNull)


class WrittenInt(int):
    """An integer as it was written (`+12`, `0x1F`, `017`), so that rewriting a file does not respell it."""

    text: str

    def __new__(cls, value: int, text: str = "") -> WrittenInt:
        number = super().__new__(cls, value)
        number.text = text or str(value)
        return number


class WrittenFloat(float):
    """A float as it was written (`1e3`, `.5`, `+.inf`)."""

    text: str

    def __new__(cls, value: float, text: str = "") -> WrittenFloat:
        number = super().__new__(cls, value)
        number.text = text or repr(value)
        return number


def _core_table() -> dict[str | None, list[tuple[str, Any]]]:
    """ruamel.yaml's resolver table with the core schema's null, bool, int and float (its timestamps and `<<` kept)."""
    core = {tag for tag, _, _ in CORE_SCHEMA}
    table: dict[str | None, list[tuple[str, Any]]] = {}
    for tag, pattern, firsts in CORE_SCHEMA:
        for first in firsts:
            table.setdefault(first, []).append((tag, pattern))
    table.setdefault("", []).append((_NULL, CORE_SCHEMA[0][1]))
    for versions, other, rule, starts in implicit_resolvers:
        if (1, 2) in versions and other not in core:
            for start in starts or [None]:  # type: ignore[list-item]  # None: any first character
                table.setdefault(start, []).append((other, rule))
    return table


class Resolver(VersionedResolver):
    """The YAML 1.2 core schema whatever version a file names: the rules `check` reads the file with."""

    _table = _core_table()

    @property
    def versioned_resolver(self) -> Any:
        return self._table


class Constructor(RoundTripConstructor):
    pass


class Representer(RoundTripRepresenter):
    pass


def _construct_null(constructor: Any, node: Any) -> KeptNull:
    return KeptNull(node.value)


def _represent_null(representer: Any, data: KeptNull) -> Any:
    return representer.represent_scalar(_NULL, data.text)


def _construct_int(constructor: Any, node: Any) -> WrittenInt:
    return WrittenInt(RoundTripConstructor.construct_yaml_int(constructor, node), node.value)


def _construct_float(constructor: Any, node: Any) -> WrittenFloat:
    return WrittenFloat(RoundTripConstructor.construct_yaml_float(constructor, node), node.value)


def _represent_int(representer: Any, data: WrittenInt) -> Any:
    return representer.represent_scalar(_INT, data.text)


def _represent_float(representer: Any, data: WrittenFloat) -> Any:
    return representer.represent_scalar(_FLOAT, data.text)


Constructor.add_constructor(_NULL, _construct_null)
Constructor.add_constructor(_INT, _construct_int)
Constructor.add_constructor(_FLOAT, _construct_float)
Representer.add_representer(KeptNull, _represent_null)
Representer.add_representer(WrittenInt, _represent_int)
Representer.add_representer(WrittenFloat, _represent_float)
