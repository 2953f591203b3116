"""What every progress method takes and returns, and the registry of methods.

A method is pure and vectorised: it takes every series of every entity at once as polars frames
and returns one results frame. The platform, the `localsdg assess` file interface and the
benchmarks all call methods through ``get_method(name).assess(values, spec, options)``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal, Protocol

import polars as pl

Level = Literal["series", "indicator", "goal", "index"]

# Observations to assess: one row per entity, indicator, series and year.
VALUES_SCHEMA: dict[str, pl.DataType] = {
    "entity": pl.String(),  # an organisation, city or country id
    "indicator": pl.String(),  # indicator id, e.g. "11-6-2", "sdg5_familypl"
    "series": pl.String(),  # "" is the headline series
    "year": pl.Float64(),  # normalised year (the start year of a period such as 2017-18)
    "value": pl.Float64(),
}

# What is known about each series; columns a method does not need may be absent or null.
# A row with series "" applies to every series of the indicator that has no row of its own.
SPEC_SCHEMA: dict[str, pl.DataType] = {
    "indicator": pl.String(),
    "series": pl.String(),
    "goal": pl.Int32(),
    "direction": pl.Int8(),  # 1 higher is better, -1 lower is better
    "base_year": pl.Float64(),
    "target": pl.Float64(),
    "target_year": pl.Float64(),
    "limit": pl.Float64(),
    "best": pl.Float64(),
    "worst": pl.Float64(),
    "green": pl.Float64(),
    "yellow": pl.Float64(),  # SDSN city indices: the yellow/orange boundary when not the midpoint
    "red": pl.Float64(),
    "in_index": pl.Boolean(),  # False: dashboard only (a colour, no part in the scores)
}

# Columns every results frame has, whatever the method. Methods add their own outputs (e.g.
# progress_value, score, status for opensdg; normalized, colour for sdsn) and the inputs they
# used (base_year, base_value, current_year, current_value, target, target_year, direction,
# limit, ...).
RESULT_COLUMNS: dict[str, pl.DataType] = {
    "level": pl.String(),  # series, indicator, goal or index
    "method": pl.String(),
    "entity": pl.String(),
    "indicator": pl.String(),  # "" on goal and index rows
    "series": pl.String(),  # "" on indicator, goal and index rows
    "goal": pl.Int32(),  # null on the index row
    "status": pl.String(),  # the method's category (e.g. substantial_progress, green)
    "explanation_en": pl.String(),  # why, in one sentence
    "explanation_ja": pl.String(),
}


class MethodError(ValueError):
    """Input a method cannot assess (a missing column, an unknown option); the message says why."""


@dataclass(frozen=True)
class Options:
    """Method options an organisation sets; methods ignore what they do not use."""

    base_year: float | None = None  # default: the method's own rule
    target_year: float = 2030.0
    extra: Mapping[str, object] = field(default_factory=dict)
    # Entities assessed even when they have no value at all (every entity of the values is
    # assessed anyway): each series the spec lists gets a result row for each of them.
    entities: tuple[str, ...] = ()


class Method(Protocol):
    name: str
    version: str  # stored with results, so a changed method is visible in stored results
    title: str
    statuses: tuple[str, ...]  # every status the method can give, best first

    def assess(self, values: pl.DataFrame, spec: pl.DataFrame, options: Options) -> pl.DataFrame:
        """Results for every series (and indicator, goal, index where the method has them)."""
        ...


METHODS: dict[str, Method] = {}


def register(method: Method) -> Method:
    METHODS[method.name] = method
    return method


def with_spec_defaults(spec: pl.DataFrame) -> pl.DataFrame:
    """The spec with every SPEC_SCHEMA column present (absent ones null), in schema types."""
    return spec.select(
        pl.col(name).cast(dtype) if name in spec.columns else pl.lit(None, dtype).alias(name)
        for name, dtype in SPEC_SCHEMA.items()
    )
