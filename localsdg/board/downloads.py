"""The Board's current results as a CSV file and an Excel workbook.

Both hold the same table: one row per result, in the order the Board lists them, with every
result (not only the page shown). Column names are fixed English words, so programs can rely
on them; texts are in the page's language (with the other language's where it has none).
Goals and targets are written as ``11*;13`` (``*`` marks a primary one), as the initiatives
tables do. The bytes depend only on the data, the query, the language and the site's address:
the workbook carries a fixed creation date.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter  # type: ignore[import-untyped]

from localsdg.board.results import BoardItem
from localsdg.core.formats.xlsx_format import EARLIEST, OPTIONS

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE_NAME = "sdgs-board"
SHEET = "initiatives"
COLUMNS = (
    "id", "organisation", "organisation_name", "plan", "plan_name", "strategy", "code", "name",
    "goals", "targets", "department", "status", "start_year", "end_year",
    "budget_fiscal_year", "budget_yen", "url",
)  # fmt: skip

Cell = str | int


def links(pairs: Sequence[tuple[str, str]]) -> str:
    return ";".join(code + ("*" if role == "primary" else "") for code, role in pairs)


def cells(item: BoardItem, origin: str) -> list[Cell]:
    budget = item.budget
    return [
        item.pk,
        item.org.slug,
        item.org.name.text,
        item.plan.slug,
        item.plan.name.text,
        item.strategy,
        item.code,
        item.name.text,
        links([(str(g.tile.number), g.role) for g in item.goals]),
        links([(t.code, t.role) for t in item.targets]),
        item.department.text,
        item.status,
        item.start_year if item.start_year is not None else "",
        item.end_year if item.end_year is not None else "",
        budget.fiscal_year if budget else "",
        format(budget.amount.normalize(), "f") if budget else "",
        origin + item.url,
    ]


def board_csv(items: Sequence[BoardItem], origin: str) -> bytes:
    """UTF-8 with a byte-order mark (so Excel shows Japanese), CRLF line ends."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(cells(item, origin) for item in items)
    return buffer.getvalue().encode("utf-8-sig")


def board_xlsx(items: Sequence[BoardItem], origin: str) -> bytes:
    """One sheet; ids, years and amounts are numbers, everything else text (never a formula)."""
    buffer = io.BytesIO()
    with xlsxwriter.Workbook(buffer, OPTIONS) as workbook:
        workbook.set_properties({"created": EARLIEST})
        sheet = workbook.add_worksheet(SHEET)
        sheet.write_row(0, 0, COLUMNS)
        sheet.freeze_panes(1, 0)
        amount = COLUMNS.index("budget_yen")
        for number, item in enumerate(items, start=1):
            for position, value in enumerate(cells(item, origin)):
                if isinstance(value, int):
                    sheet.write_number(number, position, value)
                elif position == amount and value:
                    write_amount(sheet, number, position, value)
                elif value:
                    sheet.write_string(number, position, value)
    return buffer.getvalue()


def write_amount(sheet: Any, row: int, column: int, text: str) -> None:
    """An amount as a number when a spreadsheet keeps it exactly (15 digits), else as text."""
    digits = text.replace("-", "").replace(".", "")
    if len(digits) <= 15:
        sheet.write_number(row, column, float(text) if "." in text else int(text))
    else:
        sheet.write_string(row, column, text)
