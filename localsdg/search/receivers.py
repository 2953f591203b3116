"""Keep the search index in step with the data, after the change commits.

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
from localsdg.web.cache import invalidate
from localsdg.web.signals import data_changed
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
def on_data_changed(sender: Any, organisation: Organisation, **kwargs: Any) -> None:
    schedule(organisation.pk)


@receiver([post_save, post_delete], sender=Indicator)
def on_indicator(sender: Any, instance: Indicator, **kwargs: Any) -> None:
    schedule(instance.organisation_id)


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
