"""Small files of our own for each kind of real-world input that once broke an import.

Publishers' own indicator ids, old Mac line endings, unnamed columns, huge cells and headers,
placeholder sentences and data files named without the ``indicator_`` prefix.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localsdg.core.formats import textio
from localsdg.core.formats.model import Problem
from localsdg.core.formats.registry import get_format


def repository(root: Path, files: dict[str, str | bytes]) -> Path:
    for name, content in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
    return root


def read(root: Path):
    return get_format("opensdg").read(root)


# --------------------------------------------------------------------------------------------
# Publishers' own indicator ids


def test_own_ids_are_local_indicators_linked_to_their_goal_or_target(tmp_path: Path) -> None:
    root = repository(
        tmp_path,
        {
            "data/indicator_10-x-1.csv": "Year,Value\n2020,1\n",
            "data/indicator_5-x-1.csv": "Year,Value\n2020,2\n",
            "data/indicator_5-5-2a.csv": "Year,Value\n2020,3\n",
            "data/indicator_8-5-1a.csv": "Year,Value\n2020,4\n",
            "data/indicator_7-1.csv": "Year,Value\n2020,5\n",
            "data/indicator_12-12.csv": "Year,Value\n2020,6\n",
            "meta/10-x-1.md": "---\nindicator_name: Own indicator\nsdg_goal: '10'\n---\n",
            "meta/5-x-1.yml": "indicator_name: Gender pay\ntarget_id: '5.1'\n",
        },
    )
    data = read(root)
    assert data.ok, [str(p) for p in data.errors]
    links = {code: meta.links for code, meta in data.indicators.items()}
    assert links == {
        "10-x-1": [("10", "supplementary")],
        "5-x-1": [("5-1", "supplementary")],  # the metadata's target_id wins over the id
        "5-5-2a": [("5-5", "supplementary")],
        "8-5-1a": [("8-5", "supplementary")],
        "7-1": [("7-1", "supplementary")],
        "12-12": [("12", "supplementary")],  # 12.12 is no target: the goal
    }
    assert data.indicators["10-x-1"].names == {"en": "Own indicator"}
    assert sorted(data.observations["indicator"].to_list()) == sorted(links)


def test_sdg_codes_keep_their_default_links(tmp_path: Path) -> None:
    root = repository(
        tmp_path,
        {
            "data/indicator_11-6-2.csv": "Year,Value\n2020,1\n",
            "data/indicator_11-1-1-c.csv": "Year,Value\n2020,1\n",
            "meta/11-6-2.md": "---\nsdg_goal: '11'\ntarget_id: '11.6'\n---\n",
        },
    )
    data = read(root)
    assert {c: m.links for c, m in data.indicators.items()} == {"11-1-1-c": [], "11-6-2": []}


def test_ids_that_name_no_goal_stay_errors(tmp_path: Path) -> None:
    root = repository(
        tmp_path,
        {
            "data/indicator_18-1-1.csv": "Year,Value\n2020,1\n",
            "data/indicator_1-1-1.csv": "Year,Value\n2020,1\n",
        },
    )
    data = read(root)
    (error,) = data.errors
    assert (error.file, error.code) == ("data/indicator_18-1-1.csv", "unknown_code")
    assert "goal must be a number from 1 to 17" in error.message


def test_data_files_without_the_prefix_and_other_files(tmp_path: Path) -> None:
    root = repository(
        tmp_path,
        {
            "data/1-2-1.csv": "Year,Value\n2020,1\n",
            "data/archived-11-c-1.csv": "Year,Value\n2020,1\n",
            "data/demo_13.2.csv": "Year,Value\n2020,1\n",
        },
    )
    data = read(root)
    assert data.ok
    assert data.observations["indicator"].to_list() == ["1-2-1"]
    ignored = sorted(p.file for p in data.warnings if p.code == "file_ignored")
    assert ignored == ["data/archived-11-c-1.csv", "data/demo_13.2.csv"]


# --------------------------------------------------------------------------------------------
# Line endings

ROWS = st.lists(
    st.tuples(st.integers(1990, 2030), st.integers(-1000, 1000), st.sampled_from(["", "F", "M"])),
    min_size=1,
    max_size=30,
    unique_by=lambda r: (r[0], r[2]),
)


@settings(max_examples=60, deadline=None)
@given(rows=ROWS, endings=st.lists(st.sampled_from(["\n", "\r\n", "\r"]), min_size=1))
def test_every_line_ending_reads_the_same(tmp_path_factory, rows, endings) -> None:
    folder = tmp_path_factory.mktemp("endings")
    lines = ["Year,Sex,Value", *(f"{y},{s},{v}" for y, v, s in rows)]
    text = "".join(line + endings[i % len(endings)] for i, line in enumerate(lines))
    path = folder / "data.csv"
    path.write_bytes(text.encode())
    frame, problems = textio.read_csv_frame(path, "data.csv")
    assert frame is not None and not [p for p in problems if p.level == "error"]
    assert frame.columns == ["Year", "Sex", "Value", textio.LINE]
    assert frame.height == len(rows)
    assert frame[textio.LINE].to_list() == list(range(2, len(rows) + 2))
    assert frame["Value"].to_list() == [str(v) for _y, v, _s in rows]


def test_old_mac_file_imports(tmp_path: Path) -> None:
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": b"Year,Value\r2016,36\r2017,37\r"})
    data = read(root)
    assert data.ok and data.observations.height == 2


def test_blank_lines_before_the_header_are_skipped(tmp_path: Path) -> None:
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": "\n\nYear,Value\n2016,x1\n"})
    (error,) = read(root).errors
    assert error.line == 4  # the physical line, counting the blank lines


# --------------------------------------------------------------------------------------------
# Columns without names, long names, long cells, big files


def test_an_empty_unnamed_column_is_dropped_with_a_warning(tmp_path: Path) -> None:
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": "Year,,Value\n2016,,1\n"})
    data = read(root)
    assert data.ok
    (warning,) = [p for p in data.warnings if p.code == "empty_column"]
    assert (warning.file, warning.column) == ("data/indicator_1-2-1.csv", "column 2")
    assert data.indicators["1-2-1"].dimensions == []


def test_an_unnamed_column_with_values_is_an_error_naming_file_and_column(tmp_path: Path) -> None:
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": "Year,,Value\n2016,,1\n2017,x,2\n"})
    (error,) = read(root).errors
    assert (error.file, error.column, error.code) == (
        "data/indicator_1-2-1.csv",
        "column 2",
        "empty_column",
    )
    assert "first on line 3" in error.message and error.indicator == "1-2-1"


def test_a_repeated_column_name_is_an_error(tmp_path: Path) -> None:
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": "Year,Sex,Sex,Value\n2016,F,M,1\n"})
    (error,) = read(root).errors
    assert (error.code, error.column) == ("duplicate_column", "Sex")


def test_a_huge_column_name_is_refused_before_parsing(tmp_path: Path) -> None:
    name = "x" * 1_000_000
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": f"Year,{name},Value\n2016,a,1\n"})
    (error,) = read(root).errors
    assert error.code == "too_long" and error.line == 1
    assert len(error.message) < 400 and len(error.column) <= 100


def test_a_huge_cell_is_an_error_with_its_line(tmp_path: Path) -> None:
    cell = "y" * 50_000
    text = f"Year,Value,COMMENT_OBS\n2016,1,\n2017,2,{cell}\n"
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": text})
    (error,) = read(root).errors
    assert (error.code, error.line, error.column) == ("too_long", 3, "COMMENT_OBS")
    assert len(error.message) < 400


def test_a_missing_column_message_quotes_a_long_header_briefly(tmp_path: Path) -> None:
    header = ",".join(f"column{i}" * 20 for i in range(1, 60))
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": f"Year,{header}\n2016" + ",a" * 59})
    (error,) = read(root).errors
    assert error.code == "missing_column" and len(error.message) <= 1001


def test_a_file_over_the_size_limit_is_refused_unread(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(textio, "MAX_DATA_FILE_BYTES", 1000)
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": "Year,Value\n" + "2016,1\n" * 200})
    (error,) = read(root).errors
    assert error.code == "too_large" and "LOCALSDG_MAX_DATA_FILE_BYTES" in error.message


def test_problem_messages_are_bounded() -> None:
    problem = Problem("error", "m" * 10_000, "f.csv", 1, "c" * 10_000, "csv")
    assert len(problem.message) == 1001 and len(problem.column) == 101


# --------------------------------------------------------------------------------------------
# Placeholders


@pytest.mark.parametrize(
    "text",
    [
        "Year,Value\nThere is no data for this indicator yet,\n\n",
        "Year,Value\nThis is a non-statistical indicator.,\n",
        "Year,Units,Value\nThis indicator has embedded content but no data\n",
        "Year,Value\r\nThere is not data for this indicator yet,\r\n",
    ],
)
def test_a_sentence_in_year_marks_a_placeholder(tmp_path: Path, text: str) -> None:
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": text})
    data = read(root)
    assert data.ok and data.placeholders == ["data/indicator_1-2-1.csv"]
    assert data.observations.is_empty()


def test_a_sentence_with_a_value_is_still_an_error(tmp_path: Path) -> None:
    text = "Year,Value\n2016,1\nThere is no data for this indicator yet,5\n"
    root = repository(tmp_path, {"data/indicator_1-2-1.csv": text})
    data = read(root)
    assert not data.placeholders and data.errors[0].line == 3


# --------------------------------------------------------------------------------------------
# Every problem names its file


BROKEN = [
    b"",
    b"\xff\xfe\x00garbage",
    b"Year,Value\n2016,1,2\n",
    b"Year,,Value\n2016,x,1\n",
    b"Year\n2016\n",
    b"Year,Value\n20222,1\n",
    b"Year,Value\n2016,abc\n",
    b"Year,Year,Value\n2016,2016,1\n",
]


@settings(max_examples=40, deadline=None)
@given(contents=st.lists(st.sampled_from(BROKEN), min_size=1, max_size=5))
def test_every_error_of_a_repository_names_a_file(tmp_path_factory, contents) -> None:
    root = tmp_path_factory.mktemp("repo")
    files = {f"data/indicator_1-{i + 1}-1.csv": c for i, c in enumerate(contents)}
    data = read(repository(root, files))
    assert data.errors
    assert all(p.file.startswith("data/indicator_") for p in data.problems)
    assert all(p.indicator for p in data.errors)
