"""What the memo tests share: the changes after which a memo (casebook.checking.memo, .facts_memo) must not answer,
and a run that must go file by file."""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TypeVar

import pytest

from casebook.reading.cache import CACHE_DIR, Cache

T = TypeVar("T")
CHANGES = ("edit", "same-size", "remove", "add", "fifo", "day", "forged")  # each applied by change_what_it_holds


def change_what_it_holds(change: str, root: Path, memo: str, today: date) -> date:
    """Change one thing a memo (the file named `memo` in the cache folder) depends on; the day to run on after it."""
    cases = root / "cases"
    target = sorted(cases.glob("*.yaml"))[0]
    if change == "edit":
        target.write_text(target.read_text(encoding="utf-8") + "title: 書き足した件名\n", encoding="utf-8")
    elif change == "same-size":  # the same bytes' length, another inode
        text = target.read_bytes()
        target.unlink()
        target.write_bytes(text.replace(b"status:", b"status:", 1))
    elif change == "remove":
        target.unlink()
    elif change == "add":
        shutil.copy(target, cases / "zz-copy.yaml")
    elif change == "fifo":
        target.unlink()
        os.mkfifo(target)
    elif change == "day":
        return date(2999, 1, 2)  # past the day the future-date findings hold
    elif change == "forged":
        sealed = next((root / CACHE_DIR).glob(f"*/{memo}"))
        sealed.write_bytes(sealed.read_bytes()[:-1] + b"x")
    else:
        raise ValueError(change)
    return today


def file_by_file(monkeypatch: pytest.MonkeyPatch, run: Callable[[], T]) -> T:
    """The result of `run`, which must load the cache's entries one shard at a time (no memo answered it)."""
    loaded: list[int] = []
    original = Cache._index_shard
    with monkeypatch.context() as patched:
        patched.setattr(Cache, "_index_shard", lambda self, shard: loaded.append(shard) or original(self, shard))
        result = run()
    assert loaded, "a memo answered"
    return result
