"""Reporting periods as people write them, normalised to a first and last year.

Indicator data arrives with periods such as ``2021``, ``2017-18``, ``2021-06-10``, ``FY2021``,
``令和3年度``, ``2013 Q1``, ``1996/IV`` or ``17 May to 11 June 2023``. The text is kept exactly as
written (it is what users recognise, and two spellings are two observations); the normalised
``start_year``/``end_year``/``kind`` are what charts and progress methods compare. A publisher's
mark after the period (``2019*``, ``2020 P/``, ``2019/20 [Note 5]``) never changes the years: it
is returned separately so that the pipeline can keep it as a flag or a footnote.

Every reader calls :func:`parse_periods`, which works on a whole polars column at once and
parses each distinct text once, so a million rows cost a handful of vectorised passes over a few
hundred texts rather than a Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import polars as pl

__all__ = [
    "PERIOD_KINDS",
    "PERIOD_EXAMPLES",
    "MAX_PERIOD_CHARS",
    "ERAS",
    "Period",
    "PeriodError",
    "looks_like_sentence",
    "mark_flags",
    "mark_footnote",
    "normalise_digits",
    "parse_period",
    "parse_periods",
    "ranges_in_context",
]

PERIOD_KINDS: Final = (
    "year",  # 2021, 2021年, 2021.0, 2005/2005
    "split_year",  # 2017-18, 2017/18, 2017/2018, 2017 to 2018: a financial or school year
    "range",  # 2004-2013, 1985-87, 2018 to 2020, 2002/03-2007/08: several years (warned)
    "fiscal_year",  # FY2021, 2021年度, 令和3年度: named by its first year
    "quarter",  # 2021-Q1, 2013 Q1, 1996/IV, 2014/4
    "month",  # 2021-06, 1993 01, June 2023
    "date",  # 2021-06-10, 17 May 2023
    "date_range",  # 26/02/2020-12/10/2020, 2020-02-26/2020-10-12, 17 May to 11 June 2023
)

PERIOD_EXAMPLES: Final = (
    "2021, 2017-18, 2004-2013, 2021-06-10, 2021-06, 2013 Q1, FY2021, 令和3年度, "
    "17 May to 11 June 2023"
)

# The database column holding the period text is this wide; a longer text is never a period.
MAX_PERIOD_CHARS: Final = 40

# Japanese eras: the year before the era's first year, so that era year 1 maps to it.
ERAS: Final = {"令和": 2018, "平成": 1988, "昭和": 1925}

_FULL_WIDTH: Final = {chr(0xFF10 + i): str(i) for i in range(10)} | {
    "－": "-",
    "−": "-",
    "／": "/",
    "．": ".",
    "，": ",",
    "＋": "+",
    "　": " ",
    "Ｑ": "Q",
    "ｑ": "q",
    "ＦＹ": "FY",
}

_MONTH_NAMES: Final = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)  # fmt: skip
# English month names, full and abbreviated (``Sept`` too), to their numbers.
_MONTHS: Final = {n: i for i, full in enumerate(_MONTH_NAMES, 1) for n in (full, full[:3])} | {
    "sept": 9
}

# What may follow a period as the publisher's mark: asterisks, one letter with an optional
# closing ``/`` or ``)`` (2020 P/, 2022 p), 1974a), or a note in brackets or parentheses.
_MARK: Final = r"\*{1,3}|[A-Za-z][/)]?|\[[^\[\]]+\]|\([^()]+\)"
_TO: Final = r"(?:\s*[-–]\s*|\s+(?i:to)\s+)"  # between the two ends of a span
_DAY_MONTH: Final = r"(\d{1,2})\s+([A-Za-z]{3,9})\.?"


class PeriodError(ValueError):
    """Text that is not a period; the message quotes the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        if len(text.strip()) > MAX_PERIOD_CHARS:
            reason = f"longer than {MAX_PERIOD_CHARS} characters"
        else:
            reason = f"expected e.g. {PERIOD_EXAMPLES}"
        super().__init__(f"{text!r} is not a period ({reason})")


@dataclass(frozen=True)
class Period:
    text: str
    start_year: int
    end_year: int
    kind: str
    mark: str = ""  # the publisher's mark after the period as written (``*``, ``P/``), or ""


def normalise_digits(text: pl.Expr) -> pl.Expr:
    """Fold full-width digits and signs (typed with a Japanese input method) to ASCII."""
    return text.str.replace_many(list(_FULL_WIDTH), list(_FULL_WIDTH.values()))


def looks_like_sentence(text: pl.Expr) -> pl.Expr:
    """True for prose such as ``There is no data for this indicator yet``.

    Open SDG placeholder files put such a sentence where a year belongs. A text is prose when
    it has at least three words of letters and no four-digit number (every written period
    with three words, like ``17 May to 11 June 2023``, names its year).
    """
    words = text.str.count_matches(r"\p{L}+")
    return ((words >= 3) & ~text.str.contains(r"\d{4}")).fill_null(False)


def _mark_flag(mark: pl.Expr) -> pl.Expr:
    """The status flag a mark stands for: ``*``, or its one letter (``P/`` -> ``P``); else ""."""
    core = mark.str.strip_chars("[]() ").str.strip_chars_end("/)")
    return pl.when(core.str.contains(r"^(?:\*{1,3}|[A-Za-z])$")).then(core).otherwise(pl.lit(""))


def _mark_note(mark: pl.Expr) -> pl.Expr:
    """The note a mark carries, as written (``[Note 5]``, ``(baseline)``); "" for a flag."""
    return pl.when((mark != "") & (_mark_flag(mark) == "")).then(mark).otherwise(pl.lit(""))


def mark_flags(flags: pl.Expr, mark: pl.Expr) -> pl.Expr:
    """``flags`` (comma-separated) with the status flag of a period mark added once.

    ``*``, ``P/``, ``E/``, ``R/``, ``p)``, ``(p)`` and a lone letter (``1974a``) are status
    marks; the letter is kept in the publisher's case, since what it means is theirs to say.
    """
    flag = _mark_flag(mark)
    present = flags.str.split(",").list.eval(pl.element().str.strip_chars()).list.contains(flag)
    return (
        pl.when((flag == "") | present).then(flags)
        .when(flags == "").then(flag)
        .otherwise(flags + pl.lit(",") + flag)
    )  # fmt: skip


def mark_footnote(footnote: pl.Expr, mark: pl.Expr) -> pl.Expr:
    """``footnote`` with the note of a period mark (``[Note 5]``) joined by "; ", once."""
    note = _mark_note(mark)
    present = footnote.str.contains(note, literal=True)
    return (
        pl.when((note == "") | present).then(footnote)
        .when(footnote == "").then(note)
        .otherwise(footnote + pl.lit("; ") + note)
    )  # fmt: skip


def _int(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.Int32, strict=False)


def _pair_end(start: pl.Expr, end_text: pl.Expr) -> pl.Expr:
    """Expand the second year of 2017-18 style text; two digits roll over the century."""
    end = _int(end_text)
    short = start - start % 100 + end
    # Only a split year may roll over the century (1999-00); 2021-13 is not a period.
    short = pl.when(short >= start).then(short).when(short + 100 == start + 1).then(short + 100)
    return pl.when(end_text.str.len_chars() == 2).then(short).otherwise(end)


def _date(year: pl.Expr, month: pl.Expr, day: pl.Expr) -> pl.Expr:
    """A date from its parts, null unless it exists (30 February is not a date)."""
    text = pl.concat_str(
        year.cast(pl.String), month.cast(pl.String), day.cast(pl.String), separator="-"
    )
    return text.str.to_date("%Y-%m-%d", strict=False)


def _month(name: pl.Expr) -> pl.Expr:
    """The number of an English month name, full or abbreviated (``June``, ``jun``, ``Sept``)."""
    return name.str.to_lowercase().replace_strict(_MONTHS, default=None, return_dtype=pl.Int32)


def _pairs(t: pl.Expr) -> dict[str, pl.Expr]:
    """Two years (2017-18, 2018 to 2020) and two split years (2002/03-2007/08)."""
    pair = t.str.extract_groups(rf"^(\d{{4}})(?:\s*/\s*|{_TO})(\d{{2}}|\d{{4}})$")
    start = _int(pair.struct.field("1"))
    end_text = pair.struct.field("2")
    half = r"(\d{4})\s*[-/]\s*(\d{2}|\d{4})"
    two = t.str.extract_groups(rf"^{half}{_TO}{half}$")
    s1, s2 = _int(two.struct.field("1")), _int(two.struct.field("3"))
    e1, e2 = _pair_end(s1, two.struct.field("2")), _pair_end(s2, two.struct.field("4"))
    halves = (e1 == s1 + 1) & (e2 == s2 + 1) & (s2 >= s1)
    return {
        "p_start": pl.when(halves).then(s1).otherwise(start),
        "p_end": pl.when(halves).then(e2).otherwise(_pair_end(start, end_text)),
        "p_month": t.str.contains(r"^\d{4}-\d{2}$") & _int(end_text).is_between(1, 12),
    }


def _written_dates(t: pl.Expr) -> dict[str, pl.Expr]:
    """English dates and spans: 17 May 2023, June 2023, 17 May (2022) to 11 June 2023."""
    one = t.str.extract_groups(rf"^{_DAY_MONTH},?\s+(\d{{4}})$").struct.field
    month = t.str.extract_groups(r"^([A-Za-z]{3,9})\.?,?\s+(\d{4})$").struct.field
    start, end = _written_span(t)
    return {
        "w_date": _date(_int(one("3")), _month(one("2")), _int(one("1"))),
        "w_month": pl.when(_month(month("1")).is_not_null()).then(_int(month("2"))),
        "w_start": pl.when(start <= end).then(start),
        "w_end": pl.when(start <= end).then(end),
    }


def _written_span(t: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """First and last date of 17 May to 11 June 2023; the first date may omit its month or year."""
    f = t.str.extract_groups(
        rf"^(\d{{1,2}})(?:\s+([A-Za-z]{{3,9}})\.?(?:\s+(\d{{4}}))?)?{_TO}{_DAY_MONTH}\s+(\d{{4}})$"
    ).struct.field
    end_month, end_year = _month(f("5")), _int(f("6"))
    start_month = _month(f("2")).fill_null(pl.when(f("2").is_null()).then(end_month))
    # 17 December to 11 January 2023 starts in the year before the one written.
    rolled = pl.when(start_month > end_month).then(end_year - 1).otherwise(end_year)
    start_year = _int(f("3")).fill_null(pl.when(f("3").is_null()).then(rolled))
    return _date(start_year, start_month, _int(f("1"))), _date(end_year, end_month, _int(f("4")))


def _numeric_dates(t: pl.Expr) -> dict[str, pl.Expr]:
    """ISO dates and the two numeric date spans (26/02/2020-12/10/2020, ISO date/date)."""
    iso = t.str.to_date("%Y-%m-%d", strict=False)
    iso_ok = t.str.contains(r"^\d{4}-\d{2}-\d{2}$") & iso.is_not_null()
    dmy = t.str.extract_groups(
        r"^(\d{1,2})/(\d{1,2})/(\d{4})\s*(?:[-–]|(?i:to))\s*(\d{1,2})/(\d{1,2})/(\d{4})$"
    )
    f = dmy.struct.field
    dmy_start = _date(_int(f("3")), _int(f("2")), _int(f("1")))
    dmy_end = _date(_int(f("6")), _int(f("5")), _int(f("4")))
    span = t.str.extract_groups(r"^(\d{4}-\d{2}-\d{2})\s*(?:/|[-–]|(?i:to))\s*(\d{4}-\d{2}-\d{2})$")
    iso_start = span.struct.field("1").str.to_date("%Y-%m-%d", strict=False)
    iso_end = span.struct.field("2").str.to_date("%Y-%m-%d", strict=False)
    return {
        "date": pl.when(iso_ok).then(iso),
        "n_start": dmy_start.fill_null(iso_start),
        "n_end": pl.when(dmy_start.is_not_null()).then(dmy_end).otherwise(iso_end),
    }


def _parts(t: pl.Expr) -> dict[str, pl.Expr]:
    """Stage one: every pattern is matched once, into its own column."""
    era = t.str.extract_groups(r"^(令和|平成|昭和)\s*(元|\d{1,2})\s*年(度?)$")
    era_base = era.struct.field("1").replace_strict(ERAS, default=None, return_dtype=pl.Int32)
    year_month = t.str.extract_groups(r"^(\d{4})\s+(\d{2})$")
    return {
        **_pairs(t),
        **_written_dates(t),
        **_numeric_dates(t),
        "year": _int(t.str.extract(r"^(\d{4})(?:年|\.0+)?$")),
        "fiscal": _int(t.str.extract(r"^(?i:FY)\s*(\d{4})$")).fill_null(
            _int(t.str.extract(r"^(\d{4})\s*年度$"))
        ),
        "era_year": era_base + _int(era.struct.field("2").str.replace("元", "1")),
        "era_fiscal": era.struct.field("3") == "度",
        "quarter": _int(
            t.str.extract(r"^(\d{4})(?:\s*-?\s*(?i:Q)[1-4]|\s*/\s*(?:[1-4]|I{1,3}|IV))$")
        ),
        "ym": pl.when(_int(year_month.struct.field("2")).is_between(1, 12)).then(
            _int(year_month.struct.field("1"))
        ),
    }


def _rules() -> list[tuple[pl.Expr, pl.Expr, pl.Expr, str]]:
    """Stage two: (matches, start, end, kind) in priority order; the first match wins."""
    c = pl.col
    split = c("p_end") == c("p_start") + 1
    month = c("p_month").fill_null(False) & ~split.fill_null(False)
    era = c("era_year").is_not_null()
    w_years = (c("w_start").dt.year(), c("w_end").dt.year())
    n_years = (c("n_start").dt.year(), c("n_end").dt.year())
    return [
        (c("year").is_not_null(), c("year"), c("year"), "year"),
        (c("fiscal").is_not_null(), c("fiscal"), c("fiscal"), "fiscal_year"),
        (era & c("era_fiscal"), c("era_year"), c("era_year"), "fiscal_year"),
        (era & ~c("era_fiscal"), c("era_year"), c("era_year"), "year"),
        (c("quarter").is_not_null(), c("quarter"), c("quarter"), "quarter"),
        (c("date").is_not_null(), c("date").dt.year(), c("date").dt.year(), "date"),
        (c("w_date").is_not_null(), c("w_date").dt.year(), c("w_date").dt.year(), "date"),
        (month, c("p_start"), c("p_start"), "month"),
        (c("ym").is_not_null(), c("ym"), c("ym"), "month"),
        (c("w_month").is_not_null(), c("w_month"), c("w_month"), "month"),
        (c("n_start") <= c("n_end"), *n_years, "date_range"),
        (c("w_start").is_not_null(), *w_years, "date_range"),
        (c("p_end") == c("p_start"), c("p_start"), c("p_start"), "year"),
        (split, c("p_start"), c("p_end"), "split_year"),
        (c("p_end") > c("p_start") + 1, c("p_start"), c("p_end"), "range"),
    ]


def _split_mark(raw: pl.Expr) -> tuple[pl.Expr, pl.Expr]:
    """(the period without its mark, the mark or "") for texts such as ``2020 P/``."""
    marked = raw.str.extract_groups(rf"^(.*?\d)\s*({_MARK})$")
    base = marked.struct.field("1")
    return base.fill_null(raw), marked.struct.field("2").fill_null("")


def _parse_texts(texts: pl.DataFrame) -> pl.DataFrame:
    """Parse a frame of distinct texts (column ``t``) into years, kinds and marks."""
    raw = pl.col("t").str.strip_chars()
    base, mark = _split_mark(normalise_digits(raw))
    staged = texts.with_columns(_base=base, _mark=mark).with_columns(**_parts(pl.col("_base")))
    start: pl.Expr = pl.lit(None, dtype=pl.Int32)
    end: pl.Expr = pl.lit(None, dtype=pl.Int32)
    kind: pl.Expr = pl.lit(None, dtype=pl.String)
    for matches, first, last, name in reversed(_rules()):
        hit = matches.fill_null(False)
        start = pl.when(hit).then(first).otherwise(start)
        end = pl.when(hit).then(last).otherwise(end)
        kind = pl.when(hit).then(pl.lit(name)).otherwise(kind)
    fits = raw.str.len_chars() <= MAX_PERIOD_CHARS
    kind = pl.when(fits).then(kind)
    return staged.select(
        "t",
        start_year=pl.when(fits).then(start).cast(pl.Int32),
        end_year=pl.when(fits).then(end).cast(pl.Int32),
        period_kind=kind.cast(pl.String),
        period_mark=pl.when(kind.is_not_null()).then(pl.col("_mark")).otherwise(pl.lit("")),
    )


def parse_periods(periods: pl.Series) -> pl.DataFrame:
    """Parse a column of period texts; unparseable rows get null years and a null kind.

    Returns a frame with ``start_year`` (Int32), ``end_year`` (Int32), ``period_kind`` (String)
    and ``period_mark`` (String: the publisher's mark after the period, e.g. ``*``, ``P/`` or
    ``[Note 5]``, "" when there is none), row-aligned with the input. Surrounding spaces and
    full-width digits are accepted; a text longer than MAX_PERIOD_CHARS is never a period.
    Each distinct text is parsed once: a million rows usually hold a few hundred periods.
    """
    frame = pl.DataFrame({"t": periods.cast(pl.String).fill_null("")})
    parsed = _parse_texts(frame.unique("t"))
    joined = frame.join(parsed, on="t", how="left", maintain_order="left")
    return joined.select("start_year", "end_year", "period_kind", "period_mark")


def ranges_in_context(frame: pl.DataFrame, by: list[str]) -> pl.DataFrame:
    """Re-read ``YYYY-NN`` months as year ranges in groups that write ranges that way.

    ``2010-12`` alone is December 2010, but in a series of three-year averages beside
    ``2011-13`` it is 2010 to 2012. When a group (``by``, e.g. one file's indicator) has a
    ``YYYY-NN`` range, its ``YYYY-NN`` months become ranges too. ``frame`` has the columns
    ``period``, ``start_year``, ``end_year`` and ``period_kind`` of :func:`parse_periods`.
    """
    kind = pl.col("period_kind")
    if (
        frame.is_empty()
        or not frame.select((kind == "month").any() & (kind == "range").any()).item()
    ):
        return frame
    text = normalise_digits(pl.col("period").str.strip_chars())
    pair = text.str.contains(r"^\d{4}-\d{2}$")
    start = pl.col("start_year")
    end = start - start % 100 + _int(text.str.slice(5, 2))
    grouped = (pair & (kind == "range")).any().over(by)
    reread = grouped & pair & (kind == "month") & (end > start + 1)
    return frame.with_columns(
        end_year=pl.when(reread).then(end).otherwise(pl.col("end_year")).cast(pl.Int32),
        period_kind=pl.when(reread).then(pl.lit("range")).otherwise(kind),
    )


def parse_period(text: str) -> Period:
    """Parse one period; raises :class:`PeriodError` quoting the text when it is not one."""
    row = parse_periods(pl.Series([text], dtype=pl.String)).row(0)
    if row[2] is None:
        raise PeriodError(text)
    return Period(text.strip(), int(row[0]), int(row[1]), str(row[2]), str(row[3]))
