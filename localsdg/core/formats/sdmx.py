"""SDMX-CSV with the columns of the SDG data structure, for exchange with statistics offices.

Column mapping (headers compared in upper case; ``ID: label`` headers are cut at the colon):
INDICATOR -> indicator, SERIES -> series, UNIT_MEASURE -> unit, TIME_PERIOD -> period,
OBS_VALUE -> value, OBS_STATUS -> flags, COMMENT_OBS -> footnote. DATAFLOW, STRUCTURE,
STRUCTURE_ID, ACTION, FREQ and REPORTING_TYPE describe the file rather than the observation and
are not imported. Every other column (REF_AREA, SEX, AGE, URBANISATION, … and any unknown one)
is a disaggregation; in the SDG dimension columns ``_T`` (total) reads as blank.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

import polars as pl

from localsdg.core.formats.dimensions import dimensions_expr
from localsdg.core.formats.model import DataSet, OnDuplicate, Problem
from localsdg.core.formats.pipeline import RAW_COLUMNS, check_indicator, concat_raw, finish
from localsdg.core.formats.textio import LINE, read_csv_frame
from localsdg.core.formats.tidy import (
    check_names,
    csv_bytes,
    expanded,
    indicators_from,
    ordered_dimensions,
    written_order,
)

__all__ = ["read_sdmx", "sdmx_file", "DATAFLOW", "FILE_NAME", "SDG_DIMENSIONS"]

FILE_NAME: Final = "observations.sdmx.csv"
DATAFLOW: Final = "LOCALSDG:DF_SDG_LOCAL(1.0)"
TOTAL: Final = "_T"
COLUMNS: Final = {
    "INDICATOR": "indicator",
    "SERIES": "series",
    "UNIT_MEASURE": "unit",
    "TIME_PERIOD": "period",
    "OBS_VALUE": "value",
    "OBS_STATUS": "flags",
    "COMMENT_OBS": "footnote",
}
IGNORED: Final = ("DATAFLOW", "STRUCTURE", "STRUCTURE_ID", "ACTION", "FREQ", "REPORTING_TYPE")
SDG_DIMENSIONS: Final = (
    "SEX", "AGE", "URBANISATION", "INCOME_WEALTH_QUANTILE", "EDUCATION_LEV", "OCCUPATION",
    "CUST_BREAKDOWN", "COMPOSITE_BREAKDOWN", "DISABILITY_STATUS", "ACTIVITY", "PRODUCT",
)  # fmt: skip


_LABELLED = re.compile(r"^([A-Z][A-Z0-9_]*): ")


def _header_id(column: str) -> str:
    """The SDMX id of a header; ``SEX: Sex`` (SDMX-CSV with labels) gives ``SEX``."""
    return _column_name(column).upper()


def _column_name(column: str) -> str:
    match = _LABELLED.match(column)
    return match.group(1) if match else column


def _roles(columns: list[str]) -> tuple[dict[str, str], list[str]]:
    roles: dict[str, str] = {}
    dims: list[str] = []
    for column in columns:
        ident = _header_id(column)
        if column == LINE or ident in IGNORED:
            continue
        role = COLUMNS.get(ident)
        if role is None or role in roles:
            dims.append(column)
        else:
            roles[role] = column
    return roles, dims


def _series_are_codes(frame: pl.DataFrame, column: str) -> bool:
    values = frame.get_column(column).drop_nulls().unique().to_list()
    return bool(values) and all(not check_indicator(v)[1] for v in values)


def _raw(frame: pl.DataFrame, name: str) -> tuple[pl.DataFrame | None, list[str], list[Problem]]:
    roles, dims = _roles(frame.columns)
    if "indicator" not in roles and "series" in roles and _series_are_codes(frame, roles["series"]):
        roles["indicator"] = roles.pop("series")
    for role, header in (
        ("indicator", "INDICATOR"),
        ("period", "TIME_PERIOD"),
        ("value", "OBS_VALUE"),
    ):
        if role not in roles:
            message = f"required column {header!r} is missing"
            if role == "indicator":
                message += " (SERIES may stand in for it only when it holds SDG indicator codes)"
            return None, [], [Problem("error", message, name, 1, header, "missing_column")]

    def col(role: str) -> pl.Expr:
        return pl.col(roles[role]) if role in roles else pl.lit("")

    totals = {c: pl.col(c).replace(TOTAL, "") for c in dims if _header_id(c) in SDG_DIMENSIONS}
    names = [_column_name(c) for c in dims]
    raw = frame.with_columns(**totals).select(
        indicator=col("indicator"), series=col("series"), unit=col("unit"),
        dimensions=dimensions_expr(dims, names), period=col("period"), value=col("value"),
        flags=col("flags"), footnote=col("footnote"), source=pl.lit(name), line=pl.col(LINE),
    )  # fmt: skip
    return raw.select(RAW_COLUMNS), names, []


def read_sdmx(path: Path, *, on_duplicate: OnDuplicate = "error") -> DataSet:
    """Read one SDMX-CSV file, or every ``*.csv`` in a folder."""
    if not path.exists():
        return DataSet(problems=[Problem("error", "no such file or folder", str(path), code="io")])
    files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
    problems: list[Problem] = []
    frames, order = [], []
    for file in files:
        frame, more = read_csv_frame(file, file.name)
        problems += more
        if frame is not None:
            raw, dims, more = _raw(frame, file.name)
            problems += more
            if raw is not None:
                frames.append(raw)
                order += [d for d in dims if d not in order]
    observations, dropped, more = finish(concat_raw(frames), on_duplicate)
    return DataSet(observations, indicators_from(observations, order), problems + more, [], dropped)


def sdmx_file(data: DataSet) -> bytes:
    """All observations as one SDMX-CSV file; blank SDG dimensions are written as ``_T``."""
    obs = written_order(data)
    dims = ordered_dimensions(data, obs)
    check_names(dims, [*COLUMNS, *IGNORED], "sdmx")
    columns = expanded(obs, dims)
    totals = [
        pl.when(pl.col(d) == "").then(pl.lit(TOTAL)).otherwise(pl.col(d)).alias(d)
        for d in dims
        if d.upper() in SDG_DIMENSIONS
    ]
    table = obs.select(
        pl.lit(DATAFLOW).alias("DATAFLOW"), pl.col("indicator").alias("INDICATOR"),
        pl.col("series").alias("SERIES"), pl.col("period").alias("TIME_PERIOD"), *columns[:-1],
        columns[-1].alias("OBS_VALUE"), pl.col("unit").alias("UNIT_MEASURE"),
        pl.col("flags").alias("OBS_STATUS"), pl.col("footnote").alias("COMMENT_OBS"),
    ).with_columns(totals)  # fmt: skip
    return csv_bytes(table)
