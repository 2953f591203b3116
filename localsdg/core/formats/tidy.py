"""Shared column rules of the tidy layout, used by the CSV and Excel formats.

A tidy table has one observation per row: fixed columns (indicator, series, unit, period, value,
flags, footnote) and any other column is a disaggregation (blank = total).
"""

from __future__ import annotations

import io
from collections.abc import Callable, Sequence
from typing import Final

import polars as pl

from localsdg.core.formats.dimensions import dimension_column, dimension_names, dimensions_expr
from localsdg.core.formats.model import DataSet, IndicatorMeta, Problem
from localsdg.core.formats.pipeline import RAW_COLUMNS
from localsdg.core.formats.textio import LINE
from localsdg.core.formats.values import format_values

__all__ = [
    "FIXED",
    "csv_bytes",
    "expanded",
    "indicators_from",
    "ordered_dimensions",
    "tidy_raw",
    "tidy_table",
    "written_order",
]

# Accepted header spellings (compared case-insensitively) -> model column.
FIXED: Final = {
    "indicator": "indicator",
    "series": "series",
    "unit": "unit",
    "units": "unit",
    "period": "period",
    "year": "period",
    "value": "value",
    "flags": "flags",
    "footnote": "footnote",
}
REQUIRED: Final = ("period", "value")
DIMENSION_PREFIX: Final = "dim:"  # "dim:unit" is a dimension called "unit", not the unit column


def tidy_raw(
    frame: pl.DataFrame, source: str, indicator: str | None = None, where: str = ""
) -> tuple[pl.DataFrame | None, list[str], list[Problem]]:
    """Map a tidy table (text columns + ``__line__``) to raw observations and its dimensions.

    ``indicator`` is given when the table belongs to one indicator (an Excel sheet named by its
    code); then an ``indicator`` column is not required.
    """
    found: dict[str, str] = {}
    dims: list[str] = []
    for column in frame.columns:
        target = FIXED.get(column.lower())
        if column == LINE:
            continue
        if target is None or column.lower().startswith(DIMENSION_PREFIX):
            dims.append(column)
        elif target in found:
            message = f"columns {found[target]!r} and {column!r} both give the {target}"
            return None, [], [Problem("error", message, source, 1, column, "duplicate_column")]
        else:
            found[target] = column
    required = REQUIRED if indicator is not None else ("indicator", *REQUIRED)
    missing = [name for name in required if name not in found]
    if missing:
        names = ", ".join(repr(m) for m in missing)
        header = [c for c in frame.columns if c != LINE][:20]
        message = f"{where}required column {names} is missing (header: {header})"
        problem = Problem("error", message.strip(), source, 1, missing[0], "missing_column")
        return None, [], [problem]

    def col(name: str) -> pl.Expr:
        return pl.col(found[name]) if name in found else pl.lit("")

    ind = pl.lit(indicator) if indicator is not None else col("indicator")
    key = dimensions_expr(dims, [_dimension_name(d) for d in dims])
    raw = frame.select(
        indicator=ind, series=col("series"), unit=col("unit"), dimensions=key,
        period=col("period"), value=col("value"), flags=col("flags"), footnote=col("footnote"),
        source=pl.lit(source), line=pl.col(LINE),
    )  # fmt: skip
    return raw.select(RAW_COLUMNS), [_dimension_name(d) for d in dims], []


def _dimension_name(column: str) -> str:
    if column.lower().startswith(DIMENSION_PREFIX):
        return column[len(DIMENSION_PREFIX) :]
    return column


def dimension_header(name: str) -> str:
    """The column header for a dimension: prefixed when it would read as a fixed column."""
    if name.lower() in FIXED or name.lower().startswith(DIMENSION_PREFIX):
        return DIMENSION_PREFIX + name
    return name


def indicators_from(observations: pl.DataFrame, order: Sequence[str]) -> dict[str, IndicatorMeta]:
    """Indicator records for the ids in ``observations``, with the dimensions each one uses.

    ``order`` is the column order in the file; names not in it follow alphabetically.
    """
    result: dict[str, IndicatorMeta] = {}
    rank = {name: i for i, name in enumerate(order)}
    for (code,), group in observations.group_by(["indicator"], maintain_order=True):
        names = dimension_names(group.get_column("dimensions"))
        names.sort(key=lambda n: (rank.get(n, len(rank)), n))
        result[str(code)] = IndicatorMeta(code=str(code), dimensions=names)
    return result


def ordered_dimensions(data: DataSet, observations: pl.DataFrame) -> list[str]:
    """All dimension columns to write: the declared ones of the indicators present, in their
    order (even when blank, so the column list survives a round trip), then any others."""
    names: list[str] = []
    present = set(observations.get_column("indicator").unique().to_list())
    for code, meta in data.indicators.items():
        if code in present:
            names += [n for n in meta.dimensions if n not in names]
    used = dimension_names(observations.get_column("dimensions"))
    return names + [n for n in used if n not in names]


def expanded(
    observations: pl.DataFrame, dims: Sequence[str], header: Callable[[str], str] = str
) -> list[pl.Expr]:
    """Expressions giving each dimension as a column (named by ``header``), and the value."""
    exprs = [dimension_column(pl.col("dimensions"), n).alias(header(n)) for n in dims]
    return exprs + [format_values(pl.col("value"), pl.col("value_text")).alias("value")]


def written_order(data: DataSet) -> pl.DataFrame:
    """The observations in the order every writer writes them, so files diff well."""
    return data.observations.sort(["indicator", "series", "unit", "dimensions", "start_year"])


def tidy_table(
    data: DataSet, observations: pl.DataFrame, *, indicator: bool = True
) -> pl.DataFrame:
    """The tidy layout of these observations: [indicator,] series, unit, one column per
    dimension, period, value, flags, footnote (a sheet named by its code has no indicator)."""
    dims = ordered_dimensions(data, observations)
    return observations.select(
        *(["indicator"] if indicator else []), "series", "unit",
        *expanded(observations, dims, dimension_header)[:-1], "period",
        expanded(observations, [])[-1], "flags", "footnote",
    )  # fmt: skip


def csv_bytes(frame: pl.DataFrame) -> bytes:
    """A frame as the bytes of a UTF-8 CSV file with a header line, as every writer makes it."""
    buffer = io.BytesIO()
    frame.write_csv(buffer)
    return buffer.getvalue()


def check_names(dims: Sequence[str], reserved: Sequence[str], fmt: str) -> None:
    """Writers refuse dimension names that would read back as a fixed column."""
    clash = [d for d in dims if d.lower() in {r.lower() for r in reserved}]
    if clash:
        raise ValueError(f"{fmt}: dimension names {clash} clash with the format's fixed columns")
