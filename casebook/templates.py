"""Templates: built-in ones ship with the package; a casebook's own templates/ folder overrides them by name.

Templates run in Jinja's sandbox with StrictUndefined, so a typo is an error
naming the template and line, and a template cannot reach Python internals.
"""

from __future__ import annotations

import os
import re
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.findings import Finding, display_path
from casebook.jpdate import Moment, When, moment_of

BUILTIN_DIR_NAME = "templates"


def builtin_dir() -> Path:
    packaged = Path(__file__).parent / BUILTIN_DIR_NAME  # inside an installed wheel
    if packaged.is_dir():
        return packaged
    return Path(__file__).parent.parent / BUILTIN_DIR_NAME  # a source checkout


def search_path(root: Path | None) -> list[Path]:
    own = [root / BUILTIN_DIR_NAME] if root is not None and (root / BUILTIN_DIR_NAME).is_dir() else []
    builtin = builtin_dir()
    return [p for p in own if p.resolve() != builtin.resolve()] + [builtin]


def wareki(value: Moment | When | date | None, style: str = "long") -> str:
    """令和7年4月25日 (long), R7.4.25 (short), 令和7年4月25日（金） (weekday)."""
    if value is None:
        return ""
    if isinstance(value, date):
        value = moment_of(value)
    if style == "short":
        return value.short()
    return value.long(weekday=style == "weekday")


def number(value: int | str) -> str:
    """1,077"""
    return f"{value:,}" if isinstance(value, int) else str(value)


def md_cell(text: Any) -> str:
    """A table cell in GitHub Markdown: inert text, line breaks as <br> (the one HTML the report's md uses)."""
    import markupsafe

    lines = _lines(str(text))
    return "<br>".join(_MD_INLINE_IN_CELL.sub(r"\\\1", str(markupsafe.escape(line))) for line in lines)


def nl2br(text: Any) -> Any:
    import markupsafe

    return markupsafe.Markup("<br>").join(markupsafe.escape(line) for line in _lines(str(text)))


def period_label(value: Any) -> str:
    from casebook.periods import Period, parse_period

    return value.label if isinstance(value, Period) else parse_period(str(value)).label


def bullets(items: list[Any]) -> str:
    from casebook.model import joined_text

    return joined_text(items)


def _lines(text: str) -> list[str]:
    """Lines as CommonMark sees them: CR and CRLF end a line too."""
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


# Characters that start inline Markdown (emphasis, code, links, HTML, entities, strikethrough, tables).
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|&~])")
_MD_INLINE_IN_CELL = re.compile(r"([\\`*_\[\]|~])")  # < > & are entities there (escaped before)
# Line starts that open a block: heading, list, quote, numbered list, setext underline or thematic break.
_MD_LEADING_MARK = re.compile(r"^(\s*)([#+-])(?=\s|$)")
_MD_LEADING_NUMBER = re.compile(r"^(\s*)(\d+)([.)])(?=\s|$)")
_MD_UNDERLINE = re.compile(r"^(\s*)([=-])(?=[\s=-]*$)")
_BLANK_LINE = "\u3000"  # a full-width space: shows as an empty line, but does not end the paragraph or list item


def _md_line(line: str) -> str:
    escaped = _MD_SPECIAL.sub(r"\\\1", line)
    escaped = _MD_UNDERLINE.sub(r"\1\\\2", escaped)
    escaped = _MD_LEADING_MARK.sub(r"\1\\\2", escaped)
    return _MD_LEADING_NUMBER.sub(r"\1\2\\\3", escaped)


def md_escape(text: Any) -> str:
    """Case text made inert in a Markdown paragraph or list item: no emphasis, link, HTML, entity,
    heading, list, code block or underline, and no blank line that would end the paragraph."""
    return "\n".join(_md_line(line) if line.strip() else _BLANK_LINE for line in _lines(str(text)))


def md_line(text: Any) -> str:
    """Case text made inert on one Markdown line (a heading, a cell of a notice's table): breaks become spaces."""
    return _md_line(" ".join(part.strip() for part in _lines(str(text)) if part.strip()))


def yaml_scalar(value: Any) -> str:
    """A value for a YAML file: a JSON string is a valid YAML double-quoted scalar, so any text is safe."""
    import json

    return "null" if value is None else json.dumps(value, ensure_ascii=False)


FILTERS = {
    "md": md_escape,
    "md_line": md_line,
    "yaml": yaml_scalar,
    "wareki": wareki,
    "number": number,
    "md_cell": md_cell,
    "nl2br": nl2br,
    "period_label": period_label,
    "bullets": bullets,
}


RENDER_SECONDS = 10  # a template that loops for longer is stopped
MAX_OUTPUT = 20 * 1024 * 1024  # characters a template may produce
MAX_VALUE = 1024 * 1024  # items of a string or list a template may build with *


class TemplateError(CasebookError):
    """A template that cannot be rendered, with the template file and line in the message."""

    exit_code = 1


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

    return Sandbox


def _loader(root: Path | None) -> Any:
    import jinja2

    allowed = [Path(os.path.realpath(builtin_dir()))]
    if root is not None:
        allowed.append(Path(os.path.realpath(root)))

    class InsideLoader(jinja2.FileSystemLoader):
        """Templates by name from the search path; a link that leads out of the casebook is refused, as case files are."""

        def get_source(self, environment: Any, template: str) -> Any:
            source, filename, uptodate = super().get_source(environment, template)
            if not any(Path(os.path.realpath(filename)).is_relative_to(place) for place in allowed):
                raise TemplateError(f"{filename}: casebook の外を指すシンボリックリンクです。テンプレートとして読みません")
            return source, filename, uptodate

    return InsideLoader([str(p) for p in search_path(root)])


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
        raise TemplateError(f"{error.filename or name}:{error.lineno}: テンプレートの構文エラー: {_syntax_message(error.message)}") from None
    except jinja2.UndefinedError as error:
        raise TemplateError(f"{_template_place(error, name)}: テンプレートの変数が未定義です（{_undefined_name(error.message)}）") from None
    except jinja2.exceptions.SecurityError as error:
        raise TemplateError(f"{_template_place(error, name)}: テンプレートから使えない操作です（Python の内部には触れられません）") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"テンプレート「{error.name}」が見つかりません（{', '.join(str(p) for p in search_path(root))}）") from None
    except _Timeout as error:
        raise TemplateError(f"{_template_place(error, name)}: テンプレートの処理が {RENDER_SECONDS} 秒を超えたので止めました（ループが大きすぎます）") from None
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


def template_findings(root: Path) -> list[Finding]:
    """`check` of a casebook's own templates: each must compile and stay inside the casebook."""
    import jinja2

    folder = root / BUILTIN_DIR_NAME
    if not folder.is_dir():
        return []
    findings = []
    env = environment(root)
    for path in sorted(folder.glob("*.j2")):
        shown = display_path(path, root)
        try:
            env.get_template(path.name)
        except TemplateError as error:
            findings.append(Finding(shown, None, None, "error", "template", str(error).split(": ", 1)[-1]))
        except jinja2.TemplateSyntaxError as error:
            findings.append(Finding(shown, error.lineno, 1, "error", "template", f"テンプレートの構文エラー: {_syntax_message(error.message)}"))
        except (OSError, UnicodeDecodeError):
            findings.append(Finding(shown, None, None, "error", "template", "テンプレートを UTF-8 のテキストとして読めません"))
    return findings


def listing(root: Path | None) -> list[tuple[str, Path, str]]:
    """(name, file in effect, 'casebook' or '組み込み') for every template."""
    seen: dict[str, tuple[Path, str]] = {}
    builtin = builtin_dir().resolve()
    for folder in search_path(root):
        origin = "組み込み" if folder.resolve() == builtin else "casebook"
        for path in sorted(folder.glob("*.j2")):
            seen.setdefault(path.name, (path, origin))
    return [(name, path, origin) for name, (path, origin) in sorted(seen.items())]
