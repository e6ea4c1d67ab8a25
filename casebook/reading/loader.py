"""Reading a casebook: discovery, decoding, YAML, the model and the rules, with positions.

Each file is handled on its own (`read_case`), so a run is linear in the number
of files and can be spread over processes; positions come from the node tree
that the fast composer keeps, and the tree is dropped as soon as the file is done.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from casebook.config import CONFIG_NAME, Casebook, Config, find_config
from casebook.errors import CasebookError, describe_os_error
from casebook.model import Case
from casebook.paths import leads_outside
from casebook.quoting import quote, withholding
from casebook.reading import yaml12
from casebook.reading.discovery import cases_folder, discover, kind_of
from casebook.reading.encoding import decode
from casebook.reading.findings import Finding, display_path, render
from casebook.reading.messages import field_label, message
from casebook.reading.mistakes import split_number
from casebook.reading.partial import partial_case
from casebook.rules import Context, DocumentContext, Hit, run_case_rules, run_document_rules
from casebook.rules.reading import DUPLICATE_ID, FILE, SCHEMA, YAML

MAX_FILE_BYTES = 1024 * 1024


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
    secret: bool = False  # a non-public case: messages about it quote none of its text


def read_bytes(path: Path) -> bytes:
    """The bytes of a regular file, or YamlError saying why not.

    The file is opened without blocking and checked after opening, so a FIFO or a device
    is named instead of read (reading a FIFO would wait for ever).
    """
    try:
        descriptor = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except OSError as error:
        raise yaml12.YamlError(f"ファイルを読めません（{describe_os_error(error)}）") from None
    with os.fdopen(descriptor, "rb") as stream:
        info = os.fstat(descriptor)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise yaml12.YamlError(f"{kind}です。事案ファイルではないため読みません")
        if info.st_size > MAX_FILE_BYTES:
            raise yaml12.YamlError(f"ファイルが大きすぎます（{info.st_size:,}バイト。上限 {MAX_FILE_BYTES:,}バイト）")
        try:
            return stream.read(MAX_FILE_BYTES + 1)
        except OSError as error:
            raise yaml12.YamlError(f"ファイルを読めません（{describe_os_error(error)}）") from None


def read_yaml(path: Path) -> yaml12.Document:
    """Data and node tree of a YAML file, or YamlError with a position."""
    return yaml12.load_document(decode(read_bytes(path)))


def is_secret(data: Any) -> bool:
    """Whether case data (as read, before validation) says the case is non-public."""
    publication = data.get("publication") if isinstance(data, dict) else None
    mode = publication.get("mode") if isinstance(publication, dict) else None
    return isinstance(mode, str) and unicodedata.normalize("NFKC", mode).strip() == "非公表"


def validation_findings(error: ValidationError, model: type[BaseModel], node: Any, shown: str) -> list[Finding]:
    findings = []
    seen = set()
    for item in error.errors():
        loc = tuple(item["loc"])
        extra = item["type"] in ("extra_forbidden", "invalid_key")  # a key that is not a field (495 is read as a number)
        line, column = yaml12.locate(node, loc, key=extra)
        text = message(item, model)
        if extra and (split := split_number(node, loc)):
            line, column, text = split.line, split.column, split.message
        if (line, column, text) in seen:
            continue
        seen.add((line, column, text))
        findings.append(Finding(shown, line, column, "error", SCHEMA.id, text, field_label(model, loc[:-1] if extra else loc)))
    return findings


def read_case(path: Path, book: Casebook, today: date, keep: Keep | None = whole_case) -> FileResult:
    """Every finding of one case file, and what `keep` makes of the case when it is valid."""
    shown = display_path(path, book.root)
    result = FileResult(path, shown)
    if os.path.islink(path) and leads_outside(path, book.root):
        result.findings.append(Finding(shown, None, None, "error", FILE.id, "casebook の外を指すシンボリックリンクです。読みません"))
        return result
    try:
        raw = read_bytes(path)
    except yaml12.YamlError as error:
        result.findings.append(Finding(shown, error.line, error.column, "error", FILE.id, error.message))
        return result
    try:
        text = decode(raw)
    except yaml12.YamlError as error:
        result.findings.append(Finding(shown, error.line, error.column, "error", YAML.id, error.message))
        return result
    # A file that mentions 非公表 anywhere is treated as non-public, whatever its YAML says (a misspelt
    # `publicaton:` key must not lift the withholding); a parsed 非公表 mode makes it non-public as well.
    result.secret = "非公表" in text
    with withholding(result.secret):
        try:
            document = yaml12.load_document(text)
        except yaml12.YamlError as error:
            result.findings.append(Finding(shown, error.line, error.column, "error", YAML.id, error.message))
            return result
        result.secret = result.secret or is_secret(document.data)
    with withholding(result.secret):
        _read_document(document, result, book, today, keep)
    return result


def _read_document(document: yaml12.Document, result: FileResult, book: Casebook, today: date, keep: Keep | None) -> None:
    path, shown = result.path, result.shown
    data, node = document.data, document.node
    if data is None:
        result.findings.append(Finding(shown, 1, 1, "error", YAML.id, "ファイルが空です（事案の項目が1つもありません）"))
        return
    if not isinstance(data, dict):
        result.findings.append(
            Finding(shown, *yaml12.locate(node, ()), "error", YAML.id, "ファイルの最上位は「キー: 値」のマッピングにしてください")
        )
        return
    if isinstance(data.get("id"), str):
        result.id_place = yaml12.locate(node, ("id",))
    read = DocumentContext(path, document.text, data, node, book.config, today, document.folded)
    result.findings.extend(_findings(run_document_rules(read), node, shown))
    try:
        case = Case.model_validate(data)
    except ValidationError as error:
        result.findings.extend(validation_findings(error, Case, node, shown))
        # every problem in one run: the rules also look at the part of the case the schema accepted
        partial = partial_case(data, error)
        if partial is not None:
            context = Context(
                path, document.text, data, node, book.config, today, document.folded, case=partial.case, invalid=partial.invalid
            )
            result.findings.extend(_findings(run_case_rules(context), node, shown))
        return
    result.case_id = case.id
    if keep is not None:
        result.case = keep(case, book.config)
    context = Context(path, document.text, data, node, book.config, today, document.folded, case=case)
    result.findings.extend(_findings(run_case_rules(context), node, shown))


def _findings(hits: Iterable[tuple[str, Hit]], node: Any, shown: str) -> Iterator[Finding]:
    """Rule hits as findings: placed where the rule says, naming the field they are about."""
    for rule_id, hit in hits:
        line, column = hit.place or yaml12.locate(node, hit.loc or ())
        loc = hit.loc if hit.loc is not None else yaml12.path_at(node, line, column)
        yield Finding(shown, line, column, hit.severity, rule_id, hit.message, field_label(Case, loc))


def open_casebook(start: Path) -> tuple[Casebook, list[Finding]]:
    """The casebook that holds `start` (its config found upward), with config problems as findings."""
    folder = Path(os.path.realpath(start if start.is_dir() else start.parent))  # realpath: no error on a link loop
    config_path = find_config(folder)
    if config_path is None:
        return Casebook(folder, Config(), None), []
    root = config_path.parent
    shown = display_path(config_path, root)
    try:
        document = read_yaml(config_path)
        data, node = document.data, document.node
    except yaml12.YamlError as error:
        return Casebook(root, Config(), config_path), [Finding(shown, error.line, error.column, "error", YAML.id, error.message)]
    if data is None:
        return Casebook(root, Config(), config_path), []
    if not isinstance(data, dict):
        return Casebook(root, Config(), config_path), [
            Finding(shown, 1, 1, "error", YAML.id, f"{CONFIG_NAME} の最上位は「キー: 値」のマッピングにしてください")
        ]
    try:
        return Casebook(root, Config.model_validate(data), config_path), []
    except ValidationError as error:
        return Casebook(root, Config(), config_path), validation_findings(error, Config, node, shown)


@dataclass
class CheckResult:
    files: int
    findings: list[Finding]
    cases: list[tuple[Path, Any]]  # (file, what `keep` made of its case)
    usable: int = 0  # cases without errors (what the documents use), counted even when nothing is kept


PARALLEL_THRESHOLD = 1000  # below this, starting workers costs more than it saves
CHUNK = 256
# Reading a file allocates thousands of short-lived, acyclic objects; the default threshold (700)
# makes the cyclic collector run every few files for nothing (measured: 20% of a run).
GC_THRESHOLD = 100_000


def _quiet_gc() -> None:
    gc.set_threshold(GC_THRESHOLD, 50, 50)


def _read_all(files: list[Path], book: Casebook, today: date, *, keep: Keep | None, jobs: int) -> Iterator[FileResult]:
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
    *,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep: Keep | None = whole_case,
    jobs: int | None = None,
) -> CheckResult:
    """Read every case under `paths` (default: the casebook's cases folder) and run every rule.

    Cross-file rules run here, in one pass with a dict, so the run stays linear.
    """
    today = today or date.today()
    found = discover(paths or [cases_folder(book)], book.root)
    files = found.files
    findings: list[Finding] = list(found.problems)
    cases: list[tuple[Path, Any]] = []
    jobs = jobs if jobs is not None else (os.cpu_count() or 1)
    # Keeping 10^5 models alive makes the cyclic GC rescan them again and again; they hold no cycles.
    collecting, threshold = gc.isenabled(), gc.get_threshold()
    _quiet_gc()
    if keep is not None:
        gc.disable()
    try:
        usable = _collect(_read_all(files, book, today, keep=keep, jobs=jobs), len(files), findings, cases, progress)
    finally:
        gc.set_threshold(*threshold)
        if collecting:
            gc.enable()
    return CheckResult(len(files) + len(found.problems), findings, cases, usable)


def _collect(
    results: Iterable[FileResult],
    total: int,
    findings: list[Finding],
    cases: list[tuple[Path, Any]],
    progress: Callable[[int, int], None] | None,
) -> int:
    """Gathers the findings and cases of every file and the cross-file ones; returns how many cases have no error."""
    usable_cases = 0
    # Ids are compared without letter case: ABC and abc are one file name on Windows and macOS.
    first_seen: dict[str, tuple[str, str]] = {}
    for number, result in enumerate(results, 1):
        findings.extend(result.findings)
        usable = result.case_id is not None and not any(f.severity == "error" for f in result.findings)
        if result.case_id is not None:
            line, column = result.id_place or (None, None)
            key = result.case_id.casefold()
            if key in first_seen:
                where, spelled = first_seen[key]
                with withholding(result.secret):
                    text = f"事案ID{quote(result.case_id)}は {where} でも使われています"
                    if spelled != result.case_id:
                        text += "（大文字・小文字の違いだけでも同じ事案IDです）"
                findings.append(Finding(result.shown, line, column, "error", DUPLICATE_ID.id, text, "事案ID (id)"))
                usable = False
            else:
                first_seen[key] = (f"{result.shown}:{line}", result.case_id)
        if usable:  # a case with errors is only named: the commands that go on without it say so
            usable_cases += 1
            if result.case is not None:
                cases.append((result.path, result.case))
        if progress is not None:
            progress(number, total)
    return usable_cases


class ProblemsFound(CasebookError):
    """Files with errors stop the command; the findings are its details (a broken non-public case left out
    would change the counts of a public document)."""

    exit_code = 1

    def __init__(self, findings: list[Finding], message: str) -> None:
        super().__init__(message)
        self.details = render(findings, "text", len({f.path for f in findings}))


def config_of(start: Path) -> Casebook:
    """The casebook that holds `start`, or ProblemsFound naming the errors of its casebook.yaml."""
    book, problems = open_casebook(start)
    if problems:
        raise ProblemsFound(problems, f"{CONFIG_NAME} にエラーがあります")
    return book


def case_file(book: Casebook, case_id: str, strict: bool = True) -> FileResult:
    """The file of one case; refused when it cannot be read, and with `strict` when it breaks a rule."""
    found = find_case(book, case_id)
    if found is None:
        raise CaseNotFound(f"事案ID{quote(case_id)}は見つかりません")
    errors = [f for f in found.findings if f.severity == "error"]
    if found.case is None or (strict and errors):
        raise ProblemsFound(found.findings, f"事案ID{quote(case_id)}のファイルにエラーがあります")
    return found


class CaseNotFound(CasebookError):
    exit_code = 1


class AmbiguousId(CasebookError):
    """The start of an id that more than one case has: the candidates are listed."""

    exit_code = 1

    def __init__(self, start: str, candidates: list[str]) -> None:
        listed = "\n".join(f"  {name}" for name in candidates)
        super().__init__(f"{quote(start)}で始まる事案IDが{len(candidates)}件あります。どれか1つを指定してください:\n{listed}")


def find_case(book: Casebook, case_id: str, today: date | None = None) -> FileResult | None:
    """The file of one case: by file name first (the usual layout), then by the start of a file name
    when only one case has it, else by reading every file."""
    today = today or date.today()
    files = discover([cases_folder(book)], book.root).files
    named = [path for path in files if path.stem == case_id]
    if not named:
        starting = sorted((p for p in files if p.stem.casefold().startswith(case_id.casefold())), key=lambda p: p.stem)
        if len(starting) > 1:
            raise AmbiguousId(case_id, [p.stem for p in starting])
        if starting:
            named, case_id = starting, starting[0].stem
    for path in named + [p for p in files if p.stem != case_id]:
        result = read_case(path, book, today)
        if result.case_id == case_id or (path.stem == case_id and result.case is None):
            return result
    return None
