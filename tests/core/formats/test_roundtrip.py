"""Property: any DataSet survives write -> read unchanged, for every registered format."""

from __future__ import annotations

import tempfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localsdg.core.formats.dimensions import dimensions_key
from localsdg.core.formats.model import (
    OBSERVATION_KEY,
    OBSERVATION_SCHEMA,
    DataSet,
    IndicatorMeta,
    ReportingStatus,
)
from localsdg.core.formats.pipeline import comparable
from localsdg.core.formats.registry import FORMATS
from localsdg.core.formats.values import MISSING_MARKERS
from localsdg.core.periods import parse_periods

CODES = ["1-1-1", "11-6-2", "1-2-12", "11-1-1-c", "1-a-1", "17-19-2"]
PERIODS = [
    "2021", "2017-18", "2017/18", "2018/2019", "2004-2013", "2021-06-10", "2021-06", "2021-Q1",
    "FY2021", "2021年度", "令和3年度", "平成30年度",
]  # fmt: skip
# Names that read back as a fixed column in some format are excluded (see data-formats.md).
DIMENSION_NAMES = ["Sex", "年齢", "a,b", 'q"t', "k=v", "p|q", "GeoCode", "Unit", "REF_AREA", "SEX"]
ALPHABET = st.sampled_from(list("abcXYZ019 ,;\"'=|\\\n\t#-.é日本語\u3000") + ["０"])
TEXT = st.text(ALPHABET, max_size=8).map(str.strip)
DIM_VALUE = TEXT.filter(lambda t: t != "_T")
STATUSES: list[ReportingStatus | None] = [None, "reported", "in_progress", "exploring"]


@st.composite
def observations(draw: st.DrawFn) -> pl.DataFrame:
    rows = []
    for _ in range(draw(st.integers(1, 12))):
        names = draw(st.lists(st.sampled_from(DIMENSION_NAMES), max_size=3, unique=True))
        dims = dimensions_key({n: draw(DIM_VALUE) for n in names})
        missing = draw(st.booleans())
        value = None if missing else draw(st.floats(allow_nan=False, allow_infinity=False))
        marker = draw(st.sampled_from(MISSING_MARKERS)) if missing else ""
        rows.append(
            {
                "indicator": draw(st.sampled_from(CODES)),
                "series": draw(TEXT),
                "unit": draw(TEXT),
                "dimensions": dims,
                "period": draw(st.sampled_from(PERIODS)),
                "value": value,
                "value_text": marker,
                "flags": draw(st.sampled_from(["", "E", "P", "E,P"])),
                "footnote": draw(TEXT),
            }
        )
    frame = pl.DataFrame(rows).unique(OBSERVATION_KEY, keep="first", maintain_order=True)
    frame = frame.hstack(parse_periods(frame["period"]))
    extra = {"source": pl.lit(""), "line": pl.lit(0, dtype=pl.Int64)}
    return frame.with_columns(**extra).select(
        pl.col(c).cast(t) for c, t in OBSERVATION_SCHEMA.items()
    )


@st.composite
def datasets(draw: st.DrawFn) -> DataSet:
    obs = draw(observations())
    indicators = {}
    for code in obs["indicator"].unique().to_list():
        names = {"en": draw(TEXT.filter(bool)), "ja": draw(TEXT.filter(bool))}
        status = draw(st.sampled_from(STATUSES))
        indicators[code] = IndicatorMeta(code, names, draw(TEXT), reporting_status=status)
    return DataSet(obs, indicators)


@pytest.mark.parametrize("name", sorted(FORMATS))
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=datasets())
def test_write_read_round_trip(name: str, data: DataSet) -> None:
    fmt = FORMATS[name]
    with tempfile.TemporaryDirectory() as folder:
        written = fmt.write(data, Path(folder))
        again = fmt.read(Path(folder) if name == "opensdg" else written[0])
    assert again.errors == []
    assert comparable(again.observations).equals(comparable(data.observations))
    if name == "opensdg":  # the only format that carries indicator metadata
        for code, meta in data.indicators.items():
            back = again.indicators[code]
            assert (back.names, back.unit, back.reporting_status) == (
                meta.names, meta.unit, meta.reporting_status,
            )  # fmt: skip
