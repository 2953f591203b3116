"""The sdsn and sdsn-cities progress methods.

Three kinds of checks: published SDSN figures (golden extracts), a plain reference
implementation written from the method's rules and compared with the vectorised method on
generated data, and hand-made edge cases.

What the golden extracts cannot show, so these tests do not check it:
- colours of the US Cities index: its file publishes no indicator or goal colours, and its goal
  colour rule (the sdsn-cities variant) is therefore only checked against the reference here;
- goal colours and goal scores of goals whose indicators are not in an extract (the index is
  checked from the published goal scores instead);
- SDSN's imputations, its trend arrows and its rule that leaves countries with too little data
  out of the ranking.
"""

from __future__ import annotations

import csv
import math
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localsdg.core.progress import MethodError, Options, get_method
from localsdg.core.progress.sdsn import STATUSES

REPO_ROOT = Path(__file__).resolve().parents[3]
GOLDEN = REPO_ROOT.parent / "shared" / "golden" / "sdsn"


# ------------------------------------------------------------------ reference implementation


@dataclass
class RefRow:
    value: float | None
    year: float | None
    normalized: float | None
    rating: float | None
    colour: str


@dataclass
class RefGoal:
    score: float | None
    colour: str
    n_indicators: int
    n_with_data: int
    n_in_score: int
    n_red: int
    coverage: str


def ref_sign(sp: dict[str, Any]) -> float | None:
    if sp.get("best") is not None and sp.get("worst") is not None:
        return 1.0 if sp["best"] > sp["worst"] else -1.0
    if sp.get("direction") is not None:
        return float(sp["direction"])
    if sp.get("green") is not None and sp.get("red") is not None and sp["green"] != sp["red"]:
        return 1.0 if sp["green"] > sp["red"] else -1.0
    return None


def ref_row(value: float | None, year: float | None, sp: dict[str, Any]) -> RefRow:
    """One indicator, written straight from the published rules."""
    s = ref_sign(sp)
    best, worst, green, red = sp.get("best"), sp.get("worst"), sp.get("green"), sp.get("red")
    in_index = sp.get("in_index") is not False
    normalized = None
    if value is not None and in_index and best is not None and worst is not None:
        normalized = min(100.0, max(0.0, (value - worst) / (best - worst) * 100))
    if value is None or green is None or red is None or s is None:
        return RefRow(value, year, normalized, None, "grey")
    yellow = sp.get("yellow")
    if yellow is None:
        yellow = (green + red) / 2
    # Compare in "better is larger" terms: multiply everything by the sign.
    x, b, w, g, y, r = (
        s * value,
        None if best is None else s * best,
        None if worst is None else s * worst,
        s * green,
        s * yellow,
        s * red,
    )
    if x >= g:
        colour = "green"
    elif x >= y:
        colour = "yellow"
    elif x >= r:
        colour = "orange"
    else:
        colour = "red"
    if b is not None and x >= b:
        rating = 3.0
    elif x >= g:
        rating = 2.0 if b is None else 2.0 + (x - g) / (b - g)
    elif x >= r:  # tested before the worst bound: worst may equal red
        rating = 1.0 + (x - r) / (g - r)
    elif w is None or x <= w:
        rating = 0.0
    else:
        rating = (x - w) / (r - w)
    return RefRow(value, year, normalized, rating, colour)


def ref_goal_colour(rows: list[RefRow], rule: str) -> str:
    """Grey only without any coloured indicator: no share of coloured indicators is required."""
    rated = [row for row in rows if row.rating is not None]
    if not rated:
        return "grey"
    ratings = sorted(row.rating for row in rated if row.rating is not None)
    if rule == "mean":
        if len([row for row in rated if row.colour == "red"]) > len(rated) / 3:
            return "red"
        mean = sum(ratings) / len(ratings)
        return band(mean)
    # With one coloured indicator, the two lowest are that indicator twice.
    low1, low2 = (ratings * 2)[:2] if len(ratings) == 1 else ratings[:2]
    colour = band((low1 + low2) / 2)
    if colour == "green" and not (low1 >= 2 and low2 >= 2):
        return "yellow"
    if colour == "red" and not (low1 < 1 and low2 < 1):
        return "orange"
    return colour


def band(rating: float) -> str:
    if rating >= 2:
        return "green"
    if rating >= 1.5:
        return "yellow"
    if rating >= 1:
        return "orange"
    return "red"


def reference(
    obs: list[tuple[str, str, str, float, float | None]], spec: list[dict[str, Any]], rule: str
) -> tuple[
    dict[tuple[str, str, str], RefRow],
    dict[tuple[str, str], RefRow],
    dict[tuple[str, int], RefGoal],
    dict[str, float | None],
]:
    by_key = {(row["indicator"], row.get("series") or ""): row for row in spec}
    goal_of: dict[str, int] = {}
    for row in sorted(spec, key=lambda r: (r.get("series") or "") != ""):
        if row.get("goal") is not None and row["indicator"] not in goal_of:
            goal_of[row["indicator"]] = row["goal"]

    def spec_for(indicator: str, series: str) -> dict[str, Any]:
        return by_key.get((indicator, series)) or by_key.get((indicator, "")) or {}

    latest: dict[tuple[str, str, str], tuple[float, float]] = {}
    for entity, indicator, series, year, value in obs:
        if value is None or math.isnan(value):
            continue
        key = (entity, indicator, series)
        if key not in latest or year > latest[key][0]:
            latest[key] = (year, value)
    series_rows = {
        key: ref_row(value, year, spec_for(key[1], key[2])) for key, (year, value) in latest.items()
    }
    entities = sorted({o[0] for o in obs})
    # Every series the spec lists gets a row for every entity, grey without a value; a headline
    # ("") row lists the headline only when the entity has no value of the indicator at all.
    for entity in entities:
        for indicator, series in by_key:
            with_value = {k[2] for k in latest if k[:2] == (entity, indicator)}
            if series not in with_value and (series != "" or not with_value):
                series_rows[entity, indicator, series] = ref_row(
                    None, None, spec_for(indicator, series)
                )
    indicators = sorted({row["indicator"] for row in spec} | {key[1] for key in latest})
    indicator_rows: dict[tuple[str, str], RefRow] = {}
    for entity in entities:
        for indicator in indicators:
            found = latest.get((entity, indicator, ""))
            indicator_rows[entity, indicator] = ref_row(
                found[1] if found else None, found[0] if found else None, spec_for(indicator, "")
            )
    goals: dict[tuple[str, int], RefGoal] = {}
    index: dict[str, float | None] = {}
    for entity in entities:
        scores = []
        for goal in sorted(set(goal_of.values())):
            rows = [indicator_rows[entity, i] for i in indicators if goal_of.get(i) == goal]
            normalized = [r.normalized for r in rows if r.normalized is not None]
            score = sum(normalized) / len(normalized) if normalized else None
            if score is not None:
                scores.append(score)
            n_with_data = len([r for r in rows if r.rating is not None])
            goals[entity, goal] = RefGoal(
                score=score,
                colour=ref_goal_colour(rows, rule),
                n_indicators=len(rows),
                n_with_data=n_with_data,
                n_in_score=len(normalized),
                n_red=len([r for r in rows if r.colour == "red"]),
                coverage=f"{n_with_data}/{len(rows)}",
            )
        index[entity] = sum(scores) / len(scores) if scores else None
    return series_rows, indicator_rows, goals, index


# ------------------------------------------------------------------------------- helpers


def frames(
    obs: list[tuple[str, str, str, float, float | None]], spec: list[dict[str, Any]]
) -> tuple[pl.DataFrame, pl.DataFrame]:
    values = pl.DataFrame(
        obs,
        schema={
            "entity": pl.String,
            "indicator": pl.String,
            "series": pl.String,
            "year": pl.Float64,
            "value": pl.Float64,
        },
        orient="row",
    )
    columns = ["indicator", "series", "goal", "direction", "best", "worst", "green", "yellow"]
    columns += ["red", "in_index"]
    spec_frame = pl.DataFrame(
        {c: [row.get(c) for row in spec] for c in columns},
        schema={
            "indicator": pl.String,
            "series": pl.String,
            "goal": pl.Int32,
            "direction": pl.Int8,
            "best": pl.Float64,
            "worst": pl.Float64,
            "green": pl.Float64,
            "yellow": pl.Float64,
            "red": pl.Float64,
            "in_index": pl.Boolean,
        },
    )
    return values, spec_frame


def close(a: float | None, b: float | None, tol: float = 1e-9) -> bool:
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


def rows_of(result: pl.DataFrame, level: str) -> Iterator[dict[str, Any]]:
    return result.filter(pl.col("level") == level).iter_rows(named=True)


def check_against_reference(
    obs: list[tuple[str, str, str, float, float | None]], spec: list[dict[str, Any]], name: str
) -> pl.DataFrame:
    rule = "mean" if name == "sdsn-cities" else "two_lowest"
    ref_series, ref_indicators, ref_goals, ref_index = reference(obs, spec, rule)
    values, spec_frame = frames(obs, spec)
    result = get_method(name).assess(values, spec_frame, Options())
    assert result.filter(pl.col("level") == "series").height == len(ref_series)
    for row in rows_of(result, "series"):
        ref = ref_series[row["entity"], row["indicator"], row["series"]]
        assert row["colour"] == row["status"] == ref.colour, row
        assert close(row["value"], ref.value) and close(row["year"], ref.year), row
        assert close(row["normalized"], ref.normalized), (row, ref)
        assert close(row["rating"], ref.rating), (row, ref)
    assert result.filter(pl.col("level") == "indicator").height == len(ref_indicators)
    for row in rows_of(result, "indicator"):
        ref = ref_indicators[row["entity"], row["indicator"]]
        assert row["series"] == "" and row["colour"] == ref.colour, (row, ref)
        assert close(row["normalized"], ref.normalized) and close(row["rating"], ref.rating)
    assert result.filter(pl.col("level") == "goal").height == len(ref_goals)
    for row in rows_of(result, "goal"):
        goal = ref_goals[row["entity"], row["goal"]]
        assert row["colour"] == row["status"] == goal.colour, (row, goal)
        assert close(row["score"], goal.score), (row, goal)
        counts = (row["n_indicators"], row["n_with_data"], row["n_in_score"], row["n_red"])
        assert counts == (goal.n_indicators, goal.n_with_data, goal.n_in_score, goal.n_red)
        assert row["coverage"] == goal.coverage, (row, goal)
        assert goal.coverage in row["explanation_en"] and goal.coverage in row["explanation_ja"]
    assert result.filter(pl.col("level") == "index").height == len(ref_index)
    for row in rows_of(result, "index"):
        assert close(row["score"], ref_index[row["entity"]]), row
        assert row["goal"] is None and row["indicator"] == "" and row["status"] is None
    assert set(result["status"].drop_nulls()) <= set(STATUSES)
    assert result["explanation_en"].null_count() == 0
    assert result["explanation_ja"].null_count() == 0
    return result


# ---------------------------------------------------------------------- generated data


@st.composite
def indicator_specs(draw: st.DrawFn, indicator: str) -> list[dict[str, Any]]:
    """A headline spec row, sometimes with a series row of its own; values on a half grid."""
    rows = []
    for series in ["", "a"] if draw(st.booleans()) else [""]:
        # Four ordered points worst <= red <= green <= best (worst < best), equalities allowed.
        points = sorted(draw(st.lists(st.integers(0, 10), min_size=4, max_size=4)))
        if points[0] == points[3]:
            points[3] += 1
        ascending = draw(st.booleans())
        worst, red, green, best = points if ascending else points[::-1]
        row: dict[str, Any] = {"indicator": indicator, "series": series}
        row["goal"] = draw(st.sampled_from([1, 1, 2, 3, None])) if series == "" else None
        row["in_index"] = draw(st.sampled_from([True, True, False, None]))
        if draw(st.integers(0, 5)) > 0:
            row["best"], row["worst"] = float(best), float(worst)
        if draw(st.integers(0, 5)) > 0:
            row["green"], row["red"] = float(green), float(red)
            if draw(st.integers(0, 3)) == 0:
                row["yellow"] = (green + red) / 2 + (red - green) / 4
        if draw(st.booleans()) or "best" not in row:
            row["direction"] = 1 if ascending else -1
        rows.append(row)
    return rows


@st.composite
def cases(
    draw: st.DrawFn,
) -> tuple[list[tuple[str, str, str, float, float | None]], list[dict[str, Any]]]:
    n_indicators = draw(st.integers(1, 7))
    spec: list[dict[str, Any]] = []
    for i in range(n_indicators):
        spec += draw(indicator_specs(f"i{i}"))
    value = st.one_of(st.none(), st.just(math.nan), st.integers(-4, 24).map(lambda k: k / 2))
    obs: list[tuple[str, str, str, float, float | None]] = []
    for entity in ["e1", "e2", "e3"][: draw(st.integers(1, 3))]:
        for i in range(n_indicators + 1):  # the last indicator has no spec
            for series in ["", "a", "b"]:
                if draw(st.integers(0, 2)) == 0:
                    continue
                years = draw(st.sets(st.integers(2015, 2020), min_size=1, max_size=3))
                obs += [(entity, f"i{i}", series, float(y), draw(value)) for y in sorted(years)]
    if not obs:
        obs = [("e1", "i0", "", 2020.0, None)]
    return obs, spec


@pytest.mark.parametrize("name", ["sdsn", "sdsn-cities"])
@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=cases())
def test_matches_reference(
    name: str,
    case: tuple[list[tuple[str, str, str, float, float | None]], list[dict[str, Any]]],
) -> None:
    check_against_reference(case[0], case[1], name)


# --------------------------------------------------------------------------- edge cases


def spec_row(indicator: str, goal: int | None = 1, **kw: Any) -> dict[str, Any]:
    row: dict[str, Any] = {"indicator": indicator, "series": "", "goal": goal}
    row.update(best=100.0, worst=0.0, green=80.0, red=60.0, in_index=True)
    row.update(kw)
    return row


def one_goal(
    spec: list[dict[str, Any]], values: dict[str, float | None], name: str = "sdsn"
) -> pl.DataFrame:
    obs = [("x", i, "", 2020.0, v) for i, v in values.items()]
    return check_against_reference(obs, spec, name)


def goal_colour(result: pl.DataFrame, goal: int = 1) -> str:
    row = result.filter((pl.col("level") == "goal") & (pl.col("goal") == goal)).row(0, named=True)
    return str(row["colour"])


def indicator(result: pl.DataFrame, name: str) -> dict[str, Any]:
    rows = result.filter((pl.col("level") == "indicator") & (pl.col("indicator") == name))
    return rows.row(0, named=True)


def test_values_at_the_thresholds_take_the_better_colour() -> None:
    spec = [spec_row(f"i{k}") for k in range(4)]
    result = one_goal(spec, {"i0": 80.0, "i1": 70.0, "i2": 60.0, "i3": 59.9})
    colours = [indicator(result, f"i{k}")["colour"] for k in range(4)]
    assert colours == ["green", "yellow", "orange", "red"]
    assert [indicator(result, f"i{k}")["rating"] for k in range(3)] == [2.0, 1.5, 1.0]


def test_descending_indicator() -> None:
    spec = [spec_row("d", best=0.0, worst=40.0, green=10.0, red=20.0, direction=-1)]
    row = indicator(one_goal(spec, {"d": 12.0}), "d")
    assert (row["colour"], row["normalized"], row["rating"]) == ("yellow", 70.0, 1.8)
    assert row["direction"] == -1
    assert "at or below their midpoint 15 → yellow" in row["explanation_en"]
    assert "中間点 15 以下のため黄" in row["explanation_ja"]


def test_worst_equal_to_red() -> None:
    spec = [spec_row("w", worst=60.0)]
    assert indicator(one_goal(spec, {"w": 60.0}), "w")["rating"] == 1.0
    row = indicator(one_goal(spec, {"w": 50.0}), "w")
    assert (row["colour"], row["rating"], row["normalized"]) == ("red", 0.0, 0.0)


def test_green_needs_both_lowest_green_and_red_needs_both_red() -> None:
    spec = [spec_row("a"), spec_row("b"), spec_row("c")]
    # Ratings 3, 1.95 and 3: the two lowest average 2.475, but one is under 2.
    result = one_goal(spec, {"a": 100.0, "b": 79.0, "c": 100.0})
    assert goal_colour(result) == "yellow"
    assert "green needs both" in result.filter(pl.col("level") == "goal")["explanation_en"][0]
    # Ratings 0.1 and 1.75: average 0.925 is under 1, but only one is under 1.
    result = one_goal(spec, {"a": 6.0, "b": 75.0, "c": 100.0})
    assert goal_colour(result) == "orange"
    assert goal_colour(one_goal(spec, {"a": 6.0, "b": 30.0, "c": 100.0})) == "red"


def goal_row(result: pl.DataFrame, goal: int = 1) -> dict[str, Any]:
    return result.filter((pl.col("level") == "goal") & (pl.col("goal") == goal)).row(0, named=True)


def test_a_goal_with_few_coloured_indicators_still_has_a_colour() -> None:
    """No share of coloured indicators is required: one of three is enough for a colour."""
    spec = [spec_row("a"), spec_row("b"), spec_row("c")]
    result = one_goal(spec, {"a": 65.0, "b": None, "c": None})
    goal = goal_row(result)
    # The two lowest of one coloured indicator are that indicator: rating 1.25 → orange.
    assert (goal["colour"], goal["rating"], goal["coverage"]) == ("orange", 1.25, "1/3")
    assert goal["score"] == 65.0 and goal["n_with_data"] == 1 and goal["n_indicators"] == 3
    assert goal["explanation_en"] == (
        "Goal score 65 is the mean of 1 normalised indicator(s); 1/3 indicators have a colour; "
        "with one coloured indicator the two lowest are that one (a 1.25 on the 0–3 scale) "
        "→ orange."
    )
    assert "（1/3）" in goal["explanation_ja"] and "橙" in goal["explanation_ja"]
    assert "under half" not in goal["explanation_en"]
    # Two of five coloured: the two lowest of those two (ratings 2.5 and 1.75 → yellow).
    spec = [spec_row(f"i{k}") for k in range(5)]
    values: dict[str, float | None] = {"i0": 90.0, "i1": 75.0, "i2": None, "i3": None, "i4": None}
    for name in ("sdsn", "sdsn-cities"):
        goal = goal_row(one_goal(spec, values, name))
        assert (goal["colour"], goal["coverage"]) == (
            "yellow" if name == "sdsn" else "green",
            "2/5",
        )


def test_one_coloured_indicator_is_rated_like_two_equal_lowest() -> None:
    """The goal colour comes from the rating, as with two indicators: with a yellow threshold
    above the midpoint, an orange indicator (72 < 75) rates 1.6, which the goal bands call
    yellow."""
    spec = [spec_row("a", yellow=75.0)]
    result = one_goal(spec, {"a": 72.0})
    assert indicator(result, "a")["colour"] == "orange"
    goal = goal_row(result)
    assert goal["rating"] == pytest.approx(1.6) and goal["colour"] == "yellow"
    for value, colour in ((85.0, "green"), (59.0, "red"), (60.0, "orange")):
        assert goal_colour(one_goal([spec_row("a")], {"a": value})) == colour


def test_grey_only_when_no_indicator_has_a_colour() -> None:
    spec = [spec_row("a"), spec_row("b", green=None, red=None)]
    for name in ("sdsn", "sdsn-cities"):
        result = one_goal(spec, {"a": None, "b": 50.0}, name)
        goal = goal_row(result)
        assert (goal["colour"], goal["coverage"], goal["rating"]) == ("grey", "0/2", None)
        assert goal["score"] == 50.0  # b is normalised, though it has no colour
        assert "0/2 indicators have a colour: none → grey" in goal["explanation_en"]
        assert "（0/2）のため灰" in goal["explanation_ja"]


def test_listed_series_without_values_get_grey_rows() -> None:
    obs: list[tuple[str, str, str, float, float | None]] = [("x", "a", "", 2020.0, 90.0)]
    spec = [spec_row("a"), spec_row("a", goal=None, series="female"), spec_row("b")]
    result = check_against_reference(obs, spec, "sdsn")
    rows = {(r["indicator"], r["series"]): r for r in rows_of(result, "series")}
    assert set(rows) == {("a", ""), ("a", "female"), ("b", "")}
    for key in (("a", "female"), ("b", "")):
        row = rows[key]
        assert (row["colour"], row["value"], row["year"], row["normalized"]) == (
            "grey",
            None,
            None,
            None,
        )
        assert row["explanation_en"] == "No value, so no colour (grey)."
    assert goal_row(result)["coverage"] == "1/2"


def test_options_entities_are_assessed_without_values() -> None:
    values, spec = frames([], [spec_row("a")])
    result = get_method("sdsn").assess(values, spec, Options(entities=("tokyo",)))
    assert result.filter(pl.col("level") == "goal")["coverage"].to_list() == ["0/1"]
    assert result.filter(pl.col("level") == "series")["entity"].to_list() == ["tokyo"]


def test_dashboard_only_indicator_colours_the_goal_but_not_the_score() -> None:
    spec = [spec_row("a"), spec_row("oecd", in_index=False)]
    result = one_goal(spec, {"a": 90.0, "oecd": 10.0})
    assert indicator(result, "oecd")["normalized"] is None
    assert goal_colour(result) == "orange"  # ratings 2.5 and 0.17: average 1.33
    goal = result.filter(pl.col("level") == "goal").row(0, named=True)
    assert goal["score"] == 90.0 and goal["n_in_score"] == 1


def test_city_variant_mean_and_red_third() -> None:
    spec = [spec_row(f"i{k}") for k in range(4)]
    values: dict[str, float | None] = {"i0": 100.0, "i1": 100.0, "i2": 100.0, "i3": 30.0}
    assert goal_colour(one_goal(spec, values, "sdsn-cities")) == "green"  # mean 2.5, 1 of 4 red
    assert goal_colour(one_goal(spec, values, "sdsn")) == "yellow"
    three = {"i0": 100.0, "i1": 100.0, "i2": 30.0}  # exactly a third red: not "more than"
    assert goal_colour(one_goal(spec[:3], dict(three), "sdsn-cities")) == "green"
    values["i2"] = 30.0  # 2 of 4 red: more than a third
    assert goal_colour(one_goal(spec, values, "sdsn-cities")) == "red"


def test_custom_yellow_threshold() -> None:
    spec = [spec_row("a", yellow=75.0)]
    row = indicator(one_goal(spec, {"a": 72.0}), "a")
    assert row["colour"] == "orange" and "the yellow threshold 75" in row["explanation_en"]


def test_latest_year_and_series() -> None:
    obs: list[tuple[str, str, str, float, float | None]] = [
        ("x", "a", "", 2018.0, 50.0),
        ("x", "a", "", 2019.0, 90.0),
        ("x", "a", "", 2020.0, None),
        ("x", "a", "female", 2017.0, 10.0),
    ]
    spec = [spec_row("a"), spec_row("a", goal=None, series="female", green=5.0, red=1.0)]
    result = check_against_reference(obs, spec, "sdsn")
    row = indicator(result, "a")
    assert (row["year"], row["value"], row["colour"]) == (2019.0, 90.0, "green")
    female = result.filter(pl.col("series") == "female").row(0, named=True)
    assert female["colour"] == "green" and female["goal"] == 1


def test_orange_explanation() -> None:
    spec = [spec_row("sdg5_familypl", best=100.0, worst=17.5, red=60.0)]
    row = indicator(one_goal(spec, {"sdg5_familypl": 60.1}), "sdg5_familypl")
    assert row["explanation_en"] == (
        "Value 60.1 (2020) is between the red (60) and green (80) thresholds, below their "
        "midpoint 70 → orange; normalised 51.6 of 100."
    )
    assert row["explanation_ja"] == (
        "2020年の値 60.1 は赤の閾値 60 と緑の閾値 80 の間で、中間点 70 未満のため橙。"
        "正規化スコア 51.6（100点満点）。"
    )


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"direction": -1}, "direction contradicts best and worst"),
        ({"worst": 100.0}, "best and worst are equal"),
        ({"green": 50.0}, "green is worse than red"),
        ({"red": None}, "give both green and red"),
        ({"worst": None}, "give both best and worst"),
        ({"yellow": 90.0}, "yellow is not between red and green"),
    ],
)
def test_bad_spec(changes: dict[str, Any], message: str) -> None:
    values, spec = frames([("x", "a", "", 2020.0, 1.0)], [spec_row("a", **changes)])
    with pytest.raises(MethodError, match=message):
        get_method("sdsn").assess(values, spec, Options())


def test_bad_values() -> None:
    values, spec = frames([("x", "a", "", 2020.0, 1.0), ("x", "a", "", 2020.0, 2.0)], [])
    with pytest.raises(MethodError, match="2 values in 2020 for entity 'x', indicator 'a'"):
        get_method("sdsn").assess(values, spec, Options())
    with pytest.raises(MethodError, match="missing column"):
        get_method("sdsn").assess(values.drop("year"), spec, Options())
    _, twice = frames([], [spec_row("a"), spec_row("a")])
    with pytest.raises(MethodError, match="given twice"):
        get_method("sdsn").assess(values.head(1), twice, Options())


def test_registered() -> None:
    for name in ("sdsn", "sdsn-cities"):
        method = get_method(name)
        assert method.name == name and method.statuses == STATUSES and method.version


# --------------------------------------------------------------------------------- golden


def golden_files(prefix: str) -> list[tuple[Path, Path]]:
    if not GOLDEN.is_dir():
        pytest.skip(f"golden data not found at {GOLDEN} (the shared/golden folder is absent)")
    pairs = []
    for path in sorted(GOLDEN.glob(f"{prefix}*-indicators.csv")):
        goals = path.with_name(path.name.split("-goals")[0] + "-goals.csv")
        pairs.append((path, goals))
    if not pairs:
        pytest.skip(f"no {prefix}*-indicators.csv extract in {GOLDEN}")
    return pairs


def read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def number(text: str) -> float | None:
    return float(text) if text.strip() else None


def assess_golden(
    indicators: list[dict[str, str]], goals: list[dict[str, str]], name: str, cities: bool
) -> pl.DataFrame:
    """Assess an extract's indicators, plus one stand-in indicator per other published goal.

    A stand-in has bounds 0 and 100 and the published goal score as its value, so its goal
    score is the published one and the index can be checked against the published index.
    """
    entity = indicators[0]["entity_code"]
    obs: list[tuple[str, str, str, float, float | None]] = []
    spec: list[dict[str, Any]] = []
    for row in indicators:
        obs.append((entity, row["indicator"], "", 2019.0, number(row["value"])))
        spec_entry: dict[str, Any] = {
            "indicator": row["indicator"],
            "series": "",
            "goal": int(row["goal"]),
            "best": number(row["best"]),
            "worst": number(row["worst"]),
            "green": number(row["green_threshold"]),
            "red": number(row["red_threshold"]),
            "in_index": row.get("index_indicator", "yes") != "no",
        }
        if cities:
            spec_entry["yellow"] = number(row["yellow_threshold"])
            spec_entry["direction"] = 1 if row["sort_order"] == "ascending" else -1
        spec.append(spec_entry)
    covered = {int(row["goal"]) for row in indicators}
    for row in goals:
        if row["goal"] != "overall" and int(row["goal"]) not in covered:
            standin = f"published-goal-{row['goal']}"
            obs.append((entity, standin, "", 2019.0, number(row["score"])))
            spec.append(
                {"indicator": standin, "series": "", "goal": int(row["goal"])}
                | {"best": 100.0, "worst": 0.0, "in_index": True}
            )
    return check_against_reference(obs, spec, name)


def test_golden_sdr() -> None:
    for path, goals_path in golden_files("sdr"):
        indicators, goals = read_csv(path), read_csv(goals_path)
        result = assess_golden(indicators, goals, "sdsn", cities=False)
        for row in indicators:
            got = indicator(result, row["indicator"])
            expected = number(row["normalized"])
            assert close(got["normalized"], expected, 1e-12), (path.name, row["indicator"])
            assert got["colour"] == (row["colour"] or "grey"), (path.name, row["indicator"])
        published = {row["goal"]: row for row in goals}
        for goal in {int(row["goal"]) for row in indicators}:
            got_goal = result.filter((pl.col("level") == "goal") & (pl.col("goal") == goal))
            colour, score = got_goal["colour"][0], got_goal["score"][0]
            in_file = {row["goal_colour"] for row in indicators if int(row["goal"]) == goal}
            assert in_file == {published[str(goal)]["colour"]} == {colour}, (path.name, goal)
            assert close(score, number(published[str(goal)]["score"]), 1e-12), (path.name, goal)
        index = result.filter(pl.col("level") == "index")["score"][0]
        assert close(index, number(published["overall"]["score"]), 1e-12), path.name
        assert result.filter(pl.col("level") == "index")["n_goals"][0] == len(goals) - 1


def test_golden_us_cities() -> None:
    for path, goals_path in golden_files("uscities"):
        indicators, goals = read_csv(path), read_csv(goals_path)
        result = assess_golden(indicators, goals, "sdsn-cities", cities=True)
        for row in indicators:
            got = indicator(result, row["indicator"])
            expected = number(row["normalized"])
            assert got["normalized"] is not None and expected is not None
            assert abs(got["normalized"] - expected) <= 1e-4, (path.name, row["indicator"])
            # No published colours to compare with; a colour is always given for a value.
            assert got["colour"] in STATUSES[:4]
        published = {row["goal"]: row for row in goals}
        for goal in {int(row["goal"]) for row in indicators}:
            score = result.filter((pl.col("level") == "goal") & (pl.col("goal") == goal))["score"]
            expected_score = number(published[str(goal)]["score"])
            assert expected_score is not None and abs(score[0] - expected_score) <= 1e-4
        index = result.filter(pl.col("level") == "index")["score"][0]
        overall = number(published["overall"]["score"])
        assert overall is not None and abs(index - overall) <= 1e-4, path.name
