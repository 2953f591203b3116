"""Recompute an organisation's results after its data or assessment settings change.

Changes arrive in bursts (an import saves hundreds of indicators), so each organisation is
assessed once, after the transaction that changed it commits. A failing assessment is logged and
never undoes or blocks the data change itself.
"""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from localsdg.assessment.compute import assess_org
from localsdg.assessment.models import AssessmentSettings, ManualStatus, Thresholds
from localsdg.indicators.models import Indicator, TargetValue
from localsdg.orgs.models import Organisation
from localsdg.web.signals import data_changed
from localsdg.web.transactions import after_commit_for_org


def schedule(org_id: int | None) -> None:
    after_commit_for_org("progress assessment", org_id, assess)


def assess(org: Organisation) -> None:
    assess_org(org)


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
