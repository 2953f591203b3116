"""``DataSet.without_invalid``: leave out what an error names, keep everything else whole."""

from __future__ import annotations

from pathlib import Path

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from localsdg.core.formats.model import (
    OBSERVATION_SCHEMA,
    DataSet,
    IndicatorMeta,
    Problem,
    empty_observations,
)
from localsdg.core.formats.registry import get_format

CODES = ["1-2-1", "11-6-2", "3-1-1", "7-1"]
FILES = ["a.csv", "b.csv", "data/indicator_1-2-1.csv", "book.xlsx [3.1.1]", "meta/11-6-2.yml"]
# The indicator each file is named after (the reference for the "named after" rule).
NAMED = {
    "data/indicator_1-2-1.csv": "1-2-1",
    "book.xlsx [3.1.1]": "3-1-1",
    "meta/11-6-2.yml": "11-6-2",
}


def frame(rows: list[tuple[str, str, int]]) -> pl.DataFrame:
    """Observations (indicator, file, year) with every other column filled in."""
    if not rows:
        return empty_observations()
    data = {
        "indicator": [r[0] for r in rows], "series": [""] * len(rows), "unit": [""] * len(rows),
        "dimensions": [""] * len(rows), "period": [str(r[2]) for r in rows],
        "start_year": [r[2] for r in rows], "end_year": [r[2] for r in rows],
        "period_kind": ["year"] * len(rows), "value": [float(r[2] % 7) for r in rows],
        "value_text": [""] * len(rows), "flags": [""] * len(rows), "footnote": [""] * len(rows),
        "source": [r[1] for r in rows], "line": list(range(2, len(rows) + 2)),
    }  # fmt: skip
    return pl.DataFrame(data, schema=OBSERVATION_SCHEMA)


rows = st.lists(
    st.tuples(st.sampled_from(CODES), st.sampled_from(FILES), st.integers(2000, 2030)),
    max_size=40,
    unique_by=lambda r: (r[0], r[2]),  # one observation per indicator and period
)
problems = st.lists(
    st.builds(
        Problem,
        level=st.sampled_from(["error", "warning"]),
        message=st.just("something is wrong"),
        file=st.sampled_from(["", *FILES]),
        line=st.none() | st.integers(1, 50),
        column=st.just(""),
        code=st.sampled_from(["invalid_value", "unknown_code", "csv", "missing_value"]),
        indicator=st.sampled_from(["", "", *CODES, "18-1-1"]),
    ),
    max_size=8,
)


@st.composite
def data_sets(draw: st.DrawFn) -> DataSet:
    observations = draw(rows)
    metadata = draw(st.sets(st.sampled_from(CODES)))
    return DataSet(
        observations=frame(observations),
        indicators={code: IndicatorMeta(code=code) for code in metadata},
        problems=draw(problems),
    )


def reference_skipped(data: DataSet) -> tuple[set[str], set[str]]:
    """(indicators, files) that must be left out, computed plainly from the rules."""
    files = {p.file for p in data.errors if p.file and not p.indicator}
    codes = {p.indicator for p in data.errors if p.indicator}
    for code, source in data.observations.select("indicator", "source").iter_rows():
        if source in files:
            codes.add(code)
    codes |= {NAMED[f] for f in files if f in NAMED and NAMED[f] in data.codes()}
    return codes, files


def rows_of(data: DataSet) -> set[tuple[object, ...]]:
    return set(data.observations.iter_rows())


@settings(max_examples=300, deadline=None)
@given(data_sets())
def test_without_invalid_keeps_exactly_the_valid_indicators(data: DataSet) -> None:
    kept, skipped = data.without_invalid()
    codes, files = reference_skipped(data)
    unskippable = [p for p in data.errors if not p.file and not p.indicator]
    # No errors remain but the ones that name neither a file nor an indicator.
    assert kept.errors == unskippable
    assert kept.ok == (not unskippable)
    # Every kept observation is in the input; none of a skipped indicator or file is kept.
    assert rows_of(kept) <= rows_of(data)
    assert not set(kept.observations["indicator"]) & codes
    assert not set(kept.observations["source"]) & files
    # Nothing valid is lost, and no indicator is kept by halves.
    expected = {r for r in rows_of(data) if r[0] not in codes and r[12] not in files}
    assert rows_of(kept) == expected
    assert set(kept.indicators) == set(data.indicators) - codes
    # Warnings of what is kept stay.
    assert [p for p in kept.problems if p.level == "warning"] == [
        p for p in data.warnings if p.indicator not in codes and p.file not in files
    ]
    # The report names every skipped indicator and file, with the errors that caused it.
    assert {s.indicator for s in skipped if s.indicator} == codes
    reported_files = {p.file for s in skipped for p in s.problems if p.file and not p.indicator}
    assert reported_files == files
    for entry in skipped:
        assert entry.problems and all(p in data.errors for p in entry.problems)
    skippable = [p for p in data.errors if p.file or p.indicator]
    assert {id(p) for s in skipped for p in s.problems} == {id(p) for p in skippable}


@given(data_sets())
def test_without_invalid_changes_nothing_when_there_is_no_error(data: DataSet) -> None:
    data.problems = [p for p in data.problems if p.level == "warning"]
    kept, skipped = data.without_invalid()
    assert skipped == []
    assert rows_of(kept) == rows_of(data) and kept.problems == data.problems
    assert set(kept.indicators) == set(data.indicators)


def test_tidy_csv_with_a_bad_value_and_an_unknown_code(tmp_path: Path) -> None:
    path = tmp_path / "data.csv"
    path.write_text(
        "indicator,unit,period,value\n"
        "1-2-1,%,2020,10\n1-2-1,%,2021,11\n11-6-2,x,2020,ten\n11-6-2,x,2021,4\n18.1.1,x,2020,3\n",
        encoding="utf-8",
    )
    data = get_format("csv").read(path)
    kept, skipped = data.without_invalid()
    assert kept.ok and sorted(kept.observations["period"]) == ["2020", "2021"]
    assert set(kept.observations["indicator"]) == {"1-2-1"} and set(kept.indicators) == {"1-2-1"}
    assert [(s.file, s.indicator, [p.line for p in s.problems]) for s in skipped] == [
        ("data.csv", "18.1.1", [6]),
        ("data.csv", "11-6-2", [4]),
    ]


def test_open_sdg_repository_with_broken_files(tmp_path: Path) -> None:
    """A file that cannot be read takes its indicator along, its data and metadata alike."""
    (tmp_path / "data").mkdir()
    (tmp_path / "meta").mkdir()
    (tmp_path / "data" / "indicator_1-2-1.csv").write_text("Year,Value\n2020,10\n2021,11\n")
    (tmp_path / "data" / "indicator_3-1-1.csv").write_bytes(b"Year,Value\n2020,\x80\x81\xff\n")
    (tmp_path / "meta" / "3-1-1.yml").write_text("indicator_name: Maternal mortality\n")
    (tmp_path / "data" / "indicator_11-6-2.csv").write_text("Year,Value\n2020,3\n")
    (tmp_path / "meta" / "11-6-2.yml").write_text("indicator_name: [unclosed\n")
    (tmp_path / "data" / "indicator_19-1-1.csv").write_text("Year,Value\n2020,1\n")
    data = get_format("opensdg").read(tmp_path)
    assert not data.ok
    kept, skipped = data.without_invalid()
    assert kept.ok, kept.errors
    assert set(kept.indicators) == {"1-2-1"} and set(kept.observations["indicator"]) == {"1-2-1"}
    assert {s.file: s.indicator for s in skipped} == {
        "data/indicator_3-1-1.csv": "3-1-1",
        "meta/11-6-2.yml": "11-6-2",
        "data/indicator_19-1-1.csv": "",
    }
    assert all(s.problems for s in skipped)


def test_an_error_naming_no_file_and_no_indicator_cannot_be_skipped() -> None:
    data = DataSet(
        observations=frame([("1-2-1", "a.csv", 2020)]),
        problems=[Problem("error", "the upload was cut off", code="io")],
    )
    kept, skipped = data.without_invalid()
    assert not kept.ok and skipped == []
    assert kept.observations.height == 1
