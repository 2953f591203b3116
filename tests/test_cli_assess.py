"""`localsdg assess` run as an operator runs it: a real process on small files, no database."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from pathlib import Path

BIN = Path(sys.executable).parent / "localsdg"
VALUES = (
    "entity,indicator,series,year,value\n"
    "tokyo,3-4-1,,2015,20\n"
    "tokyo,3-4-1,,2017-18,18\n"
    "tokyo,3-4-1,,2021,16\n"
    "tokyo,11-6-2,,2015,15\n"
    "tokyo,11-6-2,,2020,12\n"
)
SPEC = "indicator,series,goal,direction,target\n3-4-1,,3,-1,10\n11-6-2,,11,-1,\n"


def assess(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LOCALSDG_", "DJANGO_"))
    }
    # No database: the command must not need one (an unusable data folder proves it).
    environment["LOCALSDG_DATA_DIR"] = str(tmp_path / "no-such-instance")
    environment["COLUMNS"] = "200"
    return subprocess.run(
        [str(BIN), "assess", *args],
        capture_output=True,
        text=True,
        env=environment,
        cwd=tmp_path,
        timeout=120,
    )


def files(tmp_path: Path, values: str = VALUES, spec: str = SPEC) -> list[str]:
    (tmp_path / "values.csv").write_text(values, encoding="utf-8")
    (tmp_path / "spec.csv").write_text(spec, encoding="utf-8")
    return ["--input", "values.csv", "--spec", "spec.csv", "--output", "results.csv"]


def error_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = result.stderr.strip().splitlines()
    assert lines and lines[-1].startswith("Error: "), result.stderr
    assert "Traceback" not in result.stderr
    return lines[-1]


def test_success_writes_results_and_prints_a_summary(tmp_path: Path) -> None:
    result = assess(tmp_path, "--method", "unsd", *files(tmp_path))
    assert result.returncode == 0, result.stderr
    assert "series" in result.stdout and "substantial_progress" in result.stdout
    assert "Wrote 2 results to results.csv" in result.stdout
    with (tmp_path / "results.csv").open(encoding="utf-8") as handle:
        rows = {row["indicator"]: row for row in csv.DictReader(handle)}
    assert rows["3-4-1"]["method"] == "unsd" and rows["3-4-1"]["base_year"] == "2015"
    assert rows["3-4-1"]["current_year"] == "2021" and rows["3-4-1"]["goal"] == "3"
    assert rows["3-4-1"]["explanation_ja"]
    escap = assess(tmp_path, "--method", "escap", *files(tmp_path), "--target-year", "2035")
    assert escap.returncode == 0, escap.stderr
    assert "indicator" in escap.stdout and "goal" in escap.stdout
    with (tmp_path / "results.csv").open(encoding="utf-8") as handle:
        levels = {row["level"] for row in csv.DictReader(handle)}
    assert levels == {"series", "indicator", "goal"}


def test_missing_column(tmp_path: Path) -> None:
    bad = VALUES.replace("entity,indicator,series,year,value", "entity,indicator,series,year,val")
    result = assess(tmp_path, "--method", "unsd", *files(tmp_path, values=bad))
    assert result.returncode == 1
    assert "values.csv, line 1, column value" in result.stdout
    line = error_line(result)
    assert "values.csv, line 1, column value: missing column 'value'" in line
    assert not (tmp_path / "results.csv").exists()


def test_non_numeric_value(tmp_path: Path) -> None:
    bad = VALUES.replace("2017-18,18", "2017-18,eighteen")
    result = assess(tmp_path, "--method", "unsd", *files(tmp_path, values=bad))
    assert result.returncode == 1
    assert "line 3" in result.stdout and "not a number" in result.stdout
    assert "values.csv, line 3, column value: value 'eighteen' is not a number" in error_line(
        result
    )


def test_unknown_method(tmp_path: Path) -> None:
    result = assess(tmp_path, "--method", "nope", *files(tmp_path))
    assert result.returncode == 1
    line = error_line(result)
    assert "unknown method 'nope': choose one of" in line
    assert "unsd" in line and "escap" in line


def test_duplicate_year(tmp_path: Path) -> None:
    bad = VALUES + "tokyo,3-4-1,,2021,17\n"
    result = assess(tmp_path, "--method", "unsd", *files(tmp_path, values=bad))
    assert result.returncode == 1
    assert "line 7" in result.stdout
    line = error_line(result)
    assert "values.csv, line 7, column year: duplicate year 2021" in line
    assert "(first on line 4)" in line


def test_bad_spec_and_help(tmp_path: Path) -> None:
    result = assess(
        tmp_path, "--method", "unsd", *files(tmp_path, spec=SPEC.replace(",-1,10", ",down,10"))
    )
    assert result.returncode == 1
    assert "spec.csv, line 2, column direction: direction 'down' must be 1" in error_line(result)
    usage = assess(tmp_path, "--help")
    assert usage.returncode == 0 and "--method" in usage.stdout and "--spec" in usage.stdout


def test_golden_sdsn_from_the_command_line(tmp_path: Path) -> None:
    """The SDR 2019 extract for Japan, as values and spec files, through the real command."""
    import csv
    import math

    from tests.core.progress.test_files import golden_rows, to_files

    rows = golden_rows("sdr2019-japan-goals5-11-indicators.csv")
    values, spec = to_files(rows, tmp_path)
    out = tmp_path / "results.csv"
    result = assess(tmp_path, "--method", "sdsn", "--input", str(values), "--spec", str(spec),
                    "--output", str(out))  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    with out.open(encoding="utf-8") as handle:
        written = list(csv.DictReader(handle))
    published = {r["goal"]: float(r["score"]) for r in golden_rows("sdr2019-japan-goals.csv")}
    goals = {r["goal"]: r for r in written if r["level"] == "goal"}
    for goal in ("5", "11"):
        assert math.isclose(float(goals[goal]["score"]), published[goal], abs_tol=1e-4)
    colours = {r["indicator"]: r["colour"] for r in written if r["level"] == "indicator"}
    assert all(colours[r["indicator"]] == r["colour"] for r in rows if r["colour"])
    # Goal colours as published, with their coverage (coloured / listed indicators) beside them.
    header = list(written[0])
    assert header.index("coverage") == header.index("colour") + 1
    for goal in ("5", "11"):
        mine = [r for r in rows if r["goal"] == goal]
        coverage = f"{sum(1 for r in mine if r['colour'])}/{len(mine)}"
        assert goals[goal]["colour"] == mine[0]["goal_colour"], goal
        assert goals[goal]["coverage"] == coverage, goal
        assert (
            coverage in goals[goal]["explanation_en"] and coverage in goals[goal]["explanation_ja"]
        )
    assert all(r["coverage"] == "" for r in written if r["level"] != "goal")


def test_a_series_listed_in_the_spec_without_values_keeps_its_row(tmp_path: Path) -> None:
    """The spec lists 3-3-1 and a female series of 3-4-1; the values have neither."""
    spec = SPEC + "3-4-1,female,3,-1,5\n3-3-1,,3,-1,0\n"
    expected = {
        "opensdg": "not_available",
        "unsd": "insufficient_data",
        "escap": "insufficient_data",
    }
    for method, status in expected.items():
        result = assess(tmp_path, "--method", method, *files(tmp_path, spec=spec))
        assert result.returncode == 0, result.stdout + result.stderr
        with (tmp_path / "results.csv").open(encoding="utf-8") as handle:
            written = list(csv.DictReader(handle))
        series = {(r["indicator"], r["series"]): r for r in written if r["level"] == "series"}
        assert set(series) == {("3-4-1", ""), ("11-6-2", ""), ("3-4-1", "female"), ("3-3-1", "")}
        for key in (("3-4-1", "female"), ("3-3-1", "")):
            row = series[key]
            assert row["status"] == status and row["entity"] == "tokyo", (method, row)
            assert row["base_value"] == row["current_value"] == row["current_year"] == ""
            assert row.get("score", "") == "" and row["explanation_en"], (method, row)
        assert status in result.stdout
    # The indicator level counts the listed series like any other that cannot be assessed.
    with (tmp_path / "results.csv").open(encoding="utf-8") as handle:
        escap = {(r["level"], r["indicator"]): r for r in csv.DictReader(handle)}
    assert escap["indicator", "3-3-1"]["status"] == "insufficient_data"
    assert escap["indicator", "3-4-1"]["series_count"] == "1"
