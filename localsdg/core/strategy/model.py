"""What an initiatives table holds once read: one row per initiative, with its SDG mapping,
budget lines and KPIs, and every problem found on the way (sheet, row, column, reason)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from localsdg.core.formats.model import Problem

BudgetKind = Literal["initial", "supplementary", "settled"]
Status = Literal["planned", "ongoing", "completed", "stopped"]
Direction = Literal["increase", "decrease", "maintain"]
Role = Literal["primary", "secondary"]


@dataclass(frozen=True)
class GoalLink:
    number: int  # 1..17
    role: Role = "secondary"


@dataclass(frozen=True)
class TargetLink:
    code: str  # canonical SDG target code, e.g. "11.6", "1.a"
    role: Role = "secondary"


@dataclass(frozen=True)
class Budget:
    fiscal_year: int  # the year the fiscal year starts (FY2024 = April 2024 - March 2025)
    amount: Decimal  # in yen (or ``currency``), already multiplied by the unit of the header
    currency: str = "JPY"
    unit: str = ""  # the unit as published, e.g. "千円" / "thousand yen"; kept for display
    kind: BudgetKind = "initial"


@dataclass(frozen=True)
class Kpi:
    name: str
    unit: str = ""
    baseline_value: Decimal | None = None
    baseline_year: int | None = None
    target_value: Decimal | None = None
    target_year: int | None = None
    direction: Direction | None = None
    indicator: str = ""  # code of a local indicator of the organisation, when the table names one


@dataclass(frozen=True)
class InitiativeRow:
    """One initiative as the table gives it; texts per language ("ja", "en")."""

    line: int  # row number in the sheet or line in the CSV (1-based), for messages
    code: str  # as the plan numbers it, e.g. "1-2-3"; may be empty when the table has none
    name: dict[str, str]
    strategy: str = ""  # the strategy as written (number, name, or both)
    strategy_name: dict[str, str] = field(default_factory=dict)
    description: dict[str, str] = field(default_factory=dict)
    department: dict[str, str] = field(default_factory=dict)
    goals: tuple[GoalLink, ...] = ()
    targets: tuple[TargetLink, ...] = ()
    budgets: tuple[Budget, ...] = ()
    kpis: tuple[Kpi, ...] = ()
    start_year: int | None = None
    end_year: int | None = None
    status: Status | None = None
    url: str = ""


@dataclass
class InitiativeTable:
    """A read table: its rows, the problems, and how its columns were understood."""

    source: str  # file name (never a server path)
    sheet: str = ""
    header_line: int | None = None
    columns: dict[str, str] = field(default_factory=dict)  # field name -> header text as written
    rows: list[InitiativeRow] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]
