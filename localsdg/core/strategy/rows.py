"""One table row read into an initiative: each understood column's cell parsed, each cell that
cannot be read reported with its line, its column header as written, and the reason.

A :class:`Draft` is an initiative being assembled: a row below it without a name may add KPIs,
budgets or goals to it, and a row repeating its code and name is folded into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Final

from localsdg.core.formats.limits import MAX_CELL_CHARS
from localsdg.core.formats.model import Problem
from localsdg.core.strategy.cells import (
    parse_amount,
    parse_direction,
    parse_fiscal_year,
    parse_mark,
    parse_number,
    parse_period,
    parse_sdg_codes,
    parse_status,
    parse_url,
    target_order,
)
from localsdg.core.strategy.headers import LANGUAGE_FIELDS, Column
from localsdg.core.strategy.model import (
    Budget,
    BudgetKind,
    Direction,
    GoalLink,
    InitiativeRow,
    Kpi,
    Role,
    Status,
    TargetLink,
)

__all__ = ["Draft", "RowReader", "KIND_ORDER"]

KIND_ORDER: Final[dict[BudgetKind, int]] = {"initial": 0, "supplementary": 1, "settled": 2}
STRATEGY_FIELDS: Final = frozenset({"strategy_code", "strategy_name"})
# Columns a row without a name may fill to add to the initiative above it.
CONTINUATION_FIELDS: Final = frozenset(
    {"budget", "fiscal_year", "goals", "targets", "primary_goals", "primary_targets", "goal_mark"}
    | {"kpi", "kpi_unit", "kpi_baseline", "kpi_baseline_year", "kpi_target", "kpi_target_year"}
    | {"kpi_direction", "kpi_indicator"}
)
_SCALARS: Final = ("strategy", "start_year", "end_year", "status", "url")


@dataclass
class Draft:
    """An initiative being assembled from one or more rows."""

    line: int
    code: str = ""
    name: dict[str, str] = field(default_factory=dict)
    strategy: str = ""
    strategy_name: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    department: dict[str, str] = field(default_factory=dict)
    goals: dict[int, Role] = field(default_factory=dict)
    targets: dict[str, Role] = field(default_factory=dict)
    budgets: dict[tuple[int, BudgetKind], Budget] = field(default_factory=dict)
    kpis: list[Kpi] = field(default_factory=list)
    start_year: int | None = None
    end_year: int | None = None
    status: Status | None = None
    url: str = ""

    @property
    def identity(self) -> tuple[str, tuple[tuple[str, str], ...]]:
        return self.code, tuple(sorted(self.name.items()))

    def add_links(self, other: Draft) -> None:
        """Goals, targets and KPIs of another row (a role marked primary anywhere stays so)."""
        for number, role in other.goals.items():
            self.goals[number] = "primary" if role == "primary" else self.goals.get(number, role)
        for code, role in other.targets.items():
            self.targets[code] = "primary" if role == "primary" else self.targets.get(code, role)
        self.kpis += [kpi for kpi in other.kpis if kpi not in self.kpis]

    def absorb(self, other: Draft) -> list[str]:
        """Fold a later row of the same initiative in; the reasons it disagrees, if any."""
        conflicts = []
        for name in _SCALARS:
            mine, theirs = getattr(self, name), getattr(other, name)
            if mine in (None, ""):
                setattr(self, name, theirs)
            elif theirs not in (None, "") and theirs != mine:
                conflicts.append(f"{name} {theirs!r} differs from {mine!r}")
        for name in ("strategy_name", "description", "department"):
            mine_texts, their_texts = getattr(self, name), getattr(other, name)
            for lang, text in their_texts.items():
                if mine_texts.setdefault(lang, text) != text:
                    conflicts.append(f"{name} ({lang}) differs")
        for key, budget in other.budgets.items():
            if self.budgets.setdefault(key, budget) != budget:
                conflicts.append(f"a second {key[1]} budget for FY{key[0]}")
        self.add_links(other)
        return conflicts

    def row(self) -> InitiativeRow:
        order = target_order()
        return InitiativeRow(
            line=self.line,
            code=self.code,
            name=dict(self.name),
            strategy=self.strategy,
            strategy_name=dict(self.strategy_name),
            description=dict(self.description),
            department=dict(self.department),
            goals=tuple(GoalLink(n, role) for n, role in sorted(self.goals.items())),
            targets=tuple(
                TargetLink(code, role)
                for code, role in sorted(self.targets.items(), key=lambda i: order[i[0]])
            ),
            budgets=tuple(
                self.budgets[key]
                for key in sorted(self.budgets, key=lambda k: (k[0], KIND_ORDER[k[1]]))
            ),
            kpis=tuple(self.kpis),
            start_year=self.start_year,
            end_year=self.end_year,
            status=self.status,
            url=self.url,
        )


@dataclass
class _Kpi:
    """The cells of one KPI group on a row, before they make a Kpi."""

    name: str = ""
    unit: str = ""
    values: dict[str, Decimal | None] = field(default_factory=dict)
    years: dict[str, int | None] = field(default_factory=dict)
    direction: Direction | None = None
    indicator: str = ""
    first: Column | None = None


class RowReader:
    """Reads rows of one table: the columns it understood, and where problems are reported."""

    def __init__(self, columns: list[Column], file: str) -> None:
        self.columns = columns
        self.file = file
        self.width = max((c.index for c in columns), default=-1) + 1
        self.problems: list[Problem] = []
        self._long: set[int] = set()

    def cells(self, line: int, cells: list[str]) -> dict[Column, str]:
        """The non-blank cells of the understood columns (a too long cell is an error)."""
        found = {}
        for column in self.columns:
            text = cells[column.index] if column.index < len(cells) else ""
            if not text:
                continue
            if len(text) > MAX_CELL_CHARS:
                if column.index not in self._long:
                    self._long.add(column.index)
                    message = (
                        f"a cell is {len(text):,} characters long; at most {MAX_CELL_CHARS:,} "
                        "are accepted (setting LOCALSDG_MAX_CELL_CHARS)"
                    )
                    self.problem(line, column, message, "too_long")
                continue
            found[column] = text
        return found

    def problem(self, line: int, column: Column, message: str, code: str) -> None:
        self.problems.append(Problem("error", message, self.file, line, column.header, code))

    def read(self, line: int, cells: dict[Column, str]) -> Draft:
        """An initiative from one row's cells; unreadable cells are reported and left out."""
        draft = Draft(line)
        year = None
        kpis: dict[int, _Kpi] = {}
        for column, text in cells.items():
            if column.field == "fiscal_year":
                year = self._year(line, column, text)
        for column, text in cells.items():
            if column.field.startswith("kpi"):
                self._kpi_cell(line, column, text, kpis.setdefault(column.group, _Kpi()))
            elif column.field == "budget":
                self._budget(line, column, text, year, draft)
            else:
                self._cell(line, column, text, draft)
        draft.kpis = [kpi for group in sorted(kpis) if (kpi := self._make_kpi(line, kpis[group]))]
        return draft

    def _cell(self, line: int, column: Column, text: str, draft: Draft) -> None:
        name = column.field
        if name == "code":
            draft.code = text
        elif name in LANGUAGE_FIELDS:
            getattr(draft, name)[column.lang] = text
        elif name == "strategy_code":
            draft.strategy = text
        elif name in {"goals", "targets", "primary_goals", "primary_targets"}:
            self._codes(line, column, text, draft, name.startswith("primary"))
        elif name == "goal_mark":
            role, reason = parse_mark(text)
            if reason:
                self.problem(line, column, f"{reason} (goal {column.goal})", "invalid_cell")
            elif role is not None:
                draft.goals[column.goal] = role
        elif name in {"start_year", "end_year"}:
            setattr(draft, name, self._year(line, column, text))
        elif name == "period":
            start, end, reason = parse_period(text)
            if reason:
                self.problem(line, column, reason, "invalid_period")
            draft.start_year, draft.end_year = start, end
        elif name == "status":
            draft.status, reason = parse_status(text)
            self._invalid(line, column, reason)
        elif name == "url":
            draft.url, reason = parse_url(text)
            self._invalid(line, column, reason)

    def _invalid(self, line: int, column: Column, reason: str, code: str = "invalid_cell") -> None:
        if reason:
            self.problem(line, column, reason, code)

    def _year(self, line: int, column: Column, text: str) -> int | None:
        year, reason = parse_fiscal_year(text)
        if reason:
            self.problem(line, column, reason, "invalid_period")
        return year

    def _codes(self, line: int, column: Column, text: str, draft: Draft, primary: bool) -> None:
        codes = parse_sdg_codes(text)
        for reason in codes.errors:
            self.problem(line, column, reason, "unknown_code")
        for number, role in codes.goals:
            draft.goals[number] = "primary" if primary else draft.goals.get(number, role)
            draft.goals[number] = "primary" if role == "primary" else draft.goals[number]
        for code, role in codes.targets:
            draft.targets[code] = "primary" if primary else draft.targets.get(code, role)
            draft.targets[code] = "primary" if role == "primary" else draft.targets[code]

    def _budget(self, line: int, column: Column, text: str, year: int | None, draft: Draft) -> None:
        amount, unit, reason = parse_amount(text, column.unit)
        if reason:
            self.problem(line, column, reason, "invalid_value")
            return
        if amount is None:
            return
        fiscal_year = column.year or year
        if fiscal_year is None:
            message = (
                "this budget has no fiscal year: add a fiscal year column (年度) or write the "
                "year in the header (2024年度予算, FY2024)"
            )
            self.problem(line, column, message, "missing_value")
            return
        budget = Budget(fiscal_year, amount, unit.currency, unit.text, column.kind)
        key = (fiscal_year, column.kind)
        if draft.budgets.setdefault(key, budget) != budget:
            message = f"a second {column.kind} budget for FY{fiscal_year} on the same row"
            self.problem(line, column, message, "duplicate_conflict")

    def _kpi_cell(self, line: int, column: Column, text: str, kpi: _Kpi) -> None:
        kpi.first = kpi.first or column
        part = column.field
        if part == "kpi":
            kpi.name = text
        elif part == "kpi_unit":
            kpi.unit = text
        elif part in {"kpi_baseline", "kpi_target"}:
            value, suffix, reason = parse_number(text)
            self._invalid(line, column, reason, "invalid_value")
            kpi.values[part] = value
            kpi.unit = kpi.unit or suffix or column.note
            if column.year is not None:
                kpi.years.setdefault(f"{part}_year", column.year)
        elif part in {"kpi_baseline_year", "kpi_target_year"}:
            kpi.years[part] = self._year(line, column, text)
        elif part == "kpi_direction":
            kpi.direction, reason = parse_direction(text)
            self._invalid(line, column, reason)
        elif part == "kpi_indicator":
            kpi.indicator = text

    def _make_kpi(self, line: int, kpi: _Kpi) -> Kpi | None:
        if not kpi.name:
            if kpi.first is not None:
                message = "KPI values are given but the KPI has no name (KPI, 指標 column)"
                self.problem(line, kpi.first, message, "missing_value")
            return None
        return Kpi(
            name=kpi.name,
            unit=kpi.unit,
            baseline_value=kpi.values.get("kpi_baseline"),
            baseline_year=kpi.years.get("kpi_baseline_year"),
            target_value=kpi.values.get("kpi_target"),
            target_year=kpi.years.get("kpi_target_year"),
            direction=kpi.direction,
            indicator=kpi.indicator,
        )
