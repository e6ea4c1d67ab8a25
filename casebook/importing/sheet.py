"""A table file read into rows of cell values: xlsx through openpyxl, csv in the encodings Excel writes in Japan.

A csv is UTF-8 (with or without the BOM Excel writes) or Shift_JIS as Excel saves 「CSV（コンマ区切り）」 (cp932,
which holds the NEC and IBM extensions such as ①, ㈱ and 髙). In a workbook, a value merged over several rows is
read in each of those rows (an office merges 所属 over the rows of one 所属); merged over columns, in the first.
"""

from __future__ import annotations

import codecs
import csv
import io
import stat
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from casebook.errors import CasebookError
from casebook.safety.quoting import quote

MAX_TABLE_BYTES = 20 * 1024 * 1024  # far beyond any body's table of cases; a larger file is not one
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
CSV_SUFFIXES = (".csv", ".tsv", ".txt")


class TableUnreadable(CasebookError):
    """The file cannot be read as a table at all (nothing is written)."""

    exit_code = 1


@dataclass(frozen=True)
class Sheet:
    """The rows of one sheet: (row number, the cell values from column A), empty cells as None."""

    file: str  # as the user named it
    name: str  # the sheet's title; "" for a csv
    rows: tuple[tuple[int, tuple[Any, ...]], ...]
    encoding: str = ""  # how a csv was read, as the output says it
    others: tuple[str, ...] = ()  # the workbook's other sheets, not read (the output names them)

    def where(self, row: int, column: int | None = None) -> str:
        """「表.xlsx シート「一覧」 7行目 C列」: a place in the table, as a message names it."""
        sheet = f" シート{quote(self.name)}" if self.name else ""
        place = f"{self.file}{sheet} {row}行目"
        return place + (f" {column_letter(column)}列" if column is not None else "")


def column_letter(column: int) -> str:
    """A, B, … Z, AA: the column as a spreadsheet shows it (a csv opened in Excel too)."""
    letters = ""
    while column > 0:
        column, remainder = divmod(column - 1, 26)
        letters = chr(ord("A") + remainder) + letters
    return letters


def read_sheet(path: Path, shown: str, sheet_name: str | None = None) -> Sheet:
    suffix = path.suffix.casefold()
    try:
        info = path.stat()
    except OSError as error:
        from casebook.errors import describe_os_error

        raise TableUnreadable(f"{shown} を読めません（{describe_os_error(error)}）") from None
    if stat.S_ISDIR(info.st_mode):
        raise TableUnreadable(f"{shown} はフォルダです（取り込む表のファイルを指定してください）")
    if not stat.S_ISREG(info.st_mode):  # a FIFO or a device would be waited on for ever
        raise TableUnreadable(f"{shown} は通常のファイルではありません（取り込む表のファイルを指定してください）")
    size = info.st_size
    if size > MAX_TABLE_BYTES:
        raise TableUnreadable(f"{shown} は大きすぎます（{size:,}バイト。上限 {MAX_TABLE_BYTES:,}バイト）")
    if suffix == ".xls":
        raise TableUnreadable(f"{shown} は古い Excel 形式（.xls）です。Excel で「.xlsx」として保存し直してください")
    if suffix not in (*EXCEL_SUFFIXES, *CSV_SUFFIXES):
        raise TableUnreadable(f"{shown} は読めない形式です（.xlsx か .csv のファイルを指定してください）")
    if suffix in CSV_SUFFIXES and sheet_name is not None:
        raise TableUnreadable(f"--sheet は Excel のファイル（.xlsx）にだけ使えます（{shown} は CSV です）")
    raw = _bytes(path, shown)
    if suffix in EXCEL_SUFFIXES:
        return _workbook(raw, shown, sheet_name)
    return _csv(raw, shown, tab_separated=suffix == ".tsv")


def _bytes(path: Path, shown: str) -> bytes:
    """The file's bytes, read as a regular file with a limit: what changed since the stat above (a file swapped
    for a FIFO or a device, one that grows) is named, never waited on or read without end."""
    from casebook.reading.loader import FileTooLarge, read_bytes
    from casebook.reading.yaml12 import YamlError

    try:
        return read_bytes(path, MAX_TABLE_BYTES, refusal="取り込む表のファイルを指定してください")
    except FileTooLarge:
        raise TableUnreadable(f"{shown} は大きすぎます（上限 {MAX_TABLE_BYTES:,}バイト）") from None
    except YamlError as error:
        raise TableUnreadable(f"{shown}: {error}") from None


def _workbook(raw: bytes, shown: str, sheet_name: str | None) -> Sheet:
    from openpyxl import load_workbook

    try:
        # values as Excel last computed them; the formulas themselves only to name a formula without a saved value
        values = load_workbook(io.BytesIO(raw), data_only=True)
        formulas = load_workbook(io.BytesIO(raw), data_only=False)
    except Exception:  # a broken file fails anywhere in openpyxl, zipfile or lxml, with any exception
        raise TableUnreadable(f"{shown} を Excel のファイル（.xlsx）として読めません（壊れているか、別の形式です）") from None
    sheets = {sheet.title: sheet for sheet in values.worksheets}  # a chartsheet holds no cells
    if not sheets:
        raise TableUnreadable(f"{shown} には表のシート（ワークシート）がありません（グラフのシートだけです）")
    if sheet_name is None:
        sheet = values.worksheets[0]
    elif sheet_name in sheets:
        sheet = sheets[sheet_name]
    else:
        names = "、".join(quote(n) for n in sheets)
        raise TableUnreadable(f"{shown} にシート{quote(sheet_name)}はありません（あるシート: {names}）")
    grid = [list(row) for row in sheet.iter_rows(values_only=True)]
    formula_sheet = formulas[sheet.title]
    missing = [
        cell.coordinate
        for row in formula_sheet.iter_rows()
        for cell in row
        if cell.data_type == "f" and grid[cell.row - 1][cell.column - 1] is None
    ]
    if missing:
        raise TableUnreadable(
            f"{shown} シート{quote(sheet.title)}の {'、'.join(missing[:5])} は数式で、計算した値が保存されていません"
            "（Excel で開いて保存し直すか、値として貼り付けてください）"
        )
    for merged in sheet.merged_cells.ranges:
        value = grid[merged.min_row - 1][merged.min_col - 1]
        for row in range(merged.min_row + 1, merged.max_row + 1):
            grid[row - 1][merged.min_col - 1] = value
    rows = tuple((number, tuple(_blank(value) for value in row)) for number, row in enumerate(grid, 1))
    return Sheet(shown, sheet.title, rows, others=tuple(name for name in values.sheetnames if name != sheet.title))


def _blank(value: Any) -> Any:
    return None if isinstance(value, str) and not value.strip() else value


def decode_table(raw: bytes) -> tuple[str, str]:
    """The text of a csv and how it was read: UTF-8 with or without BOM, else cp932 (Excel's Shift_JIS)."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise CasebookError(
            "UTF-16 で保存されています（Excel の「Unicode テキスト」）。「CSV UTF-8（コンマ区切り）」で保存し直してください"
        )
    if raw.startswith(codecs.BOM_UTF8):
        try:
            return raw[len(codecs.BOM_UTF8) :].decode("utf-8"), "UTF-8（BOM付き）"
        except UnicodeDecodeError:
            raise CasebookError("UTF-8 の印（BOM）があるのに、UTF-8 として読めない文字があります") from None
    try:
        return raw.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("cp932"), "Shift_JIS（CP932）"
    except UnicodeDecodeError as error:
        line = raw[: error.start].count(b"\n") + 1
        raise CasebookError(
            f"{line}行目に UTF-8 としても Shift_JIS としても読めない文字があります（CSV UTF-8 で保存し直してください）"
        ) from None


def _csv(raw: bytes, shown: str, *, tab_separated: bool) -> Sheet:
    if b"\x00" in raw and not raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        raise TableUnreadable(f"{shown} はテキストの表ではありません（バイナリデータを含みます）")
    try:
        text, encoding = decode_table(raw)
    except CasebookError as error:
        raise TableUnreadable(f"{shown}: {error}") from None
    delimiter = "\t" if tab_separated or ("\t" in text.split("\n", 1)[0] and "," not in text.split("\n", 1)[0]) else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, tuple[Any, ...]]] = []
    try:
        for record in reader:
            rows.append((len(rows) + 1, tuple(_blank(value) or None for value in record)))  # the row Excel shows it in
    except csv.Error:
        raise TableUnreadable(f'{shown} {reader.line_num}行目を CSV として読めません（引用符 " の対応を確かめてください）') from None
    return Sheet(shown, "", tuple(rows), encoding)
