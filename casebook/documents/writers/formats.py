"""Which format a document is written in: --format, or the extension of --out, and never a silent guess."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from casebook.errors import CasebookError

EXTENSIONS = {
    "md": "md",
    "markdown": "md",
    "html": "html",
    "htm": "html",
    "csv": "csv",
    "json": "json",
    "xlsx": "xlsx",
    "docx": "docx",
    "pdf": "pdf",
    "txt": "txt",
}


def output_format(chosen: str | None, out: Path | None, allowed: Sequence[str], default: str, file_only: Sequence[str] = ()) -> str:
    """The format to write: `chosen` (--format), else the extension of `out`, else `default`.

    With --out, the extension must name one of the allowed formats and agree with --format; a format in
    `file_only` (a binary one) needs --out.
    """
    if out is None:
        if chosen in file_only:
            raise CasebookError(f"{chosen} は --out でファイルを指定してください")
        return chosen or default
    names = "・".join(f".{ext}" for ext, fmt in EXTENSIONS.items() if fmt in allowed)
    suffix = out.suffix.lower().lstrip(".")
    if not suffix:
        raise CasebookError(f"--out {out} に拡張子がありません（{names} のどれかを付けてください）")
    from_suffix = EXTENSIONS.get(suffix)
    if from_suffix is None or from_suffix not in allowed:
        raise CasebookError(f"--out の拡張子「.{suffix}」では書き出せません（{names} のどれか）")
    if chosen is not None and chosen != from_suffix:
        raise CasebookError(f"--format {chosen} と --out の拡張子「.{suffix}」が合いません")
    return from_suffix
