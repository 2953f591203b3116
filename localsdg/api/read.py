"""Read endpoints of the open API: the SDG framework and each organisation's published data.

Every query goes through ``Organisation.objects.published()`` and
``Indicator.objects.published()``; anything else answers 404 as if it did not exist.
"""

from __future__ import annotations

import contextlib
import re
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router
from ninja.errors import HttpError
from pydantic import Field

from localsdg.api import queries
from localsdg.api.schemas import (
    GlobalIndicatorDetailOut,
    GlobalIndicatorOut,
    GoalDetailOut,
    GoalOut,
    IndicatorDetailOut,
    IndicatorOut,
    ObservationPage,
    OrganisationDetailOut,
    OrganisationOut,
    ReleaseOut,
    ResultOut,
    TargetOut,
    errors,
)
from localsdg.assessment.models import Result
from localsdg.core.codes import InvalidCode, parse_code
from localsdg.framework.models import GlobalIndicator, Goal, Target
from localsdg.i18n import field_texts
from localsdg.indicators.models import Indicator, Observation, TargetValue
from localsdg.orgs.models import Organisation, is_slug

router = Router()

# Bounds that keep every number inside what the database columns hold.
RowId = Annotated[int, Field(ge=1, le=2**53)]
Year = Annotated[int, Field(ge=1, le=9999)]
GoalNumber = Annotated[int, Field(ge=1, le=17)]
CODE = re.compile(r"^[A-Za-z0-9._()-]{1,40}$")


def texts(obj: object, field: str) -> dict[str, str]:
    return {lang: text for lang, text in field_texts(obj, field).items() if text}


def published_org(slug: str) -> Organisation:
    org = None
    if is_slug(slug) and len(slug) <= 64:
        org = Organisation.objects.published().select_related("hub").filter(slug=slug).first()
    if org is None:
        raise HttpError(404, _("There is no published organisation with this name."))
    return org


def published_indicator(org: Organisation, code: str, with_related: bool = True) -> Indicator:
    """A published indicator of ``org`` by its code as stored, or as 11.6.2 for 11-6-2.

    ``with_related`` fetches its links and series too, for answers that list them.
    """
    indicator = None
    if CODE.match(code):
        candidates = {code}
        with contextlib.suppress(InvalidCode):
            candidates.add(parse_code(code).dashed)
        found = Indicator.objects.published().filter(organisation=org, code__in=candidates)
        if with_related:
            found = found.prefetch_related("links", "series")
        indicator = found.first()
    if indicator is None:
        raise HttpError(404, _("There is no published indicator %(code)s here.") % {"code": code})
    return indicator


def framework_code(code: str, kind: str) -> str:
    """The dotted code of a goal, target or indicator in any accepted spelling, or 404."""
    try:
        parsed = parse_code(code) if "\x00" not in code else None
    except InvalidCode as exc:
        raise HttpError(404, str(exc)) from None
    if parsed is None or parsed.kind != kind or parsed.is_local:
        raise HttpError(404, _("%(code)s is not a code of this kind.") % {"code": code[:40]})
    return parsed.dotted


def org_out(org: Organisation) -> dict[str, Any]:
    return {
        "slug": org.slug,
        "name_en": org.name_en,
        "name_ja": org.name_ja,
        "kind": org.kind,
        "hub": org.hub.slug if org.hub else None,
    }


@router.get("/organisations", response=list[OrganisationOut], tags=["organisations"])
def organisations(request: HttpRequest) -> list[dict[str, Any]]:
    """Published organisations, hubs first."""
    found = Organisation.objects.published().select_related("hub").order_by("hub_id", "slug")
    return [org_out(org) for org in found]


@router.get(
    "/organisations/{slug}",
    response={200: OrganisationDetailOut, **errors(404)},
    tags=["organisations"],
)
def organisation(request: HttpRequest, slug: str) -> dict[str, Any]:
    """One published organisation with its profile, published members and indicator count."""
    org = published_org(slug)
    members = Organisation.objects.published().filter(hub=org).order_by("slug")
    return org_out(org) | {
        "country": org.country,
        "population": org.population,
        "description": texts(org, "description"),
        "website": org.website,
        "is_sample": org.is_sample,
        "members": list(members.values_list("slug", flat=True)),
        "indicator_count": Indicator.objects.published().filter(organisation=org).count(),
    }


@router.get(
    "/organisations/{slug}/assessment",
    response={200: list[ResultOut], **errors(404, 422)},
    tags=["assessment"],
)
def assessment(request: HttpRequest, slug: str, level: str | None = None) -> list[dict[str, Any]]:
    """Progress results of an organisation's published indicators (and its goals and index)."""
    org = published_org(slug)
    published = Indicator.objects.published().filter(organisation=org)
    results = Result.objects.filter(organisation=org).filter(
        indicator__in=published
    ) | Result.objects.filter(organisation=org, indicator__isnull=True)
    if level:
        results = results.filter(level=level.replace("\x00", ""))
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


def goal_out(goal: Goal) -> dict[str, Any]:
    return {
        "number": goal.number,
        "colour": goal.colour,
        "title": goal.title,
        "short_title": goal.short_title,
        "targets": [t.code for t in goal.targets.all()],
    }


@router.get("/goals", response=list[GoalOut], tags=["framework"])
def goals(request: HttpRequest) -> list[dict[str, Any]]:
    """The 17 goals with their texts per language and their targets."""
    return [goal_out(g) for g in Goal.objects.prefetch_related("targets")]


@router.get(
    "/goals/{number}", response={200: GoalDetailOut, **errors(404, 422)}, tags=["framework"]
)
def goal(request: HttpRequest, number: int) -> dict[str, Any]:
    """One goal with its targets and global indicators."""
    found = Goal.objects.prefetch_related("targets", "indicators").filter(
        number=number if 1 <= number <= 17 else 0
    )
    found_goal = found.first()
    if found_goal is None:
        raise HttpError(404, _("There is no goal %(number)s.") % {"number": number})
    return goal_out(found_goal) | {"indicators": [i.code for i in found_goal.indicators.all()]}


def target_out(target: Target) -> dict[str, Any]:
    return {
        "code": target.code,
        "goal": target.goal_id,
        "title": target.title,
        "indicators": [i.code for i in target.indicators.all()],
    }


@router.get("/targets", response={200: list[TargetOut], **errors(422)}, tags=["framework"])
def targets(request: HttpRequest, goal: GoalNumber | None = None) -> list[dict[str, Any]]:
    """The 169 targets with their global indicators, or one goal's with ``?goal=11``."""
    found = Target.objects.prefetch_related("indicators").order_by("sort_key")
    if goal is not None:
        found = found.filter(goal_id=goal)
    return [target_out(t) for t in found]


@router.get("/targets/{code}", response={200: TargetOut, **errors(404)}, tags=["framework"])
def target(request: HttpRequest, code: str) -> dict[str, Any]:
    """One target (11.6 or 11-6) with its global indicators."""
    found = Target.objects.filter(code=framework_code(code, "target")).first()
    if found is None:
        raise HttpError(404, _("There is no target %(code)s.") % {"code": code})
    return target_out(found)


def global_out(indicator: GlobalIndicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "goal": indicator.goal_id,
        "target": indicator.target_id,
        "title": indicator.title,
        "same_as": indicator.same_as_id,
    }


@router.get(
    "/indicators", response={200: list[GlobalIndicatorOut], **errors(422)}, tags=["framework"]
)
def global_indicators(
    request: HttpRequest, goal: GoalNumber | None = None, target: str | None = None
) -> list[dict[str, Any]]:
    """The global indicator list, or one goal's (``?goal=11``) or one target's (``?target=11.6``).

    An unknown or malformed target gives an empty list.
    """
    found = GlobalIndicator.objects.order_by("sort_key")
    if goal is not None:
        found = found.filter(goal_id=goal)
    if target is not None:
        try:
            found = found.filter(target_id=framework_code(target, "target"))
        except HttpError:
            found = found.none()
    return [global_out(i) for i in found]


@router.get(
    "/indicators/{code}", response={200: GlobalIndicatorDetailOut, **errors(404)},
    tags=["framework"],
)  # fmt: skip
def global_indicator(request: HttpRequest, code: str) -> dict[str, Any]:
    """One global indicator (1.a.1 or 1-a-1) with the published local indicators linked to it."""
    found = GlobalIndicator.objects.filter(code=framework_code(code, "indicator")).first()
    if found is None:
        raise HttpError(404, _("There is no global indicator %(code)s.") % {"code": code})
    local = (
        Indicator.objects.published()
        .filter(links__global_indicator=found)
        .select_related("organisation")
        .order_by("organisation__slug", "code")
        .values_list("organisation__slug", "code", "links__kind")
    )
    return global_out(found) | {
        "local_indicators": [
            {"organisation": slug, "code": local_code, "kind": kind}
            for slug, local_code, kind in local
        ]
    }


def indicator_out(indicator: Indicator) -> dict[str, Any]:
    return {
        "code": indicator.code,
        "name": texts(indicator, "name"),
        "unit": texts(indicator, "unit"),
        "direction": indicator.direction,
        "reporting_status": indicator.reporting_status,
        "links": [
            {
                "code": link.global_indicator_id or link.target_id or str(link.goal_id or ""),
                "kind": link.kind,
            }
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


@router.get(
    "/organisations/{slug}/indicators",
    response={200: list[IndicatorOut], **errors(404)},
    tags=["indicators"],
)
def indicators(request: HttpRequest, slug: str) -> list[dict[str, Any]]:
    """An organisation's published indicators with metadata, links and series."""
    org = published_org(slug)
    found = Indicator.objects.published().filter(organisation=org).order_by("code")
    return [indicator_out(i) for i in found.prefetch_related("links", "series")]


@router.get(
    "/organisations/{slug}/indicators/{code}",
    response={200: IndicatorDetailOut, **errors(404)},
    tags=["indicators"],
)
def indicator(request: HttpRequest, slug: str, code: str) -> dict[str, Any]:
    """One published indicator with all its metadata, series and local targets."""
    found = published_indicator(published_org(slug), code)
    targets = TargetValue.objects.filter(series__indicator=found).order_by("series_id", "year")
    return indicator_out(found) | {
        "organisation": slug,
        "limit": found.limit,
        "decimals": found.decimals,
        "source_organisation": texts(found, "source_organisation"),
        "department": texts(found, "department"),
        "dimensions": found.dimensions,
        "targets": list(
            targets.values("series_id", "value", "year", "baseline_year", "baseline_value")
        ),
    }


@router.get(
    "/organisations/{slug}/indicators/{code}/observations",
    response={200: ObservationPage, **errors(404, 422)},
    tags=["indicators"],
)
def observations(
    request: HttpRequest,
    slug: str,
    code: str,
    series: RowId | None = None,
    period: str | None = None,
    from_year: Year | None = None,
    to_year: Year | None = None,
    after: RowId | None = None,
    limit: Annotated[int, Field(ge=1, le=10_000)] = 1000,
) -> dict[str, Any]:
    """Observations of a published indicator, in pages: pass ``next_cursor`` as ``after``.

    ``from_year`` and ``to_year`` keep the observations whose period overlaps those years.
    """
    found = published_indicator(published_org(slug), code, with_related=False)
    rows = Observation.objects.filter(series__indicator=found).order_by("pk")
    if series is not None:
        rows = rows.filter(series_id=series)
    if period is not None:
        rows = rows.filter(period=period.replace("\x00", ""))
    if from_year is not None:
        rows = rows.filter(end_year__gte=from_year)
    if to_year is not None:
        rows = rows.filter(start_year__lte=to_year)
    if after is not None:
        rows = rows.filter(pk__gt=after)
    page = list(rows.values(
        "pk", "series_id", "period", "start_year", "end_year", "value", "value_text", "flags",
        "footnote",
    )[: limit + 1])  # fmt: skip
    more = len(page) > limit
    page = page[:limit]
    return {"results": page, "next_cursor": page[-1]["pk"] if more and page else None}


@router.get(
    "/organisations/{slug}/releases",
    response={200: list[ReleaseOut], **errors(404)},
    tags=["indicators"],
)
def releases(request: HttpRequest, slug: str) -> list[queries.PublicRelease]:
    """Data releases that changed the organisation's published indicators, newest first.

    Counts and indicator codes cover published indicators only; when a release also touched
    unpublished ones, its file name, hash and note are withheld (null).
    """
    return queries.public_releases(published_org(slug))


@router.get(
    "/organisations/{slug}/releases/{release_id}",
    response={200: ReleaseOut, **errors(404, 422)},
    tags=["indicators"],
)
def release(request: HttpRequest, slug: str, release_id: RowId) -> queries.PublicRelease:
    """One public data release."""
    found = queries.public_release_by_id(published_org(slug), release_id)
    if found is None:
        raise HttpError(404, _("There is no public data release #%(id)s.") % {"id": release_id})
    return found
