"""The file interface of ``localsdg assess``: reading, validation, results, and golden SDSN data."""

from __future__ import annotations

import csv
import math
from pathlib import Path

import polars as pl
import pytest

from localsdg.core.progress import MethodError, Options
from localsdg.core.progress.files import (
    assess_files,
    read_spec,
    read_values,
    summary,
    write_results,
)

GOLDEN_SDSN = Path(__file__).resolve().parents[3].parent / "shared" / "golden" / "sdsn"


def write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding)
    return path


def messages(problems: list[object]) -> list[str]:
    return [str(p) for p in problems]


def test_values_are_read_and_periods_normalised(tmp_path: Path) -> None:
    path = write(
        tmp_path / "v.csv",
        "\ufeffentity,indicator,year,value,unit\n"
        "tokyo,11-6-2,2017-18,12.5,%\n"
        "tokyo,11-6-2,ＦＹ２０１９,１３,%\n"
        "tokyo,11-6-2,令和3年度, 14 ,%\n",
    )
    values, problems = read_values(path)
    assert problems == []
    assert values["year"].to_list() == [2017.0, 2019.0, 2021.0]
    assert values["value"].to_list() == [12.5, 13.0, 14.0]
    assert values["series"].to_list() == ["", "", ""]  # no series column: headline
    assert values["_line"].to_list() == [2, 3, 4]


def test_every_values_problem_has_file_line_column_and_reason(tmp_path: Path) -> None:
    path = write(
        tmp_path / "values.csv",
        "entity,indicator,series,year,value\n"
        "a,1-1-1,,2015,abc\n"  # line 2: not a number
        "a,1-1-1,,2016,1\n"
        "a,1-1-1,,2016,2\n"  # line 4: duplicate year, other value
        "a,1-1-1,,2016,1\n"  # line 5: duplicate year, same value
        "a,1-1-1,,20x6,3\n"  # line 6: not a period
        ",1-1-1,,2017,3\n"  # line 7: no entity
        "a,1-1-1,,2018,\n"  # line 8: empty value (warning)
        "a,1-1-1,,2004-2013,3\n",  # line 9: a range (warning)
    )
    _, problems = read_values(path)
    found = {(p.line, p.column, p.code, p.level) for p in problems}
    assert found == {
        (2, "value", "invalid_value", "error"),
        (4, "year", "duplicate_conflict", "error"),
        (5, "year", "duplicate_identical", "error"),
        (6, "year", "invalid_period", "error"),
        (7, "entity", "empty_value", "error"),
        (8, "value", "missing_value", "warning"),
        (9, "year", "period_range", "warning"),
    }
    text = "\n".join(messages(problems))
    assert "values.csv, line 2, column value: value 'abc' is not a number" in text
    assert (
        "duplicate year 2016 for entity 'a', indicator '1-1-1', series '' (first on line 3)" in text
    )
    assert "'20x6' is not a year or period" in text


def test_missing_columns_and_bad_files(tmp_path: Path) -> None:
    _, problems = read_values(write(tmp_path / "v.csv", "entity,year,amount\na,2015,1\n"))
    assert {(p.line, p.column, p.code) for p in problems} == {
        (1, "indicator", "missing_column"),
        (1, "value", "missing_column"),
    }
    assert "missing column 'value' (the header has: entity, year, amount)" in messages(problems)[1]
    _, problems = read_values(write(tmp_path / "e.csv", "  \n"))
    assert [p.code for p in problems] == ["empty"]
    _, problems = read_values(write(tmp_path / "h.csv", "entity,indicator,year,value\n"))
    assert [p.code for p in problems] == ["no_rows"]
    _, problems = read_values(
        write(tmp_path / "s.csv", "entity,indicator,year,value\nä\n", "cp1252")
    )
    assert [p.code for p in problems] == ["encoding"]
    _, problems = read_values(tmp_path / "absent.csv")
    assert [p.code for p in problems] == ["io"]


def test_spec_is_read_and_validated(tmp_path: Path) -> None:
    good = write(
        tmp_path / "spec.csv",
        "indicator,series,goal,direction,base_year,target,target_year,limit,in_index,note\n"
        "11-6-2,,11,-1,FY2015,10,2030,0,1,free text\n"
        "11-6-2,PM10,11,+1,,,,,0,\n",
    )
    spec, problems = read_spec(good)
    assert problems == []
    first = spec.row(0, named=True)
    assert first["direction"] == -1 and first["goal"] == 11 and first["base_year"] == 2015.0
    assert first["target"] == 10.0 and first["limit"] == 0.0 and first["in_index"] is True
    assert spec.row(1, named=True)["direction"] == 1 and spec["best"].null_count() == 2
    bad = write(
        tmp_path / "bad.csv",
        "indicator,series,goal,direction,target,in_index,base_year\n"
        "a,,18,1,x,2,2015\n"  # goal, target and in_index wrong
        "a,,1,2,1,1,then\n"  # direction and base year wrong; second row for a
        "b,,1,,1,1,2015\n",  # direction missing
    )
    _, problems = read_spec(bad, required=("target", "worst"))
    assert {(p.line, p.column, p.code) for p in problems} == {(1, "worst", "missing_column")}
    _, problems = read_spec(bad)
    assert {(p.line, p.column) for p in problems} == {
        (2, "goal"),
        (2, "target"),
        (2, "in_index"),
        (3, "direction"),
        (3, "base_year"),
        (3, "indicator"),
        (4, "direction"),
    }
    assert any("direction '2' must be 1 (higher is better) or -1" in m for m in messages(problems))


def test_assess_files_runs_a_method_and_writes_results(tmp_path: Path) -> None:
    values = write(
        tmp_path / "v.csv",
        "entity,indicator,series,year,value\n"
        + "".join(f"tokyo,3-4-1,,{y},{v}\n" for y, v in [(2015, 20), (2018, 18), (2021, 16)])
        + "tokyo,11-6-2,PM2.5,2015,15\ntokyo,11-6-2,PM2.5,2020,12\n",
    )
    spec = write(
        tmp_path / "s.csv",
        "indicator,series,goal,direction,target\n3-4-1,,3,-1,10\n11-6-2,,11,-1,\n",
    )
    run = assess_files("escap", values, spec, Options())
    assert run.ok and run.results is not None
    assert {level for level, _, _ in summary(run.results)} == {"series", "indicator", "goal"}
    out = tmp_path / "out" / "results.csv"
    write_results(run.results, out)
    with out.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    header = list(rows[0])
    assert header[:7] == ["level", "entity", "indicator", "series", "goal", "method", "status"]
    assert header[-2:] == ["explanation_en", "explanation_ja"]
    series = [r for r in rows if r["level"] == "series" and r["indicator"] == "3-4-1"][0]
    assert series["base_year"] == "2015" and series["target_year"] == "2030"
    assert not list(out.parent.glob("*.partial"))
    unsd = assess_files("unsd", values, None, Options(base_year=2018.0))
    assert unsd.results is not None
    assert set(unsd.results["status"]) == {"not_assessable"}  # no spec: no direction


def test_method_problems(tmp_path: Path) -> None:
    values = write(tmp_path / "v.csv", "entity,indicator,year,value\na,i,2015,1\n")
    with pytest.raises(MethodError, match="unknown method 'nope': choose one of .*escap.*unsd"):
        assess_files("nope", values, None, Options())
    run = assess_files("escap", values, None, Options())
    assert not run.ok and "needs a spec file (--spec) with the column(s) target" in str(
        run.errors[0]
    )
    spec = write(tmp_path / "s.csv", "indicator,direction\ni,1\n")
    run = assess_files("escap", values, spec, Options())
    assert [(p.line, p.column, p.code) for p in run.errors] == [(1, "target", "missing_column")]


# --- the golden SDSN extracts through the file interface --------------------------------------


def golden_rows(name: str) -> list[dict[str, str]]:
    path = GOLDEN_SDSN / name
    if not path.is_file():
        pytest.skip(f"golden SDSN data not found at {path} (the shared/golden folder is absent)")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def to_files(rows: list[dict[str, str]], folder: Path) -> tuple[Path, Path]:
    values = folder / "values.csv"
    spec = folder / "spec.csv"
    with values.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(["entity", "indicator", "series", "year", "value"])
        for row in rows:
            out.writerow([row["entity_code"], row["indicator"], "", "2019", row["value"]])
    with spec.open("w", encoding="utf-8", newline="") as handle:
        out = csv.writer(handle)
        out.writerow(
            [
                "indicator",
                "series",
                "goal",
                "direction",
                "best",
                "worst",
                "green",
                "red",
                "in_index",
            ]
        )
        for row in rows:
            direction = 1 if float(row["best"]) > float(row["worst"]) else -1
            in_index = "0" if row.get("index_indicator") == "no" else "1"
            out.writerow(
                [
                    row["indicator"],
                    "",
                    row["goal"],
                    direction,
                    row["best"],
                    row["worst"],
                    row["green_threshold"],
                    row["red_threshold"],
                    in_index,
                ]
            )
    return values, spec


@pytest.mark.parametrize(
    ("indicators", "goals", "method"),
    [
        ("sdr2019-japan-goals5-11-indicators.csv", "sdr2019-japan-goals.csv", "sdsn"),
        (
            "uscities2019-sanfrancisco-goals10-11-indicators.csv",
            "uscities2019-sanfrancisco-goals.csv",
            "sdsn-cities",
        ),
    ],
)
def test_sdsn_golden_through_files(
    tmp_path: Path, indicators: str, goals: str, method: str
) -> None:
    rows = golden_rows(indicators)
    values, spec = to_files(rows, tmp_path)
    run = assess_files(method, values, spec, Options())
    assert run.ok, messages(run.problems)
    assert run.results is not None
    results = run.results
    out = tmp_path / "results.csv"
    write_results(results, out)  # the results of a real method can be written
    assert out.stat().st_size > 0
    by_indicator = {
        r["indicator"]: r
        for r in results.filter(pl.col("level") == "indicator").iter_rows(named=True)
    }
    for row in rows:
        got = by_indicator[row["indicator"]]
        if row["normalized"]:
            assert math.isclose(got["normalized"], float(row["normalized"]), abs_tol=1e-4), row
        else:
            assert got["normalized"] is None, row  # dashboard-only: not in the index
        if row["colour"]:
            assert got["colour"] == row["colour"], row
    published = {r["goal"]: float(r["score"]) for r in golden_rows(goals) if r["goal"].isdigit()}
    covered = {int(r["goal"]) for r in rows}
    goal_rows = results.filter(pl.col("level") == "goal")
    for goal in covered:
        score = goal_rows.filter(pl.col("goal") == goal)["score"].item()
        assert math.isclose(score, published[str(goal)], abs_tol=1e-4), goal
