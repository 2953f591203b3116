"""The tidy initiatives table: one row per initiative, English header names, and nothing that
the reader would have to guess, so that reading a written table gives the same rows back.

Columns, in order (documented in ``docs/strategy-tables.md``): code, names, strategy,
department and description per language (``name_ja``, ``name_en``, ...), ``goals`` and
``targets`` as ``3;11*`` (``*`` marks a primary one), years, status, url, one column per
budget kind, fiscal year and unit (``budget_fy2024 (千円)``, amounts in that unit), and the
KPIs as numbered groups (``kpi_1``, ``kpi_1_unit``, ... ``kpi_2``, ...).
"""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime
from decimal import Context, Decimal
from typing import Final

import xlsxwriter  # type: ignore[import-untyped]

from localsdg.core.formats.xlsx_format import EARLIEST, OPTIONS
from localsdg.core.strategy.cells import parse_unit, plain_decimal
from localsdg.core.strategy.grid import float_artefact
from localsdg.core.strategy.model import Budget, BudgetKind, InitiativeRow, Kpi
from localsdg.core.strategy.rows import KIND_ORDER

__all__ = ["initiatives_csv", "initiatives_xlsx", "SHEET", "LANGUAGES"]

SHEET: Final = "initiatives"
LANGUAGES: Final = ("ja", "en")
_TEXTS: Final = ("name", "strategy_name", "department", "description")
_BUDGET_WORDS: Final[dict[BudgetKind, str]] = {
    "initial": "budget",
    "supplementary": "supplementary",
    "settled": "settled",
}
_KPI_PARTS: Final = (
    "", "_unit", "_baseline", "_baseline_year", "_target", "_target_year", "_direction",
    "_indicator",
)  # fmt: skip

_EXACT_DIGITS: Final = 15
_EXACT_PLACES: Final = 9

_EXACT: Final = Context(prec=80)

Cell = str | int | Decimal
BudgetKey = tuple[int, int, str, str, BudgetKind]  # year, kind order, unit, currency, kind


def _budget_key(budget: Budget) -> BudgetKey:
    kind = budget.kind
    return budget.fiscal_year, KIND_ORDER[kind], budget.unit, budget.currency, kind


def _budget_header(key: BudgetKey) -> str:
    year, _order, unit, currency, kind = key
    label = unit or (currency if currency != "JPY" else "")
    return f"{_BUDGET_WORDS[kind]}_fy{year}" + (f" ({label})" if label else "")


def _published(budget: Budget) -> Decimal:
    """The amount in the unit it was published in (the header names the unit)."""
    unit = parse_unit(budget.unit) if budget.unit else None
    return plain_decimal(_EXACT.divide(budget.amount, unit.multiplier)) if unit else budget.amount


def _codes(links: tuple[tuple[str, str], ...]) -> str:
    return ";".join(code + ("*" if role == "primary" else "") for code, role in links)


def _kpi_cells(kpi: Kpi | None) -> list[Cell]:
    if kpi is None:
        return [""] * len(_KPI_PARTS)
    values: list[Cell | None] = [
        kpi.name, kpi.unit, kpi.baseline_value, kpi.baseline_year, kpi.target_value,
        kpi.target_year, kpi.direction, kpi.indicator,
    ]  # fmt: skip
    return ["" if value is None else value for value in values]


def table(rows: list[InitiativeRow]) -> tuple[list[str], list[list[Cell]]]:
    """The header and the cells of the tidy table."""
    budget_keys = sorted({_budget_key(b) for row in rows for b in row.budgets})
    kpi_groups = max((len(row.kpis) for row in rows), default=0)
    header = ["code"]
    header += [f"{name}_{lang}" for name in _TEXTS[:1] for lang in LANGUAGES]
    header += ["strategy_code"]
    header += [f"{name}_{lang}" for name in _TEXTS[1:] for lang in LANGUAGES]
    header += ["goals", "targets", "start_year", "end_year", "status", "url"]
    header += [_budget_header(key) for key in budget_keys]
    header += [f"kpi_{g}{part}" for g in range(1, kpi_groups + 1) for part in _KPI_PARTS]
    body = []
    for row in rows:
        budgets = {_budget_key(b): _published(b) for b in row.budgets}
        cells: list[Cell] = [row.code]
        cells += [row.name.get(lang, "") for lang in LANGUAGES]
        cells += [row.strategy]
        cells += [getattr(row, name).get(lang, "") for name in _TEXTS[1:] for lang in LANGUAGES]
        cells += [
            _codes(tuple((str(g.number), g.role) for g in row.goals)),
            _codes(tuple((t.code, t.role) for t in row.targets)),
            "" if row.start_year is None else row.start_year,
            "" if row.end_year is None else row.end_year,
            row.status or "",
            row.url,
        ]
        cells += [budgets.get(key, "") for key in budget_keys]
        for group in range(kpi_groups):
            cells += _kpi_cells(row.kpis[group] if group < len(row.kpis) else None)
        body.append(cells)
    return header, _strategies_written(body, header.index("strategy_code"))


def _strategies_written(body: list[list[Cell]], column: int) -> list[list[Cell]]:
    """A blank strategy reads as "the same as the row above", so an initiative without one
    below one with a strategy is written as "-"."""
    above: Cell = ""
    for cells in body:
        if cells[column] == "" and above not in ("", "-"):
            cells[column] = "-"
        above = cells[column]
    return body


def _text(value: Cell) -> str:
    return format(value, "f") if isinstance(value, Decimal) else str(value)


def initiatives_csv(rows: list[InitiativeRow]) -> bytes:
    """The tidy table as CSV: UTF-8 with a byte-order mark (so Excel shows Japanese), CRLF."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    header, body = table(rows)
    writer.writerow(header)
    writer.writerows([_text(value) for value in cells] for cells in body)
    return buffer.getvalue().encode("utf-8-sig")


def _exact_number(value: Decimal) -> bool:
    """Whether a number cell gives this value back: XlsxWriter writes 16 significant digits
    of the float and fastexcel reads nine decimals, so a value with more digits than that is
    written as text."""
    _sign, digits, exponent = value.as_tuple()
    places = -exponent if isinstance(exponent, int) else _EXACT_PLACES + 1
    if len(digits) > _EXACT_DIGITS or places > _EXACT_PLACES:
        return False
    return Decimal(f"{float(value):.16G}") == value


def _decimal_text(value: Decimal) -> str:
    """A number written as text, padded to ten decimals when it has the shape the reader
    takes for a float printed with too many digits (it is the same number)."""
    text = _text(value)
    if not float_artefact(text):
        return text
    return text + "0" * (10 - len(text.partition(".")[2]))


def initiatives_xlsx(rows: list[InitiativeRow], created: datetime | None = None) -> bytes:
    """The tidy table as one sheet ``initiatives``; the same rows and date give the same bytes.

    Years and amounts are number cells (an amount with more digits than a spreadsheet number
    keeps is written as text); everything else is text, never a formula.
    """
    buffer = io.BytesIO()
    header, body = table(rows)
    with xlsxwriter.Workbook(buffer, OPTIONS) as workbook:
        stamp = max(created.astimezone(UTC), EARLIEST) if created else EARLIEST
        workbook.set_properties({"created": stamp})
        sheet = workbook.add_worksheet(SHEET)
        sheet.write_row(0, 0, header)
        sheet.freeze_panes(1, 0)
        for number, cells in enumerate(body, start=1):
            for position, value in enumerate(cells):
                if isinstance(value, int) or (isinstance(value, Decimal) and _exact_number(value)):
                    sheet.write_number(number, position, value)
                elif isinstance(value, Decimal):
                    sheet.write_string(number, position, _decimal_text(value))
                elif value != "":
                    sheet.write_string(number, position, value)
    return buffer.getvalue()
