"""Templates: built-in ones ship with the package; a casebook's own templates/ folder overrides them by name.

Templates run in Jinja's sandbox with StrictUndefined, so a typo is an error
naming the template and line, and a template cannot reach Python internals.
"""

from __future__ import annotations

import re
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

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
    """A table cell in GitHub Markdown: pipes escaped, line breaks as <br>."""
    import markupsafe

    return "<br>".join(str(markupsafe.escape(line)).replace("|", "\\|") for line in str(text).split("\n"))


def nl2br(text: Any) -> Any:
    import markupsafe

    return markupsafe.Markup("<br>").join(markupsafe.escape(line) for line in str(text).split("\n"))


def period_label(value: Any) -> str:
    from casebook.periods import Period, parse_period

    return value.label if isinstance(value, Period) else parse_period(str(value)).label


def bullets(items: list[Any]) -> str:
    from casebook.report import text_cell

    return text_cell(items)


_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|])")
_MD_LEADING_MARK = re.compile(r"^(\s*)([#+-])(?=\s|$)", re.M)
_MD_LEADING_NUMBER = re.compile(r"^(\s*)(\d+)([.)])(?=\s|$)", re.M)


def md_escape(text: Any) -> str:
    """Case text made inert inside Markdown: no emphasis, links, HTML, headings or lists by accident."""
    escaped = _MD_SPECIAL.sub(r"\\\1", str(text))
    escaped = _MD_LEADING_MARK.sub(r"\1\\\2", escaped)
    return _MD_LEADING_NUMBER.sub(r"\1\2\\\3", escaped)


def yaml_scalar(value: Any) -> str:
    """A value for a YAML file: a JSON string is a valid YAML double-quoted scalar, so any text is safe."""
    import json

    return "null" if value is None else json.dumps(value, ensure_ascii=False)


FILTERS = {
    "md": md_escape,
    "yaml": yaml_scalar,
    "wareki": wareki,
    "number": number,
    "md_cell": md_cell,
    "nl2br": nl2br,
    "period_label": period_label,
    "bullets": bullets,
}


@lru_cache(maxsize=16)
def environment(root: Path | None, autoescape: bool = False) -> Any:
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    env = SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(root)]),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
    )
    env.filters.update(FILTERS)
    return env


def render(root: Path | None, name: str, **values: Any) -> str:
    """Render a template by name; errors name the template file and line."""
    import jinja2

    env = environment(root, autoescape=name.endswith((".html.j2", ".htm.j2")))
    try:
        return env.get_template(name).render(**values)
    except jinja2.TemplateSyntaxError as error:
        raise TemplateError(f"{error.filename or name}:{error.lineno}: テンプレートの構文エラー: {error.message}") from None
    except jinja2.UndefinedError as error:
        raise TemplateError(f"{_template_place(error, name)}: テンプレートの変数が未定義です（{error.message}）") from None
    except jinja2.exceptions.SecurityError as error:
        raise TemplateError(f"{_template_place(error, name)}: テンプレートから使えない操作です（{error}）") from None
    except jinja2.TemplateNotFound as error:
        raise TemplateError(f"テンプレート「{error.name}」が見つかりません（{', '.join(str(p) for p in search_path(root))}）") from None


def _template_place(error: Exception, name: str) -> str:
    """file:line of the template frame in the traceback of a render error."""
    import traceback

    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        if frame.filename.endswith(".j2"):
            return f"{frame.filename}:{frame.lineno}"
    return name


class TemplateError(Exception):
    """A template that cannot be rendered, with the template file and line in the message."""


def listing(root: Path | None) -> list[tuple[str, Path, str]]:
    """(name, file in effect, 'casebook' or '組み込み') for every template."""
    seen: dict[str, tuple[Path, str]] = {}
    builtin = builtin_dir().resolve()
    for folder in search_path(root):
        origin = "組み込み" if folder.resolve() == builtin else "casebook"
        for path in sorted(folder.glob("*.j2")):
            seen.setdefault(path.name, (path, origin))
    return [(name, path, origin) for name, (path, origin) in sorted(seen.items())]
