"""A plan's initiatives in one list, and one change of the SDG mapping for those chosen: add a
goal or a target with a role, or remove one, in one transaction."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST, require_safe

from localsdg.framework.models import Goal, Target
from localsdg.orgs.models import Organisation
from localsdg.orgs.permissions import Action, can, organisation_for
from localsdg.strategy.forms import RemapAction, RemapForm
from localsdg.strategy.manage.common import plan_of, strategy_blocks, with_mapping
from localsdg.strategy.models import GoalMapping, Initiative, Plan, TargetMapping


def list_page(
    request: HttpRequest, org: Organisation, plan: Plan, form: RemapForm, can_edit: bool
) -> HttpResponse:
    goals = {goal.number: goal for goal in Goal.objects.all()}
    initiatives = with_mapping(Initiative.objects.filter(plan=plan))
    chosen = {str(value) for value in form["initiatives"].value() or []}
    context = {
        "org": org,
        "plan": plan,
        "blocks": strategy_blocks(plan, initiatives, goals, request.LANGUAGE_CODE),
        "form": form,
        "chosen": chosen,
        "can_edit": can_edit,
    }
    return render(request, "strategy/manage/initiatives.html", context)


@login_required
@require_safe
def plan_initiatives(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    plan = plan_of(org, pk)
    can_edit = can(request.user, Action.EDIT_CONTENT, org)
    return list_page(request, org, plan, RemapForm(plan=plan), can_edit)


@login_required
@require_POST
def plan_remap(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    plan = plan_of(org, pk)
    form = RemapForm(request.POST, plan=plan)
    if not form.is_valid():
        messages.error(request, _("Nothing was changed: correct the choices marked below."))
        return list_page(request, org, plan, form, can_edit=True)
    data = form.cleaned_data
    changed = remap(
        list(data["initiatives"]), data["action"], data.get("goal"), data.get("target"),
        data.get("role") or "",
    )  # fmt: skip
    messages.success(
        request,
        ngettext("%(count)s initiative changed.", "%(count)s initiatives changed.", changed)
        % {"count": changed},
    )
    return redirect("manage:plan-initiatives", slug=org.slug, pk=plan.pk)


@transaction.atomic
def remap(
    initiatives: list[Initiative],
    action: str,
    goal: Goal | None,
    target: Target | None,
    role: str,
) -> int:
    """Apply one change to every initiative; how many of them it changed (an initiative that
    already had the goal in that role, or never had it, is not counted)."""
    changed = 0
    for initiative in initiatives:
        if action == RemapAction.ADD_GOAL and goal is not None:
            changed += put(GoalMapping, initiative, role, goal=goal)
        elif action == RemapAction.ADD_TARGET and target is not None:
            changed += put(TargetMapping, initiative, role, target=target)
        elif action == RemapAction.REMOVE_GOAL and goal is not None:
            changed += drop(GoalMapping.objects.filter(initiative=initiative, goal=goal))
        elif action == RemapAction.REMOVE_TARGET and target is not None:
            changed += drop(TargetMapping.objects.filter(initiative=initiative, target=target))
    return changed


def put(
    model: type[GoalMapping] | type[TargetMapping],
    initiative: Initiative,
    role: str,
    **what: Goal | Target,
) -> int:
    """Map the goal or target with ``role``: 1 when that changed anything."""
    mapping = model.objects.filter(initiative=initiative, **what).first()
    if mapping is None:
        model.objects.create(initiative=initiative, role=role, **what)
        return 1
    if mapping.role == role:
        return 0
    mapping.role = role
    mapping.save()
    return 1


def drop(mappings: QuerySet[GoalMapping] | QuerySet[TargetMapping]) -> int:
    """Delete one by one, so that each deletion is kept in the history."""
    found = list(mappings)
    for mapping in found:
        mapping.delete()
    return 1 if found else 0
