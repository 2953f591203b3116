"""The escap method: hand-worked examples and a slow per-series reference implementation."""

from __future__ import annotations

import math

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localsdg.core.progress import Options, get_method
from localsdg.core.progress.base import RESULT_COLUMNS, VALUES_SCHEMA

METHOD = get_method("escap")


def frame(rows: list[tuple[str, str, str, float, float | None]]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=VALUES_SCHEMA, orient="row")


def series_row(values: pl.DataFrame, spec: list[dict[str, object]]) -> dict[str, object]:
    result = METHOD.assess(values, pl.DataFrame(spec), Options())
    rows = result.filter(pl.col("level") == "series")
    assert rows.height == 1
    return rows.row(0, named=True)


# --- reference: ESCAP's published description for one series, written plainly --------------


def wls_predict(points: dict[float, float], year: float) -> float:
    xs = sorted(points)
    ws = [x - xs[0] + 1.0 for x in xs]
    sw = sum(ws)
    xm = sum(w * x for w, x in zip(ws, xs, strict=True)) / sw
    ym = sum(w * points[x] for w, x in zip(ws, xs, strict=True)) / sw
    sxy = sum(w * (x - xm) * (points[x] - ym) for w, x in zip(ws, xs, strict=True))
    sxx = sum(w * (x - xm) ** 2 for w, x in zip(ws, xs, strict=True))
    return ym + sxy / sxx * (year - xm)


def reference(
    points: dict[float, float],
    direction: int | None,
    target: float | None,
    limit: float | None = None,
    base_year: float = 2015.0,
    target_year: float = 2030.0,
) -> dict[str, object]:
    if direction is None or target is None:
        return {"status": "not_assessable"}
    years = sorted(points)
    if len(years) < 2:
        return {"status": "insufficient_data"}
    vt = points[years[-1]]
    after = [y for y in years[:-1] if y >= base_year]
    b = min(after) if after else max(years[:-1])
    vb = points[b]
    window = {y: v for y, v in points.items() if y >= 2000}
    predicted = wls_predict(window, target_year) if len(window) >= 2 else None
    if predicted is not None and limit is not None and direction * (predicted - limit) > 0:
        predicted = limit
    needed = direction * (target - vb)
    if needed > 0:
        csi = min((vt - vb) / (target - vb), 1.0)
        api = None if predicted is None else min((predicted - vb) / (target - vb), 1.0)
    else:
        csi = 1.0 if direction * (vt - target) >= 0 else 0.0
        api = None if predicted is None else (1.0 if direction * (predicted - target) >= 0 else 0.0)
    if api is None:
        status = "insufficient_data"
    elif api >= 1:
        status = "maintain_progress"
    elif api > 0:
        status = "accelerate_progress"
    else:
        status = "reverse_trend"
    return {
        "status": status,
        "current_status_index": csi,
        "anticipated_progress_index": api,
        "anticipated_value": predicted,
        "base_year": b,
    }


# --- hand-worked examples ---------------------------------------------------------------------


def test_weights_grow_with_time() -> None:
    # 2015: 10, 2016: 10, 2017: 16. Weights 1, 2, 3: weighted mean year 2016 + 1/3,
    # weighted mean value (10 + 20 + 48)/6 = 13; sum w dx dy = 4 + 2 + 6 = 12,
    # sum w dx^2 = 16/9 + 2/9 + 12/9 = 10/3, so the slope is 3.6 and 2030 gives 62.2.
    values = frame(
        [("a", "i", "", 2015, 10.0), ("a", "i", "", 2016, 10.0), ("a", "i", "", 2017, 16.0)]
    )
    row = series_row(values, [{"indicator": "i", "direction": 1, "target": 50.0}])
    xm = 2016 + 1 / 3
    assert row["anticipated_value"] == pytest.approx(13 + 3.6 * (2030 - xm))
    assert row["anticipated_value"] == pytest.approx(62.2)
    # An unweighted fit has slope 3 through (2016, 12), i.e. 54: the weights matter.
    assert row["anticipated_value"] != pytest.approx(12 + 3 * (2030 - 2016))
    assert row["current_status_index"] == pytest.approx(6 / 40)
    assert row["status"] == "maintain_progress"  # 62.2 > 50 predicted


def test_categories_and_lower_is_better() -> None:
    values = frame([("a", "i", "", 2015, 40.0), ("a", "i", "", 2020, 35.0)])
    # Falling 1 a year: 2030 prediction 25.
    row = series_row(values, [{"indicator": "i", "direction": -1, "target": 20.0}])
    assert row["anticipated_value"] == pytest.approx(25.0)
    assert row["anticipated_progress_index"] == pytest.approx(15 / 20)
    assert row["current_status_index"] == pytest.approx(5 / 20)
    assert row["status"] == "accelerate_progress"
    row = series_row(values, [{"indicator": "i", "direction": 1, "target": 60.0}])
    assert row["current_status_index"] == pytest.approx(-5 / 20)  # regressed
    assert row["status"] == "reverse_trend"
    assert "not certified" in str(row["explanation_en"])
    assert "未確認" in str(row["explanation_ja"])


def test_natural_limit_bounds_the_prediction() -> None:
    values = frame([("a", "i", "", 2015, 80.0), ("a", "i", "", 2020, 95.0)])
    row = series_row(values, [{"indicator": "i", "direction": 1, "target": 100.0, "limit": 100.0}])
    assert row["anticipated_value"] == 100.0 and row["status"] == "maintain_progress"


def test_indicator_and_goal_rows_are_means() -> None:
    rows = [
        ("a", "i", s, y, v)
        for s, pts in {"f": [(2015, 0.0), (2020, 5.0)], "m": [(2015, 0.0), (2020, 1.0)]}.items()
        for y, v in pts
    ] + [("a", "j", "", 2015, 1.0)]
    spec = pl.DataFrame(
        [
            {"indicator": "i", "series": "", "goal": 3, "direction": 1, "target": 10.0},
            {"indicator": "j", "series": "", "goal": 3, "direction": 1, "target": 10.0},
        ]
    )
    result = METHOD.assess(frame(rows), spec, Options())
    assert set(RESULT_COLUMNS) <= set(result.columns)
    series = result.filter(pl.col("level") == "series").sort("series")
    indicator = result.filter((pl.col("level") == "indicator") & (pl.col("indicator") == "i"))
    assert indicator["current_status_index"].item() == pytest.approx(
        series.filter(pl.col("indicator") == "i")["current_status_index"].mean()
    )
    assert indicator["series_count"].item() == 2
    goal = result.filter(pl.col("level") == "goal").row(0, named=True)
    assert goal["goal"] == 3 and goal["indicator"] == "" and goal["series_count"] == 2
    assert goal["anticipated_progress_index"] == pytest.approx(
        indicator["anticipated_progress_index"].item()  # j has one point: not in the mean
    )
    j = result.filter((pl.col("level") == "indicator") & (pl.col("indicator") == "j"))
    assert j["status"].item() == "insufficient_data"


def test_series_listed_in_the_spec_without_values() -> None:
    """A listed series without values gets its row, by the method's own rules: insufficient
    data with a target and a direction, not assessable without a target; indicator and goal
    rows treat it like any other series without indices."""
    rows = [("a", "i", "", 2015, 0.0), ("a", "i", "", 2020, 5.0)]
    spec = pl.DataFrame(
        [
            {"indicator": "i", "series": "", "goal": 3, "direction": 1, "target": 10.0},
            {"indicator": "i", "series": "f", "goal": 3, "direction": 1, "target": 10.0},
            {"indicator": "j", "series": "", "goal": 3, "direction": 1, "target": None},
            {"indicator": "k", "series": "", "goal": 4, "direction": 1, "target": 10.0},
        ]
    )
    result = METHOD.assess(frame(rows), spec, Options())
    series = {
        (r["indicator"], r["series"]): r
        for r in result.filter(pl.col("level") == "series").iter_rows(named=True)
    }
    assert set(series) == {("i", ""), ("i", "f"), ("j", ""), ("k", "")}
    assert series["i", "f"]["status"] == series["k", ""]["status"] == "insufficient_data"
    assert series["j", ""]["status"] == "not_assessable"
    for key in (("i", "f"), ("j", ""), ("k", "")):
        row = series[key]
        for name in ("base_value", "current_value", "current_status_index"):
            assert row[name] is None, (key, name)
    assert str(series["k", ""]["explanation_en"]).startswith("No observations:")
    assert str(series["k", ""]["explanation_ja"]).startswith("観測値がないため")
    levels = {
        (r["level"], r["indicator"] or r["goal"]): r
        for r in result.filter(pl.col("level") != "series").iter_rows(named=True)
    }
    i, goal = levels["indicator", "i"], levels["goal", 3]
    assert i["series_count"] == 1 and i["current_status_index"] == pytest.approx(0.5)
    assert levels["indicator", "k"]["status"] == "insufficient_data"
    assert levels["indicator", "j"]["status"] == "not_assessable"
    assert goal["series_count"] == 1 and levels["goal", 4]["status"] == "insufficient_data"


# --- the vectorised method equals the reference on generated series ---------------------------

VALUE = st.one_of(
    st.sampled_from([0.0, -1.0, 1.0, 50.0, 100.0]),
    st.floats(-50, 500, allow_nan=False).map(lambda x: round(x, 2)),
)
SERIES = st.tuples(
    st.dictionaries(st.integers(1995, 2024).map(float), VALUE, min_size=0, max_size=7),
    st.sampled_from([1, -1, None]),
    st.one_of(st.none(), VALUE),
    st.sampled_from([None, 100.0, 0.0]),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(SERIES, min_size=1, max_size=8))
def test_vectorised_equals_reference(
    series: list[tuple[dict[float, float], int | None, float | None, float | None]],
) -> None:
    rows: list[tuple[str, str, str, float, float | None]] = []
    spec_rows = []
    for n, (points, direction, target, limit) in enumerate(series):
        rows += [("e", f"i{n}", "", year, value) for year, value in points.items()]
        if not points and n % 2:
            rows.append(("e", f"i{n}", "", 2020.0, None))
        # An empty series with an even number is not in the values at all, only in the spec.
        spec_rows.append(
            {
                "indicator": f"i{n}",
                "series": "",
                "direction": direction,
                "target": target,
                "limit": limit,
                "goal": 1 + n % 3,
            }
        )
    spec = pl.DataFrame(
        spec_rows,
        schema={
            "indicator": pl.String,
            "series": pl.String,
            "direction": pl.Int8,
            "target": pl.Float64,
            "limit": pl.Float64,
            "goal": pl.Int32,
        },
    )
    result = METHOD.assess(frame(rows), spec, Options(entities=("e",)))
    got_rows = {
        r["indicator"]: r for r in result.filter(pl.col("level") == "series").iter_rows(named=True)
    }
    assert len(got_rows) == len(series)
    for n, (points, direction, target, limit) in enumerate(series):
        got, ref = got_rows[f"i{n}"], reference(points, direction, target, limit)
        api = ref.get("anticipated_progress_index")
        if isinstance(api, float) and (abs(api - 1) < 1e-6 or abs(api) < 1e-6):
            continue  # within rounding of a cut-off: either side is right
        assert got["status"] == ref["status"], (points, direction, target, got, ref)
        for name in ("current_status_index", "anticipated_progress_index", "anticipated_value"):
            if ref.get(name) is not None:
                scale = max(1.0, abs(ref[name]))  # type: ignore[arg-type]
                assert math.isclose(got[name], ref[name], abs_tol=1e-6 * scale), name  # type: ignore[arg-type]
    # Aggregates: the indicator rows repeat their single series; goals are means of indicators.
    indicators = result.filter(pl.col("level") == "indicator")
    goals = result.filter(pl.col("level") == "goal")
    for goal in goals.iter_rows(named=True):
        mine = indicators.filter(pl.col("goal") == goal["goal"])["anticipated_progress_index"]
        if mine.null_count() < mine.len():
            assert goal["anticipated_progress_index"] == pytest.approx(mine.mean())
        else:
            assert goal["anticipated_progress_index"] is None
