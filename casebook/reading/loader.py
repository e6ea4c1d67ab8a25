"""Reading a casebook: discovery, decoding, YAML, the model and the rules, with positions.

Each file is handled on its own (`read_case`), so a run is linear in the number
of files and can be spread over processes; positions come from the node tree
that the fast composer keeps, and the tree is dropped as soon as the file is done.
"""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError
from pydantic_core import ErrorDetails
from yaml.nodes import ScalarNode

from casebook.domain.case import Case
from casebook.domain.jpdate import japan_today
from casebook.errors import CasebookError, describe_os_error
from casebook.reading import yaml12
from casebook.reading.cache import Stamp, content_digest, trusted_stamp
from casebook.reading.discovery import cases_folder, discover, kind_of
from casebook.reading.encoding import decode, utf8_body
from casebook.reading.findings import Finding, NodeIndex, display_path, locate, render
from casebook.reading.messages import MAX_UNKNOWN_KEYS, field_label, validation_findings
from casebook.reading.partial import partial_case
from casebook.rules import Context, DocumentContext, Hit, run_case_rules, run_document_rules
from casebook.rules.base import Clock
from casebook.rules.reading import FILE, YAML
from casebook.rules.text import CONTROL_CHARACTER, forbidden_characters
from casebook.safety.paths import leads_outside
from casebook.safety.quoting import quote, withholding
from casebook.safety.secrecy import NON_MARKS, marked_say_non_public, secret_case
from casebook.settings.config import Casebook, Config
from casebook.settings.files import CONFIG_NAME, find_config

if TYPE_CHECKING:
    pass

MAX_FILE_BYTES = 1024 * 1024


# What a run keeps of each valid case: the case itself, nothing (check only needs findings),
# or a small projection made in the worker (list rows), which is far cheaper to send back.
Keep = Callable[[Case, Config], Any]


def whole_case(case: Case, config: Config) -> Case:
    return case


@dataclass
class FileResult:
    name: str  # the file as discovery found it (a string: 10^5 Path objects cost a tenth of a second)
    shown: str
    case: Any = None  # what `keep` made of the case (by default the Case), None when invalid or not kept
    case_id: str | None = None  # set when the case is valid, even if nothing was kept
    findings: list[Finding] = field(default_factory=list)
    id_place: tuple[int, int] | None = None
    secret: bool = False  # a non-public case: messages about it quote none of its text
    # For the cache (casebook.reading.cache): the file as read, and the days its findings hold.
    stamp: Stamp | None = None
    digest: bytes = b""
    days: tuple[int, int] = (date.min.toordinal(), date.max.toordinal())
    unchanged: bool = False  # read again and found as the cache has it: nothing else was done

    @property
    def path(self) -> Path:
        return Path(self.name)


class FileTooLarge(yaml12.YamlError):
    """A file over the limit of what is read of it."""


_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


def read_file(
    path: Path | str, limit: int = MAX_FILE_BYTES, refusal: str = "事案ファイルではないため読みません"
) -> tuple[bytes, os.stat_result]:
    """The bytes of a regular file (at most `limit`) and its stat as opened, or YamlError saying why not.

    The file is opened without blocking and checked after opening, so a FIFO or a device
    is named instead of read (reading a FIFO would wait for ever); `refusal` follows the kind in the message.
    """
    try:
        descriptor = os.open(path, _FLAGS)
    except OSError as error:
        raise yaml12.YamlError(f"ファイルを読めません（{describe_os_error(error)}）") from None
    try:
        info = os.fstat(descriptor)
        kind = kind_of(info.st_mode)
        if kind is not None:
            raise yaml12.YamlError(f"{kind}です。{refusal}")
        if info.st_size > limit:
            raise FileTooLarge(f"ファイルが大きすぎます（{info.st_size:,}バイト。上限 {limit:,}バイト）")
        chunks = []
        wanted = limit + 1
        while wanted > 0:  # a file that grows while it is read stops at the limit, as stream.read(limit) did
            chunk = os.read(descriptor, min(wanted, max(info.st_size + 1, 65536)))
            if not chunk:
                break
            chunks.append(chunk)
            wanted -= len(chunk)
        return (chunks[0] if len(chunks) == 1 else b"".join(chunks)), info
    except OSError as error:
        raise yaml12.YamlError(f"ファイルを読めません（{describe_os_error(error)}）") from None
    finally:
        os.close(descriptor)


def read_bytes(path: Path | str, limit: int = MAX_FILE_BYTES, refusal: str = "事案ファイルではないため読みません") -> bytes:
    """The bytes of a regular file, or YamlError saying why not (see read_file)."""
    raw = read_file(path, limit, refusal)[0]
    if len(raw) > limit:  # it grew while it was read, or is a device that reports no size
        raise FileTooLarge(f"ファイルが大きすぎます（上限 {limit:,}バイト）")
    return raw


def read_case(
    path: Path, book: Casebook, today: date, keep: Keep | None = whole_case, known: bytes = b"", *, cached: bool = True
) -> FileResult:
    """Every finding of one case file, and what `keep` makes of the case when it is valid.

    `known` is the content digest the cache has for the file: when the bytes still have it,
    nothing more is done (the result says `unchanged`). Without `cached` (no cache in this run) the
    stamp and digest the cache would keep are not computed.
    """
    shown = display_path(path, book.root)
    result = FileResult(os.fspath(path), shown)
    if os.path.islink(path) and leads_outside(path, book.root):
        result.findings.append(Finding(shown, None, None, "error", FILE.id, "casebook の外を指すシンボリックリンクです。読みません"))
        return result
    read_at = time.time_ns()
    try:
        raw, info = read_file(path)
    except yaml12.YamlError as error:
        result.findings.append(Finding(shown, error.line, error.column, "error", FILE.id, error.message))
        return result
    if not cached:
        return check_bytes(path, raw, book, today, keep=keep, result=result)
    result.stamp, result.digest = trusted_stamp(info, read_at), content_digest(raw)
    if known and result.digest == known:
        result.unchanged = True
        return result
    return check_bytes(path, raw, book, today, keep=keep, result=result)


def check_bytes(
    path: Path, raw: bytes, book: Casebook, today: date, *, keep: Keep | None = whole_case, result: FileResult | None = None
) -> FileResult:
    """Every finding of the bytes of a case file as if they were at `path`: what `check` says of a file before it is written."""
    result = result or FileResult(os.fspath(path), display_path(path, book.root))
    if len(raw) > MAX_FILE_BYTES:
        message = f"ファイルが大きすぎます（{len(raw):,}バイト。上限 {MAX_FILE_BYTES:,}バイト）"
        result.findings.append(Finding(result.shown, None, None, "error", FILE.id, message))
        return result
    clock = Clock(today)
    # The cyclic garbage collector paused while one file is read. A file makes up to hundreds of thousands of
    # objects (nodes, marks, findings) and no cycles; each collection would walk them all again, which took half
    # the time of checking a 1 MB file. What it frees is freed when the file is done. (No context manager: a
    # generator's costs as much as the rest of what is done per file besides reading and the rules.)
    collecting = gc.isenabled()
    gc.disable()
    try:
        _read_text(raw, path, result, book, clock=clock, keep=keep)
    finally:
        if collecting:
            gc.enable()
        result.days = (clock.since.toordinal(), clock.until.toordinal())
    return result


def _read_text(raw: bytes, path: Path, result: FileResult, book: Casebook, *, clock: Clock, keep: Keep | None) -> None:
    shown = result.shown
    try:
        text = decode(raw)
    except yaml12.YamlError as error:
        result.findings.append(Finding(shown, error.line, error.column, "error", YAML.id, error.message))
        return
    # A file that says 非公表 anywhere but in a comment is treated as non-public until its YAML is read; then
    # any value saying 非公表 keeps it so (a misspelt `publicaton:` key must not lift the withholding).
    result.secret = secret_case(text)
    with withholding(result.secret):
        try:
            document = yaml12.load_document(text, watch=NON_MARKS, utf8=utf8_body(raw))  # decoded: the same text
        except yaml12.YamlError as error:
            result.findings.append(Finding(shown, error.line, error.column, "error", YAML.id, error.message))
            return
        # only a string holding one of NON_MARKS can say 非公表: the builder kept those it made
        result.secret = marked_say_non_public(document.data, document.watched)
    with withholding(result.secret):
        _read_document(document, path, result, book, clock=clock, keep=keep)


def _read_document(document: yaml12.Document, path: Path, result: FileResult, book: Casebook, *, clock: Clock, keep: Keep | None) -> None:
    shown = result.shown
    data, node = document.data, document.node
    if data is None:
        result.findings.append(Finding(shown, 1, 1, "error", YAML.id, "ファイルが空です（事案の項目が1つもありません）"))
        return
    if not isinstance(data, dict):
        result.findings.append(
            Finding(shown, *locate(node, ()), "error", YAML.id, "ファイルの最上位は「キー: 値」のマッピングにしてください")
        )
        return
    places = NodeIndex(node)  # one index of the tree for every finding of the file
    if isinstance(data.get("id"), str):
        result.id_place = _value_place(node, "id")
    read = DocumentContext(path, document.text, data, node, book.config, clock, document.folded, memo=book.memo, longest=document.longest)
    result.findings.extend(_findings(run_document_rules(read), places, shown))
    fields, unknown, uncounted = _unknown_keys_apart(data, flow=bool(getattr(node, "flow_style", False)))
    errors: list[ErrorDetails] = []
    try:
        case = Case.model_validate(fields)
    except ValidationError as error:
        errors = error.errors(include_url=False)
    errors += unknown  # after the fields' errors, where pydantic puts the keys it does not know
    if errors:
        result.findings.extend(validation_findings(errors, Case, node, shown, places, more_unknown_keys=uncounted))
        # every problem in one run: the rules also look at the part of the case the schema accepted
        partial = partial_case(fields, errors)
        if partial is not None:
            context = Context(
                path,
                document.text,
                data,
                node,
                book.config,
                clock,
                document.folded,
                memo=book.memo,
                longest=document.longest,
                case=partial.case,
                invalid=partial.invalid,
            )
            result.findings.extend(_findings(run_case_rules(context), places, shown))
        return
    result.case_id = case.id
    if keep is not None:
        result.case = keep(case, book.config)
    context = Context(
        path, document.text, data, node, book.config, clock, document.folded, memo=book.memo, case=case, longest=document.longest
    )
    result.findings.extend(_findings(run_case_rules(context), places, shown))


def _unknown_keys_apart(data: dict[Any, Any], flow: bool) -> tuple[dict[Any, Any], list[ErrorDetails], int]:
    """The top-level keys that are fields of a case; an error as pydantic gives it for each other key (in file order)
    that validation_findings names (all of them in a flow mapping, where one may be the part of a number a 「,」 split),
    and how many more there are. pydantic built 100,000 error objects, a second, before a finding was made."""
    fields = Case.model_fields
    if all(key in fields for key in data):
        return data, [], 0
    known = {key: value for key, value in data.items() if key in fields}
    unknown = [key for key in data if key not in known]
    named = unknown if flow else unknown[: MAX_UNKNOWN_KEYS + 1]
    errors: list[ErrorDetails] = [
        {"type": "extra_forbidden", "loc": (key,), "msg": "Extra inputs are not permitted", "input": data[key]}
        if isinstance(key, str)
        else {
            "type": "invalid_key",
            "loc": (int(key) if isinstance(key, int) else repr(key),),
            "msg": "Keys should be strings",
            "input": key,
        }
        for key in named
    ]
    return known, errors, len(unknown) - len(named)


def _value_place(mapping: Any, key: str) -> tuple[int, int]:
    """Line and column of the value of a key of a mapping node (as `locate(mapping, (key,))`, without indexing every key)."""
    for key_node, value_node in mapping.value:
        if key_node.__class__ is ScalarNode and key_node.value == key:
            return value_node.start_mark.line + 1, value_node.start_mark.column + 1
    return locate(mapping, (key,))


def _findings(hits: Iterable[tuple[str, Hit]], places: NodeIndex, shown: str) -> Iterator[Finding]:
    """Rule hits as findings: placed where the rule says, naming the field they are about."""
    for rule_id, hit in hits:
        line, column = hit.place or places.locate(hit.loc or ())
        loc = hit.loc if hit.loc is not None else places.path_at(line, column)
        yield Finding(shown, line, column, hit.severity, rule_id, hit.message, field_label(Case, loc))


def open_casebook(start: Path) -> tuple[Casebook, list[Finding]]:
    """The casebook that holds `start` (its config found upward), with config problems as findings."""
    folder = Path(os.path.realpath(start if start.is_dir() else start.parent))  # realpath: no error on a link loop
    config_path = find_config(folder)
    if config_path is None:
        return Casebook(folder, Config(), None), []
    root = config_path.parent
    shown = display_path(config_path, root)
    if not os.path.exists(config_path):
        message = f"シンボリックリンクの指す先（{os.readlink(config_path)}）がありません。{CONFIG_NAME} として読めません"
        return Casebook(root, Config(), config_path), [Finding(shown, None, None, "error", YAML.id, message)]
    try:
        raw = read_bytes(config_path, refusal=f"{CONFIG_NAME} として読めません（通常のファイルにしてください）")
        document = yaml12.load_document(decode(raw))
        data, node = document.data, document.node
    except yaml12.YamlError as error:
        return Casebook(root, Config(), config_path), [Finding(shown, error.line, error.column, "error", YAML.id, error.message)]
    characters = [Finding(shown, line, column, "error", CONTROL_CHARACTER, text) for (line, column), text in forbidden_characters(node)]
    if characters:
        return Casebook(root, Config(), config_path), characters
    if data is None:
        return Casebook(root, Config(), config_path, config_digest=content_digest(raw)), []
    if not isinstance(data, dict):
        return Casebook(root, Config(), config_path), [
            Finding(shown, 1, 1, "error", YAML.id, f"{CONFIG_NAME} の最上位は「キー: 値」のマッピングにしてください")
        ]
    try:
        return Casebook(root, Config.model_validate(data), config_path, config_digest=content_digest(raw)), []
    except ValidationError as error:
        return Casebook(root, Config(), config_path), validation_findings(error.errors(), Config, node, shown)


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
    today = today or japan_today()
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
