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
    "empty_column": "Column without a name",
    "too_long": "Text too long",
    "too_large": "File too large",
    "column_ignored": "Column not read",
    "row_skipped": "Row skipped",
    "invalid_unit": "Unit not understood",
    "invalid_cell": "Value not understood",
}


MAX_MESSAGE_CHARS = 1000
MAX_COLUMN_CHARS = 100


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
        # Messages quote the input; however a reader words them, a huge cell stays out of them.
        for name, limit in (("message", MAX_MESSAGE_CHARS), ("column", MAX_COLUMN_CHARS)):
            text = getattr(self, name)
            if len(text) > limit:
                object.__setattr__(self, name, text[:limit] + "…")

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
    # (dashed code of a global indicator, a target or a goal, kind)
    links: list[tuple[str, LinkKind]] = field(default_factory=list)
    source_organisation: dict[str, str] = field(default_factory=dict)
    source_url: str = ""
    department: dict[str, str] = field(default_factory=dict)
    dimensions: list[str] = field(default_factory=list)  # disaggregation names, in file order
    metadata: dict[str, dict[str, str]] = field(default_factory=dict)  # {lang: {concept: text}}
    targets: list[TargetSpec] = field(default_factory=list)


@dataclass
class Skipped:
    """A file or an indicator left out of an import by "skip invalid", with the errors why."""

    file: str  # the file the first of these errors names; "" when it names none
    indicator: str  # the indicator left out; "" for a file that holds none of the data set's
    problems: list[Problem] = field(default_factory=list)


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

    def codes(self) -> set[str]:
        """Every indicator the data set speaks for: by metadata, observations or dropped rows."""
        found = set(self.indicators) | set(self.observations["indicator"].unique().to_list())
        return found | set(self.dropped_duplicates["indicator"].unique().to_list())

    def without_invalid(self) -> tuple[DataSet, list[Skipped]]:
        """This data set minus every indicator and file an error names, and what was left out.

        An import replaces all stored data of each indicator it carries, so an indicator is left
        out whole (rows, metadata, dropped duplicates) or not at all: half an indicator would
        delete the other half. For the same reason an error that names a file but no indicator
        (a file that cannot be read, a data file whose name is no indicator code) leaves out the
        file and every indicator it holds rows of or is named after (``data/indicator_1-2-1.csv``,
        ``meta/1-2-1.yml``, a sheet ``book.xlsx [1-2-1]``). Errors naming neither a file nor an
        indicator cannot be skipped: they stay, and the result is still not ok. Warnings stay
        unless they concern what was left out.
        """
        skipped = _skipped(self)
        codes = {s.indicator for s in skipped if s.indicator}
        files = {p.file for s in skipped for p in s.problems if p.file and not p.indicator}
        gone = pl.col("indicator").is_in(_texts(codes)) | pl.col("source").is_in(_texts(files))
        kept = DataSet(
            observations=self.observations.filter(~gone),
            indicators={k: v for k, v in self.indicators.items() if k not in codes},
            problems=[p for p in self.problems if _still_relevant(p, codes, files)],
            placeholders=list(self.placeholders),
            dropped_duplicates=self.dropped_duplicates.filter(~gone),
        )
        return kept, skipped


def _skipped(data: DataSet) -> list[Skipped]:
    """One entry per indicator left out, and one per skipped file that takes no indicator along."""
    file_errors = {p.file for p in data.errors if p.file and not p.indicator}
    held = _indicators_by_source(data, file_errors)
    codes = data.codes()
    found: dict[tuple[str, str], Skipped] = {}
    for problem in data.errors:
        if problem.indicator:
            targets = [problem.indicator]
        elif problem.file:
            taken = held.get(problem.file, set()) | _named_after(problem.file, codes)
            targets = sorted(taken) or [""]
        else:
            continue  # names neither a file nor an indicator: nothing can be left out for it
        for code in targets:
            key = (code, "" if code else problem.file)
            found.setdefault(key, Skipped(problem.file, code)).problems.append(problem)
    return list(found.values())


def _texts(values: set[str]) -> list[str]:
    return sorted(values)


def _indicators_by_source(data: DataSet, files: set[str]) -> dict[str, set[str]]:
    """{file: indicators it holds rows of}, for the given files (kept rows and dropped ones)."""
    if not files:
        return {}
    wanted = pl.col("source").is_in(_texts(files))
    pairs = pl.concat(
        [frame.filter(wanted).select("source", "indicator") for frame in
         (data.observations, data.dropped_duplicates)]
    ).unique()  # fmt: skip
    held: dict[str, set[str]] = {}
    for source, code in pairs.iter_rows():
        held.setdefault(source, set()).add(code)
    return held


def _named_after(file: str, codes: set[str]) -> set[str]:
    """The indicator a file or sheet is named after, if the data set has it.

    ``data/indicator_1-2-1.csv`` and ``meta/1-2-1.yml`` (Open SDG) name 1-2-1, and so does the
    sheet in ``book.xlsx [1.2.1]``.
    """
    if file.endswith("]") and "[" in file:
        name = file[file.rindex("[") + 1 : -1]
    else:
        name = file.replace("\\", "/").rsplit("/", 1)[-1]
        name = name.rsplit(".", 1)[0] if "." in name else name
    name = name.strip().removeprefix("indicator_")
    return {code for code in (name, name.replace(".", "-")) if code in codes}


def _still_relevant(problem: Problem, codes: set[str], files: set[str]) -> bool:
    """Whether a problem stays with the kept data: unskippable errors and unaffected warnings."""
    if problem.level == "error":
        return not problem.file and not problem.indicator
    return problem.indicator not in codes and problem.file not in files
