"""The ``unsd`` method: the trend rules of the UN Statistics Division's SDG Progress Chart.

Source: United Nations Statistics Division, *SDG Progress Chart 2023 — Technical Note*
(https://unstats.un.org/sdgs/files/report/2023/Progress_Chart_Technical_Note_2023.pdf), section
"Measuring the trend" for indicators with and without an explicit numerical target, as restated
by EUSTAT's published progress methodology (which also lists the target-met, one-point and base
year exceptions). Every rule with its source, and every choice made where the sources are silent,
is in ``docs/methods.md``.

Per series (entity, indicator, series):

* base value: the observation in the base year (spec ``base_year``, else ``Options.base_year``,
  else 2015); when there is none, the first later year before the latest, else the last earlier
  one. Current value: the latest observation. Fewer than two observations: insufficient data.
* With a target: the actual compound annual growth rate CAGRa = (v_t / v_b)^(1/(t-b)) - 1
  projects v_e = v_t (1 + CAGRa)^(T - t) for the target year T; the ratio of projected to needed
  progress r = (v_e - v_b) / (target - v_b) gives ``substantial_progress`` (r >= 0.95),
  ``fair_progress`` (0.10 <= r < 0.95) or ``limited_progress`` (r < 0.10; r < 0 is flagged as a
  deterioration). A latest value that already meets the target (or is within one point of a 0 or
  100 target) is ``substantial_progress`` whatever the trend.
* Without a target: the direction-signed CAGRa gives ``substantial_progress`` (>= 2 % a year),
  ``fair_progress`` (>= 0.5 %) or ``limited_progress`` (below; negative is a deterioration).
"""

from __future__ import annotations

from typing import Final

import polars as pl

from localsdg.core.progress.base import Options, register
from localsdg.core.progress.series import INPUT_COLUMNS, empty_results, series_endpoints
from localsdg.core.progress.text import fmt, label

__all__ = ["UnsdMethod"]


# Cut-offs of the Progress Chart technical note.
RATIO_SUBSTANTIAL: Final = 0.95
RATIO_FAIR: Final = 0.10
CAGR_SUBSTANTIAL: Final = 0.02
CAGR_FAIR: Final = 0.005
NEAR_BOUND_POINTS: Final = 1.0  # "within one point" of a 0 % or 100 % target counts as met
BOUND_TARGETS: Final = (0.0, 100.0)

STATUSES: Final = (
    "substantial_progress",
    "fair_progress",
    "limited_progress",
    "not_assessable",
    "insufficient_data",
)

OUTPUT_COLUMNS: dict[str, pl.DataType] = {
    **{k: v for k, v in INPUT_COLUMNS.items() if k != "limit"},
    "cagr": pl.Float64(),  # actual compound annual growth rate, base to latest
    "projected_value": pl.Float64(),  # value in the target year at that rate (with a target)
    "progress_ratio": pl.Float64(),  # projected / needed progress (with a target)
    "target_met": pl.Boolean(),
    "deteriorating": pl.Boolean(),  # moving away from the target or the desired direction
}


# --- the method ------------------------------------------------------------------------------

_LABEL_EN: Final = {
    "substantial_progress": "substantial progress / on track",
    "fair_progress": "fair progress, but acceleration needed",
    "limited_progress": "limited or no progress",
}
_LABEL_JA: Final = {
    "substantial_progress": "大きく前進／順調",
    "fair_progress": "一定の前進（ただし加速が必要）",
    "limited_progress": "前進が限定的、または前進なし",
}


class UnsdMethod:
    name = "unsd"
    version = "1.1"
    title = "UN Statistics Division SDG Progress Chart (trend rules of the 2023 technical note)"
    statuses: tuple[str, ...] = STATUSES
    spec_columns: tuple[str, ...] = ()  # every spec column is optional (target, base_year, ...)

    def assess(self, values: pl.DataFrame, spec: pl.DataFrame, options: Options) -> pl.DataFrame:
        _observed, data = series_endpoints(values, spec, options)
        if data.is_empty():
            return empty_results(OUTPUT_COLUMNS)
        return self._classify(data)

    def _classify(self, data: pl.DataFrame) -> pl.DataFrame:
        c = pl.col
        d = c("direction").cast(pl.Float64)
        vb, vt, tgt = c("base_value"), c("current_value"), c("target")
        has_target = tgt.is_not_null()
        meets = has_target & (d * (vt - tgt) >= 0)
        near = has_target & tgt.is_in(list(BOUND_TARGETS)) & ((vt - tgt).abs() <= NEAR_BOUND_POINTS)
        cagr = (vt / vb).pow(1.0 / (c("current_year") - c("base_year"))) - 1.0
        horizon = pl.max_horizontal(c("target_year") - c("current_year"), pl.lit(0.0))
        projected = vt * (1.0 + cagr).pow(horizon)
        needed = d * (tgt - vb)
        ratio = (projected - vb) / (tgt - vb)
        data = data.with_columns(
            _case=pl.when(c("n") < 2)
            .then(pl.lit("few"))
            .when(c("direction").is_null())
            .then(pl.lit("no_direction"))
            .when(meets | near)
            .then(pl.when(meets).then(pl.lit("met")).otherwise(pl.lit("near")))
            .when((vb <= 0) | (vt < 0))
            .then(pl.lit("undefined"))
            .when(has_target & (needed <= 0))
            .then(pl.lit("lost"))
            .when(has_target)
            .then(pl.lit("ratio"))
            .otherwise(pl.lit("cagr"))
        )
        case = c("_case")
        computed = case.is_in(["ratio", "cagr", "lost"])
        data = data.with_columns(
            cagr=pl.when(computed).then(cagr),
            projected_value=pl.when(case == "ratio").then(projected),
            progress_ratio=pl.when(case == "ratio").then(ratio),
            target_met=pl.when(c("n") >= 2).then(case.is_in(["met", "near"])),
        )
        signed = d * c("cagr")
        r = c("progress_ratio")
        data = data.with_columns(
            status=pl.when(case == "few")
            .then(pl.lit("insufficient_data"))
            .when(case.is_in(["no_direction", "undefined"]))
            .then(pl.lit("not_assessable"))
            .when(case.is_in(["met", "near"]))
            .then(pl.lit("substantial_progress"))
            .when(case == "lost")
            .then(pl.lit("limited_progress"))
            .when(case == "ratio")
            .then(
                pl.when(r >= RATIO_SUBSTANTIAL)
                .then(pl.lit("substantial_progress"))
                .when(r >= RATIO_FAIR)
                .then(pl.lit("fair_progress"))
                .otherwise(pl.lit("limited_progress"))
            )
            .otherwise(
                pl.when(signed >= CAGR_SUBSTANTIAL)
                .then(pl.lit("substantial_progress"))
                .when(signed >= CAGR_FAIR)
                .then(pl.lit("fair_progress"))
                .otherwise(pl.lit("limited_progress"))
            ),
            deteriorating=pl.when(computed).then(
                (case == "lost") | ((case == "ratio") & (r < 0)) | ((case == "cagr") & (signed < 0))
            ),
        )
        data = data.with_columns(*self._explain())
        return data.select(
            level=pl.lit("series"),
            method=pl.lit(self.name),
            entity="entity",
            indicator="indicator",
            series="series",
            goal=c("goal").cast(pl.Int32),
            status="status",
            explanation_en="explanation_en",
            explanation_ja="explanation_ja",
            **{name: c(name).cast(dtype) for name, dtype in OUTPUT_COLUMNS.items()},
        )

    @staticmethod
    def _explain() -> tuple[pl.Expr, pl.Expr]:
        c = pl.col
        case = c("_case")
        by, cy, ty = fmt(c("base_year")), fmt(c("current_year")), fmt(c("target_year"))
        vb, vt, tgt = fmt(c("base_value")), fmt(c("current_value")), fmt(c("target"))
        rate = fmt(c("cagr") * 100, 2)
        pct = fmt(c("progress_ratio") * 100, 1)
        ve = fmt(c("projected_value"))
        lower = c("direction") == -1
        dir_en = (
            pl.when(lower).then(pl.lit("lower is better")).otherwise(pl.lit("higher is better"))
        )
        dir_ja = pl.when(lower).then(pl.lit("低いほど良い")).otherwise(pl.lit("高いほど良い"))
        worse_en = (
            pl.when(c("deteriorating")).then(pl.lit(" (deterioration)")).otherwise(pl.lit(""))
        )
        worse_ja = pl.when(c("deteriorating")).then(pl.lit("（後退）")).otherwise(pl.lit(""))
        label_en = label(c("status"), _LABEL_EN)
        label_ja = label(c("status"), _LABEL_JA)
        en = (
            pl.when(case == "few")
            .then(
                pl.when(c("n") == 0)
                .then(pl.lit("No observations: the trend cannot be assessed."))
                .otherwise(pl.lit("Fewer than two observations: the trend cannot be assessed."))
            )
            .when(case == "no_direction")
            .then(pl.lit("The desired direction (higher or lower is better) is not set."))
            .when(case == "undefined")
            .then(
                pl.format(
                    "The growth rate is undefined: the base value {} ({}) is not positive "
                    "or the latest value {} ({}) is negative.",
                    vb, by, vt, cy,
                )
            )
            .when(case == "met")
            .then(
                pl.format(
                    "The latest value {} ({}) already meets the target {} ({}): target met.",
                    vt, cy, tgt, dir_en,
                )
            )
            .when(case == "near")
            .then(
                pl.format(
                    "The latest value {} ({}) is within one point of the target {}: "
                    "counted as target met.",
                    vt, cy, tgt,
                )
            )
            .when(case == "lost")
            .then(
                pl.format(
                    "The base value {} ({}) met the target {} but the latest value {} ({}) "
                    "no longer does: limited or no progress (deterioration).",
                    vb, by, tgt, vt, cy,
                )
            )
            .when(case == "ratio")
            .then(
                pl.format(
                    "At the growth rate since {} ({}% a year) the value would be {} in {}, "
                    "{}% of the progress needed from {} to the target {}: {}{}.",
                    by, rate, ve, ty, pct, vb, tgt, label_en, worse_en,
                )
            )
            .otherwise(
                pl.format(
                    "No numerical target: the value changed by {}% a year from {} ({}) to {} "
                    "({}), {}: {}{}.",
                    rate, vb, by, vt, cy, dir_en, label_en, worse_en,
                )
            )
        )  # fmt: skip
        ja = (
            pl.when(case == "few")
            .then(
                pl.when(c("n") == 0)
                .then(pl.lit("観測値がないため、傾向を評価できません。"))
                .otherwise(pl.lit("観測値が2つ未満のため、傾向を評価できません。"))
            )
            .when(case == "no_direction")
            .then(pl.lit("望ましい方向（高いほど良い・低いほど良い）が設定されていないため、評価できません。"))
            .when(case == "undefined")
            .then(
                pl.format(
                    "基準値 {}（{}年）が正の値でないか、最新値 {}（{}年）が負の値のため、"
                    "年平均成長率を計算できません。",
                    vb, by, vt, cy,
                )
            )
            .when(case == "met")
            .then(
                pl.format(
                    "最新値 {}（{}年）は既に目標値 {}（{}）を達成しています。",
                    vt, cy, tgt, dir_ja,
                )
            )
            .when(case == "near")
            .then(
                pl.format(
                    "最新値 {}（{}年）と目標値 {} との差が1ポイント以内のため、達成とみなします。",
                    vt, cy, tgt,
                )
            )
            .when(case == "lost")
            .then(
                pl.format(
                    "基準値 {}（{}年）は目標値 {} を達成していましたが、最新値 {}（{}年）は"
                    "達成していません：前進が限定的、または前進なし（後退）。",
                    vb, by, tgt, vt, cy,
                )
            )
            .when(case == "ratio")
            .then(
                pl.format(
                    "{}年以降の年平均成長率（{}%）が続くと {}年の値は {} となり、基準値 {} から"
                    "目標値 {} までに必要な進捗の {}% に相当します：{}{}。",
                    by, rate, ty, ve, vb, tgt, pct, label_ja, worse_ja,
                )
            )
            .otherwise(
                pl.format(
                    "数値目標はありません。{}（{}年）から {}（{}年）まで年平均 {}% 変化しました"
                    "（{}）：{}{}。",
                    vb, by, vt, cy, rate, dir_ja, label_ja, worse_ja,
                )
            )
        )  # fmt: skip
        return en.alias("explanation_en"), ja.alias("explanation_ja")


METHOD = register(UnsdMethod())
