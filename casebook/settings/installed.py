"""The tool as installed: a digest of everything besides the casebook that shapes a result (the cache's folder is
named by it, with the config; casebook.reading.cache)."""

from __future__ import annotations

import functools
import hashlib
import os
import sys
from collections.abc import Iterator

DIGEST_SIZE = 16


def _files(folder: str, under: str = "") -> Iterator[tuple[str, str]]:
    """Every regular file under a folder but the byte code: its name relative to the folder (with /) and its path.
    Strings from os.scandir: a Path per file, sorted as Paths, cost twice the hashing."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir():
                if entry.name != "__pycache__":
                    yield from _files(entry.path, f"{under}{entry.name}/")
            elif entry.is_file():
                yield f"{under}{entry.name}", entry.path


@functools.cache
def tool_digest() -> bytes:
    """Every file of the package and of jpholiday (the names of holidays are in the messages of the deadline rules;
    asking importlib.metadata for its version took longer than a warm check's reading), and the versions of the
    parsers and pydantic (a version string does not change while code does)."""
    import importlib.util

    import pydantic
    import pydantic_core
    import yaml

    import casebook

    digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
    holidays = importlib.util.find_spec("jpholiday")
    folders = [os.path.dirname(casebook.__file__)]
    if holidays is not None and holidays.origin is not None:
        folders.append(os.path.dirname(holidays.origin))
    for package in folders:
        digest.update(os.path.basename(package).encode("utf-8") + b"\0")
        for name, path in sorted(_files(package)):
            with open(path, "rb") as stream:
                digest.update(name.encode("utf-8") + b"\0" + stream.read())
    libyaml = getattr(getattr(yaml, "_yaml", None), "get_version_string", lambda: "")()
    versions = [sys.version, yaml.__version__, libyaml, pydantic.VERSION, pydantic_core.__version__]
    digest.update("\0".join(versions).encode("utf-8"))
    return digest.digest()
