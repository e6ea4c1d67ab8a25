"""Printing documents as a clerk does (LibreOffice for xlsx and docx, Chromium for html) and reading the pages back.

Used by tests/test_visual.py (`make visual`): every document of the sample casebook is written under
out/visual/, printed to PDF, turned into PNG pages (to look at), and its PDF text read with poppler.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "out" / "visual"
FONTS = Path(__file__).resolve().parent / "fonts.conf"  # 游明朝 → Noto Serif CJK JP …, as a Windows machine has them

# The commands needed, and the Debian package that brings each (scripts/visual-tools installs them).
TOOLS = {
    "soffice": "libreoffice",
    "chromium": "chromium",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdfinfo": "poppler-utils",
}
A4 = (595.3, 841.9)  # points


def missing_tools() -> list[str]:
    missing = [name for name in TOOLS if shutil.which(name) is None]
    japanese = (
        subprocess.run(["fc-list", ":lang=ja"], capture_output=True, text=True, check=False).stdout if shutil.which("fc-list") else ""
    )
    if not japanese.strip():
        missing.append("日本語フォント（fonts-noto-cjk）")
    return missing


def _environment() -> dict[str, str]:
    return {**os.environ, "FONTCONFIG_FILE": str(FONTS), "LANG": "ja_JP.UTF-8"}


def print_html(source: Path, pdf: Path) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "chromium",
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-pdf-header-footer",  # as a clerk prints: the page's own footer (page numbers), not the browser's
                f"--user-data-dir={profile}",
                f"--print-to-pdf={pdf}",
                source.as_uri(),
            ],
            check=True,
            capture_output=True,
            env=_environment(),
            timeout=120,
        )


def print_office(sources: list[Path], folder: Path) -> None:
    """xlsx and docx to PDF with one LibreOffice run, in a profile of its own (runs in parallel do not share one)."""
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                "soffice",
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--convert-to",
                "pdf",
                "--outdir",
                str(folder),
                *map(str, sources),
            ],
            check=True,
            capture_output=True,
            env=_environment(),
            timeout=600,
        )


def pngs(pdf: Path) -> list[Path]:
    prefix = pdf.with_suffix("")
    subprocess.run(["pdftoppm", "-r", "70", "-png", str(pdf), str(prefix)], check=True, capture_output=True)
    return sorted(pdf.parent.glob(prefix.name + "-*.png"))


@dataclass(frozen=True)
class Printed:
    pdf: Path
    pages: list[str]  # the text of each page, as pdftotext reads it (content order, line breaks kept)
    sizes: list[tuple[float, float]]  # width and height of each page, in points
    images: list[Path]

    @property
    def flat_pages(self) -> list[str]:
        return [flat(page) for page in self.pages]


def read(pdf: Path) -> Printed:
    text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    pages = text.split("\f")[:-1] if text.endswith("\f") else text.split("\f")
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], check=True, capture_output=True, text=True).stdout
    sizes = [(float(w), float(h)) for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+) pts", info, re.M)]
    return Printed(pdf, pages, sizes, pngs(pdf))


def flat(text: str) -> str:
    """Text compared across the page: NFKC (the PDF may hold ～ as 〜, Ｒ as R) and no white space at all."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text).replace("〜", "~"))


def _longest_prefix_in(text: str, page: str) -> int:
    low, high = 0, len(text)
    while low < high:
        middle = (low + high + 1) // 2
        if text[:middle] in page:
            low = middle
        else:
            high = middle - 1
    return low


MIN_PIECE = 8  # characters: a part of a text found apart from the rest must be at least this long


def on_pages(text: str, pages: list[str]) -> bool:
    """Whether `text` is printed whole: in one piece, or in pieces that follow each other on the page and the
    next pages (a table row split across pages, the header row printed again between the parts; a case that
    goes on over several rows of a sheet)."""
    wanted = flat(text)
    if not wanted:
        return True
    for start in range(len(pages)):
        rest, page = wanted, start
        while page < len(pages):
            if rest in pages[page]:
                return True
            taken = _longest_prefix_in(rest, pages[page])
            if taken >= MIN_PIECE:
                rest = rest[taken:]  # the rest may follow on this page (the next row) or on the next
            elif rest is wanted:
                break  # the text does not begin on this page
            else:
                page += 1
    return False


def header_unbroken(segments: tuple[str, ...], page: str) -> bool:
    """The header printed with line breaks only between its parts (二次被害の↵有無, never 二次被害↵の有無)."""
    pattern = r"\s*".join(re.escape(unicodedata.normalize("NFKC", part)) for part in segments)
    return re.search(pattern, unicodedata.normalize("NFKC", page)) is not None
