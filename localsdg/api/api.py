"""The open JSON API, /api/v1/: published data only, read-only for now.

Each endpoint reads through the same published-only querysets as the portal.
"""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import HttpError

from localsdg.assessment.models import Result
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation

api = NinjaAPI(
    title="LocalSDG API",
    version="1",
    description="Published SDG data of the organisations on this site.",
    urls_namespace="api",
    docs_url=None,
)


class ErrorOut(Schema):
    code: str
    message: str


class OrganisationOut(Schema):
    slug: str
    name_en: str
    name_ja: str
    kind: str
    hub: str | None


class ResultOut(Schema):
    level: str
    indicator: str | None
    series_id: int | None
    goal: int | None
    method: str
    method_version: str
    status: str
    score: float | None
    is_manual: bool
    explanation_en: str
    explanation_ja: str
    details: dict[str, object]


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError):  # type: ignore[no-untyped-def]
    code = {404: "not_found", 400: "bad_request"}.get(exc.status_code, "error")
    return api.create_response(
        request, {"error": {"code": code, "message": str(exc)}}, status=exc.status_code
    )


def published_org(slug: str) -> Organisation:
    org = Organisation.objects.published().filter(slug=slug).first()
    if org is None:
        raise HttpError(404, _("There is no published organisation with this name."))
    return org


@api.get("/organisations", response=list[OrganisationOut], tags=["organisations"])
def organisations(request: HttpRequest) -> list[dict[str, object]]:
    """Published organisations, hubs first."""
    return [
        {
            "slug": org.slug,
            "name_en": org.name_en,
            "name_ja": org.name_ja,
            "kind": org.kind,
            "hub": org.hub.slug if org.hub else None,
        }
        for org in Organisation.objects.published().select_related("hub").order_by("hub_id", "slug")
    ]


@api.get(
    "/organisations/{slug}/assessment",
    response={200: list[ResultOut], 404: dict[str, ErrorOut]},
    tags=["assessment"],
)
def assessment(
    request: HttpRequest, slug: str, level: str | None = None
) -> list[dict[str, object]]:
    """Progress results of an organisation's published indicators (and its goals and index)."""
    org = published_org(slug)
    published = Indicator.objects.published().filter(organisation=org)
    results = Result.objects.filter(organisation=org).filter(
        indicator__in=published
    ) | Result.objects.filter(organisation=org, indicator__isnull=True)
    if level:
        results = results.filter(level=level)
    return [
        {
            "level": r.level,
            "indicator": r.indicator.code if r.indicator else None,
            "series_id": r.series_id,
            "goal": r.goal,
            "method": r.method,
            "method_version": r.method_version,
            "status": r.status,
            "score": r.score,
            "is_manual": r.is_manual,
            "explanation_en": r.explanation_en,
            "explanation_ja": r.explanation_ja,
            "details": r.details,
        }
        for r in results.select_related("indicator").order_by("level", "goal", "indicator__code")
    ]


class GoalOut(Schema):
    number: int
    colour: str
    title: dict[str, str]
    short_title: dict[str, str]
    targets: list[str]


class TargetOut(Schema):
    code: str
    goal: int
    title: dict[str, str]
    indicators: list[str]


class IndicatorOut(Schema):
    code: str
    name: dict[str, str]
    unit: dict[str, str]
    direction: int | None
    reporting_status: str
    links: list[dict[str, str]]
    source_url: str
    data_updated: str | None
    metadata: dict[str, object]
    series: list[dict[str, object]]


class ObservationPage(Schema):
    results: list[dict[str, object]]
    next_cursor: int | None


def texts(obj: object, field: str) -> dict[str, str]:
    return {lang: value for lang in ("en", "ja") if (value := getattr(obj, f"{field}_{lang}", ""))}


@api.get("/goals", response=list[GoalOut], tags=["framework"])
def goals(request: HttpRequest) -> list[dict[str, object]]:
    """The 17 goals with their texts per language and their targets."""
    from localsdg.framework.models import Goal

    return [
        {
            "number": g.number,
            "colour": g.colour,
            "title": g.title,
            "short_title": g.short_title,
            "targets": [t.code for t in g.targets.all()],
        }
        for g in Goal.objects.prefetch_related("targets")
    ]


@api.get("/targets/{code}", response={200: TargetOut, 404: dict[str, ErrorOut]}, tags=["framework"])
def target(request: HttpRequest, code: str) -> dict[str, object]:
    """One target (11.6 or 11-6) with its global indicators."""
    from localsdg.core.codes import InvalidCode, parse_code
    from localsdg.framework.models import Target

    try:
        dotted = parse_code(code).dotted
    except InvalidCode as exc:
        raise HttpError(404, str(exc)) from None
    found = Target.objects.filter(code=dotted).first()
    if found is None:
        raise HttpError(404, _("There is no target %(code)s.") % {"code": code})
    return {
        "code": found.code,
        "goal": found.goal_id,
        "title": found.title,
        "indicators": [i.code for i in found.indicators.all()],
    }


def indicator_out(indicator: Indicator) -> dict[str, object]:
    return {
        "code": indicator.code,
        "name": texts(indicator, "name"),
        "unit": texts(indicator, "unit"),
        "direction": indicator.direction,
        "reporting_status": indicator.reporting_status,
        "links": [
            {"code": link.global_indicator_id or link.target_id or "", "kind": link.kind}
            for link in indicator.links.all()
        ],
        "source_url": indicator.source_url,
        "data_updated": indicator.data_updated.isoformat() if indicator.data_updated else None,
        "metadata": indicator.metadata,
        "series": [
            {"id": s.pk, "series": s.series, "unit": s.unit, "dimensions": s.dimensions}
            for s in indicator.series.all()
        ],
    }


@api.get(
    "/organisations/{slug}/indicators",
    response={200: list[IndicatorOut], 404: dict[str, ErrorOut]},
    tags=["indicators"],
)
def indicators(request: HttpRequest, slug: str) -> list[dict[str, object]]:
    """An organisation's published indicators with metadata, links and series."""
    org = published_org(slug)
    found = Indicator.objects.published().filter(organisation=org).order_by("code")
    return [indicator_out(i) for i in found.prefetch_related("links", "series")]


@api.get(
    "/organisations/{slug}/indicators/{code}/observations",
    response={200: ObservationPage, 404: dict[str, ErrorOut]},
    tags=["indicators"],
)
def observations(
    request: HttpRequest,
    slug: str,
    code: str,
    series: int | None = None,
    period: str | None = None,
    after: int | None = None,
    limit: int = 1000,
) -> dict[str, object]:
    """Observations of a published indicator, in pages: pass ``next_cursor`` as ``after``."""
    from localsdg.indicators.models import Observation

    org = published_org(slug)
    indicator = Indicator.objects.published().filter(organisation=org, code=code).first()
    if indicator is None:
        raise HttpError(404, _("There is no published indicator %(code)s here.") % {"code": code})
    rows = Observation.objects.filter(series__indicator=indicator).order_by("pk")
    if series is not None:
        rows = rows.filter(series_id=series)
    if period is not None:
        rows = rows.filter(period=period)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    limit = max(1, min(limit, 10_000))
    page = list(rows.values(
        "pk", "series_id", "period", "start_year", "end_year", "value", "value_text", "flags",
        "footnote",
    )[: limit + 1])  # fmt: skip
    more = len(page) > limit
    page = page[:limit]
    return {
        "results": page,
        "next_cursor": page[-1]["pk"] if more and page else None,
    }
