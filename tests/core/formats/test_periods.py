"""Period parsing: every accepted spelling, its normalised years, marks, and the errors."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localsdg.core.formats.model import DataSet
from localsdg.core.formats.pipeline import comparable
from localsdg.core.formats.registry import get_format
from localsdg.core.periods import (
    MAX_PERIOD_CHARS,
    PERIOD_KINDS,
    Period,
    PeriodError,
    looks_like_sentence,
    mark_flags,
    mark_footnote,
    parse_period,
    parse_periods,
)

GOLDEN = Path(__file__).resolve().parents[3].parent / "shared" / "golden" / "opensdg-repos"

CASES = [
    ("2021", 2021, 2021, "year"),
    (" 2021 ", 2021, 2021, "year"),
    ("２０２１", 2021, 2021, "year"),
    ("2021.0", 2021, 2021, "year"),
    ("2005/2005", 2005, 2005, "year"),
    ("2017-18", 2017, 2018, "split_year"),
    ("2017/18", 2017, 2018, "split_year"),
    ("2018/2019", 2018, 2019, "split_year"),
    ("2015-2016", 2015, 2016, "split_year"),
    ("1999-00", 1999, 2000, "split_year"),
    ("2019 to 2020", 2019, 2020, "split_year"),
    ("2004-2013", 2004, 2013, "range"),
    ("2000 - 02", 2000, 2002, "range"),
    ("1970/1980", 1970, 1980, "range"),
    ("1985-87", 1985, 1987, "range"),
    ("2002 to 2006", 2002, 2006, "range"),
    ("2018 to 2020", 2018, 2020, "range"),
    ("2002/03-2007/08", 2002, 2008, "range"),
    ("2007/08 to 2008/09", 2007, 2009, "range"),
    ("1999/00-2004/05", 1999, 2005, "range"),
    ("2021-06-10", 2021, 2021, "date"),
    ("17 May 2023", 2023, 2023, "date"),
    ("1 Sept. 2023", 2023, 2023, "date"),
    ("2021-06", 2021, 2021, "month"),
    ("1993 01", 1993, 1993, "month"),
    ("June 2023", 2023, 2023, "month"),
    ("2021-Q1", 2021, 2021, "quarter"),
    ("2021Q4", 2021, 2021, "quarter"),
    ("2013 Q1", 2013, 2013, "quarter"),
    ("1996/I", 1996, 1996, "quarter"),
    ("1996/II", 1996, 1996, "quarter"),
    ("1996/III", 1996, 1996, "quarter"),
    ("1996/IV", 1996, 1996, "quarter"),
    ("2014/1", 2014, 2014, "quarter"),
    ("2014/4", 2014, 2014, "quarter"),
    ("26/02/2020-12/10/2020", 2020, 2020, "date_range"),
    ("2020-02-26/2020-10-12", 2020, 2020, "date_range"),
    ("17 May to 11 June 2023", 2023, 2023, "date_range"),
    ("17 May 2022 to 11 June 2023", 2022, 2023, "date_range"),
    ("17 Jun 2022 to 11 Jan 2023", 2022, 2023, "date_range"),
    ("17 December to 11 January 2023", 2022, 2023, "date_range"),
    ("17 to 21 May 2023", 2023, 2023, "date_range"),
    ("FY2021", 2021, 2021, "fiscal_year"),
    ("2021年度", 2021, 2021, "fiscal_year"),
    ("令和3年度", 2021, 2021, "fiscal_year"),
    ("令和元年度", 2019, 2019, "fiscal_year"),
    ("平成30年度", 2018, 2018, "fiscal_year"),
    ("平成元年度", 1989, 1989, "fiscal_year"),
    ("令和３年度", 2021, 2021, "fiscal_year"),
]

# (text, start, end, kind, mark): the mark is returned as written and never changes the years.
MARKED = [
    ("2019*", 2019, 2019, "year", "*"),
    ("2020 P/", 2020, 2020, "year", "P/"),
    ("2017 E/", 2017, 2017, "year", "E/"),
    ("2020 R/", 2020, 2020, "year", "R/"),
    ("2022 p)", 2022, 2022, "year", "p)"),
    ("1974a", 1974, 1974, "year", "a"),
    ("1974b", 1974, 1974, "year", "b"),
    ("2019/20 [Note 5]", 2019, 2020, "split_year", "[Note 5]"),
    ("2001-2005 (baseline)", 2001, 2005, "range", "(baseline)"),
]

NOT_PERIODS = [
    "abc", "", "2021-13", "2021-02-30", "20211", "20222", "2021/06", "Q1", "1970/19801",
    "1970/198010", "2014/5", "1996/V", "1993 13", "31/02/2020-12/10/2020",
    "02/26/2020-10/12/2020", "2020-10-12/2020-02-26", "21 to 17 May 2023", "17 Maybe 2023",
    "There is no data for this indicator yet", *[str(n) for n in range(1, 13)],
]  # fmt: skip


@pytest.mark.parametrize(("text", "start", "end", "kind"), CASES)
def test_parse_period(text: str, start: int, end: int, kind: str) -> None:
    period = parse_period(text)
    assert (period.start_year, period.end_year, period.kind, period.mark) == (start, end, kind, "")
    assert period.kind in PERIOD_KINDS
    assert period.text == text.strip()


@pytest.mark.parametrize(("text", "start", "end", "kind", "mark"), MARKED)
def test_marked_period_keeps_its_text(
    text: str, start: int, end: int, kind: str, mark: str
) -> None:
    assert parse_period(text) == Period(text, start, end, kind, mark)


@pytest.mark.parametrize("text", NOT_PERIODS)
def test_not_a_period_quotes_the_text(text: str) -> None:
    with pytest.raises(PeriodError) as error:
        parse_period(text)
    assert repr(text) in str(error.value)


def test_a_period_fits_the_database_column() -> None:
    longest = "2019 [" + "x" * (MAX_PERIOD_CHARS - 7) + "]"
    assert len(longest) == MAX_PERIOD_CHARS
    assert parse_period(longest).start_year == 2019
    with pytest.raises(PeriodError, match=f"longer than {MAX_PERIOD_CHARS} characters"):
        parse_period(longest[:-1] + "x]")


def test_vectorised_matches_scalar() -> None:
    texts = [case[0] for case in CASES] + ["nonsense", None]
    frame = parse_periods(pl.Series(texts, dtype=pl.String))
    assert frame.columns == ["start_year", "end_year", "period_kind", "period_mark"]
    for (start, end, kind, mark), case in zip(frame.rows()[: len(CASES)], CASES, strict=True):
        assert (start, end, kind, mark) == (*case[1:], "")
    assert frame.row(len(CASES)) == (None, None, None, "")
    assert frame.row(len(CASES) + 1) == (None, None, None, "")


SENTENCES = [
    "There is no data for this indicator yet",
    "There is not data for this indicator yet",
    "This is a non-statistical indicator.",
    "This indicator has embedded content but no data",
]


def test_looks_like_sentence() -> None:
    texts = [*SENTENCES, "17 May to 11 June 2023", "2007/08 to 2008/09", "no data", "令和3年度", ""]
    flags = pl.select(looks_like_sentence(pl.lit(pl.Series(texts)))).to_series().to_list()
    assert flags == [True] * len(SENTENCES) + [False] * 5
    assert pl.select(looks_like_sentence(pl.lit(None, dtype=pl.String))).item() is False


def test_marks_join_flags_and_footnotes() -> None:
    frame = pl.DataFrame(
        {
            "flags": ["", "E", "E,P", "P", "", "E"],
            "footnote": ["", "old", "[Note 5]", "", "x", ""],
            "mark": ["*", "P/", "[Note 5]", "p)", "(baseline)", ""],
        }
    )
    out = frame.select(
        mark_flags(pl.col("flags"), pl.col("mark")),
        mark_footnote(pl.col("footnote"), pl.col("mark")),
    )
    assert out.rows() == [
        ("*", ""), ("E,P", "old"), ("E,P", "[Note 5]"), ("P,p", ""), ("", "x; (baseline)"),
        ("E", ""),
    ]  # fmt: skip


# --- the pipeline: real tidy CSV files through the csv reader -------------------------------

HEADER = "indicator,series,unit,Sex,period,value,flags,footnote\n"


def read_csv(path: Path, text: str) -> DataSet:
    path.write_text(text, encoding="utf-8")
    return get_format("csv").read(path)


def test_marks_become_flags_and_footnotes(tmp_path: Path) -> None:
    rows = [
        "1.1.1,,,,2019,1,,", "1.1.1,,,,2019*,2,,", "1.1.1,,,,2020 P/,3,E,",
        "1.1.1,,,,2020 R/,4,R,", "1.1.1,,,,2019/20 [Note 5],5,,see notes",
        "1.1.1,,,,2001-2005 (baseline),6,,", "1.1.1,,,,1974a,7,P,",
    ]  # fmt: skip
    data = read_csv(tmp_path / "data.csv", HEADER + "\n".join(rows) + "\n")
    assert data.ok, data.problems
    got = data.observations.sort("line").select(
        "period", "start_year", "end_year", "flags", "footnote"
    )
    assert got.rows() == [
        ("2019", 2019, 2019, "", ""),
        ("2019*", 2019, 2019, "*", ""),
        ("2020 P/", 2020, 2020, "E,P", ""),
        ("2020 R/", 2020, 2020, "R", ""),
        ("2019/20 [Note 5]", 2019, 2020, "", "see notes; [Note 5]"),
        ("2001-2005 (baseline)", 2001, 2005, "", "(baseline)"),
        ("1974a", 1974, 1974, "P,a", ""),
    ]
    assert "period_mark" not in data.observations.columns


def test_marked_periods_survive_export_and_import(tmp_path: Path) -> None:
    rows = ["1.1.1,,,,2019*,2,,", "1.1.1,,,,2019/20 [Note 5],5,E,x", "1.1.1,,,,1974a,7,,"]
    first = read_csv(tmp_path / "data.csv", HEADER + "\n".join(rows) + "\n")
    written = get_format("csv").write(first, tmp_path / "out")
    again = get_format("csv").read(written[0])
    assert again.ok, again.problems
    assert comparable(again.observations).equals(comparable(first.observations))


def test_bad_periods_name_file_line_and_column(tmp_path: Path) -> None:
    long = "2019 " + "y" * MAX_PERIOD_CHARS
    rows = [f"1.1.1,,,,{text},1,," for text in ["1970/19801", "20222", "2021-13", "7", long]]
    data = read_csv(tmp_path / "periods.csv", HEADER + "\n".join(rows) + "\n")
    errors = [p for p in data.errors if p.code == "invalid_period"]
    assert [(p.file, p.line, p.column) for p in errors] == [
        ("periods.csv", n, "period") for n in range(2, 7)
    ]
    assert "'1970/19801' is not a period (expected e.g. 2021" in errors[0].message
    assert f"is longer than {MAX_PERIOD_CHARS} characters" in errors[-1].message
    assert long not in errors[-1].message  # quoted only as far as a period may go
    assert data.observations.is_empty()


def test_a_file_writing_ranges_as_yyyy_nn_reads_all_of_them_as_ranges(tmp_path: Path) -> None:
    rows = [
        "3.1.1,,,,2009-11,1,,", "3.1.1,,,,2010-12,2,,", "3.1.1,,,,2011-13,3,,",
        "3.2.1,,,,2015-12,4,,", "3.2.1,,,,2015/16,5,,", "3.2.1,,,,2016-01,6,,",
    ]  # fmt: skip
    data = read_csv(tmp_path / "data.csv", HEADER + "\n".join(rows) + "\n")
    got = data.observations.sort("line").select("period", "start_year", "end_year", "period_kind")
    assert got.rows() == [
        ("2009-11", 2009, 2011, "range"),
        ("2010-12", 2010, 2012, "range"),
        ("2011-13", 2011, 2013, "range"),
        ("2015-12", 2015, 2015, "month"),  # another indicator: its months stay months
        ("2015/16", 2015, 2016, "split_year"),
        ("2016-01", 2016, 2016, "month"),
    ]
    ranges = [p.line for p in data.problems if p.code == "period_range"]
    assert ranges == [2, 3, 4]


# --- properties ------------------------------------------------------------------------------

YEARS = st.integers(1000, 2998)
MONTH_NAMES = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip
ROMAN = ["I", "II", "III", "IV"]
TO = st.sampled_from(["-", " - ", "–", " to ", " TO "])
Case = tuple[str, int, int, str]


def month_name(draw: st.DrawFn, month: int) -> str:
    name = MONTH_NAMES[month - 1]
    short = "Sept" if month == 9 and draw(st.booleans()) else name[:3]
    return draw(st.sampled_from([name, short, name.lower(), short.upper()]))


@st.composite
def years(draw: st.DrawFn) -> Case:
    y = draw(YEARS)
    text = draw(st.sampled_from([f"{y}", f"{y}年", f"{y}.0", f"{y}/{y}", f" {y} "]))
    return text, y, y, "year"


@st.composite
def split_years(draw: st.DrawFn) -> Case:
    y = draw(YEARS)
    end = draw(st.sampled_from([f"{(y + 1) % 100:02d}", f"{y + 1}"]))
    return f"{y}{draw(st.sampled_from(['-', '/', ' / ', ' to ']))}{end}", y, y + 1, "split_year"


@st.composite
def ranges(draw: st.DrawFn) -> Case:
    y = draw(YEARS)
    if draw(st.booleans()):  # two split years
        e = draw(st.integers(y + 1, y + 40))
        half = draw(st.sampled_from(["/", "-"]))
        first, last = f"{y}{half}{(y + 1) % 100:02d}", f"{e}{half}{(e + 1) % 100:02d}"
        return f"{first}{draw(TO)}{last}", y, e + 1, "range"
    e = draw(st.integers(y + 2, y + 60))
    sep = draw(st.sampled_from(["/", " - ", " to ", "–"]))
    short = e // 100 == y // 100 and draw(st.booleans())
    return f"{y}{sep}{e % 100:02d}" if short else f"{y}{sep}{e}", y, e, "range"


@st.composite
def quarters(draw: st.DrawFn) -> Case:
    y, q = draw(YEARS), draw(st.integers(1, 4))
    forms = [f"{y}-Q{q}", f"{y}Q{q}", f"{y} Q{q}", f"{y} q{q}", f"{y}/{ROMAN[q - 1]}", f"{y}/{q}"]
    return draw(st.sampled_from(forms)), y, y, "quarter"


@st.composite
def months(draw: st.DrawFn) -> Case:
    y, m = draw(YEARS), draw(st.integers(1, 12))
    forms = [f"{y} {m:02d}", f"{month_name(draw, m)} {y}"]
    if m != (y + 1) % 100:  # 2011-12 is the split year 2011/12, not December 2011
        forms.append(f"{y}-{m:02d}")
    return draw(st.sampled_from(forms)), y, y, "month"


DATES = st.dates(dt.date(1000, 1, 1), dt.date(2998, 12, 31))


@st.composite
def dates(draw: st.DrawFn) -> Case:
    d = draw(DATES)
    text = draw(st.sampled_from([d.isoformat(), f"{d.day} {month_name(draw, d.month)} {d.year}"]))
    return text, d.year, d.year, "date"


def written(draw: st.DrawFn, d: dt.date) -> str:
    return f"{d.day} {month_name(draw, d.month)}"


@st.composite
def date_ranges(draw: st.DrawFn) -> Case:
    a, b = sorted(draw(st.lists(DATES, min_size=2, max_size=2)))
    dmy = f"{a.day:02d}/{a.month:02d}/{a.year}-{b.day:02d}/{b.month:02d}/{b.year}"
    forms = [dmy, f"{a.isoformat()}/{b.isoformat()}", f"{written(draw, a)} {a.year}{draw(TO)}"
             f"{written(draw, b)} {b.year}"]  # fmt: skip
    if a.year == b.year or (a.year + 1 == b.year and a.month > b.month):
        forms.append(f"{written(draw, a)}{draw(TO)}{written(draw, b)} {b.year}")
    if (a.year, a.month) == (b.year, b.month):
        forms.append(f"{a.day}{draw(TO)}{written(draw, b)} {b.year}")
    return draw(st.sampled_from(forms)), a.year, b.year, "date_range"


@st.composite
def fiscal_years(draw: st.DrawFn) -> Case:
    y = draw(YEARS)
    era, base, last = draw(
        st.sampled_from([("令和", 2018, 20), ("平成", 1988, 31), ("昭和", 1925, 64)])
    )
    n = draw(st.integers(1, last))
    era_text = f"{era}{'元' if n == 1 and draw(st.booleans()) else n}年度"
    forms = [(f"FY{y}", y), (f"FY {y}", y), (f"fy{y}", y), (f"{y}年度", y), (era_text, base + n)]
    text, year = draw(st.sampled_from(forms))
    return text, year, year, "fiscal_year"


GENERATORS = {
    "year": years(), "split_year": split_years(), "range": ranges(), "quarter": quarters(),
    "month": months(), "date": dates(), "date_range": date_ranges(), "fiscal_year": fiscal_years(),
}  # fmt: skip
VALID = st.one_of(*GENERATORS.values())
MARKS = st.sampled_from(["*", "**", " P/", " E/", " R/", " p)", "a", "b", " [Note 5]", " (p)",
                         " (baseline)", " [r]"])  # fmt: skip


def test_every_kind_has_a_generator() -> None:
    assert set(GENERATORS) == set(PERIOD_KINDS)


@settings(deadline=None)
@given(VALID)
def test_generated_periods_parse_to_their_years(case: Case) -> None:
    text, start, end, kind = case
    period = parse_period(text)
    assert (period.start_year, period.end_year, period.kind) == (start, end, kind)
    assert period.start_year <= period.end_year


@settings(deadline=None)
@given(VALID.filter(lambda case: case[0].strip()[-1].isdigit()), MARKS)
def test_marks_never_change_the_years(case: Case, mark: str) -> None:
    text, start, end, kind = case
    marked = text.strip() + mark
    if len(marked) > MAX_PERIOD_CHARS:
        with pytest.raises(PeriodError):
            parse_period(marked)
        return
    assert parse_period(marked) == Period(marked, start, end, kind, mark.strip())


def as_row(text: str | None) -> tuple[int | None, int | None, str | None, str]:
    try:
        period = parse_period(text if text is not None else "")
    except PeriodError:
        return None, None, None, ""
    return period.start_year, period.end_year, period.kind, period.mark


TEXTS = st.one_of(
    VALID.map(lambda case: case[0]),
    st.tuples(VALID, MARKS).map(lambda pair: pair[0][0].strip() + pair[1]),
    st.text(max_size=12),
    st.from_regex(r"\d{1,6}[-/ ]?\d{0,4}", fullmatch=True),
    st.none(),
)


@settings(deadline=None)
@given(st.lists(TEXTS, max_size=30))
def test_vectorised_is_row_aligned_and_equals_scalar(texts: list[str | None]) -> None:
    frame = parse_periods(pl.Series(texts, dtype=pl.String))
    assert frame.height == len(texts)
    assert frame.rows() == [as_row(text) for text in texts]


# --- every Year written in the golden Open SDG repositories ---------------------------------

# Texts in the golden repositories that are not periods, and why.
UNREADABLE = {
    "20222",  # a mistyped year
    *(f"1970/1980{n}" for n in range(1, 11)),  # a row number typed into the second year
    *(str(n) for n in range(1, 13)),  # a month number without its year (a season column beside)
}


def golden_years() -> Iterator[tuple[str, str]]:
    """(Year text, file) for every data row of every data/*.csv, read with the csv module."""
    if not GOLDEN.is_dir():
        pytest.skip(f"golden data not found at {GOLDEN} (the shared/golden folder is absent)")
    for path in sorted(GOLDEN.glob("*/data/*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as handle:
            rows = [row for row in csv.reader(handle) if any(cell.strip() for cell in row)]
        if not rows or "Year" not in rows[0]:
            continue
        column = rows[0].index("Year")
        for row in rows[1:]:
            if len(row) > column:
                yield row[column], str(path.relative_to(GOLDEN))


def test_every_golden_year_is_a_period_or_known_not_to_be() -> None:
    found: dict[str, str] = {}
    for text, file in golden_years():
        found.setdefault(text, file)
    texts = sorted(found)
    assert len(texts) > 100, "expected the golden repositories to hold many distinct Year texts"
    parsed = parse_periods(pl.Series(texts)).with_columns(
        text=pl.Series(texts), sentence=looks_like_sentence(pl.lit(pl.Series(texts)))
    )
    failed = parsed.filter(pl.col("period_kind").is_null() & ~pl.col("sentence"))
    unexpected = [(t, found[t]) for t in failed["text"] if t not in UNREADABLE]
    assert unexpected == []
    assert parsed.filter(pl.col("sentence") & pl.col("period_kind").is_not_null()).is_empty()
    for text, start, end in (
        parsed.drop_nulls("period_kind").select("text", "start_year", "end_year").rows()
    ):
        assert start <= end, text
        assert str(start) in text and str(end)[-2:] in text, text
