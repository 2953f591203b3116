"""The one list of file formats: the import and export commands and the web UI all use it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from localsdg.core.formats.csv_format import read_csv, write_csv
from localsdg.core.formats.model import DataSet, OnDuplicate
from localsdg.core.formats.opensdg import read_opensdg, write_opensdg
from localsdg.core.formats.sdmx import read_sdmx, write_sdmx
from localsdg.core.formats.xlsx_format import read_xlsx, write_xlsx

__all__ = ["FORMATS", "Format", "UnknownFormat", "get_format"]


@dataclass(frozen=True)
class Format:
    """A named reader/writer pair."""

    name: str
    description: str
    reader: Callable[..., DataSet]
    writer: Callable[[DataSet, Path], list[Path]]

    def read(self, path: Path, *, on_duplicate: OnDuplicate = "error") -> DataSet:
        """Read a file or folder; problems are returned in the DataSet, never raised."""
        return self.reader(Path(path), on_duplicate=on_duplicate)

    def write(self, data: DataSet, outdir: Path) -> list[Path]:
        """Write the data set under ``outdir``; returns the files written."""
        return self.writer(data, Path(outdir))


class UnknownFormat(KeyError):
    """A format name that is not registered; the message lists the known names."""

    def __str__(self) -> str:
        return str(self.args[0])


_BUILT_IN = (
    Format("csv", "Tidy CSV, one observation per row", read_csv, write_csv),
    Format(
        "xlsx",
        "Excel workbook: one tidy sheet, or one sheet per indicator",
        read_xlsx,
        write_xlsx,
    ),
    Format(
        "opensdg",
        "Open SDG data repository (data/, meta/, indicator-config/, csv-meta/, …)",
        read_opensdg,
        write_opensdg,
    ),
    Format("sdmx", "SDMX-CSV with the SDG data structure's columns", read_sdmx, write_sdmx),
)
FORMATS: dict[str, Format] = {f.name: f for f in _BUILT_IN}


def get_format(name: str) -> Format:
    """Look a format up by name; the error lists every known name."""
    try:
        return FORMATS[name.strip().lower()]
    except KeyError:
        known = ", ".join(sorted(FORMATS))
        raise UnknownFormat(f"unknown data format {name!r}; known formats: {known}") from None
