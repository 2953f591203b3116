"""Page parts that every app's pages show: goal tiles and organisation summaries.

They sit below the apps so that indicator, assessment, search and engagement pages can show the
same tile or card without importing the portal, which composes their pages.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from localsdg.core.codes import InvalidCode, parse_code
from localsdg.framework.models import Goal
from localsdg.i18n import Localized
from localsdg.orgs.models import Organisation


@dataclass(frozen=True)
class GoalTile:
    number: int
    short_title: Localized
    url: str


@dataclass(frozen=True)
class OrgSummary:
    slug: str
    name: Localized
    description: Localized
    kind: str
    population: int | None
    website: str
    is_sample: bool
    is_hub: bool
    url: str
    members: tuple[OrgSummary, ...] = ()


def goal_tile(goal: Goal, lang: str) -> GoalTile:
    return GoalTile(
        goal.number, goal.short_title_in(lang), reverse("portal:goal", args=[goal.number])
    )


def org_summary(org: Organisation, lang: str, with_members: bool = False) -> OrgSummary:
    members: tuple[OrgSummary, ...] = ()
    if with_members:
        members = tuple(org_summary(m, lang) for m in org.members.published().order_by("name_en"))
    return OrgSummary(
        slug=org.slug,
        name=org.name(lang),
        description=org.description(lang),
        kind=str(org.get_kind_display()),
        population=org.population,
        website=org.website,
        is_sample=org.is_sample,
        is_hub=org.is_hub,
        url=reverse("portal:organisation", args=[org.slug]),
        members=members,
    )


def home_org() -> Organisation | None:
    """The organisation the site is about: the configured one, else the first published hub."""
    published = Organisation.objects.published()
    if settings.LOCALSDG_HOME_ORG:
        return published.filter(slug=settings.LOCALSDG_HOME_ORG).first()
    return published.hubs().order_by("created", "pk").first()


def goal_tiles(lang: str) -> tuple[GoalTile, ...]:
    return tuple(goal_tile(goal, lang) for goal in Goal.objects.all())


def canonical_target_code(text: str) -> str:
    """The dotted code of a target written in any accepted form; 404 when it is not one."""
    try:
        code = parse_code(text)
    except InvalidCode:
        code = None
    if code is None or code.kind != "target":
        raise Http404(_("“%(code)s” is not a target code such as 11.6.") % {"code": text})
    return code.dotted
