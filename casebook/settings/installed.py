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
    Strings from os.scandir: a Path per file, sorted as Paths, cost twice the hashing. A link to a file is read, a
    link to a folder is not followed (as Path.rglob did: a link back up would never end)."""
    with os.scandir(folder) as entries:
        for entry in entries:
            if entry.is_dir(follow_symlinks=False):
                if entry.name != "__pycache__":
                    yield from _files(entry.path, f"{under}{entry.name}/")
            elif entry.is_file():
                yield f"{under}{entry.name}", entry.path


@functools.cache
def tool_digest() -> bytes:
    """Every file of the package, of jpholiday (the names of holidays are in the messages of the deadline rules) and of
    PyYAML (asking importlib.metadata for their versions, or importing PyYAML for its own, took longer than a warm check's
    reading), a compiled extension (libyaml's) by its size and mtime (hashing its megabytes took longer still), and the
    versions of Python and pydantic (a version string does not change while code does; pydantic is loaded anyway)."""
    import importlib.machinery
    import importlib.util

    import pydantic
    import pydantic_core

    digest = hashlib.blake2b(digest_size=DIGEST_SIZE)
    specs = [importlib.util.find_spec(name) for name in ("casebook", "jpholiday", "yaml")]
    extensions = tuple(importlib.machinery.EXTENSION_SUFFIXES)
    for package in [os.path.dirname(spec.origin) for spec in specs if spec is not None and spec.origin is not None]:
        digest.update(os.path.basename(package).encode("utf-8") + b"\0")
        for name, path in sorted(_files(package)):
            digest.update(name.encode("utf-8") + b"\0")
            if name.endswith(extensions):
                info = os.stat(path)
                digest.update(b"%d %d" % (info.st_size, info.st_mtime_ns))
            else:
                with open(path, "rb") as stream:
                    digest.update(stream.read())
    digest.update("\0".join([sys.version, pydantic.VERSION, pydantic_core.__version__]).encode("utf-8"))
    return digest.digest()
