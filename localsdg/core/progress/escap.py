"""The ``escap`` method: current status and anticipated progress indices, ESCAP style.

This follows the *published description* of the indices in ESCAP's Asia and the Pacific SDG
Progress Report (technical notes, https://data.unescap.org/resource-guides/progress-assessment-
methodology) and in the UNECE reports that apply the same index. It is **not certified** to
reproduce ESCAP's own figures: that needs a check against the technical annex of the report
(exact weights, target values and data windows). Every explanation says so.

Per series (entity, indicator, series) with a target and a direction:

* Current status index (CSI): progress made since the base year (default 2015) relative to the
  progress needed to reach the target, ``(v_t - v_b) / (target - v_b)``, capped at 1 (target
  reached); negative means the series regressed.
* Anticipated progress index (API): the value in the target year (default 2030) predicted by a
  time-weighted linear regression over the observations from 2000 on, in which an observation's
  weight grows linearly with its year (1 for the first year used, 2 for a year later, ...);
  ``(v_pred - v_b) / (target - v_b)`` capped at 1. 1 means the target is expected to be met
  (``maintain_progress``), above 0 progress too slow (``accelerate_progress``), 0 or below the
  2030 value no better than the base (``reverse_trend``).
* Indicator and goal rows: the mean of the indices of their series (indicators), with the status
  read from the mean anticipated progress index with the same cut-offs.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from localsdg.core.progress.base import Options, register
from localsdg.core.progress.series import (
    INPUT_COLUMNS,
    SERIES_KEY,
    empty_results,
    series_endpoints,
)
from localsdg.core.progress.text import fmt, label

__all__ = ["REGRESSION_START", "EscapMethod", "regression_weight"]

REGRESSION_START: Final = 2000.0  # first year of data the regression uses

STATUSES: Final = (
    "maintain_progress",
    "accelerate_progress",
    "reverse_trend",
    "not_assessable",
    "insufficient_data",
)

OUTPUT_COLUMNS: dict[str, pl.DataType] = {
    **INPUT_COLUMNS,
    "regression_points": pl.Int64(),  # observations the regression used
    "anticipated_value": pl.Float64(),  # predicted value in the target year
    "current_status_index": pl.Float64(),  # progress made / progress needed, capped at 1
    "anticipated_progress_index": pl.Float64(),  # anticipated / needed progress, capped at 1
    "series_count": pl.Int64(),  # series averaged (indicator and goal rows)
}

CAVEAT_EN: Final = (
    " (Follows ESCAP's published description; not certified equal to ESCAP's own figures.)"
)
CAVEAT_JA: Final = (
    "（ESCAPが公表している手法の説明に沿った計算で、ESCAP自身の数値との一致は未確認です。）"
)

_LABEL_EN: Final = {
    "maintain_progress": "maintain progress to achieve the target",
    "accelerate_progress": "accelerate progress to achieve the target",
    "reverse_trend": "reverse the trend to achieve the target",
}
_LABEL_JA: Final = {
    "maintain_progress": "現在の進捗を維持すれば目標達成の見込み",
    "accelerate_progress": "目標達成には進捗の加速が必要",
    "reverse_trend": "目標達成には傾向の反転が必要",
}


def regression_weight(year: pl.Expr, first_year: pl.Expr) -> pl.Expr:
    """Weight of an observation in the time-weighted regression: 1, 2, 3, ... by year."""
    return year - first_year + 1.0


def _status_from_api(api: pl.Expr) -> pl.Expr:
    return (
        pl.when(api >= 1.0)
        .then(pl.lit("maintain_progress"))
        .when(api > 0.0)
        .then(pl.lit("accelerate_progress"))
        .otherwise(pl.lit("reverse_trend"))
    )


class EscapMethod:
    name = "escap"
    version = "1.1"
    title = (
        "ESCAP-style current status and anticipated progress indices (follows ESCAP's published "
        "description; not certified against ESCAP's figures)"
    )
    statuses: tuple[str, ...] = STATUSES
    spec_columns: tuple[str, ...] = ("target",)

    def assess(self, values: pl.DataFrame, spec: pl.DataFrame, options: Options) -> pl.DataFrame:
        observed, data = series_endpoints(values, spec, options)
        if data.is_empty():
            return empty_results(OUTPUT_COLUMNS)
        data = data.join(self._regression(observed, data), on=SERIES_KEY, how="left")
        rows = self._series_rows(data)
        indicators = self._aggregate(rows, ["entity", "indicator"], "indicator")
        goals = self._aggregate(
            indicators.filter(pl.col("goal").is_not_null()), ["entity", "goal"], "goal"
        )
        return pl.concat([rows, indicators, goals], how="vertical")

    @staticmethod
    def _regression(observed: pl.DataFrame, data: pl.DataFrame) -> pl.DataFrame:
        """Weighted least-squares prediction for the target year, per series."""
        c = pl.col
        window = observed.filter(c("year") >= REGRESSION_START).join(
            data.select(*SERIES_KEY, "target_year"), on=SERIES_KEY, how="inner"
        )
        over = SERIES_KEY
        window = window.with_columns(_w=regression_weight(c("year"), c("year").min().over(over)))
        w = c("_w")
        window = window.with_columns(
            _xm=(w * c("year")).sum().over(over) / w.sum().over(over),
            _ym=(w * c("value")).sum().over(over) / w.sum().over(over),
        )
        dx, dy = c("year") - c("_xm"), c("value") - c("_ym")
        fitted = window.group_by(SERIES_KEY).agg(
            regression_points=pl.len(),
            _sxy=(w * dx * dy).sum(),
            _sxx=(w * dx * dx).sum(),
            _xm=c("_xm").first(),
            _ym=c("_ym").first(),
            _ty=c("target_year").first(),
        )
        slope = c("_sxy") / c("_sxx")
        return fitted.select(
            *SERIES_KEY,
            "regression_points",
            _predicted=pl.when(c("regression_points") >= 2).then(
                c("_ym") + slope * (c("_ty") - c("_xm"))
            ),
        )

    def _series_rows(self, data: pl.DataFrame) -> pl.DataFrame:
        c = pl.col
        d = c("direction").cast(pl.Float64)
        vb, vt, tgt = c("base_value"), c("current_value"), c("target")
        # A natural limit bounds the prediction on the desired side (e.g. 100 %).
        lim = c("limit")
        pred = c("_predicted")
        bounded = pl.when(lim.is_not_null() & (d * (pred - lim) > 0)).then(lim).otherwise(pred)
        needed = d * (tgt - vb)
        current_meets = d * (vt - tgt) >= 0
        predicted_meets = d * (c("anticipated_value") - tgt) >= 0
        data = data.with_columns(
            regression_points=c("regression_points").fill_null(0),
            anticipated_value=bounded,
            _case=pl.when(c("direction").is_null() | tgt.is_null())
            .then(pl.lit("no_spec"))
            .when(c("n") < 2)
            .then(pl.lit("few"))
            .when(needed <= 0)
            .then(pl.lit("base_met"))
            .otherwise(pl.lit("normal")),
        )
        case = c("_case")
        csi = (
            pl.when(case == "normal")
            .then(pl.min_horizontal((vt - vb) / (tgt - vb), pl.lit(1.0)))
            .when(case == "base_met")
            .then(pl.when(current_meets).then(1.0).otherwise(0.0))
        )
        api = (
            pl.when(c("anticipated_value").is_null())
            .then(None)
            .when(case == "normal")
            .then(pl.min_horizontal((c("anticipated_value") - vb) / (tgt - vb), pl.lit(1.0)))
            .when(case == "base_met")
            .then(pl.when(predicted_meets).then(1.0).otherwise(0.0))
        )
        data = data.with_columns(
            current_status_index=csi.cast(pl.Float64),
            anticipated_progress_index=api.cast(pl.Float64),
        )
        api_col = c("anticipated_progress_index")
        data = data.with_columns(
            status=pl.when(case == "no_spec")
            .then(pl.lit("not_assessable"))
            .when(api_col.is_null())
            .then(pl.lit("insufficient_data"))
            .otherwise(_status_from_api(api_col)),
            series_count=pl.lit(None, pl.Int64),
        )
        data = data.with_columns(*self._explain_series())
        return self._select(data, "series")

    def _select(self, data: pl.DataFrame, level: str) -> pl.DataFrame:
        c = pl.col
        return data.select(
            level=pl.lit(level),
            method=pl.lit(self.name),
            entity="entity",
            indicator=c("indicator") if level != "goal" else pl.lit(""),
            series=c("series") if level == "series" else pl.lit(""),
            goal=c("goal").cast(pl.Int32),
            status="status",
            explanation_en="explanation_en",
            explanation_ja="explanation_ja",
            **{
                name: (c(name) if name in data.columns else pl.lit(None)).cast(dtype)
                for name, dtype in OUTPUT_COLUMNS.items()
            },
        )

    def _aggregate(self, rows: pl.DataFrame, keys: list[str], level: str) -> pl.DataFrame:
        """Indicator or goal rows: means of the indices one level down."""
        c = pl.col
        counted = c("series_count").fill_null(1) if level == "goal" else pl.lit(1)
        grouped = rows.with_columns(_count=counted).group_by(keys, maintain_order=True)
        agg = grouped.agg(
            *([c("goal").drop_nulls().first()] if level == "indicator" else []),
            current_status_index=c("current_status_index").mean(),
            anticipated_progress_index=c("anticipated_progress_index").mean(),
            series_count=c("_count").filter(c("anticipated_progress_index").is_not_null()).sum(),
            _assessable=(c("status") != "not_assessable").any(),
        )
        api = c("anticipated_progress_index")
        agg = agg.with_columns(
            status=pl.when(api.is_not_null())
            .then(_status_from_api(api))
            .when(c("_assessable"))
            .then(pl.lit("insufficient_data"))
            .otherwise(pl.lit("not_assessable"))
        )
        if level == "goal":
            agg = agg.with_columns(indicator=pl.lit(""))
        agg = agg.with_columns(*self._explain_aggregate(level), series=pl.lit(""))
        return self._select(agg, level)

    @staticmethod
    def _explain_series() -> tuple[pl.Expr, pl.Expr]:
        c = pl.col
        case = c("_case")
        by, cy, ty = fmt(c("base_year")), fmt(c("current_year")), fmt(c("target_year"))
        vb, vt, tgt = fmt(c("base_value")), fmt(c("current_value")), fmt(c("target"))
        csi = fmt(c("current_status_index"), 3)
        api = fmt(c("anticipated_progress_index"), 3)
        pred = fmt(c("anticipated_value"))
        npts = c("regression_points").cast(pl.String)
        label_en = label(c("status"), _LABEL_EN)
        label_ja = label(c("status"), _LABEL_JA)
        status_en = pl.format(
            "Progress made from {} ({}) to {} ({}) is {} of the progress needed to reach the "
            "target {} (current status index). ",
            vb, by, vt, cy, csi, tgt,
        )  # fmt: skip
        status_ja = pl.format(
            "{}（{}年）から {}（{}年）までの進捗は、目標値 {} の達成に必要な進捗の {} です"
            "（現状指数）。",
            vb, by, vt, cy, tgt, csi,
        )  # fmt: skip
        en = (
            pl.when(case == "no_spec")
            .then(pl.lit("No target value or desired direction is set: no indices."))
            .when(case == "few")
            .then(
                pl.when(c("n") == 0)
                .then(pl.lit("No observations: the indices cannot be computed."))
                .otherwise(pl.lit("Fewer than two observations: the indices cannot be computed."))
            )
            .when(c("anticipated_progress_index").is_null())
            .then(
                status_en
                + pl.lit(f"Fewer than two observations from {REGRESSION_START:g} on: "
                         "no anticipated value.")
            )
            .otherwise(
                status_en
                + pl.format(
                    "A time-weighted regression on {} observations predicts {} in {}, an "
                    "anticipated progress index of {}: {}.",
                    npts, pred, ty, api, label_en,
                )
            )
        )  # fmt: skip
        ja = (
            pl.when(case == "no_spec")
            .then(pl.lit("目標値または望ましい方向が設定されていないため、指数を計算できません。"))
            .when(case == "few")
            .then(
                pl.when(c("n") == 0)
                .then(pl.lit("観測値がないため、指数を計算できません。"))
                .otherwise(pl.lit("観測値が2つ未満のため、指数を計算できません。"))
            )
            .when(c("anticipated_progress_index").is_null())
            .then(
                status_ja
                + pl.lit(f"{REGRESSION_START:g}年以降の観測値が2つ未満のため、予測値はありません。")
            )
            .otherwise(
                status_ja
                + pl.format(
                    "{}個の観測値による時間加重回帰で {}年の値は {} と予測され、"
                    "予測進捗指数は {} です：{}。",
                    npts, ty, pred, api, label_ja,
                )
            )
        )  # fmt: skip
        return (en + pl.lit(CAVEAT_EN)).alias("explanation_en"), (ja + pl.lit(CAVEAT_JA)).alias(
            "explanation_ja"
        )

    @staticmethod
    def _explain_aggregate(level: str) -> tuple[pl.Expr, pl.Expr]:
        c = pl.col
        what_en = "series" if level == "indicator" else "series of its indicators"
        what_ja = "系列" if level == "indicator" else "指標の系列"
        n = c("series_count").cast(pl.String)
        csi = fmt(c("current_status_index"), 3)
        api = fmt(c("anticipated_progress_index"), 3)
        label_en = label(c("status"), _LABEL_EN)
        label_ja = label(c("status"), _LABEL_JA)
        en = (
            pl.when(c("anticipated_progress_index").is_null())
            .then(pl.lit(f"No {what_en} could be assessed."))
            .otherwise(
                pl.format(
                    f"Mean over {{}} {what_en}: current status index {{}}, anticipated progress "
                    "index {}: {}.",
                    n, csi, api, label_en,
                )
            )
        )  # fmt: skip
        ja = (
            pl.when(c("anticipated_progress_index").is_null())
            .then(pl.lit(f"評価できる{what_ja}がありません。"))
            .otherwise(
                pl.format(
                    f"{{}}個の{what_ja}の平均：現状指数 {{}}、予測進捗指数 {{}}：{{}}。",
                    n, csi, api, label_ja,
                )
            )
        )  # fmt: skip
        return (en + pl.lit(CAVEAT_EN)).alias("explanation_en"), (ja + pl.lit(CAVEAT_JA)).alias(
            "explanation_ja"
        )


METHOD = register(EscapMethod())
