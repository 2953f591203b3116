"""Numbers and status names written into the methods' explanations.

Every method explains each status in one English and one Japanese sentence. The rules for turning
a number into short text and a status code into its words live here, so that a value reads the
same way in every method that uses the same rule.
"""

from __future__ import annotations

from collections.abc import Mapping

import polars as pl


def label(code: pl.Expr, names: Mapping[str, str]) -> pl.Expr:
    """The words for a status (or colour) code; "" for a code without words."""
    return code.replace_strict(names, default="", return_dtype=pl.String)


def round_display(x: pl.Expr) -> pl.Expr:
    """A value rounded for display: four significant digits, whole numbers from 1,000 on."""
    return pl.when(x.abs() >= 1000.0).then(x.round(0)).otherwise(x.round_sig_figs(4))


def strip_zero(text: pl.Expr) -> pl.Expr:
    """A number's text without a trailing ".0", so whole numbers read as whole numbers."""
    return text.str.strip_suffix(".0")


def minus_sign(text: pl.Expr) -> pl.Expr:
    """The hyphen of a negative number's text as a typographic minus sign (U+2212)."""
    return text.str.replace("-", "\u2212", literal=True)


def fmt(expr: pl.Expr, digits: int = 4) -> pl.Expr:
    """A number as short text for explanations (``12.3457``, ``2015``)."""
    rounded = expr.round(digits)
    # Whole numbers print without ".0"; beyond the integer range they stay floats (1e+20).
    whole = (rounded == rounded.floor()) & (rounded.abs() < 1e15)
    return (
        pl.when(whole)
        .then(rounded.cast(pl.Int64, strict=False).cast(pl.String))
        .otherwise(rounded.cast(pl.String))
    )
