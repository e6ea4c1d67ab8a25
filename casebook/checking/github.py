"""What `check` gives GitHub Actions besides the annotations: paths from the repository root and the job summary.

A casebook may be a sub-folder of its repository, while GitHub places an annotation by the file's path from
the repository root; and GitHub shows only a few annotations per step, so the job summary lists every finding.
"""

from __future__ import annotations

import os
import stat
import subprocess
from dataclasses import replace
from pathlib import Path

from casebook.documents.filters import md_cell
from casebook.errors import WriteError, describe_os_error
from casebook.reading.findings import Finding, sort_findings
from casebook.safety.inert import visible

SUMMARY_LIMIT = 1024 * 1024  # bytes: GitHub refuses a step's summary larger than 1 MiB (and then shows none of it)
ANNOTATIONS_SHOWN = 10  # GitHub shows at most 10 error and 10 warning annotations of a step
SEVERITY = {"error": "エラー", "warning": "警告"}


def _git_top_level(folder: Path) -> str | None:
    """The top folder of the git work tree holding `folder`; None without git or outside a repository."""
    try:
        done = subprocess.run(["git", "rev-parse", "--show-toplevel"], cwd=folder, capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.SubprocessError, ValueError):
        return None
    top = done.stdout.rstrip("\n")
    return top if done.returncode == 0 and top else None


class RepositoryPaths:
    """Paths of findings from the repository root: GITHUB_WORKSPACE when the file is in it, else the git top
    level (asked once), else from the current folder."""

    def __init__(self, casebook_root: Path) -> None:
        self.root = casebook_root
        self.real_root = os.path.realpath(casebook_root)
        workspace = os.environ.get("GITHUB_WORKSPACE")
        self.workspace = os.path.realpath(workspace) if workspace else None
        self._top: str | None = None
        self._asked = False

    def top_level(self) -> str | None:
        if not self._asked:
            self._asked = True
            top = _git_top_level(self.root)
            self._top = os.path.realpath(top) if top else None
        return self._top

    def full_path(self, shown: str) -> str:
        """The file a finding names: its path is from the casebook root when inside it, else as given (from cwd)."""
        if os.path.isabs(shown):
            return os.path.realpath(shown)
        inside = os.path.join(self.real_root, shown)
        if not shown.startswith("../") and os.path.lexists(inside):
            return inside
        return os.path.realpath(shown)

    def __call__(self, shown: str) -> str:
        full = self.full_path(shown)
        for base in (self.workspace, self.top_level()):
            if base is not None and _inside(full, base):
                return os.path.relpath(full, base).replace(os.sep, "/")
        try:
            return os.path.relpath(full).replace(os.sep, "/")
        except ValueError:  # another drive on Windows
            return full.replace(os.sep, "/")


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(os.path.join(folder, ""))


def from_repository_root(findings: list[Finding], casebook_root: Path) -> list[Finding]:
    """The findings with paths from the repository root, as GitHub places annotations."""
    paths = RepositoryPaths(casebook_root)
    known: dict[str, str] = {}
    for shown in {f.path for f in findings}:
        known[shown] = paths(shown)
    return [replace(f, path=known[f.path]) for f in findings]


def _cell(text: str) -> str:
    """Text inert in a cell of a GitHub Markdown table: no control character, row, code, link or HTML."""
    return md_cell(visible(text, single_line=True))


def _place(finding: Finding) -> str:
    if finding.line is None:
        return finding.path
    return f"{finding.path}:{finding.line}:{finding.column or 1}"


def job_summary(findings: list[Finding], files: int, cases: int, limit: int = SUMMARY_LIMIT) -> str:
    """The Markdown of a job summary: the counts, then every finding (within GitHub's size limit)."""
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    head = [
        "## casebook check",
        "",
        "| 検査したファイル | エラーのない事案 | エラー | 警告 |",
        "|---:|---:|---:|---:|",
        f"| {files:,}件 | {cases:,}件 | {errors:,}件 | {warnings:,}件 |",
        "",
    ]
    if len("\n".join(head).encode("utf-8")) + 400 > limit:
        return ""  # the summary is full: what GitHub would show of it is nothing at all
    if not findings:
        return "\n".join([*head, "問題はありません。", "", ""])
    if errors > ANNOTATIONS_SHOWN or warnings > ANNOTATIONS_SHOWN:
        head += [f"注釈として表示されるのはエラー・警告それぞれ{ANNOTATIONS_SHOWN}件までです。すべての問題は次のとおりです。", ""]
    head += ["| 場所 | 種類 | 規則 | 内容 |", "|---|---|---|---|"]
    used = len("\n".join(head).encode("utf-8")) + 200  # room for the line that says how many are left out
    rows: list[str] = []
    ordered = sort_findings(findings)
    for finding in ordered:
        field = f"{finding.field}: " if finding.field else ""
        cells = (_place(finding), SEVERITY.get(finding.severity, finding.severity), finding.rule, field + finding.message)
        row = "| " + " | ".join(_cell(text) for text in cells) + " |"
        used += len(row.encode("utf-8")) + 1
        if used > limit:
            break
        rows.append(row)
    tail = [""]
    if len(rows) < len(ordered):
        tail = [
            "",
            f"ほかに {len(ordered) - len(rows):,}件あります（GitHub のジョブの概要の大きさの上限のため省きました。すべてはログにあります）。",
            "",
        ]
    return "\n".join([*head, *rows, *tail]) + "\n"


def append_summary(path: Path, text: str) -> None:
    """Append `text` to the step's summary file in one write (GitHub joins what a step appends)."""
    flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    try:
        descriptor = os.open(path, flags, 0o666)
    except OSError as error:
        raise WriteError(f"ジョブの概要 {path} に書き込めません（{describe_os_error(error)}）") from None
    try:
        if not stat.S_ISREG(os.fstat(descriptor).st_mode):
            raise WriteError(f"ジョブの概要 {path} は通常のファイルではないため、書き込みません")
        data = memoryview(text.encode("utf-8"))
        while data:  # one call for a regular file; the loop only for a write the system cut short
            data = data[os.write(descriptor, data) :]
    except OSError as error:
        raise WriteError(f"ジョブの概要 {path} に書き込めません（{describe_os_error(error)}）") from None
    finally:
        os.close(descriptor)


def summary_room(path: Path) -> int:
    """How many bytes the step's summary can still take."""
    try:
        return max(SUMMARY_LIMIT - os.stat(path).st_size, 0)
    except OSError:
        return SUMMARY_LIMIT
