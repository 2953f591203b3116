"""Tidy CSV: one observation per row, UTF-8, the simplest exchange format."""

from __future__ import annotations

from pathlib import Path

from localsdg.core.formats.model import DataSet, OnDuplicate, Problem
from localsdg.core.formats.pipeline import concat_raw, finish
from localsdg.core.formats.textio import read_csv_frame
from localsdg.core.formats.tidy import (
    dimension_header,
    expanded,
    indicators_from,
    ordered_dimensions,
    tidy_raw,
)

__all__ = ["read_csv", "write_csv", "FILE_NAME"]

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


def write_csv(data: DataSet, outdir: Path) -> list[Path]:
    """Write all observations to ``observations.csv`` (columns documented in data-formats.md)."""
    obs = data.observations.sort(["indicator", "series", "unit", "dimensions", "start_year"])
    dims = ordered_dimensions(data, obs)
    out = obs.select(
        "indicator", "series", "unit", *expanded(obs, dims, dimension_header)[:-1], "period",
        expanded(obs, [])[-1], "flags", "footnote",
    )  # fmt: skip
    outdir.mkdir(parents=True, exist_ok=True)
    target = outdir / FILE_NAME
    out.write_csv(target)
    return [target]
