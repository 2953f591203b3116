"""Run follow-up work once per transaction, after it commits.

An import saves hundreds of rows, and each save asks for the same follow-up (reassess the
organisation, invalidate cached pages, reindex search). The work is registered once per key
with the transaction itself, so it disappears with a rollback instead of leaving state behind,
and runs immediately when no transaction is open.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import transaction

from localsdg.orgs.models import Organisation

log = logging.getLogger(__name__)


def on_commit_once(key: str, work: Callable[[], None]) -> None:
    connection = transaction.get_connection()
    if connection.in_atomic_block:
        waiting = {
            getattr(func, "once_key", None) for _sids, func, _robust in connection.run_on_commit
        }
        if key in waiting:
            return

    def run() -> None:
        run.once_key = None  # type: ignore[attr-defined]  # done: a later change needs a new run
        work()

    run.once_key = key  # type: ignore[attr-defined]
    transaction.on_commit(run)


def after_commit_for_org(
    job: str, org_id: int | None, work: Callable[[Organisation], None]
) -> None:
    """Run ``work(org)`` once per transaction after it commits, for follow-ups of a data change.

    A failure is logged and never undoes or blocks the change itself; an organisation deleted
    meanwhile is skipped.
    """
    if org_id is None:
        return

    def run() -> None:
        org = Organisation.objects.filter(pk=org_id).first()
        if org is None:
            return
        try:
            work(org)
        except Exception:  # noqa: BLE001 - the data change stands; the failure is logged
            log.exception("%s of %s failed", job, org.slug)

    on_commit_once(f"{job}:{org_id}", run)
