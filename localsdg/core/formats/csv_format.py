"""Tidy CSV: one observation per row, UTF-8, the simplest exchange format."""

from __future__ import annotations

from pathlib import Path

from localsdg.core.formats.model import DataSet, OnDuplicate, Problem
from localsdg.core.formats.pipeline import concat_raw, finish
from localsdg.core.formats.textio import read_csv_frame
from localsdg.core.formats.tidy import (
    csv_bytes,
    indicators_from,
    tidy_raw,
    tidy_table,
    written_order,
)

__all__ = ["read_csv", "csv_file", "FILE_NAME"]

FILE_NAME = "observations.csv"


def _files(path: Path) -> list[Path]:
    return sorted(path.glob("*.csv")) if path.is_dir() else [path]


def read_csv(path: Path, *, on_duplicate: OnDuplicate = "error") -> DataSet:
    """Read one tidy CSV file, or every ``*.csv`` in a folder."""
    if not path.exists():
        return DataSet(problems=[Problem("error", "no such file or folder", str(path), code="io")])
    problems: list[Problem] = []
    frames, order = [], []
    for file in _files(path):
        name = file.name if path.is_dir() else path.name
        frame, more = read_csv_frame(file, name)
        problems += more
        if frame is None:
            continue
        raw, dims, more = tidy_raw(frame, name)
        problems += more
        if raw is not None:
            frames.append(raw)
            order += [d for d in dims if d not in order]
    observations, dropped, more = finish(concat_raw(frames), on_duplicate)
    indicators = indicators_from(observations, order)
    return DataSet(observations, indicators, problems + more, [], dropped)


def csv_file(data: DataSet) -> bytes:
    """All observations as one tidy CSV file (columns documented in data-formats.md)."""
    return csv_bytes(tidy_table(data, written_order(data)))
