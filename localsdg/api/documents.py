"""The API answers that the static export writes as files, one JSON document per path.

The exporter fetches each path through the Django test client; the list is sorted the same way
on every run so two exports of the same data are identical.
"""

from __future__ import annotations

from localsdg.api.queries import public_releases
from localsdg.engagement.pages.export import event_ids, partner_ids
from localsdg.framework.models import Goal
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation

PREFIX = "/api/v1"


def static_paths(org_slugs: list[str] | None = None) -> list[str]:
    """Every GET path of the API worth a file: the framework, and each published organisation's
    profile, indicators (each with the first page of its observations), assessment and
    releases. ``org_slugs`` limits the organisations (unknown or unpublished ones are skipped).
    """
    paths = [
        f"{PREFIX}/openapi.json",
        f"{PREFIX}/organisations",
        f"{PREFIX}/goals",
        f"{PREFIX}/targets",
        f"{PREFIX}/indicators",
    ]
    paths += [f"{PREFIX}/goals/{n}" for n in Goal.objects.order_by("number").values_list(
        "number", flat=True
    )]  # fmt: skip
    orgs = Organisation.objects.published().order_by("slug")
    if org_slugs is not None:
        orgs = orgs.filter(slug__in=org_slugs)
    for org in orgs:
        base = f"{PREFIX}/organisations/{org.slug}"
        paths += [base, f"{base}/indicators", f"{base}/assessment", f"{base}/releases"]
        codes = Indicator.objects.published().filter(organisation=org).order_by("code")
        for code in codes.values_list("code", flat=True):
            paths += [f"{base}/indicators/{code}", f"{base}/indicators/{code}/observations"]
        paths += [f"{base}/releases/{release.id}" for release in public_releases(org)]
    return paths + engagement_paths(list(orgs))


def engagement_paths(orgs: list[Organisation]) -> list[str]:
    """The engagement record: the lists, and each published event and partner of ``orgs``."""
    paths = [f"{PREFIX}/engagement/events", f"{PREFIX}/engagement/partners"]
    paths += [f"{PREFIX}/engagement/events/{pk}" for pk in event_ids(orgs)]
    return paths + [f"{PREFIX}/engagement/partners/{pk}" for pk in partner_ids(orgs)]
