"""Acceptance on real Open SDG city repositories (Bristol, València) from the golden data.

Expectations are computed here independently of the product code, with the csv module.
"""

from __future__ import annotations

import csv
import io
import time
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from localsdg.core.formats.model import DataSet
from localsdg.core.formats.pipeline import comparable
from localsdg.core.formats.registry import get_format

GOLDEN = Path(__file__).resolve().parents[3].parent / "shared" / "golden" / "opensdg-repos"
STARTER = [["Year", "Group", "Value"], *[r.split(",") for r in
           ["2015,A,1", "2015,B,3", "2015,,2", "2016,A,1", "2016,B,3", "2016,,2"]]]  # fmt: skip
MARKERS = {"n/a", "na", "-", "—", "–", "…", "...", "..", "x", ":", "nan"}


def repo(name: str) -> Path:
    path = GOLDEN / name
    if not path.is_dir():
        pytest.skip(f"golden data not found at {path} (the shared/golden folder is absent)")
    return path


def csv_rows(path: Path) -> list[list[str]]:
    text = path.read_bytes().decode("utf-8-sig")
    return [row for row in csv.reader(io.StringIO(text)) if row]


def data_files(root: Path) -> Iterator[tuple[Path, list[list[str]]]]:
    for path in sorted((root / "data").glob("indicator_*.csv")):
        yield path, csv_rows(path)


def is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def expected_keys(root: Path) -> tuple[set[tuple[str, ...]], set[tuple[str, ...]], int]:
    """(keys with a numeric Value, keys with a missing-value marker, keys whose last row is a
    marker although an earlier row had a number) over the non-placeholder files."""
    numeric: set[tuple[str, ...]] = set()
    marked: set[tuple[str, ...]] = set()
    last_is_marker: dict[tuple[str, ...], bool] = {}
    for path, rows in data_files(root):
        if rows == STARTER:
            continue
        value = rows[0].index("Value")
        for row in rows[1:]:
            key = (path.name, *(c.strip() for i, c in enumerate(row) if i != value))
            cell = row[value].strip()
            if is_number(cell):
                numeric.add(key)
                last_is_marker[key] = False
            elif cell.lower() in MARKERS:
                marked.add(key)
                last_is_marker[key] = True
    overridden = sum(1 for k in numeric & marked if last_is_marker[k])
    return numeric, marked, overridden


@pytest.fixture(scope="module", params=["bristol", "valencia"])
def golden(request: pytest.FixtureRequest) -> tuple[Path, DataSet]:
    root = repo(request.param)
    return root, get_format("opensdg").read(root, on_duplicate="last")


def test_imports_without_errors(golden: tuple[Path, DataSet]) -> None:
    _, data = golden
    assert data.errors == []


def test_observation_count_matches_the_csv_files(golden: tuple[Path, DataSet]) -> None:
    """Numbers: one observation per distinct key with a numeric Value.

    Missing-value markers (Bristol has 4 'n/a' cells) are observations too, with a null
    value; one of Bristol's 'n/a' keys also has a number in a later row, so that key counts
    once. Rows with an empty Value cell are not observations.
    """
    root, data = golden
    numeric, marked, overridden = expected_keys(root)
    values = data.observations["value"]
    assert values.is_not_null().sum() == len(numeric) - overridden
    assert data.observations.height == len(numeric | marked)


def test_placeholders_are_recognised_by_content(golden: tuple[Path, DataSet]) -> None:
    """The data-starter sample is detected by header and rows, whatever the line endings.

    The golden README counts Bristol's placeholders by md5 (150) among 258 CSV files. One more
    file, indicator_10-1-1-x.csv, holds the same sample with CRLF line endings, so
    content-based detection finds 151. Bristol's data/demo_indicator.csv has no indicator id
    in its name; it is ignored with a warning (257 indicator files, 106 with real data).
    """
    root, data = golden
    by_content = {f"data/{p.name}" for p, rows in data_files(root) if rows == STARTER}
    assert set(data.placeholders) == by_content
    sizes = {"bristol": (151, 257), "valencia": (1, 19)}[root.name]
    assert (len(data.placeholders), len(list(data_files(root)))) == sizes
    imported = set(data.observations["source"].unique())
    assert not imported & by_content
    ignored = {p.file for p in data.warnings if p.code == "file_ignored"}
    expected = {f"data/{p.name}" for p in (root / "data").glob("*.csv")}
    assert ignored == expected - {f"data/{p.name}" for p, _ in data_files(root)}


def test_export_and_reimport_is_identical(golden: tuple[Path, DataSet], tmp_path: Path) -> None:
    _, data = golden
    fmt = get_format("opensdg")
    fmt.write(data, tmp_path)
    again = fmt.read(tmp_path)
    assert again.errors == []
    assert comparable(again.observations).equals(comparable(data.observations))
    assert again.indicators == data.indicators


@pytest.mark.parametrize("name", ["csv", "xlsx", "sdmx"])
def test_other_formats_carry_the_observations(
    golden: tuple[Path, DataSet], tmp_path: Path, name: str
) -> None:
    _, data = golden
    fmt = get_format(name)
    again = fmt.read(fmt.write(data, tmp_path)[0])
    assert again.errors == []
    assert comparable(again.observations).equals(comparable(data.observations))


def test_bristol_conflicting_duplicates_are_reported() -> None:
    data = get_format("opensdg").read(repo("bristol"))
    conflicts = [p for p in data.errors if p.code == "duplicate_conflict"]
    assert len(conflicts) == 39 == len(data.errors)
    for problem in conflicts:
        assert problem.file.startswith("data/indicator_") and problem.line is not None
        assert f"line {problem.line}, line " in problem.message


def test_valencia_metadata_and_local_ids() -> None:
    data = get_format("opensdg").read(repo("valencia"))
    meta = data.indicators["1-2-1"]
    assert meta.names["es"] == "Tasa de privación material grave"
    assert meta.unit and meta.reporting_status == "reported"
    assert "1-2-12" in data.indicators and (data.observations["indicator"] == "1-2-12").any()
    assert "GeoCode" in data.indicators["1-2-12"].dimensions


def test_bristol_metadata_from_csv_meta() -> None:
    data = get_format("opensdg").read(repo("bristol"), on_duplicate="last")
    meta = data.indicators["1-2-1"]
    assert meta.names["en"] == "Percentage of population of Bristol beneath national poverty line"
    assert meta.unit == "Percentage (%)"
    assert meta.source_organisation == {"en": "Bristol City council"}
    assert meta.metadata["en"]["indicator_name"] == "global_indicators.1-2-1-title"


def test_bristol_reads_quickly() -> None:
    root = repo("bristol")
    get_format("opensdg").read(root, on_duplicate="last")  # warm caches (framework, imports)
    start = time.perf_counter()
    get_format("opensdg").read(root, on_duplicate="last")
    assert time.perf_counter() - start < 2.0


def test_frame_has_model_schema(golden: tuple[Path, DataSet]) -> None:
    from localsdg.core.formats.model import OBSERVATION_SCHEMA

    _, data = golden
    assert dict(data.observations.schema) == OBSERVATION_SCHEMA
    assert data.observations.filter(pl.col("period_kind").is_null()).is_empty()
