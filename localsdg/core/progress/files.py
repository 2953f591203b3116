"""Progress assessment on tidy CSV files, without a database: ``localsdg assess``.

Values file — one row per observation::

    entity,indicator,series,year,value
    tokyo,11-6-2,,2017-18,12.5

``series`` may be absent or empty (the headline series); ``year`` is a period as written
(``2021``, ``2017-18``, ``FY2021``, ``令和3年度``), normalised to its start year.

Spec file — one row per indicator (series "") or series::

    indicator,series,goal,direction,base_year,target,target_year,limit,best,worst,green,red,in_index

``indicator`` and ``direction`` (1 higher is better, -1 lower is better) are required; the other
columns are read when present (a method may require some, e.g. ``target`` for escap).

Every problem found is reported as a :class:`Problem` with file, line and column, and nothing is
assessed unless the input is clean. Results are written as one CSV row per result.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

import polars as pl

from localsdg.core.formats.model import Problem
from localsdg.core.periods import normalise_digits, parse_periods
from localsdg.core.progress import get_method
from localsdg.core.progress.base import SPEC_SCHEMA, VALUES_SCHEMA, Method, Options

__all__ = [
    "FileAssessment",
    "assess_files",
    "read_spec",
    "read_values",
    "summary",
    "write_results",
]

VALUES_REQUIRED: Final = ("entity", "indicator", "year", "value")
SPEC_REQUIRED: Final = ("indicator", "direction")
SPEC_NUMBERS: Final = ("target", "limit", "best", "worst", "green", "red")
SPEC_YEARS: Final = ("base_year", "target_year")
TRUE_TEXT: Final = {"1": True, "0": False}
FIRST_COLUMNS: Final = ("level", "entity", "indicator", "series", "goal", "method", "status")
LAST_COLUMNS: Final = ("explanation_en", "explanation_ja")


@dataclass
class FileAssessment:
    """The results of one run, or the problems that stopped it."""

    results: pl.DataFrame | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.level == "error"]

    @property
    def ok(self) -> bool:
        return not self.errors and self.results is not None


def _error(
    path: Path, message: str, code: str, line: int | None = None, column: str = ""
) -> Problem:
    return Problem("error", message, file=str(path), line=line, column=column, code=code)


def _read_table(path: Path, required: Sequence[str]) -> tuple[pl.DataFrame | None, list[Problem]]:
    """All cells as stripped text plus a ``_line`` column; problems with the file or header."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [_error(path, f"cannot read the file: {exc.strerror or exc}", "io")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return None, [
            _error(path, f"not UTF-8 text (byte {exc.start}); save the file as UTF-8", "encoding")
        ]
    if not text.strip():
        return None, [_error(path, "the file is empty", "empty")]
    try:
        rows = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        return None, [_error(path, f"malformed CSV: {exc}", "csv")]
    header = [name.strip() for name in rows[0]]
    problems: list[Problem] = []
    seen: set[str] = set()
    for name in header:
        if name in seen and name:
            problems.append(
                _error(path, f"column {name!r} appears twice", "duplicate_column", 1, name)
            )
        seen.add(name)
    for name in required:
        if name not in header:
            problems.append(
                _error(
                    path,
                    f"missing column {name!r} (the header has: {', '.join(header)})",
                    "missing_column",
                    1,
                    name,
                )
            )
    if problems:
        return None, problems
    data: dict[str, list[str]] = {name: [] for name in header}
    lines: list[int] = []
    for number, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) > len(header):
            problems.append(
                _error(path, f"{len(row)} cells but the header has {len(header)}", "csv", number)
            )
            continue
        cells = [cell.strip() for cell in row] + [""] * (len(header) - len(row))
        for name, cell in zip(header, cells, strict=True):
            data[name].append(cell)
        lines.append(number)
    if not lines and not problems:
        problems.append(_error(path, "no data rows below the header", "no_rows"))
    frame = pl.DataFrame(data, schema=dict.fromkeys(header, pl.String)).with_columns(
        _line=pl.Series(lines, dtype=pl.Int64)
    )
    return frame, problems


def _numbers(text: pl.Expr) -> pl.Expr:
    """Text to float; empty and non-numeric text become null, non-finite numbers too."""
    number = normalise_digits(text).str.strip_chars().cast(pl.Float64, strict=False)
    return pl.when(number.is_finite()).then(number)


def _problems_where(
    frame: pl.DataFrame, bad: pl.Expr, path: Path, column: str, code: str, message: pl.Expr
) -> list[Problem]:
    hits = frame.filter(bad).select("_line", _m=message)
    return [_error(path, text, code, line, column) for line, text in hits.iter_rows()]


def read_values(path: Path) -> tuple[pl.DataFrame, list[Problem]]:
    """Observations in VALUES_SCHEMA (plus ``_line``), and every problem found."""
    empty = pl.DataFrame(schema=VALUES_SCHEMA | {"_line": pl.Int64()})
    table, problems = _read_table(path, VALUES_REQUIRED)
    if table is None:
        return empty, problems
    if "series" not in table.columns:
        table = table.with_columns(series=pl.lit(""))
    c = pl.col
    periods = parse_periods(table["year"])
    table = table.with_columns(
        _year=periods["start_year"].cast(pl.Float64),
        _kind=periods["period_kind"],
        _value=_numbers(c("value")),
    )
    for column in ("entity", "indicator"):
        problems += _problems_where(
            table, c(column) == "", path, column, "empty_value",
            pl.lit(f"the {column} is empty"),
        )  # fmt: skip
    problems += _problems_where(
        table, c("_year").is_null(), path, "year", "invalid_period",
        pl.format("{} is not a year or period (e.g. 2021, 2017-18, FY2021)",
                  c("year").map_elements(repr, return_dtype=pl.String)),
    )  # fmt: skip
    problems += _problems_where(
        table, (c("value") != "") & c("_value").is_null(), path, "value", "invalid_value",
        pl.format("value {} is not a number",
                  c("value").map_elements(repr, return_dtype=pl.String)),
    )  # fmt: skip
    problems += [
        Problem("warning", p.message, p.file, p.line, p.column, "missing_value")
        for p in _problems_where(
            table, c("value") == "", path, "value", "missing_value",
            pl.lit("empty value: the row is skipped"),
        )
    ]  # fmt: skip
    problems += [
        Problem("warning", p.message, p.file, p.line, p.column, "period_range")
        for p in _problems_where(
            table, c("_kind") == "range", path, "year", "period_range",
            pl.format("{} is a range of years: it counts as its first year",
                      c("year").map_elements(repr, return_dtype=pl.String)),
        )
    ]  # fmt: skip
    key = ["entity", "indicator", "series", "_year"]
    keyed = table.filter(c("_year").is_not_null()).with_columns(
        _first=c("_line").min().over(key), _first_value=c("value").first().over(key)
    )
    dupes = keyed.filter(c("_line") != c("_first"))
    for row in dupes.iter_rows(named=True):
        same = row["value"] == row["_first_value"]
        problems.append(
            _error(
                path,
                f"duplicate year {row['_year']:g} for entity {row['entity']!r}, indicator "
                f"{row['indicator']!r}, series {row['series']!r} (first on line {row['_first']})"
                + (" with the same value" if same else " with a different value"),
                "duplicate_identical" if same else "duplicate_conflict",
                row["_line"],
                "year",
            )
        )
    values = table.filter(c("value") != "").select(
        entity="entity",
        indicator="indicator",
        series="series",
        year="_year",
        value="_value",
        _line="_line",
    )
    return values, sorted(problems, key=lambda p: (p.line or 0, p.column))


def read_spec(path: Path, required: Sequence[str] = ()) -> tuple[pl.DataFrame, list[Problem]]:
    """The spec in SPEC_SCHEMA (absent columns null), and every problem found."""
    empty = pl.DataFrame(schema=SPEC_SCHEMA)
    table, problems = _read_table(
        path, [*SPEC_REQUIRED, *(r for r in required if r not in SPEC_REQUIRED)]
    )
    if table is None:
        return empty, problems
    c = pl.col
    if "series" not in table.columns:
        table = table.with_columns(series=pl.lit(""))
    present = set(table.columns)

    def quoted(name: str) -> pl.Expr:
        return c(name).map_elements(repr, return_dtype=pl.String)

    problems += _problems_where(
        table, c("indicator") == "", path, "indicator", "empty_value",
        pl.lit("the indicator is empty"),
    )  # fmt: skip
    direction = normalise_digits(c("direction")).str.strip_prefix("+")
    problems += _problems_where(
        table, ~direction.is_in(["1", "-1"]), path, "direction", "invalid_value",
        pl.format("direction {} must be 1 (higher is better) or -1 (lower is better)",
                  quoted("direction")),
    )  # fmt: skip
    columns: dict[str, pl.Expr] = {
        "indicator": c("indicator"),
        "series": c("series"),
        "direction": direction.cast(pl.Int8, strict=False),
    }
    if "goal" in present:
        goal = _numbers(c("goal"))
        bad = (c("goal") != "") & (
            goal.is_null() | (goal != goal.floor()) | ~goal.is_between(1, 17)
        )
        problems += _problems_where(
            table, bad, path, "goal", "invalid_value",
            pl.format("goal {} must be a whole number from 1 to 17", quoted("goal")),
        )  # fmt: skip
        columns["goal"] = goal.cast(pl.Int32, strict=False)
    for name in SPEC_NUMBERS:
        if name in present:
            problems += _problems_where(
                table, (c(name) != "") & _numbers(c(name)).is_null(), path, name, "invalid_value",
                pl.format(f"{name} {{}} is not a number", quoted(name)),
            )  # fmt: skip
            columns[name] = _numbers(c(name))
    for name in SPEC_YEARS:
        if name in present:
            years = parse_periods(table[name])["start_year"].cast(pl.Float64)
            table = table.with_columns(years.alias(f"_{name}"))
            problems += _problems_where(
                table, (c(name) != "") & c(f"_{name}").is_null(), path, name, "invalid_period",
                pl.format(f"{name} {{}} is not a year", quoted(name)),
            )  # fmt: skip
            columns[name] = c(f"_{name}")
    if "in_index" in present:
        flag = c("in_index").str.to_lowercase()
        problems += _problems_where(
            table, (flag != "") & ~flag.is_in(list(TRUE_TEXT)), path, "in_index", "invalid_value",
            pl.format("in_index {} must be 1 or 0", quoted("in_index")),
        )  # fmt: skip
        columns["in_index"] = flag.replace_strict(TRUE_TEXT, default=None, return_dtype=pl.Boolean)
    keyed = table.with_columns(_first=c("_line").min().over("indicator", "series"))
    for row in keyed.filter(c("_line") != c("_first")).iter_rows(named=True):
        problems.append(
            _error(
                path,
                f"a second row for indicator {row['indicator']!r}, series {row['series']!r} "
                f"(first on line {row['_first']})",
                "duplicate_conflict",
                row["_line"],
                "indicator",
            )
        )
    spec = table.select(**columns).select(
        (pl.col(name) if name in columns else pl.lit(None)).cast(dtype).alias(name)
        for name, dtype in SPEC_SCHEMA.items()
    )
    return spec, sorted(problems, key=lambda p: (p.line or 0, p.column))


def assess_files(
    method_name: str, values_path: Path, spec_path: Path | None, options: Options
) -> FileAssessment:
    """Read, validate and assess; unknown method names raise MethodError (listing known ones)."""
    method: Method = get_method(method_name)
    required: tuple[str, ...] = tuple(getattr(method, "spec_columns", ()))
    values, problems = read_values(values_path)
    if spec_path is not None:
        spec, spec_problems = read_spec(spec_path, required)
        problems += spec_problems
    else:
        spec = pl.DataFrame(schema=SPEC_SCHEMA)
        if required:
            problems.append(
                Problem(
                    "error",
                    f"the {method.name} method needs a spec file (--spec) with the column(s) "
                    f"{', '.join(required)}",
                    code="missing_column",
                    column=required[0],
                )
            )
    run = FileAssessment(problems=problems)
    if run.errors:
        return run
    run.results = method.assess(values.drop("_line"), spec, options)
    return run


def _ordered(results: pl.DataFrame) -> pl.DataFrame:
    first = [name for name in FIRST_COLUMNS if name in results.columns]
    last = [name for name in LAST_COLUMNS if name in results.columns]
    middle = [name for name in results.columns if name not in first and name not in last]
    years = {
        name: pl.col(name).round(0).cast(pl.Int64, strict=False)
        for name in middle
        if name.endswith("_year") and results.schema[name].is_float()
    }
    return results.select(*first, *middle, *last).with_columns(**years)


def write_results(results: pl.DataFrame, path: Path) -> None:
    """One CSV row per result: level, entity, indicator, series, goal, method, status, the
    method's outputs and the two explanations. Written whole or not at all."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    _ordered(results).write_csv(partial)
    partial.replace(path)


def summary(results: pl.DataFrame) -> list[tuple[str, str, int]]:
    """(level, status, count) rows, levels in series/indicator/goal/index order."""
    order = {"series": 0, "indicator": 1, "goal": 2, "index": 3}
    counts = results.group_by("level", "status").len()
    rows = [(str(lv), str(st or ""), int(n)) for lv, st, n in counts.iter_rows()]
    return sorted(rows, key=lambda r: (order.get(r[0], 9), r[1]))
