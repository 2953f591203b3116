"""Which URLs the static site holds: the one list, built from the portal's own URL names.

A new public page joins the export by adding its URL name to one of the tuples below (or, for
per-item pages, a line in ``site_paths``). Every path comes from ``reverse`` in the page's
language, so the export always matches the URL configuration.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.urls import reverse
from django.utils import translation

from localsdg.api.documents import static_paths
from localsdg.engagement.pages import export as engagement
from localsdg.framework.models import Goal, Target
from localsdg.indicators.downloads import download_paths
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.strategy.pages.export import initiative_ids, plan_keys, served_goals_and_targets

# Pages of the site as a whole, in every language.
SITE_PAGES = (
    "portal:home",
    "portal:organisations",
    "portal:about",
    "portal:search",
    "portal:search-index",
    "board:board",
    "board:index-json",
    "api-docs:docs",
    "engagement:history",
    "engagement:dashboard",
    "engagement:atom",
    "engagement:ics",
    "engagement:csv",
)
# Pages of every exported (published) organisation.
ORG_PAGES = ("portal:organisation", "portal:progress", "portal:reporting", "portal:downloads")
# Pages only a hub has (a comparison of its members).
HUB_PAGES = ("portal:compare",)
# Files of every published indicator of an exported organisation.
INDICATOR_PAGES = ("portal:indicator", "portal:indicator-headline-csv", "portal:indicator-csv")
# Files whose bytes do not depend on the language: rendered once, copied to the other languages.
SAME_IN_EVERY_LANGUAGE = ("portal:indicator-headline-csv", "portal:indicator-csv")
# Functions listing more files of an organisation (URL paths in the active language).
ORG_FILES: tuple[Callable[[Organisation], list[str]], ...] = (download_paths,)
# Files outside the language prefix.
SHARED_FILES = ("goal-colours",)


def site_paths(orgs: Iterable[Organisation], langs: Iterable[str]) -> list[str]:
    """Every URL path of the static site for these (published) organisations and languages."""
    orgs = list(orgs)
    paths = [reverse(name) for name in SHARED_FILES] + engagement.media_paths(orgs)
    indicators = indicators_by_org(orgs)
    events, partners = engagement.event_ids(orgs), engagement.partner_ids(orgs)
    goals = list(Goal.objects.values_list("number", flat=True))
    targets = list(Target.objects.values_list("code", flat=True))
    for lang in langs:
        with translation.override(lang):
            paths += [reverse(name) for name in SITE_PAGES]
            paths += [reverse("portal:goal", args=[number]) for number in goals]
            paths += [reverse("portal:target", args=[code]) for code in targets]
            paths += [reverse("engagement:event", args=[pk]) for pk in events]
            paths += [reverse("engagement:partner", args=[pk]) for pk in partners]
            paths += plan_paths(orgs)
            for org in orgs:
                names = ORG_PAGES + (HUB_PAGES if org.is_hub else ())
                paths += [reverse(name, args=[org.slug]) for name in names]
                paths += [path for listing in ORG_FILES for path in listing(org)]
                for code in indicators.get(org.pk, []):
                    paths += [reverse(name, args=[org.slug, code]) for name in INDICATOR_PAGES]
    return paths + api_paths([org.slug for org in orgs])


def plan_paths(orgs: list[Organisation]) -> list[str]:
    """The published plans and shown initiatives of these organisations, and the lists of who
    serves each goal and target (those lists cover the hub and every published member)."""
    paths = [reverse("strategy:plan", args=key) for key in plan_keys(orgs)]
    paths += [reverse("strategy:initiative", args=[pk]) for pk in initiative_ids(orgs)]
    goals, targets = served_goals_and_targets(orgs)
    paths += [reverse("strategy:goal", args=[number]) for number in goals]
    return paths + [reverse("strategy:target", args=[code]) for code in targets]


def language_copies(orgs: Iterable[Organisation], langs: list[str]) -> dict[str, str]:
    """Paths in the other languages of files that are the same in every language -> the path
    of the same file in the first language (rendered once, copied to the others)."""
    copies: dict[str, str] = {}
    orgs = list(orgs)
    indicators = indicators_by_org(orgs)
    for org in orgs:
        for code in indicators.get(org.pk, []):
            for name in SAME_IN_EVERY_LANGUAGE:
                with translation.override(langs[0]):
                    first = reverse(name, args=[org.slug, code])
                for lang in langs[1:]:
                    with translation.override(lang):
                        copies[reverse(name, args=[org.slug, code])] = first
    return copies


def indicators_by_org(orgs: list[Organisation]) -> dict[int, list[str]]:
    """Codes of the published indicators of each organisation, in one query."""
    found: dict[int, list[str]] = {}
    published = Indicator.objects.published().filter(organisation__in=orgs).order_by("code")
    for org_id, code in published.values_list("organisation_id", "code"):
        found.setdefault(org_id, []).append(code)
    return found


def api_paths(org_slugs: list[str]) -> list[str]:
    """The API's JSON documents, as the API lists them."""
    return list(static_paths(org_slugs))


def exportable_orgs(slug: str | None = None) -> list[Organisation]:
    """The published organisations to export: all of them, or the one named ``slug``."""
    published = Organisation.objects.published().order_by("hub_id", "slug")
    if slug is None:
        return list(published)
    return list(published.filter(slug=slug))
