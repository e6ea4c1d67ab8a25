"""Reading a casebook: discovery, decoding, YAML, the model and the rules, with positions.

Each file is handled on its own (`read_case`), so a run is linear in the number
of files and can be spread over processes; positions come from the node tree
that the fast composer keeps, and the tree is dropped as soon as the file is done.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from casebook import yamlload
from casebook.config import CONFIG_NAME, Casebook, Config, find_config
from casebook.encoding import decode
from casebook.errors import CasebookError
from casebook.findings import Finding, display_path
from casebook.messages import field_label, message
from casebook.model import Case
from casebook.rules import all_rule_ids, run_rules

MAX_FILE_BYTES = 1024 * 1024
# a space that YAML folding put between two Japanese characters
_JAPANESE_WRAP = re.compile(r"[\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60] [\u3000-\u30ff\u4e00-\u9fff\uff01-\uff60]")
CASE_SUFFIXES = (".yaml", ".yml")


# What a run keeps of each valid case: the case itself, nothing (check only needs findings),
# or a small projection made in the worker (list rows), which is far cheaper to send back.
Keep = Callable[[Case, Config], Any]


def whole_case(case: Case, config: Config) -> Case:
    return case


@dataclass
class FileResult:
    path: Path
    shown: str
    case: Any = None  # what `keep` made of the case (by default the Case), None when invalid or not kept
    case_id: str | None = None  # set when the case is valid, even if nothing was kept
    findings: list[Finding] = field(default_factory=list)
    id_place: tuple[int, int] | None = None


def read_yaml(path: Path) -> yamlload.Document:
    """Data and node tree of a YAML file, or YamlError with a position."""
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise yamlload.YamlError(f"ファイルが大きすぎます（{size:,}バイト。上限 {MAX_FILE_BYTES:,}バイト）")
        raw = path.read_bytes()
    except PermissionError:
        raise yamlload.YamlError("ファイルを読む権限がありません") from None
    except IsADirectoryError:
        raise yamlload.YamlError("ファイルではなくフォルダです") from None
    except OSError as error:
        raise yamlload.YamlError(f"ファイルを読めません（{error.strerror}）") from None
    return yamlload.load_document(decode(raw))


def validation_findings(error: ValidationError, model: type[BaseModel], node: Any, shown: str) -> list[Finding]:
    findings = []
    seen = set()
    for item in error.errors():
        loc = tuple(item["loc"])
        line, column = yamlload.locate(node, loc, key=item["type"] == "extra_forbidden")
        text = message(item, model)
        if (line, column, text) in seen:
            continue
        seen.add((line, column, text))
        findings.append(Finding(shown, line, column, "error", "schema", text, field_label(model, loc)))
    return findings


def _outside(path: Path, root: Path) -> Path | None:
    """Where a symbolic link leads when that is outside the casebook."""
    if not path.is_symlink():
        return None
    target = path.resolve()
    return None if target.is_relative_to(root.resolve()) else target


def read_case(path: Path, book: Casebook, today: date, keep: Keep | None = whole_case) -> FileResult:
    """Every finding of one case file, and what `keep` makes of the case when it is valid."""
    shown = display_path(path, book.root)
    result = FileResult(path, shown)
    target = _outside(path, book.root)
    if target is not None:
        result.findings.append(Finding(shown, None, None, "error", "yaml", f"casebook の外を指すシンボリックリンクです（{target}）。読みません"))
        return result
    try:
        document = read_yaml(path)
    except yamlload.YamlError as error:
        result.findings.append(Finding(shown, error.line, error.column, "error", "yaml", error.message))
        return result
    data, node = document.data, document.node
    if data is None:
        result.findings.append(Finding(shown, 1, 1, "error", "yaml", "ファイルが空です（事案の項目が1つもありません）"))
        return result
    if not isinstance(data, dict):
        result.findings.append(
            Finding(shown, *yamlload.locate(node, ()), "error", "yaml", "ファイルの最上位は「キー: 値」のマッピングにしてください")
        )
        return result
    if isinstance(data.get("id"), str):
        result.id_place = line, column = yamlload.locate(node, ("id",))
        if data["id"] != path.stem:
            result.findings.append(
                Finding(shown, line, column, "error", "filename-id", f"事案ID「{data['id']}」とファイル名「{path.name}」が一致しません", "事案ID (id)")
            )
    try:
        case = Case.model_validate(data)
    except ValidationError as error:
        result.findings.extend(validation_findings(error, Case, node, shown))
        return result
    result.case_id = case.id
    if keep is not None:
        result.case = keep(case, book.config)
    if not case.ignores("folded-text"):
        for scalar in document.folded:
            if _JAPANESE_WRAP.search(scalar.value):
                line, column = scalar.start_mark.line + 1, scalar.start_mark.column + 1
                result.findings.append(
                    Finding(shown, line, column, "warning", "folded-text", "改行が空白に置き換えられ、日本語の文中に空白が入ります（1行で書くか「|」を使ってください）")
                )
    known = all_rule_ids()
    for index, item in enumerate(case.ignore_rules):
        if item.rule not in known:
            line, column = yamlload.locate(node, ("ignore_rules", index, "rule"))
            result.findings.append(
                Finding(shown, line, column, "warning", "schema", f"規則「{item.rule}」はありません（{'、'.join(known)}）", "チェック除外 (ignore_rules)")
            )
    for rule_id, hit in run_rules(case, document.text, book.config, today, node):
        line, column = hit.place or yamlload.locate(node, hit.loc)
        loc = hit.loc if hit.place is None else yamlload.path_at(node, line, column)
        result.findings.append(Finding(shown, line, column, hit.severity, rule_id, hit.message, field_label(Case, loc)))
    return result


def open_casebook(start: Path) -> tuple[Casebook, list[Finding]]:
    """The casebook that holds `start` (its config found upward), with config problems as findings."""
    config_path = find_config(start if start.is_dir() else start.parent)
    if config_path is None:
        return Casebook(start.resolve() if start.is_dir() else start.resolve().parent, Config(), None), []
    root = config_path.parent
    shown = display_path(config_path, root)
    try:
        document = read_yaml(config_path)
        data, node = document.data, document.node
    except yamlload.YamlError as error:
        return Casebook(root, Config(), config_path), [Finding(shown, error.line, error.column, "error", "yaml", error.message)]
    if data is None:
        return Casebook(root, Config(), config_path), []
    if not isinstance(data, dict):
        return Casebook(root, Config(), config_path), [
            Finding(shown, 1, 1, "error", "yaml", f"{CONFIG_NAME} の最上位は「キー: 値」のマッピングにしてください")
        ]
    try:
        return Casebook(root, Config.model_validate(data), config_path), []
    except ValidationError as error:
        return Casebook(root, Config(), config_path), validation_findings(error, Config, node, shown)


def discover(paths: Iterable[Path]) -> list[Path]:
    """Case files under the given files and folders, sorted, each once."""
    found: dict[Path, None] = {}
    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                walk_into = []
                for name in sorted(dirs):
                    if name.startswith("."):
                        continue
                    if name.endswith(CASE_SUFFIXES) or os.path.islink(os.path.join(folder, name)):
                        found.setdefault(Path(folder) / name)  # read_case says what is wrong with it
                    else:
                        walk_into.append(name)
                dirs[:] = walk_into
                for name in sorted(files):
                    if name.endswith(CASE_SUFFIXES) and not name.startswith("."):
                        found.setdefault(Path(folder) / name)
        elif path.exists() or path.is_symlink():
            found.setdefault(path)
        else:
            raise CasebookError(f"{path}: ファイルもフォルダもありません")
    return list(found)


def _cases_dir(book: Casebook) -> Path:
    if not book.cases_dir.is_dir():
        raise CasebookError(f"事案ファイルのフォルダ {book.cases_dir} がありません（casebook new で最初の事案を作れます）")
    return book.cases_dir


@dataclass
class CheckResult:
    files: int
    findings: list[Finding]
    cases: list[tuple[Path, Any]]  # (file, what `keep` made of its case)


PARALLEL_THRESHOLD = 1000  # below this, starting workers costs more than it saves
CHUNK = 256
# Reading a file allocates thousands of short-lived, acyclic objects; the default threshold (700)
# makes the cyclic collector run every few files for nothing (measured: 20% of a run).
GC_THRESHOLD = 100_000


def _quiet_gc() -> None:
    gc.set_threshold(GC_THRESHOLD, 50, 50)


def _read_all(files: list[Path], book: Casebook, today: date, keep: Keep | None, jobs: int) -> Iterator[FileResult]:
    """Results in file order; spread over `jobs` processes for large casebooks."""
    if jobs <= 1 or len(files) < PARALLEL_THRESHOLD:
        for path in files:
            yield read_case(path, book, today, keep)
        return
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
    with multiprocessing.get_context(method).Pool(jobs, initializer=_quiet_gc) as pool:
        yield from pool.imap(partial(read_case, book=book, today=today, keep=keep), files, chunksize=CHUNK)


def check(
    book: Casebook,
    paths: list[Path] | None = None,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep: Keep | None = whole_case,
    jobs: int | None = None,
) -> CheckResult:
    """Read every case under `paths` (default: the casebook's cases folder) and run every rule.

    Cross-file rules run here, in one pass with a dict, so the run stays linear.
    """
    today = today or date.today()
    files = discover(paths or [_cases_dir(book)])
    findings: list[Finding] = []
    cases: list[tuple[Path, Any]] = []
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    # Keeping 10^5 models alive makes the cyclic GC rescan them again and again; they hold no cycles.
    collecting, threshold = gc.isenabled(), gc.get_threshold()
    _quiet_gc()
    if keep is not None:
        gc.disable()
    try:
        _collect(_read_all(files, book, today, keep, jobs), len(files), findings, cases, progress)
    finally:
        gc.set_threshold(*threshold)
        if collecting:
            gc.enable()
    return CheckResult(len(files), findings, cases)


def _collect(
    results: Iterable[FileResult],
    total: int,
    findings: list[Finding],
    cases: list[tuple[Path, Any]],
    progress: Callable[[int, int], None] | None,
) -> None:
    first_seen: dict[str, str] = {}
    for number, result in enumerate(results, 1):
        findings.extend(result.findings)
        if result.case is not None:
            cases.append((result.path, result.case))
        if result.case_id is not None:
            line, column = result.id_place or (None, None)
            if result.case_id in first_seen:
                findings.append(
                    Finding(result.shown, line, column, "error", "duplicate-id", f"事案ID「{result.case_id}」は {first_seen[result.case_id]} でも使われています", "事案ID (id)")
                )
            else:
                first_seen[result.case_id] = f"{result.shown}:{line}"
        if progress is not None:
            progress(number, total)


def find_case(book: Casebook, case_id: str, today: date | None = None) -> FileResult | None:
    """The file of one case: by file name first (the usual layout), else by reading every file."""
    today = today or date.today()
    files = discover([_cases_dir(book)])
    named = [path for path in files if path.stem == case_id]
    for path in named + [p for p in files if p.stem != case_id]:
        result = read_case(path, book, today)
        if result.case_id == case_id or (path.stem == case_id and result.case is None):
            return result
    return None
