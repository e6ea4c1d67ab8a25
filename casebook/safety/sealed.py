"""Files only this user's runs can have written: a MAC (BLAKE2b in its keyed mode) by a secret kept outside every casebook.

The cache (casebook.reading.cache) seals each of its files, so that a cache committed to git, copied from
another machine or planted is never used: what is not sealed with this user's key is simply not there.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
import stat
import struct
import tempfile
from pathlib import Path

KEY_BYTES = 32
_KEY_NAME = "cache-key"


def key_folder() -> Path:
    """Where this user's cache key is kept: outside every casebook, so that no repository carries it."""
    base = os.environ.get("XDG_CACHE_HOME") or ""
    return (Path(base) if Path(base).is_absolute() else Path.home() / ".cache") / "casebook"


def _read_key(path: Path) -> bytes | None:
    """The key if it is a regular file of this user's, readable by no one else and of the right size."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        getuid = getattr(os, "getuid", None)
        if not stat.S_ISREG(info.st_mode) or info.st_size != KEY_BYTES or (getuid is not None and info.st_uid != getuid()):
            return None
        if os.name == "posix" and info.st_mode & 0o077:
            return None
        key = os.read(descriptor, KEY_BYTES + 1)
        return key if len(key) == KEY_BYTES else None
    except OSError:
        return None
    finally:
        os.close(descriptor)


def machine_key() -> bytes | None:
    """This user's secret for the MACs, made (0600) the first time; None where none can be kept."""
    try:
        folder = key_folder()
    except (RuntimeError, KeyError):  # no home directory (a uid with no passwd entry): no key, so no cache
        return None
    path = folder / _KEY_NAME
    key = _read_key(path)
    if key is not None or os.path.lexists(path):
        return key  # a key that is not ours, or not private, is never used nor replaced
    try:
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        handle, temporary = tempfile.mkstemp(prefix=f".{_KEY_NAME}.", dir=folder)  # mkstemp makes it 0600
        try:
            with os.fdopen(handle, "wb") as stream:
                stream.write(secrets.token_bytes(KEY_BYTES))
                stream.flush()
                os.fsync(stream.fileno())
            with contextlib.suppress(FileExistsError):
                os.link(temporary, path)  # never replaces a key another run made meanwhile
        finally:
            os.unlink(temporary)
    except OSError:
        return None
    return _read_key(path)


_LENGTH = struct.Struct("<Q")
_MAC = 32


def _mac(key: bytes, where: str, payload: bytes | memoryview) -> bytes:
    """Keyed BLAKE2b, a MAC by design (RFC 7693), the cache's one hash family: half the instructions of
    HMAC-SHA-256 on a CPU without SHA extensions (valgrind counts 14 a byte against 28)."""
    mac = hashlib.blake2b(where.encode("utf-8") + b"\0", key=key, digest_size=_MAC)
    mac.update(payload)
    return mac.digest()


def seal(payload: bytes, key: bytes, where: str, head: bytes = b"") -> bytes:
    """The payload with its length and its MAC for the place (`where`) it is written to, after `head` (one copy of it all)."""
    return b"".join((head, _LENGTH.pack(len(payload)), _mac(key, where, payload), payload))


def unseal(data: bytes | memoryview, key: bytes, where: str) -> memoryview | None:
    """The payload of sealed data, or None when it is torn, or was sealed with another key or for another place."""
    start = _LENGTH.size + _MAC
    if len(data) < start:
        return None
    (length,) = _LENGTH.unpack_from(data)
    view = memoryview(data)
    payload = view[start:]
    if len(payload) != length or not hmac.compare_digest(_mac(key, where, payload), bytes(view[_LENGTH.size : start])):
        return None
    return payload


def read_regular(path: Path, limit: int) -> tuple[bytes, int] | None:
    """The bytes of a regular file (not a link) of at most `limit` bytes and its mtime; None for anything else."""
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError:
        return None
    try:
        info = os.fstat(descriptor)
        if not stat.S_ISREG(info.st_mode) or info.st_size > limit:
            return None
        chunks, wanted = [], info.st_size
        while wanted > 0:
            chunk = os.read(descriptor, wanted)
            if not chunk:
                return None  # it shrank while it was read
            chunks.append(chunk)
            wanted -= len(chunk)
        return b"".join(chunks), info.st_mtime_ns
    except OSError:
        return None
    finally:
        os.close(descriptor)
