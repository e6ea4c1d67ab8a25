"""Templates: built-in ones are package data (casebook/templates); a casebook's own templates/ folder overrides them by name.

Templates run in Jinja's sandbox with StrictUndefined, so a typo is an error
naming the template and line, and a template cannot reach Python internals;
a render is bounded in time and size, and a casebook template that is a link
leading out of the casebook is refused, as a case file would be.
"""

from __future__ import annotations

import codecs
import os
import re
import signal
import stat
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from casebook.documents.filters import FILTERS
from casebook.errors import TemplateError, describe_os_error
from casebook.reading.findings import Finding, display_path
from casebook.safety.inert import FORBIDDEN
from casebook.safety.paths import leads_outside

FOLDER = "templates"  # the package's own, and a casebook's overrides beside its casebook.yaml


def builtin_templates() -> Any:
    """The built-in templates: package data, read through importlib.resources."""
    return resources.files("casebook").joinpath(FOLDER)


def own_folder(root: Path | None) -> Path | None:
    """A casebook's own templates folder, when it has one."""
    folder = root / FOLDER if root is not None else None
    return folder if folder is not None and folder.is_dir() else None


RENDER_SECONDS = 10  # a template that loops for longer is stopped
MAX_OUTPUT = 20 * 1024 * 1024  # characters a template may produce
MAX_VALUE = 1024 * 1024  # items of a string or list a template may build with *


class _Timeout(Exception):
    pass


def _sandbox() -> Any:
    from jinja2.sandbox import SandboxedEnvironment

    class Sandbox(SandboxedEnvironment):
        """Jinja's sandbox, with `*` and `**` bounded so that one expression cannot fill the memory."""

        intercepted_binops = frozenset({"*", "**"})

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            if operator == "**" and isinstance(right, int) and abs(right) > 64:
                raise TemplateError(f"累乗の指数が大きすぎます（{right}）")
            if operator == "*":
                sized, count = (left, right) if isinstance(right, int) else (right, left)
                if isinstance(count, int) and isinstance(sized, (str, list, tuple)) and len(sized) * count > MAX_VALUE:
                    raise TemplateError(f"テンプレートで作る文字列・リストが大きすぎます（{MAX_VALUE:,}まで）")
            return super().call_binop(context, operator, left, right)

        def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
            """A call that would make a string wider than MAX_VALUE (`"a".center(2000000000)`, `|center`, `|indent`)
            is refused before it allocates: the render's size bound only counts what has been made."""
            if _widening(__obj) and any(isinstance(a, int) and a > MAX_VALUE for a in (*args, *kwargs.values())):
                raise TemplateError(f"テンプレートで作る文字列が大きすぎます（{MAX_VALUE:,}文字まで）")
            return super().call(__context, __obj, *args, **kwargs)

    return Sandbox


_WIDENING = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "indent", "wordwrap", "do_center", "do_indent", "do_wordwrap"})


def _bounded_width(function: Any) -> Any:
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if any(isinstance(a, int) and a > MAX_VALUE for a in (*args, *kwargs.values())):
            raise TemplateError(f"テンプレートで作る文字列が大きすぎます（{MAX_VALUE:,}文字まで）")
        return function(*args, **kwargs)

    for attribute in ("jinja_pass_arg",):  # Jinja passes the environment or context to filters marked so
        if hasattr(function, attribute):
            setattr(bounded, attribute, getattr(function, attribute))
    return bounded


def _widening(function: Any) -> bool:
    """Whether a callable pads or indents text to a width it is given (a str method or one of Jinja's filters)."""
    return getattr(function, "__name__", "") in _WIDENING


def _loader(root: Path | None) -> Any:
    """The casebook's own templates first (when it has any), then the package's."""
    import jinja2

    builtin = jinja2.PackageLoader("casebook", FOLDER)
    folder = own_folder(root)
    if folder is None or root is None:
        return builtin
    own, book = folder, root  # narrowed, for the class below

    class InsideLoader(jinja2.FileSystemLoader):
        """A casebook's templates by name. One it holds is used or refused, never passed over for the built-in one:
        a link out of the casebook is refused as case files are, and so is anything but a regular file (a FIFO
        would hang the render)."""

        def get_source(self, environment: Any, template: str) -> Any:
            candidate = own / template
            if not os.path.lexists(candidate):
                return super().get_source(environment, template)
            shown = display_path(candidate, book)
            problem = unusable(candidate, book)
            if problem is not None:
                raise TemplateError(f"{shown}: {problem}")
            try:
                source, mtime = template_source(candidate)
            except SourceProblem as error:
                raise TemplateError(f"{shown}{error.place}: {error}") from None
            return source, str(candidate), lambda: _mtime(candidate) == mtime

    return jinja2.ChoiceLoader([InsideLoader(str(folder)), builtin])


MAX_TEMPLATE_BYTES = 1024 * 1024
MAX_REFERENCE_BYTES = 32 * 1024 * 1024


class SourceProblem(Exception):
    """Why a template's text cannot be used, at a line and column."""

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.line, self.column = line, column

    @property
    def place(self) -> str:
        """ ":line:column" when the problem has a place in the text."""
        return "".join(f":{number}" for number in (self.line, self.column) if number is not None)


def _mtime(path: Path) -> int | None:
    try:
        return os.stat(path).st_mtime_ns
    except OSError:
        return None


def template_source(path: Path) -> tuple[str, int]:
    """The text of a casebook's template (a regular file, bounded, UTF-8) and its mtime, or SourceProblem.

    A character no output may carry (ESC, NUL, U+202E...) is refused at its line and column, as in a case file:
    the template's own words reach the documents as they are."""
    from casebook.reading.loader import read_file
    from casebook.reading.yaml12 import YamlError
    from casebook.rules.text import character_problem

    try:
        raw, info = read_file(path, MAX_TEMPLATE_BYTES, "テンプレートには使えません")
    except YamlError as error:
        raise SourceProblem(error.message) from None
    if len(raw) > MAX_TEMPLATE_BYTES:
        raise SourceProblem(f"ファイルが大きすぎます（上限 {MAX_TEMPLATE_BYTES:,}バイト）")
    raw = raw.removeprefix(codecs.BOM_UTF8)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SourceProblem("UTF-8 として読めない文字があります", raw[: error.start].count(b"\n") + 1, 1) from None
    found = FORBIDDEN.search(text.replace("\r\n", "\n"))
    if found is not None:
        before = text.replace("\r\n", "\n")[: found.start()]
        raise SourceProblem(character_problem(found.group(0)), before.count("\n") + 1, found.start() - before.rfind("\n"))
    return text, info.st_mtime_ns


def unusable(path: Path, root: Path) -> str | None:
    """Why a file of a casebook's templates folder cannot be a template, or None."""
    if leads_outside(path, root):
        return "casebook の外を指すシンボリックリンクです。テンプレートとして読みません"
    try:
        info = os.stat(path)
    except OSError as error:
        return f"読めません（{describe_os_error(error)}）"
    if not stat.S_ISREG(info.st_mode):
        return "通常のファイルではありません（テンプレートには使えません）"
    return None


@lru_cache(maxsize=16)
def environment(root: Path | None, autoescape: bool = False) -> Any:
    import jinja2

    env = _sandbox()(
        loader=_loader(root),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    for name in ("center", "indent", "wordwrap", "truncate"):  # the filters that take a width: bounded as the calls are
        env.filters[name] = _bounded_width(env.filters[name])
    return env


@contextmanager
def _deadline(seconds: float) -> Iterator[None]:
    """Stop a render that runs too long (SIGALRM, in the main thread where the platform has it)."""
    usable = hasattr(signal, "setitimer") and threading.current_thread() is threading.main_thread()
    if not usable:
        yield
        return

    def expire(signum: int, frame: Any) -> None:
        raise _Timeout

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _bounded(template: Any, values: dict[str, Any]) -> str:
    parts: list[str] = []
    size = 0
    with _deadline(RENDER_SECONDS):
        for part in template.generate(**values):
            size += len(part)
            if size > MAX_OUTPUT:
                raise TemplateError(f"{template.filename}: 出力が大きすぎます（{MAX_OUTPUT:,}文字まで）")
            parts.append(part)
    return "".join(parts)


_SYNTAX = [
    (re.compile(r"^unexpected end of template"), "テンプレートが途中で終わっています（endfor・endif などの閉じるタグが足りません）"),
    (re.compile(r"^Encountered unknown tag '([^']*)'"), "知らないタグ「{0}」です"),
    (re.compile(r"^unexpected '([^']*)'"), "ここに「{0}」は置けません"),
    (re.compile(r"^expected token '([^']*)', got '([^']*)'"), "「{0}」が必要な所に「{1}」があります"),
    (re.compile(r"^unexpected char '(.*)' at \d+"), "使えない文字「{0}」があります"),
    (re.compile(r"^no filter named '([^']*)'"), "フィルター「{0}」はありません"),
    (re.compile(r"^no test named '([^']*)'"), "テスト「{0}」はありません"),
]
_RUNTIME = {
    ZeroDivisionError: "0 で割っています",
    RecursionError: "マクロの呼び出しが深すぎます（再帰が止まりません）",
    OverflowError: "数値が大きすぎます",
    MemoryError: "メモリが足りません",
}


def _syntax_message(message: str | None) -> str:
    for pattern, japanese in _SYNTAX:
        if match := pattern.match(message or ""):
            return japanese.format(*match.groups())
    return "書き方が正しくありません"


def _undefined_name(message: str | None) -> str:
    match = re.search(r"'([^']*)' (?:is undefined|has no attribute '([^']*)')", message or "")
    if match is None:
        return "未定義の変数があります"
    return f"「{match[2]}」はありません" if match[2] else f"変数「{match[1]}」は定義されていません"


def render(root: Path | None, name: str, **values: Any) -> str:
    """Render a template by name, bounded in time and size; every error names the template file and line."""
    import jinja2

    env = environment(root, autoescape=name.endswith((".html.j2", ".htm.j2")))
    try:
        return _bounded(env.get_template(name), values)
    except TemplateError:
        raise
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(
            f"{error.filename or name}:{error.lineno}: テンプレートの構文エラー: {_syntax_message(error.message)}"
        ) from None
    except jinja2.UndefinedError as error:
        raise TemplateError(f"{_template_place(error, name)}: テンプレートの変数が未定義です（{_undefined_name(error.message)}）") from None
    except jinja2.exceptions.SecurityError as error:
        raise TemplateError(
            f"{_template_place(error, name)}: テンプレートから使えない操作です（Python の内部には触れられません）"
        ) from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"テンプレート「{error.name}」が見つかりません（casebook の {FOLDER}/ にも組み込みにもありません）") from None
    except _Timeout as error:
        raise TemplateError(
            f"{_template_place(error, name)}: テンプレートの処理が {RENDER_SECONDS} 秒を超えたので止めました（ループが大きすぎます）"
        ) from None
    except Exception as error:  # a template is a program: whatever it raises becomes its file:line
        what = next((text for kind, text in _RUNTIME.items() if isinstance(error, kind)), "値の型や内容が合いません")
        raise TemplateError(f"{_template_place(error, name)}: テンプレートの実行中にエラーが起きました（{what}）") from None


def _template_place(error: BaseException, name: str) -> str:
    """file:line of the innermost template frame in the traceback of a render error."""
    import traceback

    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}:{frame.lineno}"
    return name


REFERENCE_SUFFIX = ".docx"  # Word reference documents: page, styles, header and footer of a .docx


def reference_document(root: Path | None, names: tuple[str, ...]) -> tuple[bytes, str]:
    """The bytes of the first of `names` in the casebook's templates/, else of the built-in `names[-1]`,
    and the file's name for messages. A link leading out of the casebook is refused, as for templates."""
    from casebook.reading.loader import read_bytes
    from casebook.reading.yaml12 import YamlError

    folder = own_folder(root)
    if folder is not None and root is not None:
        for name in names:
            path = folder / name
            if not os.path.lexists(path):
                continue
            shown = display_path(path, root)
            problem = unusable(path, root)  # one the casebook holds is used or refused, never passed over
            if problem is not None:
                raise TemplateError(f"{shown}: {problem}")
            try:
                return read_bytes(path, MAX_REFERENCE_BYTES, "Word の参照文書には使えません"), shown
            except YamlError as error:
                raise TemplateError(f"{shown}: {error.message}") from None
    return builtin_templates().joinpath(names[-1]).read_bytes(), f"組み込みの {names[-1]}"


def _reference_findings(folder: Path, root: Path) -> list[Finding]:
    from casebook.documents.writers.docx import DocxWriter
    from casebook.rules.reading import TEMPLATE

    findings = []
    for path in sorted(folder.glob("*" + REFERENCE_SUFFIX)):
        shown = display_path(path, root)
        try:
            DocxWriter(reference_document(root, (path.name,))[0], shown)
        except TemplateError as error:
            findings.append(Finding(shown, None, None, "error", TEMPLATE.id, str(error).split(": ", 1)[-1]))
    return findings


def template_findings(root: Path) -> list[Finding]:
    """`check` of a casebook's own templates: each must compile and stay inside the casebook."""
    folder = own_folder(root)
    if folder is None:
        return []
    import jinja2

    from casebook.rules.reading import TEMPLATE

    findings = []
    env = environment(root)
    for path in sorted(folder.glob("*.j2")):
        shown = display_path(path, root)
        problem = unusable(path, root)
        if problem is not None:
            findings.append(Finding(shown, None, None, "error", TEMPLATE.id, problem))
            continue
        try:
            template_source(path)
        except SourceProblem as error:
            findings.append(Finding(shown, error.line, error.column, "error", TEMPLATE.id, str(error)))
            continue
        try:
            env.get_template(path.name)
        except TemplateError as error:
            findings.append(Finding(shown, None, None, "error", TEMPLATE.id, str(error).split(": ", 1)[-1]))
        except jinja2.TemplateSyntaxError as error:
            findings.append(
                Finding(shown, error.lineno, 1, "error", TEMPLATE.id, f"テンプレートの構文エラー: {_syntax_message(error.message)}")
            )
        except (OSError, UnicodeDecodeError):
            findings.append(Finding(shown, None, None, "error", TEMPLATE.id, "テンプレートを UTF-8 のテキストとして読めません"))
    return findings + _reference_findings(folder, root)


def listing(root: Path | None) -> list[tuple[str, str, str]]:
    """(name, file in effect, 'casebook' or '組み込み') for every template."""
    seen: dict[str, tuple[str, str]] = {}
    folder = own_folder(root)
    if folder is not None:
        for path in sorted([*folder.glob("*.j2"), *folder.glob("*" + REFERENCE_SUFFIX)]):
            seen[path.name] = (str(path), "casebook")
    for item in builtin_templates().iterdir():
        if item.name.endswith((".j2", REFERENCE_SUFFIX)):
            seen.setdefault(item.name, (str(item), "組み込み"))
    return [(name, *seen[name]) for name in sorted(seen)]
