"""The in-memory form of indicator data: what every reader produces and every writer consumes.

A reader turns files into a ``DataSet``; the import workflow compares it with what is stored and
applies it as one data release; a writer turns a ``DataSet`` back into files. Keeping one form
between them is what makes import -> export -> import lossless for every format pair.

Observations are one polars frame (``OBSERVATION_SCHEMA``), so that a million rows are handled
column-wise, never row by row in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

import polars as pl

Level = Literal["error", "warning"]
OnDuplicate = Literal["error", "first", "last"]
Direction = Literal[1, -1]
LinkKind = Literal["identical", "proxy", "supplementary"]
ReportingStatus = Literal["reported", "in_progress", "exploring", "not_applicable"]

# One row per observation. Strings are never null: "" means "none" (no series label, no unit,
# the total with no disaggregation, no flags, no footnote).
OBSERVATION_SCHEMA: dict[str, pl.DataType] = {
    "indicator": pl.String(),  # canonical dashed id: "11-6-2", local ids "11-1-1-c"
    "series": pl.String(),  # series label (Open SDG "Series", SDMX SERIES); "" none
    "unit": pl.String(),  # unit of measure (Open SDG "Units", SDMX UNIT_MEASURE); "" none
    "dimensions": pl.String(),  # disaggregation key, see dimensions.py; "" = total
    "period": pl.String(),  # exactly as written: 2021, 2017-18, 2004-2013, 2021-06-10, 令和3年度
    "start_year": pl.Int32(),  # normalised first year of the period
    "end_year": pl.Int32(),  # normalised last year (= start_year for a single year or date)
    "period_kind": pl.String(),  # see periods.PERIOD_KINDS
    "value": pl.Float64(),  # null when the value is missing
    "value_text": pl.String(),  # raw text when it was a missing marker or was normalised; "" else
    "flags": pl.String(),  # observation status codes, comma-separated (E estimated, P provisional)
    "footnote": pl.String(),  # free text; "" none
    "source": pl.String(),  # file the row came from, relative to the imported path
    "line": pl.Int64(),  # 1-based line (or spreadsheet row) in that file; the header is line 1
}

# The columns that identify one observation: a series (indicator, series, unit, dimensions) at a
# period. Two rows with the same key are duplicates.
OBSERVATION_KEY = ["indicator", "series", "unit", "dimensions", "period"]
SERIES_KEY = ["indicator", "series", "unit", "dimensions"]


def empty_observations() -> pl.DataFrame:
    return pl.DataFrame(schema=OBSERVATION_SCHEMA)


# Every kind of problem a reader can report, with a short English title. The web layer shows a
# translated title per kind beside the detailed message, so this list is the one place to add
# a kind (and its translation in the web layer's catalogue).
PROBLEM_KINDS: dict[str, str] = {
    "io": "File cannot be read",
    "encoding": "Text encoding",
    "empty": "Empty file",
    "no_rows": "No data rows",
    "csv": "Malformed CSV",
    "xlsx": "Malformed Excel workbook",
    "yaml": "Malformed YAML",
    "front_matter": "Malformed front matter",
    "formula": "Formula cell",
    "missing_column": "Missing column",
    "duplicate_column": "Duplicate column",
    "unknown_code": "Unknown SDG code",
    "invalid_value": "Value is not a number",
    "missing_value": "Missing value",
    "empty_value": "Empty value",
    "normalised_value": "Number normalised",
    "invalid_period": "Period not understood",
    "period_range": "Period is a range of years",
    "duplicate_identical": "Identical duplicate rows",
    "duplicate_conflict": "Conflicting duplicate rows",
    "duplicate_dropped": "Duplicate row not kept",
    "file_ignored": "File ignored",
    "sheet_ignored": "Sheet ignored",
    "metadata_ignored": "Metadata ignored",
}


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the input, precise enough to find and fix it."""

    level: Level
    message: str  # one sentence, in English, naming what is wrong and what is expected
    file: str = ""
    line: int | None = None
    column: str = ""
    code: str = ""  # machine-readable kind, one of PROBLEM_KINDS
    indicator: str = ""

    def __post_init__(self) -> None:
        if self.code not in PROBLEM_KINDS:
            raise ValueError(f"unknown problem kind {self.code!r}: add it to PROBLEM_KINDS")

    def location(self) -> str:
        parts = [self.file or "(input)"]
        if self.line is not None:
            parts.append(f"line {self.line}")
        if self.column:
            parts.append(f"column {self.column}")
        return ", ".join(parts)

    def __str__(self) -> str:
        return f"{self.location()}: {self.message}"


@dataclass
class TargetSpec:
    """A local target for one series (or the headline when all keys are empty)."""

    value: float
    year: int
    series: str = ""
    unit: str = ""
    dimensions: str = ""
    baseline_year: int | None = None
    baseline_value: float | None = None


@dataclass
class IndicatorMeta:
    """Everything about an indicator except its observations."""

    code: str  # canonical dashed id
    names: dict[str, str] = field(default_factory=dict)  # {language: name}
    unit: str = ""
    direction: Direction | None = None  # 1 higher is better, -1 lower is better
    limit: float | None = None  # natural limit (e.g. 100 for a percentage)
    decimals: int | None = None
    reporting_status: ReportingStatus | None = None
    links: list[tuple[str, LinkKind]] = field(default_factory=list)  # (global dashed code, kind)
    source_organisation: dict[str, str] = field(default_factory=dict)
    source_url: str = ""
    department: dict[str, str] = field(default_factory=dict)
    dimensions: list[str] = field(default_factory=list)  # disaggregation names, in file order
    metadata: dict[str, dict[str, str]] = field(default_factory=dict)  # {lang: {concept: text}}
    targets: list[TargetSpec] = field(default_factory=list)


@dataclass
class DataSet:
    observations: pl.DataFrame = field(default_factory=empty_observations)
    indicators: dict[str, IndicatorMeta] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    placeholders: list[str] = field(default_factory=list)  # files recognised as placeholders
    # Rows dropped as duplicates under --on-duplicate first|last, same schema as observations,
    # kept so the data release can record them and nothing is lost.
    dropped_duplicates: pl.DataFrame = field(default_factory=empty_observations)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "warning"]

    @property
    def ok(self) -> bool:
        return not self.errors
