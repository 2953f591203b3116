"""The editable data table of one indicator series.

Saving the table goes through the same pipeline as a file import (``core.formats.pipeline``) and
the same release path, so a web edit is validated like an import, never wipes other series, and
is one data release that can be rolled back. Empty rows are ignored, so no stray rows are stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl
from django.http import QueryDict

from localsdg.core.formats.model import OBSERVATION_SCHEMA, DataSet, IndicatorMeta, Problem
from localsdg.core.formats.pipeline import RAW_COLUMNS, finish
from localsdg.indicators import releases
from localsdg.indicators.models import Indicator, Series
from localsdg.indicators.pages import display_value, series_name
from localsdg.orgs.models import Organisation

BLANK_ROWS = 3
SOURCE = "data table"
FIELDS = ("period", "value", "flags", "footnote")


@dataclass
class Row:
    period: str = ""
    value: str = ""
    flags: str = ""
    footnote: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def is_blank(self) -> bool:
        return not any(getattr(self, name).strip() for name in FIELDS)


@dataclass
class DataTable:
    indicator: Indicator
    series: Series | None
    rows: list[Row]
    choices: list[tuple[int, str]]
    problems: list[Problem] = field(default_factory=list)

    @property
    def series_id(self) -> int | None:
        return self.series.pk if self.series else None

    @classmethod
    def for_indicator(cls, indicator: Indicator, series_id: str | None) -> DataTable:
        series = pick_series(indicator, series_id)
        rows = []
        if series is not None:
            for o in series.observations.order_by("start_year", "period"):
                value = display_value(o.value, o.value_text, None).replace(",", "")
                rows.append(
                    Row(
                        o.period,
                        "" if o.value is None and not o.value_text else value,
                        o.flags,
                        o.footnote,
                    )
                )
        rows += [Row() for _ in range(BLANK_ROWS)]
        return cls(indicator, series, rows, series_choices(indicator))

    @classmethod
    def from_post(cls, indicator: Indicator, post: QueryDict) -> DataTable:
        series = pick_series(indicator, post.get("series"))
        count = min(int(post.get("rows", "0") or 0), 10_000)
        rows = []
        for index in range(count):
            if post.get(f"delete-{index}"):
                continue
            period, value, flags, footnote = (post.get(f"{name}-{index}", "") for name in FIELDS)
            rows.append(Row(period, value, flags, footnote))
        kept = [row for row in rows if not row.is_blank]
        return cls(indicator, series, kept, series_choices(indicator))

    def preview(self, org: Organisation) -> releases.Preview:
        """The whole indicator as a data set: this series from the table, the rest as stored."""
        code = self.indicator.code
        key = (
            (self.series.series, self.series.unit, self.series.dimensions)
            if self.series
            else ("", "", "")
        )
        raw = pl.DataFrame(
            [
                (code, *key, row.period, row.value, row.flags, row.footnote, SOURCE, line)
                for line, row in enumerate(self.rows, start=1)
            ],
            schema={c: pl.Int64 if c == "line" else pl.String for c in RAW_COLUMNS},
            orient="row",
        )
        observations, _dropped, problems = finish(raw, "error")
        others = releases.stored_observations(org, [code])
        if self.series is not None:
            others = others.filter(pl.col("series_id") != self.series.pk)
        kept = others.select(
            *[
                pl.col(name).cast(dtype)
                if name in others.columns
                else pl.lit(None, dtype).alias(name)
                for name, dtype in OBSERVATION_SCHEMA.items()
            ]
        ).with_columns(pl.col("source").fill_null(""))
        data = DataSet(
            observations=pl.concat([kept, observations], how="vertical"),
            indicators={code: IndicatorMeta(code=code)},
            problems=problems,
        )
        self.problems = problems
        return releases.preview(org, data)

    def attach_problems(self, problems: list[Problem]) -> None:
        for problem in problems:
            if problem.line is not None and 1 <= problem.line <= len(self.rows):
                self.rows[problem.line - 1].errors.append(problem.message)
        self.rows += [Row() for _ in range(BLANK_ROWS)]

    def numbered(self) -> list[tuple[int, Row]]:
        return list(enumerate(self.rows))


def pick_series(indicator: Indicator, wanted: Any) -> Series | None:
    series = list(indicator.series.all())
    for s in series:
        if str(s.pk) == str(wanted):
            return s
    return next((s for s in series if s.is_headline), series[0] if series else None)


def series_choices(indicator: Indicator) -> list[tuple[int, str]]:
    return [
        (s.pk, series_name(s))
        for s in indicator.series.all().order_by("dimensions", "series", "unit")
    ]
