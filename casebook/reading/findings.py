"""What `check` reports: one finding per problem, with its place in the file."""

from __future__ import annotations

import functools
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from casebook.safety.inert import for_terminal, json_text, visible


@dataclass(frozen=True)
class Finding:
    path: str
    line: int | None
    column: int | None
    severity: str  # error | warning
    rule: str
    message: str
    field: str = ""  # 「発生日 (occurred)」

    def text(self) -> str:
        """One line for a terminal or a log: whatever the path or the message holds, it stays one inert line."""
        place = self.path
        if self.line is not None:
            place += f":{self.line}:{self.column or 1}"
        field = f"{self.field}: " if self.field else ""
        return for_terminal(f"{place}: {self.severity}: {field}{self.message} [{self.rule}]", single_line=True)

    def github(self) -> str:
        """A GitHub workflow command (annotation); data and properties escaped as the runner unescapes them."""
        parts = [f"file={_escape_property(visible(self.path))}"]
        if self.line is not None:
            parts += [f"line={self.line}", f"col={self.column or 1}"]
        parts.append(f"title={_escape_property(self.rule)}")
        field = f"{self.field}: " if self.field else ""
        return f"::{self.severity} {','.join(parts)}::{_escape_data(visible(field + self.message))}"

    def promoted(self) -> Finding:
        return Finding(self.path, self.line, self.column, "error", self.rule, self.message, self.field)


def _escape_data(text: str) -> str:
    """The runner's escaping of a command's data (ActionCommand.EscapeData): one command stays one line."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def display_path(path: Path | str, base: Path) -> str:
    """The path relative to the casebook root when inside it (string work only: this runs per file)."""
    text = os.fspath(path)
    root = _prefix(os.fspath(base))
    # a path discovery made under the root is absolute and clean already: abspath costs more than the rest
    full = text if text.startswith(root) and f"{os.sep}." not in text else os.path.abspath(text)
    if full.startswith(root):
        return full[len(root) :].replace(os.sep, "/")
    return Path(text).as_posix()


@functools.lru_cache(maxsize=16)
def _prefix(base: str) -> str:
    return os.path.join(os.path.abspath(base), "")


def sort_findings(findings: list[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.path, f.line or 0, f.column or 0, f.rule))


def render(findings: list[Finding], fmt: str, files: int) -> str:
    findings = sort_findings(findings)
    if fmt == "json":
        return json_text({"files": files, "findings": [asdict(f) for f in findings]})
    lines = [f.github() if fmt == "github" else f.text() for f in findings]
    return "\n".join(lines)


def summary(findings: list[Finding], files: int) -> str:
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    if not findings:
        return f"{files}件のファイルを検査しました。問題はありません。"
    return f"{files}件のファイルを検査しました。エラー {errors}件、警告 {warnings}件。"
