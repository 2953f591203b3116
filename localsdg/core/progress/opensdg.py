"""The Open SDG progress measure (Statistics Canada methodology, Open SDG 2.4).

For every series the method picks a base point (the base year, 2015 by default, or the next year
with data) and a current point (the latest year with data) and computes the compound annual growth
rate (CAGR) between them:

* with a target, the progress value is the observed CAGR divided by the CAGR required to move from
  the base value to the target by the target year; thresholds 0.95 / 0.6 / 0;
* without a target, the progress value is the observed CAGR itself; thresholds 1.5 % / 0.5 % / 0,
  scaled down by a factor that approaches 0 as the base value nears a natural limit.

Each series gets a score in [-5, 5]; an indicator's score is the mean of its assessable series and
its status follows score bands of +-2.5. ``docs/methods.md`` gives the formulas and edge cases.

This module reads the values and the spec and picks each series' points and settings; the
formulas are in ``opensdg_formula`` and the sentences in ``opensdg_explanations``.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from localsdg.core.progress.base import (
    RESULT_COLUMNS,
    VALUES_SCHEMA,
    MethodError,
    Options,
    register,
    with_spec_defaults,
)
from localsdg.core.progress.opensdg_explanations import (
    indicator_explanations,
    series_explanations,
)
from localsdg.core.progress.opensdg_formula import (
    REASON_NO_BASE_DATA,
    STATUSES,
    indicator_summary,
    progress_components,
)
from localsdg.core.progress.series import (
    DEFAULT_BASE_YEAR,
    INPUT_COLUMNS,
    SERIES_KEY,
    entities_of,
    listed_without_values,
    resolve_spec,
)

NAME: Final = "opensdg"
SERIES_OUTPUTS: Final[dict[str, pl.DataType]] = {
    **INPUT_COLUMNS,
    "sign": pl.Int8(),
    "progress_value": pl.Float64(),
    "score": pl.Float64(),
}
OUTPUT_SCHEMA: Final[dict[str, pl.DataType]] = {**RESULT_COLUMNS, **SERIES_OUTPUTS}


def _check_values(values: pl.DataFrame) -> None:
    missing = [c for c in VALUES_SCHEMA if c not in values.columns]
    if missing:
        raise MethodError(f"opensdg: values lack the column(s) {', '.join(missing)}")


def _resolved_spec(spec: pl.DataFrame, pairs: pl.LazyFrame) -> pl.LazyFrame:
    """One spec row per (indicator, series) pair: its own row, else the indicator's "" row."""
    fields = ["goal", "direction", "base_year", "target", "target_year", "limit"]
    full = with_spec_defaults(spec).with_columns(pl.col("series").fill_null(""))
    return resolve_spec(pairs.select("indicator", "series"), full, fields)


def _series_settings(spec: pl.DataFrame, pairs: pl.LazyFrame, target_year: float) -> pl.LazyFrame:
    """Goal, direction, target, target year and limit of each (indicator, series) pair.

    Worked out once per pair, not once per series of every entity.
    """
    resolved = _resolved_spec(spec, pairs).drop("base_year")
    goal = pl.coalesce(
        pl.col("goal"),
        pl.col("indicator").str.extract(r"^(\d{1,2})(?:\D|$)").cast(pl.Int32, strict=False),
    )
    return resolved.with_columns(
        goal=pl.when(goal.is_between(1, 17)).then(goal),
        direction=pl.when(pl.col("direction").fill_null(-1) > 0)
        .then(pl.lit(1, pl.Int8))
        .otherwise(pl.lit(-1, pl.Int8)),
        target_year=pl.col("target_year").fill_null(target_year),
    )


def _base_year_per_row(
    values: pl.LazyFrame, spec: pl.DataFrame, default_base: float
) -> tuple[pl.LazyFrame, pl.Expr]:
    """The rows with a base year column when the spec sets base years, else a literal."""
    if (
        spec.is_empty()
        or "base_year" not in spec.columns
        or spec["base_year"].null_count() == (spec.height)
    ):
        return values, pl.lit(default_base)
    pairs = values.select("indicator", "series").unique()
    bases = _resolved_spec(spec, pairs).select("indicator", "series", _by="base_year")
    return values.join(bases, on=["indicator", "series"], how="left"), pl.col("_by").fill_null(
        default_base
    )


def _duplicates_message(values: pl.LazyFrame) -> str | None:
    """The first entity, indicator, series and year given more than once, as an error message."""
    keys = [*SERIES_KEY, "year"]
    dups = (
        values.group_by(keys).agg(n=pl.len()).filter(pl.col("n") > 1).sort(keys).head(1).collect()
    )
    if dups.is_empty():
        return None
    row = dups.row(0, named=True)
    return (
        f"opensdg: more than one value for entity {row['entity']!r}, indicator "
        f"{row['indicator']!r}, series {row['series']!r}, year {row['year']:g}"
    )


def _series_points(values: pl.LazyFrame, spec: pl.DataFrame, default_base: float) -> pl.DataFrame:
    """One row per series: its base and current points (MethodError on a repeated year).

    The same pass tells whether each series came as one block of rows with rising years, which
    rules out a repeated year; only otherwise are the rows searched for one (a costly search).
    """
    lf = values.with_columns(
        _row=pl.int_range(pl.len(), dtype=pl.Int64),
        _rises=(pl.col("year") > pl.col("year").shift()).fill_null(False),
    )
    lf, base_year = _base_year_per_row(lf, spec, default_base)
    valid_year = pl.when(pl.col("value").is_not_null() & pl.col("value").is_not_nan()).then(
        pl.col("year")
    )
    latest_key = valid_year.fill_null(float("-inf"))
    base_key = pl.when(valid_year >= base_year).then(valid_year).otherwise(float("inf"))
    rises = pl.col("_rises")
    points = (
        lf.group_by(SERIES_KEY)
        .agg(
            configured_base=base_year.first(),
            current_year=valid_year.max(),
            current_value=pl.col("value").sort_by(latest_key).last(),
            base_year=base_key.min(),
            base_value=pl.col("value").sort_by(base_key).first(),
            # One block of rows, each after the first a year later than the one before.
            _ordered=(pl.col("_row").last() - pl.col("_row").first() == pl.len() - 1)
            & (rises.sum() - rises.first().cast(pl.UInt32) == pl.len() - 1),
        )
        .collect()
    )
    if not points["_ordered"].all():
        message = _duplicates_message(values)
        if message:
            raise MethodError(message)
    has_data = pl.col("current_year").is_not_null()
    has_base = pl.col("base_year").is_finite()
    return points.select(
        *SERIES_KEY,
        current_value=pl.when(has_data).then(pl.col("current_value")),
        base_value=pl.when(has_data & has_base).then(pl.col("base_value")),
        # Report the configured base year when no data point could serve as base.
        base_year=pl.when(has_data & has_base)
        .then(pl.col("base_year"))
        .otherwise(pl.col("configured_base")),
        current_year=pl.when(has_data & has_base).then(pl.col("current_year")),
        _no_base=has_data & ~has_base,
    )


def _with_listed_series(
    points: pl.DataFrame, spec: pl.DataFrame, entities: pl.DataFrame, default_base: float
) -> pl.DataFrame:
    """``points`` plus a row without data for every series the spec lists but the values lack.

    Such a series is reported like a series whose values are all empty, as Statistics Canada's
    published components do: the configured base year, no values, status not_available.
    """
    missing = listed_without_values(points.select(SERIES_KEY), spec, entities)
    if missing.is_empty():
        return points
    pairs = missing.lazy().select("indicator", "series").unique()
    bases = _resolved_spec(spec, pairs).select(
        "indicator", "series", base_year=pl.col("base_year").fill_null(default_base)
    )
    rows = missing.lazy().join(bases, on=["indicator", "series"], how="left")
    rows = rows.with_columns(
        current_value=pl.lit(None), base_value=pl.lit(None), current_year=pl.lit(None),
        _no_base=pl.lit(False),
    )  # fmt: skip
    schema = points.schema
    return pl.concat(
        [points, rows.select(pl.col(name).cast(dtype) for name, dtype in schema.items()).collect()]
    )


def _assessed_series(points: pl.DataFrame, spec: pl.DataFrame, options: Options) -> pl.DataFrame:
    """Each series with its settings, progress components and explanations."""
    pairs = points.lazy().select("indicator", "series").unique()
    settings = _series_settings(spec, pairs, options.target_year)
    series = points.lazy().join(settings, on=["indicator", "series"], how="left")
    series = progress_components(series).with_columns(
        reason=pl.when(pl.col("_no_base"))
        .then(pl.lit(REASON_NO_BASE_DATA))
        .otherwise(pl.col("reason"))
    )
    return series_explanations(series.collect())


class OpenSdgMethod:
    """The Open SDG / Statistics Canada progress measure."""

    name = NAME
    version = "1.1"
    title = "Open SDG progress measure (Statistics Canada)"
    statuses: tuple[str, ...] = STATUSES

    def assess(self, values: pl.DataFrame, spec: pl.DataFrame, options: Options) -> pl.DataFrame:
        _check_values(values)
        default_base = DEFAULT_BASE_YEAR if options.base_year is None else options.base_year
        lf = values.lazy().select(
            pl.col("entity").cast(pl.String),
            pl.col("indicator").cast(pl.String),
            pl.col("series").cast(pl.String).fill_null(""),
            pl.col("year").cast(pl.Float64),
            pl.col("value").cast(pl.Float64),
        )
        lf = lf.filter(pl.col("year").is_not_null() & pl.col("year").is_finite())
        points = _series_points(lf, spec, default_base)
        # The entities come from the series (far fewer rows than the observations).
        points = _with_listed_series(points, spec, entities_of(points, options), default_base)
        series = _assessed_series(points, spec, options)
        series_out = series.lazy().select(
            level=pl.lit("series"),
            method=pl.lit(NAME),
            entity="entity",
            indicator="indicator",
            series="series",
            goal="goal",
            status="status",
            explanation_en="explanation_en",
            explanation_ja="explanation_ja",
            **{k: pl.col(k).cast(v) for k, v in SERIES_OUTPUTS.items()},
        )
        indicators = indicator_summary(
            series.lazy().select("entity", "indicator", "goal", "score", "target_achieved"),
            ["entity", "indicator"],
            goal=pl.col("goal").drop_nulls().first(),
        )
        indicator_out = indicator_explanations(indicators).select(
            level=pl.lit("indicator"),
            method=pl.lit(NAME),
            entity="entity",
            indicator="indicator",
            series=pl.lit(""),
            goal="goal",
            status="status",
            explanation_en="explanation_en",
            explanation_ja="explanation_ja",
            **{
                k: (pl.col("score") if k == "score" else pl.lit(None)).cast(v)
                for k, v in SERIES_OUTPUTS.items()
            },
        )
        out = pl.concat([series_out, indicator_out], how="vertical").collect()
        return out.select(pl.col(k).cast(v) for k, v in OUTPUT_SCHEMA.items())


register(OpenSdgMethod())
