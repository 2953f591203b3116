"""Run an organisation's chosen progress method over its stored data and keep the results.

The method itself is pure (``localsdg.core.progress``); this module only builds its input frames
from the database, and writes its output back as ``Result`` rows in one transaction.
"""

from __future__ import annotations

import math

import polars as pl
from django.db import connection, transaction

from localsdg.assessment.models import AssessmentSettings, ManualStatus, Result
from localsdg.core.progress import Options, get_method
from localsdg.indicators.models import Indicator, Observation, Series, TargetValue
from localsdg.indicators.pages import cached_code
from localsdg.orgs.models import Organisation


def settings_for(org: Organisation) -> AssessmentSettings:
    found = AssessmentSettings.objects.filter(organisation=org).first()
    return found or AssessmentSettings(organisation=org)


def headline_ids(org: Organisation) -> set[int]:
    """One headline per indicator: the total series without a series label."""
    rows = Series.objects.filter(indicator__organisation=org, dimensions="", series="")
    first: dict[int, int] = {}
    for indicator_id, series_id in rows.order_by("unit", "pk").values_list("indicator_id", "pk"):
        first.setdefault(indicator_id, series_id)
    return set(first.values())


def values_for(org: Organisation, headlines: set[int]) -> pl.DataFrame:
    o, s, i = Observation._meta.db_table, Series._meta.db_table, Indicator._meta.db_table
    sql = (
        f"SELECT i.code, o.series_id, o.start_year, o.value FROM {o} o "
        f"JOIN {s} s ON o.series_id = s.id JOIN {i} i ON s.indicator_id = i.id "
        f"WHERE i.organisation_id = %s AND o.value IS NOT NULL"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [org.pk])
        rows = cursor.fetchall()
    frame = pl.DataFrame(
        rows,
        schema={
            "indicator": pl.String,
            "series_id": pl.Int64,
            "year": pl.Float64,
            "value": pl.Float64,
        },
        orient="row",
    )
    # The method's series key: "" for an indicator's headline, else the series id.
    series = (
        pl.when(pl.col("series_id").is_in(list(headlines)))
        .then(pl.lit(""))
        .otherwise(pl.col("series_id").cast(pl.String))
    )
    return frame.with_columns(entity=pl.lit(org.slug), series=series).select(
        "entity", "indicator", "series", "year", "value"
    )


def spec_for(org: Organisation, headlines: set[int], settings: AssessmentSettings) -> pl.DataFrame:
    """One row per indicator (for its headline) plus one per other series with its own target."""
    targets: dict[int, TargetValue] = {}
    for target in TargetValue.objects.filter(series__indicator__organisation=org).order_by("-year"):
        targets[target.series_id] = target  # the earliest target year wins
    series_of: dict[int, list[int]] = {}
    for indicator_id, series_id in Series.objects.filter(indicator__organisation=org).values_list(
        "indicator_id", "pk"
    ):
        series_of.setdefault(indicator_id, []).append(series_id)
    rows = []
    indicators = Indicator.objects.filter(organisation=org, direction__isnull=False)
    for indicator in indicators.select_related("thresholds"):
        common = {
            "indicator": indicator.code,
            "goal": cached_code(indicator.code).goal,
            "direction": indicator.direction,
            "limit": indicator.limit,
            "base_year": float(settings.base_year) if settings.base_year else None,
        } | threshold_fields(indicator)
        own = series_of.get(indicator.pk, [])
        headline = next((sid for sid in own if sid in headlines), None)
        rows.append(common | {"series": ""} | target_fields(targets.get(headline or 0), settings))
        for series_id in own:
            if series_id != headline and series_id in targets:
                fields = target_fields(targets[series_id], settings)
                rows.append(common | {"series": str(series_id)} | fields)
    return pl.DataFrame(rows, infer_schema_length=None) if rows else pl.DataFrame()


def threshold_fields(indicator: Indicator) -> dict[str, object]:
    found = getattr(indicator, "thresholds", None)
    if found is None:
        return {}
    return {"best": found.best, "worst": found.worst, "green": found.green, "red": found.red,
            "in_index": found.in_index}  # fmt: skip


def target_fields(target: TargetValue | None, settings: AssessmentSettings) -> dict[str, object]:
    if target is None:
        return {"target": None, "target_year": float(settings.target_year)}
    return {"target": target.value, "target_year": float(target.year)}


def assess_org(org: Organisation) -> int:
    """Recompute and store every result of one organisation; returns the number of rows."""
    settings = settings_for(org)
    method = get_method(settings.method)
    headlines = headline_ids(org)
    values = values_for(org, headlines)
    spec = spec_for(org, headlines, settings)
    # Only indicators whose direction is known can be assessed; the others show "not assessed".
    values = (
        values.filter(pl.col("indicator").is_in(spec["indicator"].to_list()))
        if spec.height
        else values
    )
    options = Options(
        base_year=float(settings.base_year) if settings.base_year else None,
        target_year=float(settings.target_year),
        # Assessed even without a single observation: every indicator in the spec gets a result.
        entities=(org.slug,),
    )
    results = method.assess(values, spec, options) if spec.height else None
    indicators = {i.code: i for i in Indicator.objects.filter(organisation=org)}
    rows = result_rows(org, results, indicators, method.name, method.version)
    rows += headline_as_indicator(rows)
    rows += manual_rows(org, indicators, method.name, method.version, rows)
    with transaction.atomic():
        Result.objects.filter(organisation=org).delete()
        Result.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


DETAIL_SKIP = {"level", "method", "entity", "indicator", "series", "goal", "status",
               "explanation_en", "explanation_ja"}  # fmt: skip


def json_safe(value: object) -> object:
    """NaN and infinities are not JSON (PostgreSQL refuses them): store them as null."""
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def result_rows(
    org: Organisation,
    results: pl.DataFrame | None,
    indicators: dict[str, Indicator],
    method: str,
    version: str,
) -> list[Result]:
    if results is None:
        return []
    rows = []
    for record in results.iter_rows(named=True):
        indicator = indicators.get(record.get("indicator") or "")
        series = record.get("series") or ""
        details = {k: json_safe(v) for k, v in record.items() if k not in DETAIL_SKIP}
        score = details.get("score")
        rows.append(
            Result(
                organisation=org,
                level=record["level"],
                indicator=indicator,
                series_id=int(series) if series.isdigit() else None,
                goal=record.get("goal"),
                method=method,
                method_version=version,
                status=record.get("status") or "",
                score=score if isinstance(score, int | float) else None,
                explanation_en=record.get("explanation_en") or "",
                explanation_ja=record.get("explanation_ja") or "",
                details=details,
            )
        )
    return rows


def headline_as_indicator(rows: list[Result]) -> list[Result]:
    """For methods that only assess series, the headline series speaks for the indicator."""
    has_own = {r.indicator_id for r in rows if r.level == Result.Level.INDICATOR}
    extra = []
    for row in rows:
        if (
            row.level == Result.Level.SERIES
            and row.series_id is None
            and row.indicator_id not in has_own
        ):
            extra.append(
                Result(
                    organisation=row.organisation,
                    level=Result.Level.INDICATOR,
                    indicator=row.indicator,
                    goal=row.goal,
                    method=row.method,
                    method_version=row.method_version,
                    status=row.status,
                    score=row.score,
                    explanation_en=row.explanation_en,
                    explanation_ja=row.explanation_ja,
                    details={"from": "headline series"},
                )
            )
            has_own.add(row.indicator_id)
    return extra


def manual_rows(
    org: Organisation,
    indicators: dict[str, Indicator],
    method: str,
    version: str,
    computed: list[Result],
) -> list[Result]:
    """Manual statuses replace the computed indicator result; the reason is the explanation."""
    manual = {m.indicator_id: m for m in ManualStatus.objects.filter(indicator__organisation=org)}
    if not manual:
        return []
    computed[:] = [r for r in computed if not (r.level == "indicator" and r.indicator_id in manual)]
    by_id = {i.pk: i for i in indicators.values()}
    return [
        Result(
            organisation=org,
            level=Result.Level.INDICATOR,
            indicator=by_id[indicator_id],
            goal=cached_code(by_id[indicator_id].code).goal,
            method=method,
            method_version=version,
            status=status.status,
            is_manual=True,
            explanation_en=status.reason_en,
            explanation_ja=status.reason_ja,
        )
        for indicator_id, status in manual.items()
        if indicator_id in by_id
    ]
