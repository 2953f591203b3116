"""The one list of file formats: the import and export commands and the web UI all use it.

A format's writer makes files as bytes (path inside the output, content), so the downloads,
the indicator pages and the static export serve a file without a scratch folder; writing a
folder, as the export command does, is built on the same bytes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from localsdg.core.formats import csv_format, sdmx, xlsx_format
from localsdg.core.formats.csv_format import csv_file, read_csv
from localsdg.core.formats.model import DataSet, OnDuplicate
from localsdg.core.formats.opensdg import opensdg_files, read_opensdg
from localsdg.core.formats.sdmx import read_sdmx, sdmx_file
from localsdg.core.formats.xlsx_format import read_xlsx, xlsx_file

__all__ = ["FORMATS", "Files", "Format", "UnknownFormat", "Writer", "get_format"]

# (path inside the output, content) for each file a writer makes, one at a time.
Files = Iterator[tuple[str, bytes]]
# What a format's writer is: the files for a data set and the creation date to record.
Writer = Callable[[DataSet, datetime | None], Files]


@dataclass(frozen=True)
class Format:
    """A named reader and writer pair.

    ``files`` makes the written files from a data set and a creation date, which the formats
    that record one use (Excel); without it they record a fixed date, so the same data always
    gives the same bytes. ``single`` is true for the formats that write exactly one file.
    """

    name: str
    description: str
    reader: Callable[..., DataSet]
    files: Writer
    single: bool = True

    def read(self, path: Path, *, on_duplicate: OnDuplicate = "error") -> DataSet:
        """Read a file or folder; problems are returned in the DataSet, never raised."""
        return self.reader(Path(path), on_duplicate=on_duplicate)

    def to_bytes(self, data: DataSet, *, created: datetime | None = None) -> bytes:
        """The one file this format writes for ``data``, as bytes."""
        if not self.single:
            raise ValueError(f"the {self.name} format writes a folder of files, not one file")
        ((_name, body),) = self.files(data, created)
        return body

    def write(self, data: DataSet, outdir: Path, *, created: datetime | None = None) -> list[Path]:
        """Write the data set under ``outdir`` (created if missing); returns the files written."""
        outdir = Path(outdir)
        outdir.mkdir(parents=True, exist_ok=True)
        written = []
        for name, body in self.files(data, created):
            target = outdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(body)
            written.append(target)
        return written


def one_file(name: str, make: Callable[[DataSet], bytes]) -> Writer:
    """The ``files`` of a format that writes one file and records no date."""

    def files(data: DataSet, _created: datetime | None) -> Files:
        yield name, make(data)

    return files


def workbook_files(data: DataSet, created: datetime | None) -> Files:
    yield xlsx_format.FILE_NAME, xlsx_file(data, created)


def repository_files(data: DataSet, _created: datetime | None) -> Files:
    return opensdg_files(data)


class UnknownFormat(KeyError):
    """A format name that is not registered; the message lists the known names."""

    def __str__(self) -> str:
        return str(self.args[0])


_BUILT_IN = (
    Format(
        "csv",
        "Tidy CSV, one observation per row",
        read_csv,
        one_file(csv_format.FILE_NAME, csv_file),
    ),
    Format(
        "xlsx",
        "Excel workbook: one tidy sheet, or one sheet per indicator",
        read_xlsx,
        workbook_files,
    ),
    Format(
        "opensdg",
        "Open SDG data repository (data/, meta/, indicator-config/, csv-meta/, …)",
        read_opensdg,
        repository_files,
        single=False,
    ),
    Format(
        "sdmx",
        "SDMX-CSV with the SDG data structure's columns",
        read_sdmx,
        one_file(sdmx.FILE_NAME, sdmx_file),
    ),
)
FORMATS: dict[str, Format] = {f.name: f for f in _BUILT_IN}


def get_format(name: str) -> Format:
    """Look a format up by name; the error lists every known name."""
    try:
        return FORMATS[name.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UnknownFormat(f"unknown data format {name!r}; known formats: {known}") from None
