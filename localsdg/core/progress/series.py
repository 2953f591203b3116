"""Per-series building blocks that several progress methods share.

Reading the values, choosing the spec row of each series, and picking the base and latest
observations are the same in the trend methods (`unsd`, `escap`); every method chooses spec rows
and lists the series a spec names without values the same way. Keeping them here means one rule
and one wording of every error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

import polars as pl

from localsdg.core.progress.base import (
    RESULT_COLUMNS,
    VALUES_SCHEMA,
    MethodError,
    Options,
    with_spec_defaults,
)

SERIES_KEY: Final = ["entity", "indicator", "series"]
DEFAULT_BASE_YEAR: Final = 2015.0

# The inputs every method reports per series, so a page can always say what was compared.
INPUT_COLUMNS: Final[dict[str, pl.DataType]] = {
    "base_year": pl.Float64(),
    "base_value": pl.Float64(),
    "current_year": pl.Float64(),
    "current_value": pl.Float64(),
    "target": pl.Float64(),
    "target_year": pl.Float64(),
    "direction": pl.Int8(),
    "limit": pl.Float64(),
}


def prepare_values(values: pl.DataFrame) -> pl.DataFrame:
    """Values in VALUES_SCHEMA types; a missing column or a repeated year is a MethodError."""
    missing = [name for name in VALUES_SCHEMA if name not in values.columns]
    if missing:
        raise MethodError(f"values lack the column(s) {', '.join(missing)}")
    frame = values.select(pl.col(name).cast(dtype) for name, dtype in VALUES_SCHEMA.items())
    frame = frame.with_columns(pl.col("series").fill_null(""))
    repeated = frame.filter(pl.struct(*SERIES_KEY, "year").is_duplicated())
    if repeated.height:
        row = repeated.row(0, named=True)
        raise MethodError(
            f"year {row['year']:g} appears more than once for entity {row['entity']!r}, "
            f"indicator {row['indicator']!r}, series {row['series']!r}"
        )
    return frame


def resolve_spec(rows: pl.LazyFrame, spec: pl.DataFrame, fields: Sequence[str]) -> pl.LazyFrame:
    """``rows`` (indicator, series, ...) with each of ``fields`` from the spec row of the series.

    That is the series' own spec row, else its indicator's headline (series "") row, the whole
    row and not column by column; a series with neither gets nulls. ``spec`` has its series
    filled with "", and when it gives the same indicator and series twice the first row counts.
    Rows keep their order.
    """
    own = (
        spec.lazy()
        .filter(pl.col("series") != "")
        .unique(["indicator", "series"], keep="first")
        .select("indicator", "series", *fields, _own=pl.lit(True))
    )
    headline = (
        spec.lazy()
        .filter(pl.col("series") == "")
        .unique("indicator", keep="first")
        .select("indicator", *(pl.col(f).alias(f"_headline_{f}") for f in fields))
    )
    has_own = pl.col("_own").fill_null(False)
    return (
        rows.join(own, on=["indicator", "series"], how="left", maintain_order="left")
        .join(headline, on="indicator", how="left", maintain_order="left")
        .with_columns(
            pl.when(has_own).then(pl.col(f)).otherwise(pl.col(f"_headline_{f}")).alias(f)
            for f in fields
        )
        .drop("_own", *(f"_headline_{f}" for f in fields))
    )


def series_spec(keys: pl.DataFrame, spec: pl.DataFrame) -> pl.DataFrame:
    """``keys`` (entity, indicator, series) with the spec row that applies to each series.

    A spec row with series "" applies to every series of its indicator without a row of its own.
    """
    full = with_spec_defaults(spec).with_columns(pl.col("series").fill_null(""))
    if full.select(pl.struct("indicator", "series").is_duplicated().any()).item():
        raise MethodError("the spec has more than one row for the same indicator and series")
    fields = [name for name in full.columns if name not in ("indicator", "series")]
    return resolve_spec(keys.lazy(), full, fields).collect()


def listed_without_values(
    keys: pl.DataFrame, spec: pl.DataFrame, entities: pl.DataFrame
) -> pl.DataFrame:
    """(entity, indicator, series) of every series the spec lists that has no values.

    A spec row (indicator, series) lists that series. A row with series "" lists the indicator's
    headline, but it is also the default of the indicator's other series, so it counts as without
    values only when the entity has no series of the indicator at all. ``keys`` are the series
    that have values, ``entities`` (one ``entity`` column) every entity assessed: a spec says
    nothing about entities, so a listed series gets a row for each of them.
    """
    if spec.is_empty() or "indicator" not in spec.columns or entities.is_empty():
        return pl.DataFrame(schema=dict.fromkeys(SERIES_KEY, pl.String()))
    series = pl.col("series").cast(pl.String) if "series" in spec.columns else pl.lit("")
    listed = (
        spec.select(indicator=pl.col("indicator").cast(pl.String), series=series.fill_null(""))
        .filter(pl.col("indicator").is_not_null())
        .unique(maintain_order=True)
    )
    grid = entities.select(pl.col("entity").cast(pl.String)).unique(maintain_order=True)
    grid = grid.join(listed, how="cross")
    keys = keys.select(pl.col(name).cast(pl.String) for name in SERIES_KEY)
    own = grid.filter(pl.col("series") != "").join(keys, on=SERIES_KEY, how="anti")
    headline = grid.filter(pl.col("series") == "").join(
        keys.select("entity", "indicator"), on=["entity", "indicator"], how="anti"
    )
    return pl.concat([own, headline])


def entities_of(values: pl.DataFrame, options: Options) -> pl.DataFrame:
    """Every entity to assess: those of the values and those named by ``Options.entities``."""
    named = pl.DataFrame({"entity": list(options.entities)}, schema={"entity": pl.String()})
    found = (
        values.select(pl.col("entity").cast(pl.String))
        if "entity" in values.columns
        else named.clear()
    )
    return pl.concat([found, named]).drop_nulls().unique(maintain_order=True)


def endpoints(observed: pl.DataFrame, series: pl.DataFrame) -> pl.DataFrame:
    """Base and latest observation per series.

    ``observed`` holds non-null observations; ``series`` one row per series with the effective
    base year in ``_by``. The base is the observation in ``_by``, else the first later year
    before the latest, else the last earlier year. Adds ``n``, ``base_year``, ``base_value``,
    ``current_year`` and ``current_value`` (null when absent).
    """
    year = pl.col("year")
    latest = year.max()
    picked = (
        observed.join(series.select(*SERIES_KEY, "_by"), on=SERIES_KEY, how="inner")
        .group_by(SERIES_KEY)
        .agg(
            n=pl.len(),
            current_year=latest,
            current_value=pl.col("value").sort_by("year").last(),
            _after=year.filter((year >= pl.col("_by")) & (year < latest)).min(),
            _before=year.filter((year < pl.col("_by")) & (year < latest)).max(),
        )
        .with_columns(base_year=pl.coalesce("_after", "_before"))
        .drop("_after", "_before")
    )
    base = observed.select(*SERIES_KEY, base_year="year", base_value="value")
    picked = picked.join(base, on=[*SERIES_KEY, "base_year"], how="left")
    return series.join(picked, on=SERIES_KEY, how="left", maintain_order="left").with_columns(
        pl.col("n").fill_null(0)
    )


def empty_results(outputs: dict[str, pl.DataType]) -> pl.DataFrame:
    return pl.DataFrame(schema=RESULT_COLUMNS | outputs)


def series_endpoints(
    values: pl.DataFrame, spec: pl.DataFrame, options: Options
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """The usable observations, and per series its spec with base and latest observations.

    The series are those of the values plus those the spec lists without any value (``n`` 0).
    """
    frame = prepare_values(values if values.height else pl.DataFrame(schema=VALUES_SCHEMA))
    keys = frame.select(SERIES_KEY).unique(maintain_order=True)
    # A series the spec lists but the values lack is still assessed (as having no data).
    keys = pl.concat([keys, listed_without_values(keys, spec, entities_of(keys, options))])
    series = series_spec(keys, spec).with_columns(
        _by=pl.coalesce(
            pl.col("base_year"), pl.lit(options.base_year, pl.Float64), DEFAULT_BASE_YEAR
        ),
        target_year=pl.col("target_year").fill_null(options.target_year),
    )
    observed = frame.filter(pl.col("value").is_not_null() & pl.col("value").is_finite())
    return observed, endpoints(observed, series.drop("base_year"))
