"""Excel workbooks (.xlsx): one tidy sheet, or one sheet per indicator named by its code.

Cells are read as text by the calamine engine (fastexcel), column-wise into polars. Formula
cells are refused: a cached result may be stale and the formula's meaning is lost on export, so
the safe rule is "paste values". They are found by scanning the sheet XML for ``<f>`` elements.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import UTC, datetime
from pathlib import Path, PurePosixPath
from typing import Any

import fastexcel
import polars as pl
import xlsxwriter  # type: ignore[import-untyped]

from localsdg.core.formats.model import DataSet, OnDuplicate, Problem
from localsdg.core.formats.pipeline import check_indicator, concat_raw, finish
from localsdg.core.formats.textio import LINE
from localsdg.core.formats.tidy import indicators_from, tidy_raw, tidy_table, written_order

__all__ = ["read_xlsx", "xlsx_file", "EARLIEST", "FILE_NAME", "TIDY_SHEET"]

FILE_NAME = "observations.xlsx"
TIDY_SHEET = "data"
# Text stays text: a footnote such as "=A1" or "1e3" is written as it was read.
OPTIONS = {
    "in_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}
# The creation date of a workbook whose data has none: the zip format's first date, which
# XlsxWriter also gives the workbook's members.
EARLIEST = datetime(1980, 1, 1, tzinfo=UTC)
_SHEET = re.compile(r'<sheet\b[^>]*?name="([^"]*)"[^>]*?r:id="([^"]*)"')
_REL = re.compile(r'<Relationship\b[^>]*?Id="([^"]*)"[^>]*?Target="([^"]*)"')
_FORMULA = re.compile(r'<c\b[^>]*?r="([A-Z]+[0-9]+)"[^>]*>(?:(?!</c>).)*?<f\b', re.S)
_UNESCAPE = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&quot;": '"', "&apos;": "'"}


def _xml_text(text: str) -> str:
    for escaped, raw in _UNESCAPE.items():
        text = text.replace(escaped, raw)
    return text


def formula_cells(path: Path) -> dict[str, list[str]]:
    """{sheet name: [cell references holding a formula]}, from the workbook's XML."""
    with zipfile.ZipFile(path) as archive:
        workbook = archive.read("xl/workbook.xml").decode("utf-8")
        rels = archive.read("xl/_rels/workbook.xml.rels").decode("utf-8")
        targets = dict(_REL.findall(rels))
        result: dict[str, list[str]] = {}
        for name, rel in _SHEET.findall(workbook):
            target = targets.get(rel, "")
            member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            member = str(PurePosixPath(member))
            if member in archive.namelist():
                cells = _FORMULA.findall(archive.read(member).decode("utf-8"))
                if cells:
                    result[_xml_text(name)] = cells
        return result


def _sheet_frame(reader: Any, sheet: str) -> pl.DataFrame:
    """A sheet as text columns plus the spreadsheet row number of each record."""
    frame: pl.DataFrame = reader.load_sheet(sheet, dtypes="string").to_polars()
    frame = frame.rename({c: str(c).strip() for c in frame.columns})
    frame = frame.with_columns(pl.int_range(2, frame.height + 2, dtype=pl.Int64).alias(LINE))
    cells = [c for c in frame.columns if c != LINE]
    return frame.filter(~pl.all_horizontal(pl.col(cells).is_null())) if cells else frame


def _read_sheet(
    reader: Any, sheet: str, source: str
) -> tuple[pl.DataFrame | None, list[str], list[Problem]]:
    """A tidy sheet (with an indicator column) or a sheet named by an indicator code."""
    frame = _sheet_frame(reader, sheet)
    lowered = {c.lower() for c in frame.columns}
    where = f"sheet {sheet!r}: "
    if "indicator" in lowered:
        return tidy_raw(frame, source, None, where)
    code, reason = check_indicator(sheet)
    if reason:
        message = f"sheet {sheet!r} has no 'indicator' column and is not named by an indicator code"
        return None, [], [Problem("warning", message + "; ignored", source, code="sheet_ignored")]
    return tidy_raw(frame, source, code, where)


def read_xlsx(path: Path, *, on_duplicate: OnDuplicate = "error") -> DataSet:
    """Read an .xlsx workbook; every sheet is read, problems name the sheet and cell."""
    if not path.is_file():
        return DataSet(problems=[Problem("error", "no such file", str(path), code="io")])
    try:
        formulas = formula_cells(path)
        reader = fastexcel.read_excel(str(path))
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, ValueError) as error:
        message = (
            f"not a readable .xlsx workbook: {str(error).splitlines()[0] if str(error) else error}"
        )
        return DataSet(problems=[Problem("error", message, path.name, code="xlsx")])
    problems = _formula_problems(formulas, path.name)
    frames, order = [], []
    for sheet in reader.sheet_names:
        source = f"{path.name} [{sheet}]"
        raw, dims, more = _read_sheet(reader, sheet, source)
        problems += more
        if raw is not None:
            frames.append(raw)
            order += [d for d in dims if d not in order]
    if not frames and not problems:
        problems.append(Problem("error", "the workbook has no data sheet", path.name, code="empty"))
    observations, dropped, more = finish(concat_raw(frames), on_duplicate)
    return DataSet(observations, indicators_from(observations, order), problems + more, [], dropped)


def _formula_problems(formulas: dict[str, list[str]], name: str) -> list[Problem]:
    problems = []
    for sheet, cells in formulas.items():
        for cell in cells[:20]:
            line = int(re.sub(r"[A-Z]+", "", cell))
            message = (
                f"sheet {sheet!r}, cell {cell} holds a formula; replace formulas with their "
                "values (copy, paste values) before importing"
            )
            problems.append(Problem("error", message, f"{name} [{sheet}]", line, cell, "formula"))
    return problems


def xlsx_file(data: DataSet, created: datetime | None = None) -> bytes:
    """One sheet per indicator, named by its code (columns as in the tidy CSV).

    The workbook records ``created`` (else a fixed date, ``EARLIEST``) as its creation date,
    and XlsxWriter dates every member of an in-memory workbook alike, so the same data and
    date give the same bytes.
    """
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, OPTIONS) as workbook:
        stamp = max(created.astimezone(UTC), EARLIEST) if created else EARLIEST
        workbook.set_properties({"created": stamp})
        obs = written_order(data)
        for (code,), group in obs.group_by(["indicator"], maintain_order=True):
            sub = DataSet(group, {code: data.indicators[code]} if code in data.indicators else {})
            table = tidy_table(sub, group, indicator=False)
            sheet = workbook.add_worksheet(str(code))
            sheet.write_row(0, 0, table.columns)
            for index, column in enumerate(table.columns):
                sheet.write_column(1, index, table.get_column(column).to_list())
        if obs.is_empty():
            workbook.add_worksheet(TIDY_SHEET).write_row(0, 0, ["indicator", "period", "value"])
    return buffer.getvalue()
