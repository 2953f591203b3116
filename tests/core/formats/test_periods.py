"""Period parsing: every accepted spelling, its normalised years, and the errors."""

from __future__ import annotations

import polars as pl
import pytest

from localsdg.core.periods import PERIOD_KINDS, PeriodError, parse_period, parse_periods

CASES = [
    ("2021", 2021, 2021, "year"),
    (" 2021 ", 2021, 2021, "year"),
    ("２０２１", 2021, 2021, "year"),
    ("2017-18", 2017, 2018, "split_year"),
    ("2017/18", 2017, 2018, "split_year"),
    ("2018/2019", 2018, 2019, "split_year"),
    ("1999-00", 1999, 2000, "split_year"),
    ("2004-2013", 2004, 2013, "range"),
    ("2000 - 02", 2000, 2002, "range"),
    ("2021-06-10", 2021, 2021, "date"),
    ("2021-06", 2021, 2021, "month"),
    ("2021-Q1", 2021, 2021, "quarter"),
    ("2021Q4", 2021, 2021, "quarter"),
    ("FY2021", 2021, 2021, "fiscal_year"),
    ("2021年度", 2021, 2021, "fiscal_year"),
    ("令和3年度", 2021, 2021, "fiscal_year"),
    ("令和元年度", 2019, 2019, "fiscal_year"),
    ("平成30年度", 2018, 2018, "fiscal_year"),
    ("平成元年度", 1989, 1989, "fiscal_year"),
    ("令和３年度", 2021, 2021, "fiscal_year"),
]


@pytest.mark.parametrize(("text", "start", "end", "kind"), CASES)
def test_parse_period(text: str, start: int, end: int, kind: str) -> None:
    period = parse_period(text)
    assert (period.start_year, period.end_year, period.kind) == (start, end, kind)
    assert period.kind in PERIOD_KINDS


@pytest.mark.parametrize("text", ["abc", "", "2021-13", "2021-02-30", "20211", "2021/06", "Q1"])
def test_not_a_period_quotes_the_text(text: str) -> None:
    with pytest.raises(PeriodError) as error:
        parse_period(text)
    assert repr(text) in str(error.value)


def test_vectorised_matches_scalar() -> None:
    texts = [case[0] for case in CASES] + ["nonsense", None]
    frame = parse_periods(pl.Series(texts, dtype=pl.String))
    assert frame.columns == ["start_year", "end_year", "period_kind"]
    for (start, end, kind), case in zip(frame.rows()[: len(CASES)], CASES, strict=True):
        assert (start, end, kind) == case[1:]
    assert frame.row(len(CASES)) == (None, None, None)
    assert frame.row(len(CASES) + 1) == (None, None, None)
