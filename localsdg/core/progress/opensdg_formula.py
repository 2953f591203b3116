"""The formula layer of the Open SDG progress measure: progress value, score and status.

The series' base and current points are already chosen (``opensdg`` does that); from them this
layer computes the compound annual growth rate (CAGR) and

* with a target, the progress value: the observed CAGR divided by the CAGR required to move from
  the base value to the target by the target year; thresholds 0.95 / 0.6 / 0;
* without a target, the progress value: the observed CAGR itself; thresholds 1.5 % / 0.5 % / 0,
  scaled down by a factor that approaches 0 as the base value nears a natural limit.

Each series gets a score in [-5, 5]; an indicator's score is the mean of its assessable series and
its status follows score bands of +-2.5. ``docs/methods.md`` gives the formulas and edge cases.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from localsdg.core.progress.series import INPUT_COLUMNS

# Thresholds (high, medium, low) on the progress value.
TARGET_THRESHOLDS: Final = (0.95, 0.6, 0.0)
GROWTH_THRESHOLDS: Final = (0.015, 0.005, 0.0)
LIMIT_EXPONENT: Final = 4.44
ZERO_REPLACEMENT: Final = 0.001  # used instead of a base value or target of exactly 0
# Indicator status bands on the mean score.
SCORE_BANDS: Final = (2.5, 0.0, -2.5)
# The published score function for the target method uses these rounded slopes and intercepts.
TARGET_SCORE_HIGH: Final = (7.1429, 4.2857)  # score = 7.1429 * p - 4.2857 for p >= 0.6
TARGET_SCORE_LOW: Final = (4.1667, 2.5)  # score = 4.1667 * p - 2.5 for p < 0.6

# Every status a series or indicator can get, best first.
STATUSES: Final = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)

# Why a series has no progress value (column "reason").
REASON_OK: Final = "ok"
REASON_NO_DATA: Final = "no_data"
REASON_NO_BASE_DATA: Final = "no_base_data"
REASON_ONE_YEAR: Final = "one_year"
REASON_SHORT_SPAN: Final = "short_span"
REASON_BASE_AFTER_CURRENT: Final = "base_after_current"
REASON_OPPOSITE_SIGNS: Final = "opposite_signs"
REASON_TARGET_SIGN: Final = "target_opposite_sign"
REASON_NO_REQUIRED_CHANGE: Final = "no_required_change"


def _cagr(current: pl.Expr, base: pl.Expr, current_year: pl.Expr, base_year: pl.Expr) -> pl.Expr:
    """Compound annual growth rate from base to current."""
    return (current / base).pow(1.0 / (current_year - base_year)) - 1.0


def progress_components(frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """The formula layer: progress value, score and status of series whose points are known.

    ``frame`` has one row per series with the INPUT_COLUMNS columns (base and current points,
    direction, limit, target, target_year; null target means the no-target method) plus any
    others, which are kept. Added or replaced: ``base_value`` and ``target`` (0 becomes 0.001),
    ``sign``, ``coefficient`` (limit factor, null with a target), ``observed_rate``,
    ``required_rate``, ``target_achieved``, ``reason``, ``progress_value``, ``score``, ``status``.
    """
    lf = frame.lazy().with_columns(
        pl.col(name).cast(dtype) for name, dtype in INPUT_COLUMNS.items()
    )
    base, current = pl.col("base_value"), pl.col("current_value")
    base_year, current_year = pl.col("base_year"), pl.col("current_year")
    direction = pl.col("direction").cast(pl.Float64)
    has_data = base.is_not_null() & current.is_not_null()
    lf = lf.with_columns(
        target=pl.when(pl.col("target") == 0.0)
        .then(pl.lit(ZERO_REPLACEMENT))
        .otherwise(pl.col("target")),
        sign=pl.when(~has_data)
        .then(pl.lit(None, pl.Int8))
        .when(base < 0)
        .then(pl.lit(-1, pl.Int8))
        .otherwise(pl.lit(1, pl.Int8)),
        # The limit factor uses the base value before a zero is replaced.
        coefficient=_limit_coefficient(base.abs(), pl.col("limit").abs()),
        # A zero base value becomes 0.001 for the growth rates (and is reported as such).
        _base=pl.when(base == 0.0).then(pl.lit(ZERO_REPLACEMENT)).otherwise(base),
    )
    target = pl.col("target")
    calc_base = pl.col("_base")
    has_target = target.is_not_null()
    lf = lf.with_columns(
        coefficient=pl.when(has_target).then(None).otherwise(pl.col("coefficient")),
        target_achieved=has_data
        & has_target
        & (((direction < 0) & (current <= target)) | ((direction > 0) & (current >= target))),
        observed_rate=_cagr(current, calc_base, current_year, base_year),
        required_rate=pl.when(has_target).then(
            _cagr(target, calc_base, pl.col("target_year"), base_year)
        ),
    )
    opposite = ((calc_base > 0) & (current < 0)) | ((calc_base < 0) & (current > 0))
    target_opposite = has_target & (
        ((calc_base > 0) & (target < 0)) | ((calc_base < 0) & (target > 0))
    )
    lf = lf.with_columns(
        reason=pl.when(~has_data)
        .then(pl.lit(REASON_NO_DATA))
        .when(opposite)
        .then(pl.lit(REASON_OPPOSITE_SIGNS))
        .when(base_year > current_year)
        .then(pl.lit(REASON_BASE_AFTER_CURRENT))
        .when(current_year == base_year)
        .then(pl.lit(REASON_ONE_YEAR))
        .when(current_year - base_year < 1.0)
        .then(pl.lit(REASON_SHORT_SPAN))
        .when(target_opposite)
        .then(pl.lit(REASON_TARGET_SIGN))
        .when(has_target & (pl.col("required_rate") == 0.0))
        .then(pl.lit(REASON_NO_REQUIRED_CHANGE))
        .otherwise(pl.lit(REASON_OK))
    )
    ok = pl.col("reason") == REASON_OK
    signed = pl.col("sign").cast(pl.Float64) * direction
    lf = lf.with_columns(
        observed_rate=pl.when(ok).then(pl.col("observed_rate")),
        required_rate=pl.when(ok).then(pl.col("required_rate")),
        progress_value=pl.when(~ok)
        .then(None)
        .when(has_target)
        .then(signed * pl.col("observed_rate") / pl.col("required_rate").abs())
        .otherwise(signed * pl.col("observed_rate")),
    )
    p = pl.col("progress_value")
    coeff = pl.col("coefficient")
    high_t, med_t, low_t = TARGET_THRESHOLDS
    high_g, med_g, low_g = (pl.lit(x) * coeff for x in GROWTH_THRESHOLDS)
    high = pl.when(has_target).then(pl.lit(high_t)).otherwise(high_g)
    med = pl.when(has_target).then(pl.lit(med_t)).otherwise(med_g)
    low = pl.when(has_target).then(pl.lit(low_t)).otherwise(low_g)
    a_high, b_high = TARGET_SCORE_HIGH
    a_low, b_low = TARGET_SCORE_LOW
    target_score = (
        pl.when(p >= med_t)
        .then(pl.min_horizontal(a_high * p - b_high, pl.lit(5.0)))
        .otherwise(pl.max_horizontal(a_low * p - b_low, pl.lit(-5.0)))
    )
    growth_score = (
        pl.when(p < low_g)
        .then(pl.max_horizontal(125.0 * p - 2.5, pl.lit(-5.0)))
        .when(coeff == 0.0)
        .then(pl.lit(5.0))
        .when(p >= high_g)
        .then(pl.min_horizontal(500.0 * p / coeff - 5.0, pl.lit(5.0)))
        .when(p >= med_g)
        .then(250.0 * p / coeff - 1.25)
        .otherwise(500.0 * p / coeff - 2.5)
    )
    lf = lf.with_columns(
        score=pl.when(pl.col("target_achieved"))
        .then(pl.lit(5.0))
        .when(p.is_null())
        .then(None)
        .when(has_target)
        .then(target_score)
        .otherwise(growth_score),
        status=pl.when(pl.col("target_achieved"))
        .then(pl.lit("target_achieved"))
        .when(p.is_null())
        .then(pl.lit("not_available"))
        .when(p >= high)
        .then(pl.lit("substantial_progress"))
        .when(p >= med)
        .then(pl.lit("moderate_progress"))
        .when(p >= low)
        .then(pl.lit("limited_progress"))
        .otherwise(pl.lit("deterioration")),
    )
    return lf.with_columns(base_value=pl.col("_base")).drop("_base")


def _limit_coefficient(base: pl.Expr, limit: pl.Expr) -> pl.Expr:
    """Factor in [0, 1] that shrinks the no-target thresholds near the natural limit."""
    return (
        pl.when(limit.is_null())
        .then(pl.lit(1.0))
        .when(base >= 2.0 * limit)
        .then(pl.lit(1.0))
        .when(base <= limit)
        .then(1.0 - (base / limit).pow(LIMIT_EXPONENT))
        .otherwise(1.0 - ((2.0 * limit - base) / limit).pow(LIMIT_EXPONENT))
    )


def indicator_status(score: pl.Expr, all_achieved: pl.Expr) -> pl.Expr:
    """Indicator status from the mean score (target achieved when every assessed series is)."""
    high, med, low = SCORE_BANDS
    return (
        pl.when(all_achieved)
        .then(pl.lit("target_achieved"))
        .when(score.is_null())
        .then(pl.lit("not_available"))
        .when(score >= high)
        .then(pl.lit("substantial_progress"))
        .when(score >= med)
        .then(pl.lit("moderate_progress"))
        .when(score >= low)
        .then(pl.lit("limited_progress"))
        .otherwise(pl.lit("deterioration"))
    )


def indicator_summary(
    series: pl.DataFrame | pl.LazyFrame, keys: list[str], **extra: pl.Expr
) -> pl.LazyFrame:
    """Mean score, status and counts per group of series results (``keys`` name the groups).

    ``extra`` names further aggregations computed in the same pass.
    """
    assessed = pl.col("score").is_not_null()
    return (
        series.lazy()
        .group_by(keys)
        .agg(
            score=pl.col("score").mean(),
            n_series=pl.len().cast(pl.Int64),
            n_assessed=assessed.sum().cast(pl.Int64),
            n_achieved=(assessed & pl.col("target_achieved")).sum().cast(pl.Int64),
            **extra,
        )
        .with_columns(
            status=indicator_status(
                pl.col("score"),
                (pl.col("n_assessed") > 0) & (pl.col("n_achieved") == pl.col("n_assessed")),
            )
        )
    )
