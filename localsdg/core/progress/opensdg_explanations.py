"""The explanations of the Open SDG progress measure, in English and Japanese.

Each series result says in one sentence why its status is what it is: the target reached, the
reason it cannot be assessed, the required and observed rates, or the change without a target and
the thresholds it was held to. Each indicator result says how its mean score came about.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final, TypeAlias

import polars as pl

from localsdg.core.progress.opensdg_formula import (
    GROWTH_THRESHOLDS,
    REASON_BASE_AFTER_CURRENT,
    REASON_NO_BASE_DATA,
    REASON_NO_DATA,
    REASON_NO_REQUIRED_CHANGE,
    REASON_OK,
    REASON_ONE_YEAR,
    REASON_OPPOSITE_SIGNS,
    REASON_SHORT_SPAN,
    REASON_TARGET_SIGN,
)
from localsdg.core.progress.text import label, minus_sign, round_display, strip_zero

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


def _number_text(rounded: pl.Expr) -> pl.Expr:
    return minus_sign(strip_zero(rounded.cast(pl.String)))


def _year_text(rounded: pl.Expr) -> pl.Expr:
    return strip_zero(rounded.cast(pl.String))


def _round_percent(rate: pl.Expr) -> pl.Expr:
    """A yearly rate as a rounded percentage: one decimal, two significant digits below 1 %."""
    pct = rate * 100.0
    return pl.when(pct.abs() >= 1.0).then(pct.round(1)).otherwise(pct.round_sig_figs(2))


def _percent_text(rounded: pl.Expr) -> pl.Expr:
    return minus_sign(rounded.cast(pl.String))


def _plus(rounded: pl.Expr) -> pl.Expr:
    """ "+" before a rounded rate above 0 (a separate piece: prefixing every text costs more)."""
    return pl.when(rounded > 0).then(pl.lit("+")).otherwise(pl.lit(""))


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
    "number": (round_display, _number_text),
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
        label(pl.col("status"), STATUS_EN).alias("status_en"),
        label(pl.col("status"), STATUS_JA).alias("status_ja"),
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


def series_explanations(series: pl.DataFrame) -> pl.DataFrame:
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


def indicator_explanations(lf: pl.LazyFrame) -> pl.LazyFrame:
    """``lf`` (indicator summaries) with explanation_en and explanation_ja, then the status."""
    status = pl.col("status")
    n_all, n_ok = pl.col("n_series").cast(pl.String), pl.col("n_assessed").cast(pl.String)
    score = minus_sign(pl.col("score").round(2).cast(pl.String))
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
        explanation_en=en + pl.lit(" → ") + label(status, STATUS_EN),
        explanation_ja=ja + pl.lit(" → ") + label(status, STATUS_JA),
    )
