"""Observation values as written: numbers, missing-value markers and spreadsheet habits.

Values are read as text and parsed here, column-wise, so that every format treats ``n/a``,
``1,234`` or full-width ``１２３`` the same way and says so in the same words.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from localsdg.core.periods import normalise_digits

__all__ = ["MISSING_MARKERS", "VALUE_ISSUES", "parse_values", "format_values"]

# Compared case-insensitively after trimming spaces. "" (an empty cell) is handled separately:
# a row with an empty value is not an observation.
MISSING_MARKERS: Final = ("n/a", "na", "-", "—", "–", "…", "...", "..", "x", ":", "nan")
VALUE_ISSUES: Final = ("", "empty", "missing", "normalised", "invalid")

_NUMBER: Final = r"^[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?$"
_GROUPED: Final = r"^[+-]?[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$"


def parse_values(raw: pl.Series) -> pl.DataFrame:
    """Parse a text column into ``value``, ``value_text`` and ``value_issue``.

    ``value_issue`` is "" for a plain number, "empty" for an empty cell, "missing" for a
    recognised marker (value null, marker kept in ``value_text``), "normalised" for a number
    that needed repair (thousands separators, full-width digits; original text kept) and
    "invalid" for anything else.
    """
    frame = pl.DataFrame({"t": raw.cast(pl.String).fill_null("")})
    t = pl.col("t").str.strip_chars()
    folded = normalise_digits(t)
    ungrouped = pl.when(folded.str.contains(_GROUPED)).then(folded.str.replace_all(",", ""))
    repaired = ungrouped.otherwise(folded)
    plain = t.str.contains(_NUMBER)
    fixable = repaired.str.contains(_NUMBER) & ~plain
    missing = t.str.to_lowercase().is_in(list(MISSING_MARKERS))
    issue = (
        pl.when(t == "")
        .then(pl.lit("empty"))
        .when(plain)
        .then(pl.lit(""))
        .when(missing)
        .then(pl.lit("missing"))
        .when(fixable)
        .then(pl.lit("normalised"))
        .otherwise(pl.lit("invalid"))
    )
    value = (
        pl.when(plain)
        .then(t.cast(pl.Float64, strict=False))
        .when(fixable)
        .then(repaired.cast(pl.Float64, strict=False))
    )
    text = pl.when(plain).then(pl.lit("")).otherwise(t)
    return frame.select(value=value, value_text=text, value_issue=issue)


def format_values(value: pl.Expr, value_text: pl.Expr) -> pl.Expr:
    """Text for writing a value: whole numbers without ``.0``, missing values as their marker.

    Float-to-text casting in polars gives the shortest text that reads back to the same float,
    which is what makes write -> read lossless.
    """
    whole = (value == value.round(0)) & (value.abs() < 1e15)
    as_int = value.cast(pl.Int64, strict=False).cast(pl.String)
    number = pl.when(whole).then(as_int).otherwise(value.cast(pl.String))
    return pl.when(value.is_null()).then(value_text).otherwise(number)
