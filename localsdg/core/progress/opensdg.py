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
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, TypeAlias

import polars as pl

from localsdg.core.progress.base import (
    RESULT_COLUMNS,
    MethodError,
    Options,
    register,
    with_spec_defaults,
)
from localsdg.core.progress.series import INPUT_COLUMNS, entities_of, listed_without_values

NAME: Final = "opensdg"
DEFAULT_BASE_YEAR: Final = 2015.0
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

STATUSES: Final = (
    "target_achieved",
    "substantial_progress",
    "moderate_progress",
    "limited_progress",
    "deterioration",
    "not_available",
)
STATUS_EN: Final = {
    "target_achieved": "target achieved",
    "substantial_progress": "substantial progress",
    "moderate_progress": "moderate progress",
    "limited_progress": "limited progress",
    "deterioration": "deterioration",
    "not_available": "not assessable",
}
STATUS_JA: Final = {
    "target_achieved": "目標達成",
    "substantial_progress": "大きく前進",
    "moderate_progress": "やや前進",
    "limited_progress": "前進は限定的",
    "deterioration": "後退",
    "not_available": "評価不能",
}

# Why a series has no progress value (column "reason" of the formula layer).
REASON_OK: Final = "ok"
REASON_NO_DATA: Final = "no_data"
REASON_NO_BASE_DATA: Final = "no_base_data"
REASON_ONE_YEAR: Final = "one_year"
REASON_SHORT_SPAN: Final = "short_span"
REASON_BASE_AFTER_CURRENT: Final = "base_after_current"
REASON_OPPOSITE_SIGNS: Final = "opposite_signs"
REASON_TARGET_SIGN: Final = "target_opposite_sign"
REASON_NO_REQUIRED_CHANGE: Final = "no_required_change"

KEYS: Final = ("entity", "indicator", "series")
SERIES_OUTPUTS: Final[dict[str, pl.DataType]] = {
    **INPUT_COLUMNS,
    "sign": pl.Int8(),
    "progress_value": pl.Float64(),
    "score": pl.Float64(),
}
OUTPUT_SCHEMA: Final[dict[str, pl.DataType]] = {**RESULT_COLUMNS, **SERIES_OUTPUTS}
# Inputs of the formula layer (one row per series, base and current points already chosen).
COMPONENT_INPUTS: Final[dict[str, pl.DataType]] = {
    "base_year": pl.Float64(),
    "base_value": pl.Float64(),
    "current_year": pl.Float64(),
    "current_value": pl.Float64(),
    "direction": pl.Int8(),
    "limit": pl.Float64(),
    "target": pl.Float64(),
    "target_year": pl.Float64(),
}

_REQUIRED_VALUE_COLUMNS: Final = ("entity", "indicator", "series", "year", "value")


def _cagr(current: pl.Expr, base: pl.Expr, current_year: pl.Expr, base_year: pl.Expr) -> pl.Expr:
    """Compound annual growth rate from base to current."""
    return (current / base).pow(1.0 / (current_year - base_year)) - 1.0


def progress_components(frame: pl.DataFrame | pl.LazyFrame) -> pl.LazyFrame:
    """The formula layer: progress value, score and status of series whose points are known.

    ``frame`` has one row per series with the COMPONENT_INPUTS columns (base and current points,
    direction, limit, target, target_year; null target means the no-target method) plus any
    others, which are kept. Added or replaced: ``base_value`` and ``target`` (0 becomes 0.001),
    ``sign``, ``coefficient`` (limit factor, null with a target), ``observed_rate``,
    ``required_rate``, ``target_achieved``, ``reason``, ``progress_value``, ``score``, ``status``.
    """
    lf = frame.lazy().with_columns(
        pl.col(name).cast(dtype) for name, dtype in COMPONENT_INPUTS.items()
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


# ---------------------------------------------------------------------------------------------
# Text


def _strip_zero(text: pl.Expr) -> pl.Expr:
    return text.str.strip_suffix(".0")


def _minus(text: pl.Expr) -> pl.Expr:
    return text.str.replace("-", "\u2212", literal=True)


def _round_number(x: pl.Expr) -> pl.Expr:
    """A value rounded for display: four significant digits, whole numbers from 1,000 on."""
    return pl.when(x.abs() >= 1000.0).then(x.round(0)).otherwise(x.round_sig_figs(4))


def _number_text(rounded: pl.Expr) -> pl.Expr:
    return _minus(_strip_zero(rounded.cast(pl.String)))


def _year_text(rounded: pl.Expr) -> pl.Expr:
    return _strip_zero(rounded.cast(pl.String))


def _round_percent(rate: pl.Expr) -> pl.Expr:
    """A yearly rate as a rounded percentage: one decimal, two significant digits below 1 %."""
    pct = rate * 100.0
    return pl.when(pct.abs() >= 1.0).then(pct.round(1)).otherwise(pct.round_sig_figs(2))


def _percent_text(rounded: pl.Expr) -> pl.Expr:
    return _minus(rounded.cast(pl.String))


def _plus(rounded: pl.Expr) -> pl.Expr:
    """ "+" before a rounded rate above 0 (a separate piece: prefixing every text costs more)."""
    return pl.when(rounded > 0).then(pl.lit("+")).otherwise(pl.lit(""))


def _status_text(status: pl.Expr, names: dict[str, str]) -> pl.Expr:
    return status.replace_strict(names, default="", return_dtype=pl.String)


_NOT_ASSESSABLE: Final = {
    REASON_NO_DATA: ("No data", "データなし"),
    REASON_NO_BASE_DATA: ("No data in or after the base year", "基準年以降のデータがない"),
    REASON_ONE_YEAR: (
        "Only one year of data from the base year on",
        "基準年以降のデータが1年分のみ",
    ),
    REASON_SHORT_SPAN: (
        "Base and current years are less than one year apart",
        "基準年と現在の年の差が1年未満",
    ),
    REASON_BASE_AFTER_CURRENT: (
        "The base year is after the latest year with data",
        "基準年が最新データの年より後",
    ),
    REASON_OPPOSITE_SIGNS: (
        "Base and current values have opposite signs",
        "基準値と現在値の符号が異なる",
    ),
    REASON_TARGET_SIGN: (
        "Base value and target have opposite signs",
        "基準値と目標値の符号が異なる",
    ),
    REASON_NO_REQUIRED_CHANGE: (
        "The target equals the base value, so no change rate is required",
        "目標値が基準値と等しく、必要な変化率がない",
    ),
}


# Which sentence explains a series row, in the order they are tried.
_ACHIEVED: Final = "achieved"
_NOT_ASSESSED: Final = "not_assessed"
_WITH_TARGET: Final = "with_target"
_WITHOUT_TARGET: Final = "without_target"

_Rounding: TypeAlias = Callable[[pl.Expr], pl.Expr]
_Writing: TypeAlias = Callable[[pl.Expr], pl.Expr]
# How each kind of number in an explanation is rounded, then written.
_PIECE_FORMATS: Final[dict[str, tuple[_Rounding, _Writing]]] = {
    "number": (_round_number, _number_text),
    "year": (lambda x: x.round(2), _year_text),
    "rate": (_round_percent, _percent_text),
    "plus": (_round_percent, _plus),
    "pace": (lambda x: (x * 100.0).round(0), _number_text),
}


def _pieces(rows: pl.DataFrame, **pieces: tuple[str, pl.Expr]) -> pl.DataFrame:
    """Row ids, reasons, status texts and each piece (name=(kind, value)) as text.

    Each piece is written once for both languages. Rounding and writing are separate steps: an
    expression that uses another twice would otherwise evaluate it twice.
    """
    rounded = rows.select(
        "_row",
        "reason",
        _status_text(pl.col("status"), STATUS_EN).alias("status_en"),
        _status_text(pl.col("status"), STATUS_JA).alias("status_ja"),
        *(_PIECE_FORMATS[kind][0](value).alias(name) for name, (kind, value) in pieces.items()),
    )
    return rounded.with_columns(
        _PIECE_FORMATS[kind][1](pl.col(name)).alias(name) for name, (kind, _) in pieces.items()
    )


_THEN: Final = " → {}"  # every explanation ends with the status


def _achieved_sentences(rows: pl.DataFrame) -> pl.DataFrame:
    """Target reached: the current value and the target."""
    p = _pieces(
        rows,
        cur_v=("number", pl.col("current_value")),
        cur_y=("year", pl.col("current_year")),
        target=("number", pl.col("target")),
        target_y=("year", pl.col("target_year")),
    )
    cur_v, cur_y = pl.col("cur_v"), pl.col("cur_y")
    target, target_y = pl.col("target"), pl.col("target_y")
    return p.select(
        "_row",
        en=pl.format(
            "Current value {} ({}) has reached the target {} for {}" + _THEN,
            *(cur_v, cur_y, target, target_y, pl.col("status_en")),
        ),
        ja=pl.format(
            "現在値{}（{}年）が{}年の目標値{}に達している" + _THEN,
            *(cur_v, cur_y, target_y, target, pl.col("status_ja")),
        ),
    )


def _not_assessed_sentences(rows: pl.DataFrame) -> pl.DataFrame:
    """Not assessable: why, and the base and current points when there are some."""
    has_points = pl.col("base_value").is_not_null()
    p = _pieces(
        rows,
        base_v=("number", pl.when(has_points).then(pl.col("base_value"))),
        base_y=("year", pl.when(has_points).then(pl.col("base_year"))),
        cur_v=("number", pl.when(has_points).then(pl.col("current_value"))),
        cur_y=("year", pl.when(has_points).then(pl.col("current_year"))),
    )
    base_v, base_y = pl.col("base_v"), pl.col("base_y")
    cur_v, cur_y = pl.col("cur_v"), pl.col("cur_y")
    reason = pl.col("reason")
    points_en = pl.format(" (base {} in {}, current {} in {})", base_v, base_y, cur_v, cur_y)
    points_ja = pl.format("（基準値{}・{}年、現在値{}・{}年）", base_v, base_y, cur_v, cur_y)
    return p.select(
        "_row",
        en=pl.format(
            "{}{}" + _THEN,
            reason.replace_strict({k: v[0] for k, v in _NOT_ASSESSABLE.items()}, default=""),
            points_en.fill_null(""),
            pl.col("status_en"),
        ),
        ja=pl.format(
            "{}{}" + _THEN,
            reason.replace_strict({k: v[1] for k, v in _NOT_ASSESSABLE.items()}, default=""),
            points_ja.fill_null(""),
            pl.col("status_ja"),
        ),
    )


def _with_target_sentences(rows: pl.DataFrame) -> pl.DataFrame:
    """Target method: the required and observed rates and the share of the required pace."""
    p = _pieces(
        rows,
        required_plus=("plus", pl.col("required_rate")),
        required=("rate", pl.col("required_rate")),
        observed_plus=("plus", pl.col("observed_rate")),
        observed=("rate", pl.col("observed_rate")),
        base_y=("year", pl.col("base_year")),
        cur_y=("year", pl.col("current_year")),
        pace=("pace", pl.col("progress_value")),
    )
    required = (pl.col("required_plus"), pl.col("required"))
    observed = (pl.col("observed_plus"), pl.col("observed"))
    years = (pl.col("base_y"), pl.col("cur_y"))
    return p.select(
        "_row",
        en=pl.format(
            "Needed {}{} %/yr, observed {}{} %/yr ({}–{}): {} % of the required pace" + _THEN,
            *(*required, *observed, *years, pl.col("pace"), pl.col("status_en")),
        ),
        ja=pl.format(
            "必要な変化は年{}{}％、実際は年{}{}％（{}〜{}年）：必要なペースの{}％" + _THEN,
            *(*required, *observed, *years, pl.col("pace"), pl.col("status_ja")),
        ),
    )


def _without_target_sentences(rows: pl.DataFrame) -> pl.DataFrame:
    """Growth method: the change in the desired direction and the (lowered) thresholds."""
    coeff = pl.col("coefficient")
    lowered = pl.col("limit").is_not_null() & (coeff < 1.0)
    p = _pieces(
        rows,
        change_plus=("plus", pl.col("progress_value")),
        change=("rate", pl.col("progress_value")),
        base_y=("year", pl.col("base_year")),
        cur_y=("year", pl.col("current_year")),
        high=("rate", GROWTH_THRESHOLDS[0] * coeff),
        med=("rate", GROWTH_THRESHOLDS[1] * coeff),
        limit=("number", pl.when(lowered).then(pl.col("limit"))),
    )
    change = (pl.col("change_plus"), pl.col("change"))
    years = (pl.col("base_y"), pl.col("cur_y"))
    thresholds = (pl.col("high"), pl.col("med"))
    limit = pl.col("limit")
    limit_en = pl.format(" (lowered near the natural limit {})", limit).fill_null("")
    limit_ja = pl.format("（自然な限界値{}に近いため緩和）", limit).fill_null("")
    return p.select(
        "_row",
        en=pl.format(
            "No target: change of {}{} %/yr counted in the desired direction ({}–{}); "
            "substantial progress needs {} %/yr and moderate progress {} %/yr{}" + _THEN,
            *(*change, *years, *thresholds, limit_en, pl.col("status_en")),
        ),
        ja=pl.format(
            "目標値なし：望ましい方向を正とした変化は年{}{}％（{}〜{}年）、"
            "大きく前進には年{}％、やや前進には年{}％が必要{}" + _THEN,
            *(*change, *years, *thresholds, limit_ja, pl.col("status_ja")),
        ),
    )


_SENTENCES: Final[dict[str, Callable[[pl.DataFrame], pl.DataFrame]]] = {
    _ACHIEVED: _achieved_sentences,
    _NOT_ASSESSED: _not_assessed_sentences,
    _WITH_TARGET: _with_target_sentences,
    _WITHOUT_TARGET: _without_target_sentences,
}


def _sentence_case() -> pl.Expr:
    """Which sentence explains a series row (target reached wins over everything else)."""
    return (
        pl.when(pl.col("target_achieved"))
        .then(pl.lit(_ACHIEVED))
        .when(pl.col("reason") != REASON_OK)
        .then(pl.lit(_NOT_ASSESSED))
        .when(pl.col("target").is_not_null())
        .then(pl.lit(_WITH_TARGET))
        .otherwise(pl.lit(_WITHOUT_TARGET))
    )


def _series_explanations(series: pl.DataFrame) -> pl.DataFrame:
    """``series`` with explanation_en and explanation_ja, followed by the status.

    Writing numbers as text is the costly part, so each kind of sentence is written only for
    the rows it explains, then the sentences are put back in row order.
    """
    used = [
        "base_year",
        "base_value",
        "current_year",
        "current_value",
        "target",
        "target_year",
        "limit",
        "coefficient",
        "observed_rate",
        "required_rate",
        "progress_value",
        "reason",
        "status",
    ]
    cases = series.select(*used, _case=_sentence_case()).with_row_index("_row")
    parts = cases.partition_by("_case", as_dict=True, include_key=False)
    sentences = pl.concat(
        [_SENTENCES[str(key[0])](rows) for key, rows in parts.items()]
        or [pl.DataFrame(schema={"_row": pl.UInt32, "en": pl.String, "ja": pl.String})]
    ).sort("_row")
    return series.with_columns(explanation_en=sentences["en"], explanation_ja=sentences["ja"])


def _indicator_explanations(lf: pl.LazyFrame) -> pl.LazyFrame:
    status = pl.col("status")
    n_all, n_ok = pl.col("n_series").cast(pl.String), pl.col("n_assessed").cast(pl.String)
    score = _minus(pl.col("score").round(2).cast(pl.String))
    en = (
        pl.when(status == "target_achieved")
        .then(pl.format("All {} assessable series of {} have reached their targets", n_ok, n_all))
        .when(pl.col("n_assessed") == 0)
        .then(pl.format("None of the {} series could be assessed", n_all))
        .otherwise(
            pl.format(
                "Mean score {} (from −5 to 5) of {} assessable series of {}", score, n_ok, n_all
            )
        )
    )
    ja = (
        pl.when(status == "target_achieved")
        .then(pl.format("評価可能な{}系列（全{}系列）がすべて目標を達成", n_ok, n_all))
        .when(pl.col("n_assessed") == 0)
        .then(pl.format("{}系列のいずれも評価できない", n_all))
        .otherwise(
            pl.format("評価可能な{}系列（全{}系列）の平均スコアは{}（−5〜5）", n_ok, n_all, score)
        )
    )
    return lf.with_columns(
        explanation_en=en + pl.lit(" → ") + _status_text(status, STATUS_EN),
        explanation_ja=ja + pl.lit(" → ") + _status_text(status, STATUS_JA),
    )


# ---------------------------------------------------------------------------------------------
# The method


def _check_values(values: pl.DataFrame) -> None:
    missing = [c for c in _REQUIRED_VALUE_COLUMNS if c not in values.columns]
    if missing:
        raise MethodError(f"opensdg: values lack the column(s) {', '.join(missing)}")


def _resolved_spec(spec: pl.DataFrame, pairs: pl.LazyFrame) -> pl.LazyFrame:
    """One spec row per (indicator, series) pair: its own row, else the indicator's "" row."""
    fields = ["goal", "direction", "base_year", "target", "target_year", "limit"]
    full = (
        with_spec_defaults(spec)
        .select(["indicator", "series", *fields])
        .with_columns(pl.col("series").fill_null(""))  # no series label: the headline row
    )
    own = full.filter(pl.col("series") != "").unique(["indicator", "series"], keep="first")
    shared = (
        full.filter(pl.col("series") == "")
        .unique("indicator", keep="first")
        .drop("series")
        .rename({f: f"{f}_shared" for f in fields})
    )
    joined = pairs.join(
        own.lazy().with_columns(_own=pl.lit(True)), on=["indicator", "series"], how="left"
    ).join(shared.lazy(), on="indicator", how="left")
    has_own = pl.col("_own").fill_null(False)
    return joined.select(
        "indicator",
        "series",
        *(
            pl.when(has_own).then(pl.col(f)).otherwise(pl.col(f"{f}_shared")).alias(f)
            for f in fields
        ),
    )


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
    keys = [*KEYS, "year"]
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
        lf.group_by(list(KEYS))
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
        *KEYS,
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
    missing = listed_without_values(points.select(KEYS), spec, entities)
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
    return _series_explanations(series.collect())


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
        indicator_out = _indicator_explanations(indicators).select(
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
