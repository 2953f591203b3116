"""Value parsing (markers, repairs) and the canonical disaggregation key."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given
from hypothesis import strategies as st

from localsdg.core.formats.dimensions import (
    dimension_column,
    dimension_names,
    dimensions_expr,
    dimensions_key,
    parse_dimensions,
)
from localsdg.core.formats.values import format_values, parse_values


@pytest.mark.parametrize(
    ("raw", "value", "text", "issue"),
    [
        ("12.5", 12.5, "", ""),
        ("-3", -3.0, "", ""),
        ("1e3", 1000.0, "", ""),
        ("1,234", 1234.0, "1,234", "normalised"),
        ("1,234,567.25", 1234567.25, "1,234,567.25", "normalised"),
        ("１２３", 123.0, "１２３", "normalised"),
        ("－５．５", -5.5, "－５．５", "normalised"),
        ("n/a", None, "n/a", "missing"),
        ("NA", None, "NA", "missing"),
        ("-", None, "-", "missing"),
        ("—", None, "—", "missing"),
        ("…", None, "…", "missing"),
        ("X", None, "X", "missing"),
        ("", None, "", "empty"),
        ("12,34", None, "12,34", "invalid"),
        ("inf", None, "inf", "invalid"),
        ("abc", None, "abc", "invalid"),
    ],
)
def test_parse_values(raw: str, value: float | None, text: str, issue: str) -> None:
    assert parse_values(pl.Series([raw])).row(0) == (value, text, issue)


def test_format_values_round_trips() -> None:
    numbers = [1234.0, 0.1, 1e300, 1 / 3, -2.0, 5e-324, None]
    frame = pl.DataFrame({"v": numbers, "t": ["", "", "", "", "", "", "n/a"]})
    text = frame.select(format_values(pl.col("v"), pl.col("t"))).to_series()
    assert text.to_list()[:2] == ["1234", "0.1"]
    back = parse_values(text)
    assert back["value"].to_list() == numbers
    assert back["value_text"].to_list()[-1] == "n/a"


def test_dimensions_key_is_canonical() -> None:
    assert dimensions_key({"Sex": "F", "Age": "15-24", "Area": ""}) == "Age=15-24|Sex=F"
    assert dimensions_key({}) == ""
    assert dimensions_key({"a=b": "x|y\\z"}) == "a\\=b=x\\|y\\\\z"


NAMES = st.text(
    st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=6
)
VALUES = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=6)


@given(st.dictionaries(NAMES, VALUES, max_size=4))
def test_dimensions_round_trip(mapping: dict[str, str]) -> None:
    key = dimensions_key(mapping)
    expected = {k: v for k, v in mapping.items() if v != ""}
    assert parse_dimensions(key) == expected
    frame = pl.DataFrame({f"c{i}": [v] for i, v in enumerate(mapping.values())})
    names = list(mapping)
    built = frame.select(dimensions_expr(list(frame.columns), names)).item() if names else ""
    stripped = {k: v.strip() for k, v in mapping.items()}
    assert built == dimensions_key(stripped)
    keys = pl.DataFrame({"k": [key]})
    assert dimension_names(keys["k"]) == sorted(expected)
    for name, value in expected.items():
        assert keys.select(dimension_column(pl.col("k"), name)).item() == value


def test_parse_dimensions_rejects_malformed_key() -> None:
    with pytest.raises(ValueError, match="no '='"):
        parse_dimensions("Sex")
