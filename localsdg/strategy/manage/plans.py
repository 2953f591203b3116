"""The organisation's plans as a tree, and the plan screen: the plan with its versions and its
strategies, validated together and saved in one transaction, or not at all."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from localsdg.orgs.models import Organisation
from localsdg.orgs.permissions import Action, can, editable, organisation_for
from localsdg.strategy.forms import PlanForm, StrategyFormSet, VersionFormSet
from localsdg.strategy.manage.common import plan_blocks, plan_of, public_plan_url
from localsdg.strategy.models import Plan

# Empty rows offered for new versions and strategies (none for readers).
EXTRA_NEW = {"versions": 1, "strategies": 3}
EXTRA_EDIT = {"versions": 1, "strategies": 2}


@login_required
@require_safe
def plan_list(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    context = {
        "org": org,
        "plans": plan_blocks(org, request.LANGUAGE_CODE),
        "can_edit": can(request.user, Action.EDIT_CONTENT, org),
    }
    return render(request, "strategy/manage/plans.html", context)


@dataclass
class PlanEditor:
    """The forms of the plan screen."""

    form: PlanForm
    versions: Any
    strategies: Any

    @classmethod
    def build(cls, plan: Plan, data: QueryDict | None, extra: dict[str, int]) -> PlanEditor:
        versions = VersionFormSet(data, instance=plan, prefix="versions")
        strategies = StrategyFormSet(data, instance=plan, prefix="strategies")
        # The number of empty rows is read from the posted management form when bound.
        versions.extra, strategies.extra = extra["versions"], extra["strategies"]
        return cls(PlanForm(data, instance=plan, prefix="plan"), versions, strategies)

    def is_valid(self) -> bool:
        return all([self.form.is_valid(), self.versions.is_valid(), self.strategies.is_valid()])

    @transaction.atomic
    def save(self) -> Plan:
        plan: Plan = self.form.save()
        for formset in (self.versions, self.strategies):
            formset.instance = plan
            formset.save()
        return plan

    def disable(self) -> None:
        forms = chain([self.form], self.versions.forms, self.strategies.forms)
        for form in forms:
            for field in form.fields.values():
                field.disabled = True


@login_required
def plan_new(request: HttpRequest, slug: str) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    return plan_screen(request, org, Plan(organisation=org), can_edit=True)


@login_required
def plan_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    plan = plan_of(org, pk)
    can_edit = editable(request, org)
    return plan_screen(request, org, plan, can_edit=can_edit)


def plan_screen(
    request: HttpRequest, org: Organisation, plan: Plan, *, can_edit: bool
) -> HttpResponse:
    extra = EXTRA_EDIT if plan.pk else EXTRA_NEW
    if not can_edit:
        extra = {name: 0 for name in extra}
    posted = request.method == "POST"
    editor = PlanEditor.build(plan, request.POST if posted else None, extra)
    if posted and editor.is_valid():
        is_new = plan.pk is None
        plan = editor.save()
        messages.success(
            request, _("The plan was created.") if is_new else _("The plan was saved.")
        )
        return redirect("manage:plan", slug=org.slug, pk=plan.pk)
    if not can_edit:
        editor.disable()
    context = {
        "org": org,
        "plan": plan if plan.pk else None,
        "editor": editor,
        "can_edit": can_edit,
        "failed": posted,
        "public_url": public_plan_url(plan) if plan.pk else "",
    }
    return render(request, "strategy/manage/plan.html", context)
