"""What the case model says of each place in a case file: its kind (a date, an enum, a list…) and the schema's key order.

`fmt`, `set` and the migrations walk a file with these specs instead of knowing field names, so a field
added to casebook.domain.parts is formatted, ordered and settable without a change here.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass, field
from enum import Enum
from functools import cache, cached_property
from typing import Any

from pydantic import BaseModel

from casebook.domain.jpdate import Moment, When
from casebook.domain.vocabularies import DefinedEnum


class Kind(Enum):
    MAPPING = "mapping"  # a model: keys in the model's order
    LIST = "list"
    DATE = "date"  # a day or a month, with a time of day (Moment)
    PERIOD = "period"  # a date or a range of dates (When)
    ENUM = "enum"
    NUMBER = "number"  # an integer, or 「不明」 for a number of persons
    BOOL = "bool"
    TEXT = "text"
    TEXT_ITEM = "text item"  # a text, or a text with sub-items (NestedText)
    ANY = "any"


@dataclass(frozen=True)
class Spec:
    kind: Kind
    title: str = ""
    model: type[BaseModel] | None = None
    enum: type[DefinedEnum] | None = None
    item: Spec | None = None  # LIST: the spec of each item
    fields: dict[str, Spec] = field(default_factory=dict)  # MAPPING and TEXT_ITEM: the fields in schema order

    def child(self, key: Any) -> Spec:
        """The spec of a key of a mapping or an item of a list (ANY when the schema does not know it)."""
        if isinstance(key, int):
            return self.item or ANY
        return self.fields.get(key, ANY) if isinstance(key, str) else ANY

    def order(self, key: Any) -> int:
        """The place of a key in the schema's order; keys the schema does not know come last, as written."""
        return self._positions.get(key, len(self._positions)) if isinstance(key, str) else len(self._positions)

    @cached_property
    def _positions(self) -> dict[str, int]:
        return {name: index for index, name in enumerate(self.fields)}

    @property
    def is_textual(self) -> bool:
        """A value written as text on the command line (`set`): text, a date, an enum."""
        return self.kind in (Kind.TEXT, Kind.DATE, Kind.PERIOD, Kind.ENUM)


ANY = Spec(Kind.ANY)


def _classes(annotation: Any) -> list[Any]:
    """The classes and literal values inside an annotation (Annotated, unions and Optional opened)."""
    if annotation is type(None):
        return []
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _classes(typing.get_args(annotation)[0])
    if origin is typing.Literal:
        return [("literal", value) for value in typing.get_args(annotation)]
    if origin in (typing.Union, types.UnionType):
        return [found for arg in typing.get_args(annotation) for found in _classes(arg)]
    return [annotation]


def spec_of(annotation: Any, title: str = "") -> Spec:
    found = _classes(annotation)
    lists = [c for c in found if typing.get_origin(c) is list]
    if lists:
        return Spec(Kind.LIST, title, item=spec_of(typing.get_args(lists[0])[0]))
    models = [c for c in found if isinstance(c, type) and issubclass(c, BaseModel)]
    texts = str in found
    if models:
        model = models[0]
        return Spec(Kind.TEXT_ITEM if texts else Kind.MAPPING, title, model=model, fields=model_fields(model))
    for kind, cls in ((Kind.PERIOD, When), (Kind.DATE, Moment)):
        if cls in found:
            return Spec(kind, title)
    enums = [c for c in found if isinstance(c, type) and issubclass(c, DefinedEnum)]
    if enums:
        return Spec(Kind.ENUM, title, enum=enums[0])
    if bool in found:
        return Spec(Kind.BOOL, title)
    if int in found:
        return Spec(Kind.NUMBER, title)
    if texts:
        return Spec(Kind.TEXT, title)
    return Spec(Kind.ANY, title)


@cache
def model_fields(model: type[BaseModel]) -> dict[str, Spec]:
    return {name: spec_of(info.annotation, info.title or name) for name, info in model.model_fields.items()}


@cache
def case_spec() -> Spec:
    from casebook.domain.case import Case

    return Spec(Kind.MAPPING, "事案", model=Case, fields=model_fields(Case))


def spec_at(loc: tuple[Any, ...]) -> Spec:
    spec = case_spec()
    for part in loc:
        spec = spec.child(part)
    return spec


def suggestion(name: str, spec: Spec) -> str:
    """「（date のことですか？）」 for a key that is not in a mapping, by name or by Japanese label."""
    by_title = {child.title: key for key, child in spec.fields.items() if child.title}
    if name in by_title:
        return f"（「{name}」なら {by_title[name]} と書いてください）"
    close = difflib.get_close_matches(name, list(spec.fields), n=1, cutoff=0.6)
    return f"（{close[0]} のことですか？）" if close else ""
