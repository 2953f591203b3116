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
