"""Tables as rows of cell texts with the line number staff see, from CSV files and workbooks.

An initiatives table is not tidy: its header may be on row 5 under a title, so it is read as a
grid of texts first and understood afterwards. CSV files are decoded like every other reader's
(UTF-8 with or without a BOM, UTF-16 with a BOM, Shift_JIS/cp932) and may end lines in LF, CRLF
or CR. Workbooks are read with fastexcel, every value as text; the row numbers are the ones
Excel shows. Size limits are checked before anything is parsed.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import fastexcel
import polars as pl

from localsdg.core.formats.limits import MAX_DATA_FILE_BYTES
from localsdg.core.formats.model import Problem
from localsdg.core.formats.textio import decode
from localsdg.core.formats.xlsx_format import formula_cells

__all__ = [
    "SHEET_ERRORS",
    "float_artefact",
    "Grid",
    "Row",
    "Workbook",
    "csv_grid",
    "open_workbook",
    "is_workbook",
]

Row = tuple[int, list[str]]
# What reading a broken sheet raises (fastexcel's own errors, or its data refused by polars).
SHEET_ERRORS = (fastexcel.FastExcelError, pl.exceptions.PolarsError, ValueError, RuntimeError)
_CELL = re.compile(r"([A-Z]+)([0-9]+)")
# fastexcel gives a number cell's value with at most nine decimals: 17285162.7 arrives as
# 17285162.699999999, more digits than a double holds. Such a text is read as the shortest
# writing of the same double.
_DECIMAL_TEXT = re.compile(r"-?([0-9]+)\.([0-9]{1,9})")
_DOUBLE_DIGITS = 15


def float_artefact(text: str) -> bool:
    """Whether a text has the shape of a float printed with more digits than it holds."""
    match = _DECIMAL_TEXT.fullmatch(text)
    if match is None:
        return False
    return len((match.group(1) + match.group(2)).lstrip("0")) > _DOUBLE_DIGITS


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    text = str(value).strip()
    if len(text) > _DOUBLE_DIGITS and float_artefact(text):
        shortest = repr(float(text))
        return shortest if "e" not in shortest else text
    return text


@dataclass
class Grid:
    """The non-blank rows of one CSV file or sheet; ``file`` is how problems name it."""

    file: str
    sheet: str = ""
    rows: list[Row] = field(default_factory=list)
    # (sheet row, column position in the rows, cell reference) of every formula cell
    formulas: list[tuple[int, int, str]] = field(default_factory=list)


def is_workbook(path: Path, name: str) -> bool:
    """A workbook by its name, or by its first bytes (a zip file) when the name says nothing."""
    for suffix in (Path(name).suffix.lower(), path.suffix.lower()):
        if suffix in {".xlsx", ".xlsm"}:
            return True
        if suffix in {".csv", ".txt", ".tsv"}:
            return False
    try:
        with path.open("rb") as handle:
            return handle.read(4) == b"PK\x03\x04"
    except OSError:
        return False


def _too_large(size: int, name: str, what: str = "the file is") -> Problem:
    message = (
        f"{what} {size:,} bytes; at most {MAX_DATA_FILE_BYTES:,} bytes are read "
        "(setting LOCALSDG_MAX_DATA_FILE_BYTES)"
    )
    return Problem("error", message, name, code="too_large")


def _read_bytes(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    try:
        size = path.stat().st_size
        if size > MAX_DATA_FILE_BYTES:
            return None, [_too_large(size, name)]
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem("error", f"cannot read the file: {error.strerror}", name, code="io")]
    if not data.lstrip(codecs.BOM_UTF8).strip():
        return None, [Problem("error", "the file is empty", name, code="empty")]
    return data, []


def _delimiter(text: str, name: str) -> str:
    """Tab for .tsv files and for text whose first lines hold more tabs than commas."""
    if name.lower().endswith(".tsv"):
        return "\t"
    head = text[:20_000]
    return "\t" if head.count("\t") > head.count(",") else ","


def csv_grid(path: Path, name: str) -> tuple[Grid | None, list[Problem]]:
    """A CSV file's non-blank records, each with the physical line it starts on."""
    data, problems = _read_bytes(path, name)
    if data is None:
        return None, problems
    text, more = decode(data, name)
    problems += more
    if text is None:
        return None, problems
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    grid = Grid(name)
    reader = csv.reader(io.StringIO(text), delimiter=_delimiter(text, name))
    line = 1
    try:
        for record in reader:
            cells = [cell.strip() for cell in record]
            if any(cells):
                grid.rows.append((line, cells))
            line = reader.line_num + 1
    except csv.Error as error:
        message = f"not a readable CSV file: {str(error)[:200]}"
        problems.append(Problem("error", message, name, reader.line_num or line, code="csv"))
        return None, problems
    return grid, problems


@dataclass
class Workbook:
    """An open workbook: its sheet names and how to read each one."""

    name: str
    reader: Any
    sheets: list[str]
    formulas: dict[str, list[str]]

    def grid(self, sheet: str, rows: int | None = None) -> Grid:
        """The sheet's non-blank rows (the first ``rows`` sheet rows only, when given)."""
        loaded = self.reader.load_sheet(
            sheet, header_row=None, skip_rows=0, n_rows=rows, dtypes="string"
        )
        positions = {c.absolute_index: c.index for c in loaded.available_columns()}
        grid = Grid(f"{self.name} [{sheet}]", sheet)
        for number, values in enumerate(loaded.to_polars().rows(), start=1):
            cells = [_cell_text(value) for value in values]
            if any(cells):
                grid.rows.append((number, cells))
        for reference in self.formulas.get(sheet, []):
            match = _CELL.fullmatch(reference)
            if match and (column := _column_index(match.group(1))) in positions:
                grid.formulas.append((int(match.group(2)), positions[column], reference))
        return grid


def _column_index(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - ord("A") + 1
    return index - 1


def open_workbook(path: Path, name: str) -> tuple[Workbook | None, list[Problem]]:
    """Open an .xlsx workbook, refused when it (or what it unpacks to) is too large."""
    try:
        size = path.stat().st_size
        if size > MAX_DATA_FILE_BYTES:
            return None, [_too_large(size, name)]
        with zipfile.ZipFile(path) as archive:
            unpacked = sum(member.file_size for member in archive.infolist())
        if unpacked > MAX_DATA_FILE_BYTES:
            return None, [_too_large(unpacked, name, "the workbook unpacks to")]
        formulas = formula_cells(path)
        reader = fastexcel.read_excel(str(path))
        sheets = list(reader.sheet_names)
    except OSError as error:
        return None, [Problem("error", f"cannot read the file: {error.strerror}", name, code="io")]
    except (zipfile.BadZipFile, KeyError, ValueError, RuntimeError, fastexcel.FastExcelError) as e:
        reason = str(e).splitlines()[0] if str(e) else type(e).__name__
        reason = reason.replace(str(path), name)
        message = f"not a readable .xlsx workbook: {reason[:200]}"
        return None, [Problem("error", message, name, code="xlsx")]
    return Workbook(name, reader, sheets, formulas), []
