"""What the sitemap publishes of the plans: each published plan, each shown initiative, and the
goal and target lists that at least one of those initiatives is on."""

from __future__ import annotations

from collections.abc import Iterable

from localsdg.orgs.models import Organisation
from localsdg.strategy.models import Initiative, Plan
from localsdg.strategy.pages.common import goal_roles, published_initiatives


def plan_keys(orgs: Iterable[Organisation] | None = None) -> list[tuple[str, str]]:
    """(organisation slug, plan slug) of every published plan."""
    plans = Plan.objects.published()
    if orgs is not None:
        plans = plans.filter(organisation__in=list(orgs))
    rows = plans.order_by("organisation__slug", "slug")
    return list(rows.values_list("organisation__slug", "slug"))


def initiative_ids(orgs: Iterable[Organisation] | None = None) -> list[int]:
    initiatives = Initiative.objects.published()
    if orgs is not None:
        initiatives = initiatives.filter(plan__organisation__in=list(orgs))
    return list(initiatives.order_by("pk").values_list("pk", flat=True))


def served_goals_and_targets(
    orgs: Iterable[Organisation] | None = None,
) -> tuple[list[int], list[str]]:
    """The goals and targets that at least one shown initiative (of ``orgs``) serves."""
    goals: set[int] = set()
    targets: set[str] = set()
    initiatives = published_initiatives()
    if orgs is not None:
        initiatives = initiatives.filter(plan__organisation__in=list(orgs))
    for initiative in initiatives:
        goals |= set(goal_roles(initiative))
        targets |= {m.target_id for m in initiative.targets.all()}
    return sorted(goals), sorted(targets, key=target_order)


def target_order(code: str) -> tuple[int, int, str]:
    goal, _dot, rest = code.partition(".")
    return (int(goal), int(rest) if rest.isdigit() else 1000, rest)
