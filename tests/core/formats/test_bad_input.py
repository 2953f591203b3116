"""Bad input: every problem names the file, line, column and reason, and nothing raises."""

from __future__ import annotations

import time
from pathlib import Path

import polars as pl
import pytest
import xlsxwriter  # type: ignore[import-untyped]

from localsdg.core.formats.model import DataSet, Problem
from localsdg.core.formats.registry import get_format

HEADER = "indicator,series,unit,Sex,period,value,flags,footnote\n"


def read_csv(tmp_path: Path, text: str | bytes, name: str = "data.csv", **kw: str) -> DataSet:
    path = tmp_path / name
    if isinstance(text, str):
        path.write_text(text, encoding="utf-8")
    else:
        path.write_bytes(text)
    return get_format("csv").read(path, **kw)  # type: ignore[arg-type]


def only(problems: list[Problem], code: str) -> Problem:
    found = [p for p in problems if p.code == code]
    assert len(found) == 1, problems
    return found[0]


def test_good_tidy_csv(tmp_path: Path) -> None:
    data = read_csv(
        tmp_path, HEADER + "11.6.2,,µg/m3,F,2021,12.5,E,note\n11-6-2,,µg/m3,,2021,13,,\n"
    )
    assert data.ok and not data.problems
    rows = data.observations.select("indicator", "dimensions", "value", "flags", "line").rows()
    assert rows == [("11-6-2", "Sex=F", 12.5, "E", 2), ("11-6-2", "", 13.0, "", 3)]
    assert data.indicators["11-6-2"].dimensions == ["Sex"]


def test_missing_path_gives_one_error(tmp_path: Path) -> None:
    for name in ("csv", "xlsx", "opensdg", "sdmx"):
        data = get_format(name).read(tmp_path / "nope")
        assert len(data.problems) == 1 and data.errors, name


def test_utf8_bom_is_stripped_silently(tmp_path: Path) -> None:
    data = read_csv(tmp_path, ("\ufeff" + HEADER + "1.1.1,,,,2020,1,,\n").encode("utf-8"))
    assert data.ok and not data.problems and data.observations.height == 1


def test_shift_jis_is_read_with_a_warning(tmp_path: Path) -> None:
    text = HEADER + "11.6.2,,トン,女性,令和3年度,5,,東京都\n"
    data = read_csv(tmp_path, text.encode("cp932"))
    warning = only(data.problems, "encoding")
    assert warning.level == "warning" and "cp932" in warning.message
    assert warning.file == "data.csv"
    assert data.observations.row(0, named=True)["footnote"] == "東京都"
    assert data.observations.row(0, named=True)["start_year"] == 2021


def test_undecodable_bytes_name_offset_and_line(tmp_path: Path) -> None:
    data = read_csv(tmp_path, HEADER.encode() + b"1.1.1,,,\x81\x20,2020,1,,\n")
    error = only(data.errors, "encoding")
    assert error.line == 2 and f"byte offset {len(HEADER) + 8}" in error.message
    assert str(error).startswith("data.csv, line 2: ")


def test_empty_file(tmp_path: Path) -> None:
    error = only(read_csv(tmp_path, "").errors, "empty")
    assert "empty" in error.message and error.file == "data.csv"


@pytest.mark.parametrize("missing", ["period", "value"])
def test_missing_required_column(tmp_path: Path, missing: str) -> None:
    header = HEADER.replace(f",{missing},", ",")
    error = only(read_csv(tmp_path, header + "1.1.1,,,,1,\n").errors, "missing_column")
    assert error.column == missing and error.line == 1 and repr(missing) in error.message


def test_ragged_row_names_the_line(tmp_path: Path) -> None:
    error = only(
        read_csv(tmp_path, "indicator,period,value\n1.1.1,2020,1\n1.1.1,2021,1,9\n").errors, "csv"
    )
    assert error.line == 3 and "4 fields but the header has 3" in error.message


def test_header_only_file_warns(tmp_path: Path) -> None:
    data = read_csv(tmp_path, "indicator,period,value\n")
    assert data.ok and only(data.problems, "no_rows").level == "warning"


def test_year_is_accepted_for_period(tmp_path: Path) -> None:
    data = read_csv(tmp_path, "indicator,Year,Value\n1.1.1,2017/18,5\n")
    assert data.ok and data.observations["period_kind"].to_list() == ["split_year"]


def test_unknown_codes(tmp_path: Path) -> None:
    text = "indicator,period,value\n1.9.1,2020,1\n18.1.1,2020,1\n1.2.12,2020,1\n11-1-1-c,2020,2\n"
    data = read_csv(tmp_path, text)
    errors = [p for p in data.errors if p.code == "unknown_code"]
    assert [(p.line, p.column) for p in errors] == [(2, "indicator"), (3, "indicator")]
    assert "target 1.9 does not exist" in errors[0].message
    assert "goal must be a number from 1 to 17" in errors[1].message
    assert sorted(data.observations["indicator"].to_list()) == ["1-2-12", "11-1-1-c"]


def test_values_markers_and_repairs(tmp_path: Path) -> None:
    text = HEADER + '1.1.1,,,,2019,n/a,,\n1.1.1,,,,2020,"1,234",,\n1.1.1,,,,2021,１２３,,\n'
    text += "1.1.1,,,,2022,,,\n1.1.1,,,,2023,lots,,\n1.1.1,,,,2024-13,1,,\n1.1.1,,,,2004-2013,1,,\n"
    data = read_csv(tmp_path, text)
    missing = only(data.problems, "missing_value")
    assert (missing.level, missing.line, missing.column) == ("warning", 2, "value")
    assert "'n/a'" in missing.message
    normalised = [p for p in data.problems if p.code == "normalised_value"]
    assert [p.line for p in normalised] == [3, 4]
    assert "'1,234' read as 1234" in normalised[0].message
    assert only(data.problems, "empty_value").message.startswith("1 rows with an empty value")
    invalid = only(data.errors, "invalid_value")
    assert (invalid.line, invalid.column) == (6, "value") and "'lots'" in invalid.message
    period = only(data.errors, "invalid_period")
    assert (period.line, period.column) == (7, "period") and "'2024-13'" in period.message
    assert only(data.problems, "period_range").level == "warning"
    obs = data.observations.sort("period")
    assert obs.select("period", "value", "value_text").rows() == [
        ("2004-2013", 1.0, ""), ("2019", None, "n/a"), ("2020", 1234.0, "1,234"),
        ("2021", 123.0, "１２３"),
    ]  # fmt: skip


DUPS = HEADER + "1.1.1,,,F,2020,1,,\n1.1.1,,,F,2020,1,,\n1.1.1,,,,2020,1,,\n1.1.1,,,,2020,2,,\n"


def test_identical_duplicates_are_merged(tmp_path: Path) -> None:
    data = read_csv(tmp_path, DUPS)
    merged = only(data.problems, "duplicate_identical")
    assert merged.level == "warning" and "line 2, line 3" in merged.message


def test_conflicting_duplicates_are_errors_with_lines(tmp_path: Path) -> None:
    error = only(read_csv(tmp_path, DUPS).errors, "duplicate_conflict")
    assert error.file == "data.csv" and error.line == 4 and "line 4, line 5" in error.message


@pytest.mark.parametrize(("keep", "value", "dropped"), [("first", 1.0, 2.0), ("last", 2.0, 1.0)])
def test_on_duplicate_keeps_one(tmp_path: Path, keep: str, value: float, dropped: float) -> None:
    data = read_csv(tmp_path, DUPS, on_duplicate=keep)
    assert data.ok and only(data.problems, "duplicate_dropped").level == "warning"
    total = data.observations.filter(pl.col("dimensions") == "")
    assert total["value"].to_list() == [value]
    assert data.dropped_duplicates["value"].to_list() == [dropped]
    assert data.observations.height == 2


def test_quoted_newlines_keep_line_numbers(tmp_path: Path) -> None:
    text = HEADER + '1.1.1,,,,2020,1,,"two\nlines"\n\n1.1.1,,,,2021,bad,,\n'
    assert only(read_csv(tmp_path, text).errors, "invalid_value").line == 5


def test_many_bad_rows_are_summarised(tmp_path: Path) -> None:
    text = HEADER + "".join(f"1.1.1,,,,{2000 + i},bad,,\n" for i in range(30))
    errors = read_csv(tmp_path, text).errors
    assert len(errors) == 21 and "10 more rows" in errors[-1].message


def test_fifty_megabyte_file(tmp_path: Path) -> None:
    rows = 1_000_000
    i = pl.int_range(0, rows, eager=True)
    frame = pl.DataFrame(
        {
            "indicator": pl.Series(["11.6.2", "1.1.1", "3.2.1", "4.1.1"] * (rows // 4)),
            "series": "PM2.5 annual mean, series " + (i // 100).cast(pl.String),
            "Sex": pl.Series(["Female", "Male", "", "Other"] * (rows // 4)),
            "period": (1900 + i % 100).cast(pl.String),
            "value": i / 7,
        }
    )
    path = tmp_path / "big.csv"
    frame.write_csv(path)
    assert path.stat().st_size > 50_000_000
    start = time.perf_counter()
    data = get_format("csv").read(path)
    elapsed = time.perf_counter() - start
    assert data.ok, data.errors[:3]
    assert data.observations.height == rows
    assert elapsed < 60


def test_opensdg_yaml_errors_name_file_and_line(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "meta").mkdir()
    (tmp_path / "data" / "indicator_1-1-1.csv").write_text("Year,Value\n2020,1\n")
    (tmp_path / "meta" / "1-1-1.yml").write_text("a: 1\nb: [unclosed\nc: 3\n")
    (tmp_path / "meta" / "1-2-1.md").write_text("---\nindicator_name: x\nbad: : :\n---\nBody\n")
    (tmp_path / "meta" / "1-3-1.md").write_text("---\nindicator_name: x\n")
    data = get_format("opensdg").read(tmp_path)
    by_file = {p.file: p for p in data.errors}
    assert by_file["meta/1-1-1.yml"].code == "yaml" and by_file["meta/1-1-1.yml"].line == 3
    assert "malformed YAML" in by_file["meta/1-1-1.yml"].message
    assert by_file["meta/1-2-1.md"].line == 3
    assert "not closed" in by_file["meta/1-3-1.md"].message
    assert data.observations.height == 1


def test_opensdg_missing_columns_and_unknown_code(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "indicator_1-1-1.csv").write_text("Year,Amount\n2020,1\n")
    (tmp_path / "data" / "indicator_18-9-1.csv").write_text("Year,Value\n2020,1\n")
    (tmp_path / "data" / "indicator_1-2-1.csv").write_text("")
    data = get_format("opensdg").read(tmp_path)
    by_file = {p.file: p for p in data.errors}
    assert by_file["data/indicator_1-1-1.csv"].column == "Value"
    assert "goal must be a number" in by_file["data/indicator_18-9-1.csv"].message
    assert by_file["data/indicator_1-2-1.csv"].code == "empty"


def test_excel_formula_cells_are_errors(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    with xlsxwriter.Workbook(str(path)) as book:
        sheet = book.add_worksheet("1-1-1")
        sheet.write_row(0, 0, ["Year", "Value"])
        sheet.write_row(1, 0, [2020, 1])
        sheet.write_number(2, 0, 2021)
        sheet.write_formula(2, 1, "=B2*2", None, 2)
        book.add_worksheet("Notes").write_string(0, 0, "read me")
    data = get_format("xlsx").read(path)
    error = only(data.errors, "formula")
    assert error.file == "book.xlsx [1-1-1]" and error.column == "B3" and error.line == 3
    assert "sheet '1-1-1', cell B3 holds a formula" in error.message
    assert only(data.problems, "sheet_ignored").level == "warning"
    assert data.observations["period"].to_list()[0] == "2020"


def test_excel_missing_column_names_the_sheet(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    with xlsxwriter.Workbook(str(path)) as book:
        book.add_worksheet("data").write_row(0, 0, ["indicator", "year"])
    error = only(get_format("xlsx").read(path).errors, "missing_column")
    assert error.message.startswith("sheet 'data': required column 'value' is missing")


def test_not_an_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_text("not a zip")
    assert only(get_format("xlsx").read(path).errors, "xlsx").file == "book.xlsx"


def test_sdmx_reads_indicator_or_sdg_series(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    path.write_text(
        "DATAFLOW,SERIES,REF_AREA,SEX,TIME_PERIOD,OBS_VALUE,UNIT_MEASURE,OBS_STATUS,COMMENT_OBS\n"
        "UN:DF,11.6.2,JP13,_T,2020,12,UG_M3,E,ok\nUN:DF,11.6.2,JP13,F,2020,11,UG_M3,,\n"
    )
    data = get_format("sdmx").read(path)
    assert data.ok
    rows = data.observations.select("indicator", "series", "unit", "dimensions", "flags").rows()
    assert rows[0] == ("11-6-2", "", "UG_M3", "REF_AREA=JP13", "E")
    assert rows[1][3] == "REF_AREA=JP13|SEX=F"
    path.write_text("SERIES,TIME_PERIOD,OBS_VALUE\nSI_POV_DAY1,2020,1\n")
    error = only(get_format("sdmx").read(path).errors, "missing_column")
    assert error.column == "INDICATOR"


def test_unknown_format_lists_names() -> None:
    with pytest.raises(KeyError, match="known formats: csv, opensdg, sdmx, xlsx"):
        get_format("parquet")
