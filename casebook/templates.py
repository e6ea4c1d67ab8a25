"""Templates: built-in ones ship with the package; a casebook's own templates/ folder overrides them by name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

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


def environment(root: Path | None, autoescape: bool = False) -> Any:
    """A sandboxed Jinja environment in which a template typo is an error naming the template and line."""
    import jinja2
    from jinja2.sandbox import SandboxedEnvironment

    return SandboxedEnvironment(
        loader=jinja2.FileSystemLoader([str(p) for p in search_path(root)]),
        undefined=jinja2.StrictUndefined,
        autoescape=autoescape,
        keep_trailing_newline=True,
    )
