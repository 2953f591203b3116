"""The SDSN SDG Index and Dashboards method (``sdsn``) and its city variant (``sdsn-cities``).

Each indicator's latest value is normalised between its worst (0) and best (100) bounds; a goal's
score is the mean of its normalised indicators and the index is the mean of the goal scores.
Each indicator also gets a dashboard colour from its green and red thresholds, and each goal a
colour from its indicators' ratings on a 0-3 scale: the two lowest ratings for the SDG Index
(``sdsn``), the mean of all ratings with a "more than a third red" rule for city indices
(``sdsn-cities``). ``docs/methods.md`` gives the formulas, edge cases and sources.
"""

from __future__ import annotations

from typing import Literal

import polars as pl

from localsdg.core.progress.base import (
    RESULT_COLUMNS,
    VALUES_SCHEMA,
    MethodError,
    Options,
    register,
    with_spec_defaults,
)
from localsdg.core.progress.series import entities_of, listed_without_values, resolve_spec
from localsdg.core.progress.text import label, round_display, strip_zero

GoalRule = Literal["two_lowest", "mean"]

STATUSES: tuple[str, ...] = ("green", "yellow", "orange", "red", "grey")

KEYS = ["entity", "indicator", "series"]

# Columns this method adds to RESULT_COLUMNS, in output order.
OUTPUT_COLUMNS: dict[str, pl.DataType] = {
    "value": pl.Float64(),  # the latest value used
    "year": pl.Float64(),  # its year
    "best": pl.Float64(),
    "worst": pl.Float64(),
    "green": pl.Float64(),
    "yellow": pl.Float64(),  # the yellow/orange boundary (the green-red midpoint by default)
    "red": pl.Float64(),
    "direction": pl.Int8(),  # 1 higher is better, -1 lower is better (from best vs worst)
    "in_index": pl.Boolean(),  # False: dashboard only
    "normalized": pl.Float64(),  # 0-100, null for dashboard-only indicators
    "rating": pl.Float64(),  # 0-3 (indicator rows); the averaged rating (goal rows)
    "colour": pl.String(),
    "coverage": pl.String(),  # goal rows: indicators with a colour / the goal's indicators, "4/6"
    "score": pl.Float64(),  # goal and index rows
    "n_indicators": pl.UInt32(),  # goal rows: the goal's indicators
    "n_with_data": pl.UInt32(),  # goal rows: indicators with a colour
    "n_in_score": pl.UInt32(),  # goal rows: normalised indicators in the goal score
    "n_red": pl.UInt32(),  # goal rows: red indicators
    "n_goals": pl.UInt32(),  # index row: goals with a score
}

COLOUR_JA = {"green": "緑", "yellow": "黄", "orange": "橙", "red": "赤", "grey": "灰"}
SPEC_NUMBERS = ["best", "worst", "green", "yellow", "red"]


def _num(expr: pl.Expr) -> pl.Expr:
    """A number for explanations: four significant figures, whole from 1000 on, no trailing .0."""
    return strip_zero(round_display(expr).cast(pl.String))


def _fixed(expr: pl.Expr, decimals: int) -> pl.Expr:
    return strip_zero(expr.round(decimals).cast(pl.String))


def _colour_ja(expr: pl.Expr) -> pl.Expr:
    return label(expr, COLOUR_JA)


# --------------------------------------------------------------------------------- input


def _values(values: pl.DataFrame) -> pl.LazyFrame:
    missing = [name for name in VALUES_SCHEMA if name not in values.columns]
    if missing:
        raise MethodError(f"values: missing column(s) {', '.join(missing)}")
    frame = values.select(pl.col(name).cast(dtype) for name, dtype in VALUES_SCHEMA.items())
    no_year = frame.filter(pl.col("year").is_null() & pl.col("value").is_not_null())
    if no_year.height:
        row = no_year.row(0, named=True)
        raise MethodError(
            f"values: no year for entity {row['entity']!r}, indicator {row['indicator']!r}, "
            f"series {row['series'] or ''!r}"
        )
    return frame.lazy().with_columns(pl.col("series").fill_null(""))


def _latest(values: pl.LazyFrame) -> pl.DataFrame:
    """The value at the latest year with a value, per entity, indicator and series."""
    latest = (
        values.filter(pl.col("value").is_not_null() & pl.col("value").is_not_nan())
        .filter(pl.col("year") == pl.col("year").max().over(KEYS))
        .with_columns(_n=pl.len().over(KEYS))
        .collect()
    )
    twice = latest.filter(pl.col("_n") > 1)
    if twice.height:
        row = twice.row(0, named=True)
        raise MethodError(
            f"values: {row['_n']} values in {_num_text(row['year'])} for entity "
            f"{row['entity']!r}, indicator {row['indicator']!r}, series {row['series']!r}"
        )
    return latest.select(*KEYS, "year", "value")


def _num_text(number: float) -> str:
    return f"{number:g}"


def _spec(spec: pl.DataFrame) -> pl.DataFrame:
    """The spec with defaults, an optional ``yellow`` column, a sign ``s``, validated."""
    if "indicator" not in spec.columns:
        raise MethodError("spec: missing column indicator")
    yellow = (
        spec.get_column("yellow").cast(pl.Float64())
        if "yellow" in spec.columns
        else pl.Series("yellow", [None] * spec.height, pl.Float64())
    )
    frame = with_spec_defaults(spec).with_columns(
        pl.col("series").fill_null(""), yellow.alias("yellow")
    )
    frame = frame.filter(pl.col("indicator").is_not_null())
    twice = frame.filter(pl.struct("indicator", "series").is_duplicated())
    if twice.height:
        row = twice.row(0, named=True)
        raise MethodError(
            f"spec: indicator {row['indicator']!r}, series {row['series']!r} is given twice"
        )
    bounds = pl.col("best").is_not_null() & pl.col("worst").is_not_null()
    thresholds = pl.col("green").is_not_null() & pl.col("red").is_not_null()
    frame = frame.with_columns(
        s=pl.when(bounds & (pl.col("best") != pl.col("worst")))
        .then((pl.col("best") - pl.col("worst")).sign())
        .when(pl.col("direction").is_in([1, -1]))
        .then(pl.col("direction").cast(pl.Float64()))
        .when(thresholds & (pl.col("green") != pl.col("red")))
        .then((pl.col("green") - pl.col("red")).sign())
        .otherwise(None),
        in_index=pl.col("in_index").fill_null(True),
    )
    s = pl.col("s")
    checks: list[tuple[pl.Expr, str]] = [
        (pl.col("best").is_null() != pl.col("worst").is_null(), "give both best and worst"),
        (pl.col("green").is_null() != pl.col("red").is_null(), "give both green and red"),
        (pl.col("yellow").is_not_null() & ~thresholds, "a yellow threshold needs green and red"),
        (bounds & (pl.col("best") == pl.col("worst")), "best and worst are equal"),
        (
            pl.col("direction").is_not_null() & ~pl.col("direction").is_in([1, -1]),
            "direction must be 1 or -1",
        ),
        (
            bounds & pl.col("direction").is_not_null() & (pl.col("direction") != s),
            "direction contradicts best and worst",
        ),
        (thresholds & (s * pl.col("green") < s * pl.col("red")), "green is worse than red"),
        (
            pl.col("yellow").is_not_null()
            & (
                (s * pl.col("yellow") > s * pl.col("green"))
                | (s * pl.col("yellow") < s * pl.col("red"))
            ),
            "yellow is not between red and green",
        ),
    ]
    for condition, reason in checks:
        bad = frame.filter(condition.fill_null(False))
        if bad.height:
            row = bad.row(0, named=True)
            raise MethodError(
                f"spec: indicator {row['indicator']!r}, series {row['series']!r}: {reason}"
            )
    # One goal per indicator: its headline row's, else the first given on another row.
    goals = (
        frame.filter(pl.col("goal").is_not_null())
        .sort(pl.col("series") != "", "series")
        .group_by("indicator", maintain_order=True)
        .agg(pl.col("goal").first())
    )
    return frame.drop("goal").join(goals, on="indicator", how="left")


def _resolve(rows: pl.LazyFrame, spec: pl.DataFrame) -> pl.LazyFrame:
    """Each row's spec: its own series row, else the indicator's headline ("") row."""
    columns = [*SPEC_NUMBERS, "direction", "in_index", "s"]
    goals = spec.lazy().select("indicator", "goal").unique("indicator")
    return (
        resolve_spec(rows, spec, columns)
        .join(goals, on="indicator", how="left")
        .with_columns(pl.col("in_index").fill_null(True))
    )


# ------------------------------------------------------------------------ indicator rows


def _assess_rows(rows: pl.LazyFrame) -> pl.LazyFrame:
    """Normalised score, colour, 0-3 rating and explanations for rows with a resolved spec."""
    x, s = pl.col("value"), pl.col("s")
    best, worst, green, red = pl.col("best"), pl.col("worst"), pl.col("green"), pl.col("red")
    coloured = x.is_not_null() & green.is_not_null() & s.is_not_null()
    rows = rows.with_columns(
        midpoint=(green + red) / 2,
        yellow=pl.col("yellow").fill_null((green + red) / 2),
    )
    yellow = pl.col("yellow")
    rows = rows.with_columns(
        normalized=pl.when(pl.col("in_index"))
        .then(((x - worst) / (best - worst) * 100).clip(0, 100))
        .otherwise(None),
        colour=pl.when(~coloured)
        .then(pl.lit("grey"))
        .when(s * x >= s * green)
        .then(pl.lit("green"))
        .when(s * x >= s * yellow)
        .then(pl.lit("yellow"))
        .when(s * x >= s * red)
        .then(pl.lit("orange"))
        .otherwise(pl.lit("red")),
        # 0-3 rating, piecewise linear: worst 0, red 1, green 2, best 3; "at or above red" is
        # tested before the clamp at worst, because worst may equal red.
        rating=pl.when(~coloured)
        .then(None)
        .when(best.is_not_null() & (s * x >= s * best))
        .then(3.0)
        .when(s * x >= s * green)
        .then(pl.when(best.is_null()).then(2.0).otherwise(2 + (x - green) / (best - green)))
        .when(s * x >= s * red)
        .then(1 + (x - red) / (green - red))
        .when(worst.is_null() | (s * x <= s * worst))
        .then(0.0)
        .otherwise((x - worst) / (red - worst)),
        direction=s.cast(pl.Int8()),
    )
    return rows.with_columns(_row_explanations()).drop("midpoint", "s")


def _row_explanations() -> list[pl.Expr]:
    up = pl.col("s") > 0
    colour = pl.col("colour")
    v, y = _num(pl.col("value")), _num(pl.col("year"))
    g, r, mid = _num(pl.col("green")), _num(pl.col("red")), _num(pl.col("yellow"))
    default_mid = pl.col("yellow") == pl.col("midpoint")
    at_or_above = pl.when(up).then(pl.lit("at or above")).otherwise(pl.lit("at or below"))
    below = pl.when(up).then(pl.lit("below")).otherwise(pl.lit("above"))
    ijou = pl.when(up).then(pl.lit("以上")).otherwise(pl.lit("以下"))
    miman = pl.when(up).then(pl.lit("未満の")).otherwise(pl.lit("を超える"))
    between_en = pl.concat_str(
        pl.lit("is between the red ("), r, pl.lit(") and green ("), g, pl.lit(") thresholds, ")
    )
    mid_en = (
        pl.when(default_mid)
        .then(pl.lit("their midpoint "))
        .otherwise(pl.lit("the yellow threshold "))
    )
    between_ja = pl.concat_str(
        pl.lit("赤の閾値 "), r, pl.lit(" と緑の閾値 "), g, pl.lit(" の間で、")
    )
    mid_ja = pl.when(default_mid).then(pl.lit("中間点 ")).otherwise(pl.lit("黄の閾値 "))
    head_en = pl.concat_str(pl.lit("Value "), v, pl.lit(" ("), y, pl.lit(") "))
    head_ja = pl.concat_str(y, pl.lit("年の値 "), v, pl.lit(" は"))
    body_en = (
        pl.when(pl.col("value").is_null())
        .then(pl.lit("No value, so no colour (grey)"))
        .when(colour == "grey")
        .then(
            pl.concat_str(head_en, pl.lit("has no green and red thresholds, so no colour (grey)"))
        )
        .when(colour == "green")
        .then(
            pl.concat_str(
                head_en,
                pl.lit("is "),
                at_or_above,
                pl.lit(" the green threshold "),
                g,
                pl.lit(" → green"),
            )
        )
        .when(colour == "yellow")
        .then(
            pl.concat_str(
                head_en, between_en, at_or_above, pl.lit(" "), mid_en, mid, pl.lit(" → yellow")
            )
        )
        .when(colour == "orange")
        .then(
            pl.concat_str(head_en, between_en, below, pl.lit(" "), mid_en, mid, pl.lit(" → orange"))
        )
        .otherwise(
            pl.concat_str(
                head_en, pl.lit("is "), below, pl.lit(" the red threshold "), r, pl.lit(" → red")
            )
        )
    )
    body_ja = (
        pl.when(pl.col("value").is_null())
        .then(pl.lit("値がないため灰"))
        .when(colour == "grey")
        .then(pl.concat_str(head_ja, pl.lit("緑と赤の閾値がないため灰")))
        .when(colour == "green")
        .then(pl.concat_str(head_ja, pl.lit("緑の閾値 "), g, pl.lit(" "), ijou, pl.lit("のため緑")))
        .when(colour == "yellow")
        .then(
            pl.concat_str(head_ja, between_ja, mid_ja, mid, pl.lit(" "), ijou, pl.lit("のため黄"))
        )
        .when(colour == "orange")
        .then(pl.concat_str(head_ja, between_ja, mid_ja, mid, pl.lit(" "), miman, pl.lit("ため橙")))
        .otherwise(
            pl.concat_str(head_ja, pl.lit("赤の閾値 "), r, pl.lit(" "), miman, pl.lit("ため赤"))
        )
    )
    has_value = pl.col("value").is_not_null()
    tail_en = (
        pl.when(~has_value)
        .then(pl.lit(""))
        .when(~pl.col("in_index"))
        .then(pl.lit("; dashboard only, not part of the scores"))
        .when(pl.col("normalized").is_not_null())
        .then(
            pl.concat_str(
                pl.lit("; normalised "), _fixed(pl.col("normalized"), 1), pl.lit(" of 100")
            )
        )
        .otherwise(pl.lit("; no best and worst bounds, so not normalised"))
    )
    tail_ja = (
        pl.when(~has_value)
        .then(pl.lit(""))
        .when(~pl.col("in_index"))
        .then(pl.lit("。ダッシュボードのみの指標で、スコアには含めません"))
        .when(pl.col("normalized").is_not_null())
        .then(
            pl.concat_str(
                pl.lit("。正規化スコア "), _fixed(pl.col("normalized"), 1), pl.lit("（100点満点）")
            )
        )
        .otherwise(pl.lit("。最良値と最悪値がないため正規化しません"))
    )
    return [
        pl.concat_str(body_en, tail_en, pl.lit(".")).alias("explanation_en"),
        pl.concat_str(body_ja, tail_ja, pl.lit("。")).alias("explanation_ja"),
    ]


# ------------------------------------------------------------------------------- goals


def _goals(indicators: pl.LazyFrame, rule: GoalRule) -> pl.LazyFrame:
    """Goal score, colour and coverage per entity and goal.

    A goal is grey only when none of its indicators has a colour; no minimum share of coloured
    indicators is applied, because the published rule names none (see docs/methods.md).
    """
    rated = pl.col("rating").is_not_null()
    by_rating = [pl.col("rating"), pl.col("indicator")]
    goals = (
        indicators.filter(pl.col("goal").is_not_null())
        .group_by("entity", "goal")
        .agg(
            n_indicators=pl.len().cast(pl.UInt32()),
            n_with_data=rated.sum().cast(pl.UInt32()),
            n_in_score=pl.col("normalized").count().cast(pl.UInt32()),
            n_red=(pl.col("colour") == "red").sum().cast(pl.UInt32()),
            score=pl.col("normalized").mean(),
            mean_rating=pl.col("rating").mean(),
            lows=pl.col("rating").filter(rated).sort().head(2),
            low_names=pl.col("indicator").sort_by(by_rating, nulls_last=True).head(2),
        )
        .with_columns(
            low1=pl.col("lows").list.get(0, null_on_oob=True),
            # With one coloured indicator, the two lowest are that one indicator twice.
            low2=pl.coalesce(
                pl.col("lows").list.get(1, null_on_oob=True),
                pl.col("lows").list.get(0, null_on_oob=True),
            ),
            name1=pl.col("low_names").list.get(0, null_on_oob=True),
            name2=pl.col("low_names").list.get(1, null_on_oob=True),
            coverage=pl.format("{}/{}", pl.col("n_with_data"), pl.col("n_indicators")),
        )
    )
    grey = pl.col("n_with_data") == 0
    low1, low2 = pl.col("low1"), pl.col("low2")
    if rule == "two_lowest":
        m = (low1 + low2) / 2
        colour = (
            pl.when(grey)
            .then(pl.lit("grey"))
            .when(m >= 2)
            .then(pl.when(low1 >= 2).then(pl.lit("green")).otherwise(pl.lit("yellow")))
            .when(m >= 1.5)
            .then(pl.lit("yellow"))
            .when(m >= 1)
            .then(pl.lit("orange"))
            .when(low2 < 1)
            .then(pl.lit("red"))
            .otherwise(pl.lit("orange"))
        )
    else:
        m = pl.col("mean_rating")
        colour = (
            pl.when(grey)
            .then(pl.lit("grey"))
            .when(3 * pl.col("n_red") > pl.col("n_with_data"))
            .then(pl.lit("red"))
            .when(m >= 2)
            .then(pl.lit("green"))
            .when(m >= 1.5)
            .then(pl.lit("yellow"))
            .when(m >= 1)
            .then(pl.lit("orange"))
            .otherwise(pl.lit("red"))
        )
    goals = goals.with_columns(colour=colour, rating=pl.when(grey).then(None).otherwise(m))
    return goals.with_columns(_goal_explanations(rule)).select(
        "entity",
        "goal",
        "score",
        "rating",
        "colour",
        "coverage",
        "n_indicators",
        "n_with_data",
        "n_in_score",
        "n_red",
        "explanation_en",
        "explanation_ja",
    )


def _goal_explanations(rule: GoalRule) -> list[pl.Expr]:
    n, total, k = (pl.col(c).cast(pl.String) for c in ("n_with_data", "n_indicators", "n_in_score"))
    colour, rating, coverage = pl.col("colour"), _fixed(pl.col("rating"), 2), pl.col("coverage")
    colour_ja = _colour_ja(colour)
    score_en = (
        pl.when(pl.col("score").is_null())
        .then(pl.lit("No goal score (no normalised indicator in the index)"))
        .otherwise(
            pl.concat_str(
                pl.lit("Goal score "),
                _fixed(pl.col("score"), 1),
                pl.lit(" is the mean of "),
                k,
                pl.lit(" normalised indicator(s)"),
            )
        )
    )
    score_ja = (
        pl.when(pl.col("score").is_null())
        .then(pl.lit("ゴールスコアなし（インデックスに含める正規化済みの指標がありません）"))
        .otherwise(
            pl.concat_str(
                pl.lit("ゴールスコア "),
                _fixed(pl.col("score"), 1),
                pl.lit(" は正規化した "),
                k,
                pl.lit(" 指標の平均"),
            )
        )
    )
    # Coverage first: how many of the goal's indicators the colour rests on.
    coverage_en = pl.concat_str(coverage, pl.lit(" indicators have a colour"))
    coverage_ja = pl.concat_str(
        pl.lit("色が付く指標は "),
        total,
        pl.lit(" 指標中 "),
        n,
        pl.lit(" 指標（"),
        coverage,
        pl.lit("）"),
    )
    grey = colour == "grey"
    grey_en = pl.concat_str(coverage_en, pl.lit(": none → grey"))
    grey_ja = pl.concat_str(coverage_ja, pl.lit("のため灰"))
    if rule == "two_lowest":
        single = pl.col("n_with_data") == 1
        m = pl.col("rating")
        note_en = (
            pl.when((m >= 2) & (colour == "yellow"))
            .then(pl.lit(" (green needs both at 2 or above)"))
            .when((m < 1) & (colour == "orange"))
            .then(pl.lit(" (red needs both below 1)"))
            .otherwise(pl.lit(""))
        )
        note_ja = (
            pl.when((m >= 2) & (colour == "yellow"))
            .then(pl.lit("（緑には2指標とも2以上が必要）"))
            .when((m < 1) & (colour == "orange"))
            .then(pl.lit("（赤には2指標とも1未満が必要）"))
            .otherwise(pl.lit(""))
        )
        low1, low2 = _fixed(pl.col("low1"), 2), _fixed(pl.col("low2"), 2)
        colour_en = (
            pl.when(grey)
            .then(grey_en)
            .when(single)
            .then(
                pl.concat_str(
                    coverage_en,
                    pl.lit("; with one coloured indicator the two lowest are that one ("),
                    pl.col("name1"),
                    pl.lit(" "),
                    low1,
                    pl.lit(" on the 0–3 scale) → "),
                    colour,
                )
            )
            .otherwise(
                pl.concat_str(
                    coverage_en,
                    pl.lit("; the two lowest-rated indicators ("),
                    pl.col("name1"),
                    pl.lit(" "),
                    low1,
                    pl.lit(", "),
                    pl.col("name2"),
                    pl.lit(" "),
                    low2,
                    pl.lit(" on the 0–3 scale) average "),
                    rating,
                    pl.lit(" → "),
                    colour,
                    note_en,
                )
            )
        )
        colour_ja_text = (
            pl.when(grey)
            .then(grey_ja)
            .when(single)
            .then(
                pl.concat_str(
                    coverage_ja,
                    pl.lit("。色が付く指標が1つのため、その指標（"),
                    pl.col("name1"),
                    pl.lit("、0〜3の尺度で "),
                    low1,
                    pl.lit("）を評価が最も低い2指標として扱い、"),
                    colour_ja,
                )
            )
            .otherwise(
                pl.concat_str(
                    coverage_ja,
                    pl.lit("。評価が最も低い2指標（0〜3の尺度で "),
                    pl.col("name1"),
                    pl.lit(" "),
                    low1,
                    pl.lit("、"),
                    pl.col("name2"),
                    pl.lit(" "),
                    low2,
                    pl.lit("）の平均 "),
                    rating,
                    pl.lit(" により"),
                    colour_ja,
                    note_ja,
                )
            )
        )
    else:
        red_rule = 3 * pl.col("n_red") > pl.col("n_with_data")
        red_count = pl.col("n_red").cast(pl.String)
        colour_en = (
            pl.when(grey)
            .then(grey_en)
            .when(red_rule)
            .then(
                pl.concat_str(
                    coverage_en,
                    pl.lit("; "),
                    red_count,
                    pl.lit(" of them are red (more than a third) → red; "),
                    pl.lit("their mean rating is "),
                    rating,
                    pl.lit(" on the 0–3 scale"),
                )
            )
            .otherwise(
                pl.concat_str(
                    coverage_en,
                    pl.lit("; their mean rating is "),
                    rating,
                    pl.lit(" on the 0–3 scale → "),
                    colour,
                )
            )
        )
        colour_ja_text = (
            pl.when(grey)
            .then(grey_ja)
            .when(red_rule)
            .then(
                pl.concat_str(
                    coverage_ja,
                    pl.lit("。そのうち "),
                    red_count,
                    pl.lit(" 指標が赤で3分の1を超えるため赤（0〜3の尺度での平均は "),
                    rating,
                    pl.lit("）"),
                )
            )
            .otherwise(
                pl.concat_str(
                    coverage_ja,
                    pl.lit("。その0〜3の尺度での平均 "),
                    rating,
                    pl.lit(" により"),
                    colour_ja,
                )
            )
        )
    return [
        pl.concat_str(score_en, pl.lit("; "), colour_en, pl.lit(".")).alias("explanation_en"),
        pl.concat_str(score_ja, pl.lit("。"), colour_ja_text, pl.lit("。")).alias("explanation_ja"),
    ]


def _index(goals: pl.LazyFrame, entities: pl.LazyFrame) -> pl.LazyFrame:
    scores = goals.group_by("entity").agg(
        score=pl.col("score").mean(), n_goals=pl.col("score").count().cast(pl.UInt32())
    )
    index = entities.join(scores, on="entity", how="left").with_columns(
        pl.col("n_goals").fill_null(0)
    )
    score, n = _fixed(pl.col("score"), 1), pl.col("n_goals").cast(pl.String)
    return index.with_columns(
        explanation_en=pl.when(pl.col("score").is_null())
        .then(pl.lit("No goal has a score, so no index score."))
        .otherwise(
            pl.concat_str(
                pl.lit("Index score "),
                score,
                pl.lit(" is the mean of "),
                n,
                pl.lit(" goal scores."),
            )
        ),
        explanation_ja=pl.when(pl.col("score").is_null())
        .then(pl.lit("スコアのあるゴールがないため、インデックスのスコアはありません。"))
        .otherwise(
            pl.concat_str(
                pl.lit("インデックスのスコア "),
                score,
                pl.lit(" は "),
                n,
                pl.lit(" ゴールのスコアの平均です。"),
            )
        ),
    )


# ------------------------------------------------------------------------------ method


def _finish(frame: pl.LazyFrame, level: str, method: str) -> pl.LazyFrame:
    columns = {**RESULT_COLUMNS, **OUTPUT_COLUMNS}
    present = frame.collect_schema().names()
    return frame.with_columns(
        level=pl.lit(level),
        method=pl.lit(method),
        status=pl.col("colour") if "colour" in present else pl.lit(None, pl.String()),
    ).select(
        pl.col(name).cast(dtype)
        if name in present or name in ("level", "method", "status")
        else pl.lit(None, dtype).alias(name)
        for name, dtype in columns.items()
    )


class SdsnMethod:
    """The SDSN SDG Index and Dashboards; ``goal_rule`` picks how goal colours are set."""

    version = "1.1"
    statuses = STATUSES

    def __init__(self, name: str, title: str, goal_rule: GoalRule) -> None:
        self.name = name
        self.title = title
        self.goal_rule: GoalRule = goal_rule

    def assess(self, values: pl.DataFrame, spec: pl.DataFrame, options: Options) -> pl.DataFrame:
        # The only option used is ``entities``: the method always takes each latest value.
        lazy_values = _values(values)
        spec_frame = _spec(spec)
        latest = _latest(lazy_values)
        entities = entities_of(lazy_values.select("entity").unique().collect(), options).lazy()

        # A series the spec lists without any value still gets its (grey) row.
        unlisted = listed_without_values(latest.select(KEYS), spec_frame, entities.collect())
        listed = unlisted.with_columns(
            year=pl.lit(None, pl.Float64()), value=pl.lit(None, pl.Float64())
        )
        series_rows = _assess_rows(_resolve(pl.concat([latest, listed]).lazy(), spec_frame))
        indicators = pl.concat(
            [spec_frame.lazy().select("indicator"), latest.lazy().select("indicator")]
        ).unique()
        grid = (
            entities.join(indicators, how="cross")
            .with_columns(series=pl.lit(""))
            .join(latest.lazy().filter(pl.col("series") == ""), on=KEYS, how="left")
        )
        indicator_rows = _assess_rows(_resolve(grid, spec_frame)).with_columns(series=pl.lit(""))
        indicator_rows = indicator_rows.collect().lazy()
        goals = _goals(indicator_rows, self.goal_rule).collect().lazy()
        index = _index(goals, entities)
        frames = [
            _finish(series_rows, "series", self.name),
            _finish(indicator_rows, "indicator", self.name),
            _finish(goals.with_columns(indicator=pl.lit(""), series=pl.lit("")), "goal", self.name),
            _finish(
                index.with_columns(
                    indicator=pl.lit(""), series=pl.lit(""), goal=pl.lit(None, pl.Int32())
                ),
                "index",
                self.name,
            ),
        ]
        order = pl.col("level").replace_strict(
            {"series": 0, "indicator": 1, "goal": 2, "index": 3}, return_dtype=pl.Int8()
        )
        return (
            pl.concat(frames)
            .sort(order, "entity", "goal", "indicator", "series", nulls_last=True)
            .collect()
        )


SDSN = register(SdsnMethod("sdsn", "SDSN SDG Index and Dashboards", "two_lowest"))
SDSN_CITIES = register(
    SdsnMethod("sdsn-cities", "SDSN SDG Index and Dashboards for cities", "mean")
)
