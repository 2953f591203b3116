"""The disaggregation key: one canonical string per combination of dimension values.

Observations of ``Sex=Female, Age=15-24`` and ``Age=15-24, Sex=Female`` are the same series, so
the key sorts names; blank values mean "all" and are dropped, so the total is ``""``. Names and
values may contain anything (commas, ``=``, ``|``, newlines): backslash escapes ``\\``, ``=`` and
``|``, which keeps the key unambiguous and reversible.

    Sex=Female|Age=15-24  ->  "Age=15-24|Sex=Female"
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

__all__ = [
    "dimensions_key",
    "dimensions_expr",
    "parse_dimensions",
    "dimension_names",
    "dimension_column",
]

_ESCAPES = (("\\", "\\\\"), ("=", "\\="), ("|", "\\|"))


def _escape(text: str) -> str:
    for raw, escaped in _ESCAPES:
        text = text.replace(raw, escaped)
    return text


def _escape_expr(expr: pl.Expr) -> pl.Expr:
    for raw, escaped in _ESCAPES:
        expr = expr.str.replace_all(raw, escaped, literal=True)
    return expr


def dimensions_key(values: Mapping[str, str]) -> str:
    """The canonical key of one mapping of dimension name -> value (blank values dropped)."""
    parts = [f"{_escape(k)}={_escape(v)}" for k, v in sorted(values.items()) if v != ""]
    return "|".join(parts)


def dimensions_expr(columns: Sequence[str], names: Sequence[str] | None = None) -> pl.Expr:
    """Build the key from text columns of a frame, vectorised (nulls count as blank).

    ``names`` gives the dimension name of each column when it differs from the column name.
    """
    parts = []
    for name, column in sorted(zip(names or columns, columns, strict=True)):
        if not name:
            raise ValueError("a dimension name must not be empty")
        value = pl.col(column).cast(pl.String).fill_null("").str.strip_chars()
        prefix = pl.lit(_escape(name) + "=")
        parts.append(pl.when(value != "").then(prefix + _escape_expr(value)))
    if not parts:
        return pl.lit("")
    return pl.concat_str(parts, separator="|", ignore_nulls=True).fill_null("")


def parse_dimensions(key: str) -> dict[str, str]:
    """Turn a key back into its mapping; raises ValueError for a malformed key."""
    result: dict[str, str] = {}
    if key == "":
        return result
    parts: list[str] = []
    current: list[str] = []
    chars = iter(key)
    for char in chars:
        if char == "\\":
            current.append(char + next(chars, ""))
        elif char == "|":
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    for part in parts:
        name, value = _split_pair(part, key)
        result[name] = value
    return result


def _split_pair(part: str, key: str) -> tuple[str, str]:
    """Split ``name=value`` at the first unescaped ``=`` and unescape both sides."""
    i = 0
    while i < len(part):
        if part[i] == "\\":
            i += 2
            continue
        if part[i] == "=":
            return _unescape(part[:i]), _unescape(part[i + 1 :])
        i += 1
    raise ValueError(f"malformed dimensions key {key!r}: {part!r} has no '='")


def _unescape(text: str) -> str:
    out: list[str] = []
    chars = iter(text)
    for char in chars:
        out.append(next(chars, "") if char == "\\" else char)
    return "".join(out)


def dimension_names(keys: pl.Series) -> list[str]:
    """All dimension names used in a column of keys (parsed once per distinct key)."""
    names: set[str] = set()
    for key in keys.unique().to_list():
        names.update(parse_dimensions(key or ""))
    return sorted(names)


def dimension_column(keys: pl.Expr, name: str) -> pl.Expr:
    """One dimension's values as a text column ("" where absent), vectorised with a regex."""
    escaped = _escape(name)
    pattern = r"(?s)(?:^|\|)" + _regex_literal(escaped) + r"=((?:[^\\|]|\\.)*)"
    found = keys.str.extract(pattern, 1)
    return found.str.replace_all(r"(?s)\\(.)", "${1}").fill_null("")


def _regex_literal(text: str) -> str:
    return "".join("\\" + c if c in _REGEX_META else c for c in text)


_REGEX_META = frozenset("\\.+*?()|[]{}^$#&-~")
