"""Keep the search index in step with the data, after the change commits.

An organisation's entries are redone when its indicators change, when it is saved, after a data
release, and when any of its plans, strategies, initiatives, goal or target mappings or budget
lines is saved or deleted (a plan's publication decides whether its initiatives are indexed,
a mapping decides the goal an initiative is grouped under).

Changes arrive in bursts (an import saves hundreds of indicators), so an organisation is
reindexed once per transaction, after it commits: a rolled-back change never reaches the index.
A failing reindex (say, the database still locked by another import) is logged as one line,
leaves the organisation's old entries as they were, and never undoes or blocks the data change
itself; `localsdg search reindex` rebuilds the index at any time.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import connections
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.search.indexing import rebuild_all, reindex_org
from localsdg.strategy.models import (
    BudgetLine,
    GoalMapping,
    Initiative,
    Plan,
    Strategy,
    TargetMapping,
)
from localsdg.web.cache import invalidate
from localsdg.web.signals import data_changed, plans_changed
from localsdg.web.transactions import after_commit_for_org

log = logging.getLogger(__name__)


def schedule(org_id: int | None) -> None:
    after_commit_for_org("search reindex", org_id, reindex)


def reindex(org: Organisation) -> None:
    """Replace the organisation's entries (in one transaction), or keep the old ones and say so."""
    try:
        reindex_org(org)
    except Exception as error:  # noqa: BLE001 - the data change is stored; the index can wait
        reason = " ".join(str(error).split()) or type(error).__name__
        log.warning(
            "search reindex of %s failed (%s); the data change is stored, the search index is "
            "out of date until `localsdg search reindex` rebuilds it",
            org.slug,
            reason,
        )
    invalidate()  # cached pages may hold the old index (search/index.json)


@receiver(data_changed)
@receiver(plans_changed)
def on_data_changed(sender: Any, organisation: Organisation, **kwargs: Any) -> None:
    schedule(organisation.pk)


@receiver([post_save, post_delete], sender=Indicator)
def on_indicator(sender: Any, instance: Indicator, **kwargs: Any) -> None:
    schedule(instance.organisation_id)


def org_of_plan(plan_id: int) -> int | None:
    return Plan.objects.filter(pk=plan_id).values_list("organisation_id", flat=True).first()


def org_of_initiative(initiative_id: int) -> int | None:
    found = Initiative.objects.filter(pk=initiative_id)
    return found.values_list("plan__organisation_id", flat=True).first()


@receiver([post_save, post_delete], sender=Plan)
def on_plan(sender: Any, instance: Plan, **kwargs: Any) -> None:
    schedule(instance.organisation_id)


@receiver([post_save, post_delete], sender=Strategy)
@receiver([post_save, post_delete], sender=Initiative)
def on_plan_part(sender: Any, instance: Strategy | Initiative, **kwargs: Any) -> None:
    schedule(org_of_plan(instance.plan_id))


@receiver([post_save, post_delete], sender=GoalMapping)
@receiver([post_save, post_delete], sender=TargetMapping)
@receiver([post_save, post_delete], sender=BudgetLine)
def on_initiative_part(
    sender: Any, instance: GoalMapping | TargetMapping | BudgetLine, **kwargs: Any
) -> None:
    """Mappings and budgets change an initiative's goal and the Board's facets; a row deleted
    with its whole initiative finds no organisation here, and the initiative's own delete
    schedules the reindex."""
    schedule(org_of_initiative(instance.initiative_id))


@receiver(post_save, sender=Organisation)
def on_organisation(sender: Any, instance: Organisation, **kwargs: Any) -> None:
    """Publishing or hiding a hub also shows or hides its members, so they are redone too."""
    schedule(instance.pk)
    for member_id in instance.members.values_list("pk", flat=True):
        schedule(member_id)


def on_migrated(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """Rebuild after `migrate`, once the search table exists (not when migrating it away)."""
    if "search_searchentry" not in connections[using].introspection.table_names():
        return
    rebuild_all()
