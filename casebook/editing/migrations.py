"""The form of a case file (`schema_version`) and the steps that bring an older file to the current form.

The version is kept in each case file, not once for the casebook: a file carries the form it was written
in wherever it goes (another branch, another casebook), and `fmt` upgrades files one by one. A file that
does not say is version 1, so the sample and every existing file need no line for it until the form
changes. A change of the form is one `Migration` appended to MIGRATIONS (its steps: renamed fields);
`check` then names every older file (rule `schema-version`) and `casebook fmt` rewrites it, comments kept.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

KEY = "schema_version"
WILDCARD = "*"  # in a path: every item of a list


@dataclass(frozen=True)
class Rename:
    """A field renamed: `path` is where the old key is (「*」 for every item of a list), `new` its new name."""

    path: tuple[str, ...]
    new: str

    def apply(self, data: Any) -> None:
        *parents, old = self.path
        for mapping in _mappings(data, tuple(parents)):
            if old in mapping and self.new not in mapping:
                _rename(mapping, old, self.new)


@dataclass(frozen=True)
class Migration:
    """The steps from one version of the form to the next, with a title for messages (Japanese)."""

    title: str
    steps: tuple[Rename, ...]


# MIGRATIONS[n] brings a file of version n + 1 to version n + 2. The form has not changed yet.
MIGRATIONS: tuple[Migration, ...] = ()


def current_version() -> int:
    return len(MIGRATIONS) + 1


def version_of(data: Any) -> int | None:
    """The version a file says it is written in (1 when it does not say); None when it says something unreadable."""
    from casebook.editing.roundtrip import is_null

    value = data.get(KEY) if isinstance(data, dict) else None
    if is_null(value):
        return 1
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 1 else None


def pending(data: Any) -> list[Migration]:
    """The migrations a file still needs (none for a current file, a newer one or an unreadable version)."""
    version = version_of(data)
    if version is None or version >= current_version():
        return []
    return list(MIGRATIONS[version - 1 :])


def migrate(data: Any, place_version: Any = None) -> list[Migration]:
    """Apply the pending migrations to the data of a file (plain or round-trip) and record the new version.

    `place_version(data, version)` writes the version into a round-trip file at its place in the schema's order.
    """
    steps = pending(data)
    for migration in steps:
        for step in migration.steps:
            step.apply(data)
    if steps:
        if place_version is not None:
            place_version(data, current_version())
        else:
            data[KEY] = current_version()
    return steps


def _mappings(data: Any, path: tuple[str, ...]) -> Iterator[Any]:
    if not path:
        if isinstance(data, dict):
            yield data
        return
    head, rest = path[0], path[1:]
    if head == WILDCARD:
        for item in data if isinstance(data, list) else []:
            yield from _mappings(item, rest)
    elif isinstance(data, dict) and head in data:
        yield from _mappings(data[head], rest)


def _rename(mapping: Any, old: str, new: str) -> None:
    from ruamel.yaml.comments import CommentedMap

    if isinstance(mapping, CommentedMap):
        from casebook.editing.roundtrip import rename

        rename(mapping, old, new)
    else:
        mapping[new] = mapping.pop(old)
