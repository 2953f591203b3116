"""Recompute an organisation's results after its data or assessment settings change.

Changes arrive in bursts (an import saves hundreds of indicators), so each organisation is
assessed once, after the transaction that changed it commits. A failing assessment is logged and
never undoes or blocks the data change itself.
"""

from __future__ import annotations

import logging
from typing import Any

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from localsdg.assessment.models import AssessmentSettings, ManualStatus, Thresholds
from localsdg.indicators.models import Indicator, TargetValue
from localsdg.indicators.signals import data_changed
from localsdg.orgs.models import Organisation

log = logging.getLogger(__name__)
_pending: set[int] = set()


def schedule(org_id: int | None) -> None:
    if org_id is None or org_id in _pending:
        return
    _pending.add(org_id)
    transaction.on_commit(lambda: run(org_id))


def run(org_id: int) -> None:
    from localsdg.assessment.compute import assess_org

    _pending.discard(org_id)
    org = Organisation.objects.filter(pk=org_id).first()
    if org is None:
        return
    try:
        assess_org(org)
    except Exception:  # noqa: BLE001 - the data change stands; the failure is logged
        log.exception("progress assessment of %s failed", org.slug)


@receiver(data_changed)
def on_data_changed(sender: Any, organisation: Organisation, **kwargs: Any) -> None:
    schedule(organisation.pk)


@receiver([post_save, post_delete], sender=Indicator)
def on_indicator(sender: Any, instance: Indicator, **kwargs: Any) -> None:
    schedule(instance.organisation_id)


@receiver([post_save, post_delete], sender=TargetValue)
def on_target(sender: Any, instance: TargetValue, **kwargs: Any) -> None:
    schedule(
        Indicator.objects.filter(series__targets=instance)
        .values_list("organisation_id", flat=True)
        .first()
    )


@receiver([post_save, post_delete], sender=AssessmentSettings)
def on_settings(sender: Any, instance: AssessmentSettings, **kwargs: Any) -> None:
    schedule(instance.organisation_id)


@receiver([post_save, post_delete], sender=Thresholds)
@receiver([post_save, post_delete], sender=ManualStatus)
def on_indicator_setting(sender: Any, instance: ManualStatus | Thresholds, **kwargs: Any) -> None:
    schedule(
        Indicator.objects.filter(pk=instance.indicator_id)
        .values_list("organisation_id", flat=True)
        .first()
    )
