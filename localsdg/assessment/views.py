"""Editors' views for progress assessment: the organisation's method and per-indicator overrides."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from localsdg.assessment.compute import settings_for
from localsdg.assessment.forms import THRESHOLD_FIELDS, IndicatorProgressForm, SettingsForm
from localsdg.assessment.models import ManualStatus, Result, Thresholds
from localsdg.indicators.models import Indicator, Series, TargetValue
from localsdg.indicators.views import indicator_of
from localsdg.orgs.permissions import Action, can, organisation_for


@login_required
def assessment_settings(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    can_manage = can(request.user, Action.MANAGE, org)
    form = SettingsForm(request.POST or None, instance=settings_for(org))
    if request.method == "POST":
        if not can_manage:
            raise PermissionDenied
        if form.is_valid():
            form.save()
            messages.success(
                request, _("The assessment settings were saved; results are recomputed.")
            )
            return redirect("manage:assessment", slug=org.slug)
    if not can_manage:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request, "assessment/settings.html", {"org": org, "form": form, "can_manage": can_manage}
    )


def headline_of(indicator: Indicator) -> Series | None:
    totals = Series.objects.filter(indicator=indicator, dimensions="", series="")
    return totals.order_by("unit", "pk").first()


def progress_form_initial(indicator: Indicator) -> dict[str, object]:
    headline = headline_of(indicator)
    target = (
        TargetValue.objects.filter(series=headline).order_by("year").first() if headline else None
    )
    manual = ManualStatus.objects.filter(indicator=indicator).first()
    bounds = Thresholds.objects.filter(indicator=indicator).first()
    return {
        **{name: getattr(bounds, name) for name in THRESHOLD_FIELDS if bounds},
        "in_index": bounds.in_index if bounds else True,
        "target_value": target.value if target else None,
        "target_year": target.year if target else None,
        "baseline_year": target.baseline_year if target else None,
        "manual_status": manual.status if manual else "",
        "reason_en": manual.reason_en if manual else "",
        "reason_ja": manual.reason_ja if manual else "",
    }


@login_required
def indicator_progress(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    indicator = indicator_of(org, code)
    can_edit = can(request.user, Action.EDIT_CONTENT, org)
    form = IndicatorProgressForm(request.POST or None, initial=progress_form_initial(indicator))
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied
        if form.is_valid():
            save_progress(indicator, form.cleaned_data)
            messages.success(request, _("The progress settings of the indicator were saved."))
            return redirect("manage:indicator-progress", slug=org.slug, code=indicator.code)
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    results = Result.objects.filter(indicator=indicator).select_related("series")
    context = {"org": org, "indicator": indicator, "form": form, "can_edit": can_edit,
               "results": results, "lang": request.LANGUAGE_CODE}  # fmt: skip
    return render(request, "assessment/indicator.html", context)


@transaction.atomic
def save_progress(indicator: Indicator, data: dict[str, Any]) -> None:
    headline = headline_of(indicator) or Series.objects.create(indicator=indicator)
    TargetValue.objects.filter(series=headline).delete()
    if data["target_value"] is not None:
        TargetValue.objects.create(
            series=headline,
            value=data["target_value"],
            year=data["target_year"],
            baseline_year=data["baseline_year"],
        )
    Thresholds.objects.filter(indicator=indicator).delete()
    if data["best"] is not None:
        Thresholds.objects.create(
            indicator=indicator,
            in_index=bool(data["in_index"]),
            **{name: data[name] for name in THRESHOLD_FIELDS},
        )
    ManualStatus.objects.filter(indicator=indicator).delete()
    if data["manual_status"]:
        ManualStatus.objects.create(
            indicator=indicator,
            status=data["manual_status"],
            reason_en=data["reason_en"],
            reason_ja=data["reason_ja"],
        )
