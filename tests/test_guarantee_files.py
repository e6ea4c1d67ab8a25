"""Guarantee 2 (README 「保証すること」): every file under cases/ is read or named in an error, none counted twice."""

from __future__ import annotations

import json
import os
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from strategies import examples

name = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,10}|[あ-ん]{1,3}|\.[a-z]{1,5}", fullmatch=True)
suffix = st.sampled_from([".yaml", ".yml", ".YAML", ".Yml", ".txt", ".json", ".yaml.bak", "", ".yaml~"])
entry = st.tuples(
    st.lists(st.sampled_from(["a", "b", "2025", ".hidden", "x.yaml"]), max_size=3),
    name,
    suffix,
    st.sampled_from(["case", "case", "case", "broken", "empty", "fifo", "link", "dangling", "gitkeep"]),
)


def _build(root: Path, entries: list[tuple[list[str], str, str, str]]) -> None:
    cases = root / "cases"
    cases.mkdir(parents=True)
    (root / "casebook.yaml").write_text("organisation: 県\n", encoding="utf-8")
    made: list[Path] = []
    for folders, stem, ext, kind in entries:
        folder = cases.joinpath(*folders)
        if any(p.exists() and not p.is_dir() for p in [folder, *folder.parents] if p != cases and cases in p.parents):
            continue
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / (".gitkeep" if kind == "gitkeep" else stem + ext)
        if path.exists() or path.is_symlink():
            continue
        if kind == "case":
            path.write_text(f"id: {json.dumps(stem)}\ntitle: 事案\nstatus: 調査中\noccurred: R7.4.25\n", encoding="utf-8")
        elif kind == "broken":
            path.write_text("id: [\n", encoding="utf-8")
        elif kind in ("empty", "gitkeep"):
            path.write_text("", encoding="utf-8")
        elif kind == "fifo":
            os.mkfifo(path)
        elif kind == "link" and made:
            path.symlink_to(made[-1])
        else:
            path.symlink_to(folder / "nowhere")
        made.append(path)


def _files(cases: Path) -> list[Path]:
    found, stack = [], [cases]
    while stack:
        for item in os.scandir(stack.pop()):
            if item.is_dir(follow_symlinks=False):
                stack.append(Path(item.path))
            elif item.name != ".gitkeep" or item.is_symlink() or not item.is_file():
                found.append(Path(item.path))
    return found


@settings(max_examples=examples(60), deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(entries=st.lists(entry, max_size=12))
def test_every_file_under_cases_is_read_or_named(cli, tmp_path_factory, entries) -> None:
    root = tmp_path_factory.mktemp("tree")
    _build(root, entries)
    result = cli("check", "--format", "json", cwd=root)
    assert result.exit_code in (0, 1), result.output
    report = json.loads(result.stdout)
    named = {f["path"] for f in report["findings"] if f["severity"] == "error"}
    listed = cli("list", "--format", "json", cwd=root)
    read = {row["id"] for row in json.loads(listed.stdout)}
    files = _files(root / "cases")
    for path in files:
        shown = path.relative_to(root).as_posix()
        assert shown in named or path.stem in read, f"{shown} was neither read nor named"
    assert report["files"] == len(files)  # every file counted once, none dropped
    assume(files)
