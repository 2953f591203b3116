"""Reporting periods as people write them, normalised to a first and last year.

Indicator data arrives with periods such as ``2021``, ``2017-18``, ``2021-06-10``, ``FY2021`` or
``令和3年度``. The text is kept exactly as written (it is what users recognise); the normalised
``start_year``/``end_year``/``kind`` are what charts and progress methods compare. Every reader
calls :func:`parse_periods`, which works on a whole polars column at once, so a million rows cost
a handful of vectorised passes rather than a Python loop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import polars as pl

__all__ = [
    "PERIOD_KINDS",
    "ERAS",
    "Period",
    "PeriodError",
    "normalise_digits",
    "parse_period",
    "parse_periods",
]

PERIOD_KINDS: Final = (
    "year",  # 2021, 2021年
    "split_year",  # 2017-18, 2017/18, 2017/2018: a financial or school year over two years
    "range",  # 2004-2013, 2000 - 02: several years together (read with a warning)
    "fiscal_year",  # FY2021, 2021年度, 令和3年度: named by its first year
    "quarter",  # 2021-Q1
    "month",  # 2021-06
    "date",  # 2021-06-10
)

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


class PeriodError(ValueError):
    """Text that is not a period; the message quotes the text."""

    def __init__(self, text: str) -> None:
        self.text = text
        super().__init__(f"{text!r} is not a period (expected e.g. {_EXAMPLES})")


_EXAMPLES: Final = "2021, 2017-18, 2004-2013, 2021-06-10, 2021-06, 2021-Q1, FY2021, 令和3年度"


@dataclass(frozen=True)
class Period:
    text: str
    start_year: int
    end_year: int
    kind: str


def normalise_digits(text: pl.Expr) -> pl.Expr:
    """Fold full-width digits and signs (typed with a Japanese input method) to ASCII."""
    return text.str.replace_many(list(_FULL_WIDTH), list(_FULL_WIDTH.values()))


def _int(expr: pl.Expr) -> pl.Expr:
    return expr.cast(pl.Int32, strict=False)


def _pair_end(start: pl.Expr, end_text: pl.Expr) -> pl.Expr:
    """Expand the second year of 2017-18 style text; two digits roll over the century."""
    end = _int(end_text)
    short = start - start % 100 + end
    # Only a split year may roll over the century (1999-00); 2021-13 is not a period.
    short = pl.when(short >= start).then(short).when(short + 100 == start + 1).then(short + 100)
    return pl.when(end_text.str.len_chars() == 2).then(short).otherwise(end)


def _parts(t: pl.Expr) -> dict[str, pl.Expr]:
    """Stage one: every pattern is matched once, into its own column."""
    pair = t.str.extract_groups(r"^(\d{4})\s*([-/–])\s*(\d{2}|\d{4})$")
    p_start = _int(pair.struct.field("1"))
    p_end_text = pair.struct.field("3")
    era = t.str.extract_groups(r"^(令和|平成|昭和)\s*(元|\d{1,2})\s*年(度?)$")
    era_base = era.struct.field("1").replace_strict(ERAS, default=None, return_dtype=pl.Int32)
    date_ok = (
        t.str.contains(r"^\d{4}-\d{2}-\d{2}$")
        & t.str.to_date("%Y-%m-%d", strict=False).is_not_null()
    )
    return {
        "p_start": p_start,
        "p_end": _pair_end(p_start, p_end_text),
        "p_month": t.str.contains(r"^\d{4}-\d{2}$") & _int(p_end_text).is_between(1, 12),
        "year": _int(t.str.extract(r"^(\d{4})年?$")),
        "fiscal": _int(t.str.extract(r"^(?i:FY)\s*(\d{4})$")).fill_null(
            _int(t.str.extract(r"^(\d{4})\s*年度$"))
        ),
        "era_year": era_base + _int(era.struct.field("2").str.replace("元", "1")),
        "era_fiscal": era.struct.field("3") == "度",
        "quarter": _int(t.str.extract(r"^(\d{4})\s*-?\s*(?i:Q)[1-4]$")),
        "date": pl.when(date_ok).then(_int(t.str.slice(0, 4))),
    }


def _rules() -> list[tuple[pl.Expr, pl.Expr, pl.Expr, str]]:
    """Stage two: (matches, start, end, kind) in priority order; the first match wins."""
    c = pl.col
    split = c("p_end") == c("p_start") + 1
    month = c("p_month").fill_null(False) & ~split.fill_null(False)
    era = c("era_year").is_not_null()
    return [
        (c("year").is_not_null(), c("year"), c("year"), "year"),
        (c("fiscal").is_not_null(), c("fiscal"), c("fiscal"), "fiscal_year"),
        (era & c("era_fiscal"), c("era_year"), c("era_year"), "fiscal_year"),
        (era & ~c("era_fiscal"), c("era_year"), c("era_year"), "year"),
        (c("quarter").is_not_null(), c("quarter"), c("quarter"), "quarter"),
        (c("date").is_not_null(), c("date"), c("date"), "date"),
        (month, c("p_start"), c("p_start"), "month"),
        (split, c("p_start"), c("p_end"), "split_year"),
        (c("p_end") > c("p_start") + 1, c("p_start"), c("p_end"), "range"),
    ]


def _parse_texts(texts: pl.DataFrame) -> pl.DataFrame:
    """Parse a frame of distinct texts (column ``t``) into years and kinds."""
    t = normalise_digits(pl.col("t").str.strip_chars())
    staged = texts.with_columns(**_parts(t))
    start: pl.Expr = pl.lit(None, dtype=pl.Int32)
    end: pl.Expr = pl.lit(None, dtype=pl.Int32)
    kind: pl.Expr = pl.lit(None, dtype=pl.String)
    for matches, first, last, name in reversed(_rules()):
        hit = matches.fill_null(False)
        start = pl.when(hit).then(first).otherwise(start)
        end = pl.when(hit).then(last).otherwise(end)
        kind = pl.when(hit).then(pl.lit(name)).otherwise(kind)
    return staged.select(
        "t",
        start_year=start.cast(pl.Int32),
        end_year=end.cast(pl.Int32),
        period_kind=kind.cast(pl.String),
    )


def parse_periods(periods: pl.Series) -> pl.DataFrame:
    """Parse a column of period texts; unparseable rows get null years and a null kind.

    Returns a frame with ``start_year`` (Int32), ``end_year`` (Int32) and ``period_kind``
    (String), row-aligned with the input. Surrounding spaces and full-width digits are accepted.
    Each distinct text is parsed once: a million rows usually hold a few hundred periods.
    """
    frame = pl.DataFrame({"t": periods.cast(pl.String).fill_null("")})
    parsed = _parse_texts(frame.unique("t"))
    joined = frame.join(parsed, on="t", how="left", maintain_order="left")
    return joined.select("start_year", "end_year", "period_kind")


def parse_period(text: str) -> Period:
    """Parse one period; raises :class:`PeriodError` quoting the text when it is not one."""
    row = parse_periods(pl.Series([text], dtype=pl.String)).row(0)
    if row[2] is None:
        raise PeriodError(text)
    return Period(text.strip(), int(row[0]), int(row[1]), str(row[2]))
