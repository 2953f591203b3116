"""Stored indicator data as a core ``DataSet``, for the writers (export, downloads), and the
one indicator CSV every surface serves."""

from __future__ import annotations

import polars as pl

from localsdg.core.codes import parse_code
from localsdg.core.formats.model import (
    OBSERVATION_SCHEMA,
    DataSet,
    IndicatorMeta,
    TargetSpec,
)
from localsdg.core.formats.registry import get_format
from localsdg.i18n import field_texts
from localsdg.indicators.models import Indicator, IndicatorLink, TargetValue
from localsdg.indicators.releases import stored_observations
from localsdg.orgs.models import Organisation


def indicator_meta(indicator: Indicator) -> IndicatorMeta:
    def texts(field: str) -> dict[str, str]:
        return {lang: value for lang, value in field_texts(indicator, field).items() if value}

    links = [(link_code(link), link.kind) for link in indicator.links.all()]
    targets = [
        TargetSpec(
            value=t.value,
            year=t.year,
            series=t.series.series,
            unit=t.series.unit,
            dimensions=t.series.dimensions,
            baseline_year=t.baseline_year,
            baseline_value=t.baseline_value,
        )
        for t in TargetValue.objects.filter(series__indicator=indicator).select_related("series")
    ]
    return IndicatorMeta(
        code=indicator.code,
        names=texts("name"),
        unit=indicator.unit_en,
        direction=indicator.direction,  # type: ignore[arg-type]
        limit=indicator.limit,
        decimals=indicator.decimals,
        reporting_status=indicator.reporting_status,  # type: ignore[arg-type]
        links=links,  # type: ignore[arg-type]
        source_organisation=texts("source_organisation"),
        source_url=indicator.source_url,
        department=texts("department"),
        dimensions=list(indicator.dimensions),
        metadata=dict(indicator.metadata),
        targets=targets,
    )


def dataset_for(
    org: Organisation, codes: list[str] | None = None, published_only: bool = False
) -> DataSet:
    indicators = Indicator.objects.for_org(org).prefetch_related("links")
    if published_only:
        indicators = indicators.published()
    if codes is not None:
        indicators = indicators.filter(code__in=codes)
    metas = {i.code: indicator_meta(i) for i in indicators}
    stored = stored_observations(org, list(metas))
    observations = stored.select(
        *[
            pl.col(name).cast(dtype) if name in stored.columns else pl.lit(None, dtype).alias(name)
            for name, dtype in OBSERVATION_SCHEMA.items()
        ]
    ).with_columns(pl.col("source").fill_null(""))
    return DataSet(
        observations=observations.sort(
            ["indicator", "series", "unit", "dimensions", "start_year", "period"]
        ),
        indicators=metas,
    )


def link_code(link: IndicatorLink) -> str:
    """The dashed code of what a link names: a global indicator, a target or a goal."""
    return parse_code(link.global_indicator_id or link.target_id or str(link.goal_id)).dashed


def indicator_csv(data: DataSet, *, headline_only: bool = False) -> bytes:
    """One indicator's data (``data`` holds only it) as the tidy CSV its page links to.

    The indicator page's links, the downloads' zip and catalogue, and the static export all
    serve these bytes. The headline data is the series without disaggregations.
    """
    if headline_only:
        observations = data.observations.filter(pl.col("dimensions") == "")
        data = DataSet(observations, data.indicators, dropped_duplicates=observations.clear())
    return get_format("csv").to_bytes(data)
