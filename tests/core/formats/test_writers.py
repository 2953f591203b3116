"""Writers make bytes: one file for the one-file formats, a folder built on the same bytes, and
workbooks that are the same bytes for the same data whenever they are built."""

from __future__ import annotations

import io
import time
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from localsdg.core.formats.model import DataSet
from localsdg.core.formats.registry import FORMATS, get_format

CSV = (
    "indicator,series,unit,sex,period,value,flags,footnote\n"
    "11-6-2,PM2.5,µg/m3,,2020,10.5,,\n"
    "11-6-2,PM2.5,µg/m3,female,2021,9,E,estimated\n"
    "1-2-1,,%,,2019,15.4,,\n"
)
SINGLE = sorted(name for name, fmt in FORMATS.items() if fmt.single)


@pytest.fixture
def data(tmp_path: Path) -> DataSet:
    path = tmp_path / "in.csv"
    path.write_text(CSV, encoding="utf-8")
    read = get_format("csv").read(path)
    assert read.ok, read.problems
    return read


def test_the_one_file_formats_are_csv_xlsx_and_sdmx() -> None:
    assert SINGLE == ["csv", "sdmx", "xlsx"]
    assert not FORMATS["opensdg"].single


@pytest.mark.parametrize("name", SINGLE)
def test_the_folder_holds_the_bytes_and_they_read_back(
    name: str, data: DataSet, tmp_path: Path
) -> None:
    fmt = get_format(name)
    body = fmt.to_bytes(data)
    (written,) = fmt.write(data, tmp_path / "out")
    assert written.read_bytes() == body
    again = fmt.read(written)
    assert again.ok, again.problems
    assert again.observations.height == data.observations.height


def test_a_repository_is_written_file_by_file_and_is_not_one_file(
    data: DataSet, tmp_path: Path
) -> None:
    fmt = get_format("opensdg")
    with pytest.raises(ValueError, match="opensdg format writes a folder"):
        fmt.to_bytes(data)
    files = dict(fmt.files(data, None))
    written = fmt.write(data, tmp_path / "repo")
    assert {p.relative_to(tmp_path / "repo").as_posix(): p.read_bytes() for p in written} == files
    assert "data/indicator_11-6-2.csv" in files
    assert fmt.read(tmp_path / "repo").observations.height == data.observations.height


def test_the_csv_file_is_utf8_text_with_a_header(data: DataSet) -> None:
    text = get_format("csv").to_bytes(data).decode("utf-8")
    assert text.splitlines()[0] == "indicator,series,unit,sex,period,value,flags,footnote"
    assert "11-6-2,PM2.5,µg/m3,female,2021,9,E,estimated" in text.splitlines()


def test_a_workbook_built_a_second_later_is_the_same_bytes(data: DataSet) -> None:
    """Without a date, as with one: the build's own time is nowhere in the file."""
    xlsx = get_format("xlsx")
    created = datetime(2024, 3, 31, 12, 30, 5, tzinfo=UTC)
    first, first_dated = xlsx.to_bytes(data), xlsx.to_bytes(data, created=created)
    time.sleep(1.1)  # the workbook's clock counts whole seconds
    assert xlsx.to_bytes(data) == first
    assert xlsx.to_bytes(data, created=created) == first_dated
    assert first != first_dated


def test_a_workbook_records_the_date_it_is_given_in_utc(data: DataSet) -> None:
    tokyo = timezone(timedelta(hours=9))
    body = get_format("xlsx").to_bytes(data, created=datetime(2024, 4, 1, 9, 0, tzinfo=tokyo))
    with zipfile.ZipFile(io.BytesIO(body)) as archive:
        core = archive.read("docProps/core.xml").decode()
        dates = {info.date_time for info in archive.infolist()}
    assert "<dcterms:created" in core and ">2024-04-01T00:00:00Z<" in core
    assert dates == {(1980, 1, 1, 0, 0, 0)}  # the members' dates are fixed too
    undated = get_format("xlsx").to_bytes(data)
    with zipfile.ZipFile(io.BytesIO(undated)) as archive:
        assert ">1980-01-01T00:00:00Z<" in archive.read("docProps/core.xml").decode()
