"""Reading text files from the wild: encodings, byte-order marks and CSV line numbers.

Spreadsheet programs save CSV as UTF-8 with a BOM, or (Japanese Excel) as Shift_JIS/cp932. Every
reader goes through :func:`decode` and :func:`read_csv_frame` so that all of them accept the same
files and report the same problems, with the physical line number of each record.
"""

from __future__ import annotations

import codecs
import csv
import io
from pathlib import Path

import polars as pl

from localsdg.core.formats.limits import (
    MAX_CELL_CHARS,
    MAX_DATA_FILE_BYTES,
    MAX_HEADER_CHARS,
    QUOTE_CHARS,
    quoted,
)
from localsdg.core.formats.model import Problem

__all__ = ["decode", "read_csv_frame", "LINE"]

LINE = "__line__"
_FALLBACKS = ("cp932",)  # tried in order when the bytes are not UTF-8


def decode(data: bytes, name: str) -> tuple[str | None, list[Problem]]:
    """Decode bytes as UTF-8 (BOM stripped silently), UTF-16 with a BOM, or cp932 (warning)."""
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), []
        except UnicodeDecodeError as error:
            return None, [_undecodable(data, name, error)]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as error:
        first = error
    for encoding in _FALLBACKS:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        message = (
            f"the file is not UTF-8; it was read as {encoding} (Shift_JIS as saved by Japanese "
            "Excel). Save it as UTF-8 to avoid this warning"
        )
        return text, [Problem("warning", message, name, code="encoding")]
    return None, [_undecodable(data, name, first)]


def _undecodable(data: bytes, name: str, error: UnicodeDecodeError) -> Problem:
    line = data[: error.start].count(b"\n") + 1
    message = (
        f"the file cannot be decoded (not UTF-8, UTF-16 or Shift_JIS/cp932): byte offset "
        f"{error.start} ({data[error.start : error.start + 1]!r}); save it as UTF-8"
    )
    return Problem("error", message, name, line=line, code="encoding")


def read_csv_frame(path: Path, name: str) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Read a CSV file as text columns plus a ``__line__`` column; blank lines are dropped.

    Lines may end in LF, CRLF or a bare CR (old Mac files), mixed in one file. Blank lines before
    the header are skipped. Header names are trimmed; a column without a name is dropped when it
    holds no values and is an error when it does; a repeated name is an error. Returns None (and
    an error) when the file cannot be read at all.
    """
    data, problems = _read_bytes(path, name)
    if data is None:
        return None, problems
    text, more = decode(data, name)
    problems += more
    if text is None:
        return None, problems
    text, offset = _normalised_lines(text)
    header, more = _check_header(text, name, offset)
    problems += more
    if header is None:
        return None, problems
    try:
        frame = pl.read_csv(text.encode("utf-8"), infer_schema=False, has_header=True)
    except pl.exceptions.PolarsError as error:
        problems.append(_unreadable(text, name, str(error), offset))
        return None, problems
    lines = _record_lines(text, frame.height) + offset
    if frame.width != len(header):  # polars and csv disagree on the header: keep polars' names
        header = [c.replace('""', '"').strip() for c in frame.columns]
    frame.columns = [f"{i}\x00{h}" for i, h in enumerate(header)]
    frame = frame.with_columns(pl.Series(LINE, lines, pl.Int64))
    named, more = _named_columns(frame, header, name)
    problems += more
    if named is None:
        return None, problems
    frame = named
    cells = [c for c in frame.columns if c != LINE]
    if cells:
        frame = frame.filter(~pl.all_horizontal(pl.col(cells).is_null()))
    problems += _long_cells(frame, name)
    if any(p.level == "error" for p in problems):
        return None, problems
    if frame.is_empty():
        message = "the file has a header row but no data rows"
        problems.append(Problem("warning", message, name, code="no_rows"))
    return frame, problems


def _read_bytes(path: Path, name: str) -> tuple[bytes | None, list[Problem]]:
    """The file's bytes, refused by real size before anything is parsed."""
    try:
        size = path.stat().st_size
        if size > MAX_DATA_FILE_BYTES:
            message = (
                f"the file is {size:,} bytes; at most {MAX_DATA_FILE_BYTES:,} bytes are read "
                "(setting LOCALSDG_MAX_DATA_FILE_BYTES)"
            )
            return None, [Problem("error", message, name, code="too_large")]
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem("error", f"cannot read the file: {error.strerror}", name, code="io")]
    if not data.strip() or not data.lstrip(codecs.BOM_UTF8).strip():
        return None, [Problem("error", "the file is empty (no header row)", name, code="empty")]
    return data, []


def _normalised_lines(text: str) -> tuple[str, int]:
    """LF line ends only, and no blank lines before the header; returns the lines removed."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    body = text.lstrip(" \t\n")
    offset = text[: len(text) - len(body)].count("\n")
    return body, offset


def _check_header(text: str, name: str, offset: int) -> tuple[list[str] | None, list[Problem]]:
    """The header cells as the csv module reads them, refused when a name is too long."""
    end = text.find("\n")
    first = text if end < 0 else text[:end]
    try:
        header = [cell.strip() for cell in next(csv.reader([first]), [])]
    except csv.Error:  # a cell past the csv module's own field limit
        header = [cell.strip().strip('"') for cell in first.split(",")]
    for position, cell in enumerate(header, start=1):
        if len(cell) > MAX_HEADER_CHARS:
            message = (
                f"the name of column {position} is {len(cell):,} characters long; at most "
                f"{MAX_HEADER_CHARS} are accepted (setting LOCALSDG_MAX_HEADER_CHARS): "
                f"{quoted(cell)}"
            )
            column = cell[:QUOTE_CHARS]
            return None, [Problem("error", message, name, offset + 1, column, "too_long")]
    return header, []


def _named_columns(
    frame: pl.DataFrame, header: list[str], name: str
) -> tuple[pl.DataFrame | None, list[Problem]]:
    """Give columns their header names; drop empty unnamed ones, refuse the others."""
    problems: list[Problem] = []
    keep: dict[str, str] = {}
    seen: dict[str, int] = {}
    for position, (column, title) in enumerate(zip(frame.columns, header, strict=False), 1):
        if title == "":
            problems += _unnamed(frame, column, position, name)
        elif title in seen:
            message = f"column {title!r} appears twice (columns {seen[title]} and {position})"
            problems.append(Problem("error", message, name, 1, title, "duplicate_column"))
        else:
            seen[title] = position
            keep[column] = title
    if any(p.level == "error" for p in problems):
        return None, problems
    return frame.select(*(pl.col(c).alias(t) for c, t in keep.items()), LINE), problems


def _unnamed(frame: pl.DataFrame, column: str, position: int, name: str) -> list[Problem]:
    values = frame.filter(pl.col(column).str.strip_chars().fill_null("") != "")
    where = f"column {position}"
    if values.is_empty():
        message = f"{where} has no name and no values; it was left out"
        return [Problem("warning", message, name, 1, where, "empty_column")]
    line = values.get_column(LINE)[0]
    message = f"{where} has no name but holds values (first on line {line}); give it a name"
    return [Problem("error", message, name, 1, where, "empty_column")]


def _long_cells(frame: pl.DataFrame, name: str) -> list[Problem]:
    """One error per column whose longest cell passes MAX_CELL_CHARS (vectorised check)."""
    cells = [c for c in frame.columns if c != LINE]
    if frame.is_empty() or not cells:
        return []
    longest = frame.select(pl.col(cells).str.len_chars().max()).row(0)
    problems = []
    for column, length in zip(cells, longest, strict=True):
        if length is not None and length > MAX_CELL_CHARS:
            line = frame.filter(pl.col(column).str.len_chars() > MAX_CELL_CHARS)[LINE][0]
            message = (
                f"a cell is {length:,} characters long; at most {MAX_CELL_CHARS:,} are accepted "
                "(setting LOCALSDG_MAX_CELL_CHARS)"
            )
            problems.append(Problem("error", message, name, line, column, "too_long"))
    return problems


def _unreadable(text: str, name: str, reason: str, offset: int = 0) -> Problem:
    """Explain a CSV polars refused; only on this error path is the file scanned row by row,
    to name the first line whose number of fields differs from the header's."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    for row in rows:
        if row and len(row) != len(header):
            message = f"this row has {len(row)} fields but the header has {len(header)}"
            return Problem("error", message, name, rows.line_num + offset, code="csv")
    first = reason.strip().splitlines()[0] if reason.strip() else "unknown reason"
    return Problem("error", f"not a readable CSV file: {first[:200]}", name, code="csv")


def _record_lines(text: str, records: int) -> pl.Series:
    """Physical line of each data record, allowing for quoted line breaks inside fields.

    A line starts a record when the number of quote characters before it is even. This is a
    few vectorised passes over the lines, never a Python loop over rows.
    """
    simple = pl.int_range(2, records + 2, eager=True)
    if '"' not in text:
        return simple
    lines = pl.Series([text]).str.split("\n").explode()
    if lines.len() and lines[-1] == "":
        lines = lines.head(lines.len() - 1)
    quotes = lines.str.count_matches('"', literal=True).cast(pl.Int64)
    before = quotes.cum_sum() - quotes
    starts = (before % 2 == 0).arg_true() + 1
    if starts.len() != records + 1:
        return simple
    return starts.slice(1).cast(pl.Int64)
