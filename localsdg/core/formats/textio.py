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

    Header names are trimmed. Returns None (and an error) when the file cannot be read at all.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem("error", f"cannot read the file: {error.strerror}", name, code="io")]
    if not data.strip() or not data.lstrip(codecs.BOM_UTF8).strip():
        return None, [Problem("error", "the file is empty (no header row)", name, code="empty")]
    text, problems = decode(data, name)
    if text is None:
        return None, problems
    try:
        frame = pl.read_csv(text.encode("utf-8"), infer_schema=False, has_header=True)
    except pl.exceptions.PolarsError as error:
        problems.append(_unreadable(text, name, str(error)))
        return None, problems
    # polars leaves doubled quotes of a quoted header cell as they are ("q""t" -> q""t)
    frame = frame.rename({c: c.replace('""', '"').strip() for c in frame.columns})
    frame = frame.with_columns(pl.Series(LINE, _record_lines(text, frame.height), pl.Int64))
    cells = [c for c in frame.columns if c != LINE]
    if cells:
        frame = frame.filter(~pl.all_horizontal(pl.col(cells).is_null()))
    if frame.is_empty():
        message = "the file has a header row but no data rows"
        problems.append(Problem("warning", message, name, code="no_rows"))
    return frame, problems


def _unreadable(text: str, name: str, reason: str) -> Problem:
    """Explain a CSV polars refused; only on this error path is the file scanned row by row,
    to name the first line whose number of fields differs from the header's."""
    rows = csv.reader(io.StringIO(text))
    header = next(rows, [])
    for row in rows:
        if row and len(row) != len(header):
            message = f"this row has {len(row)} fields but the header has {len(header)}"
            return Problem("error", message, name, rows.line_num, code="csv")
    first = reason.strip().splitlines()[0] if reason.strip() else "unknown reason"
    return Problem("error", f"not a readable CSV file: {first}", name, code="csv")


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
