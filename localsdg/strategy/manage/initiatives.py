"""The initiative screen: its own fields, goals, targets, KPIs and budget lines, validated
together and saved in one transaction (or not at all), and the target suggestions for its
text, each added only when an editor presses its button."""

from __future__ import annotations

from dataclasses import dataclass
from itertools import chain
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from localsdg.core.strategy.suggest import suggest_targets
from localsdg.framework.models import Target
from localsdg.i18n import Localized, language_codes
from localsdg.orgs.models import Organisation
from localsdg.orgs.permissions import Action, editable, organisation_for
from localsdg.strategy.forms import (
    InitiativeForm,
    SuggestionForm,
    detail_formsets,
    mapping_formsets,
    text_language,
)
from localsdg.strategy.manage.common import (
    initiative_of,
    mapping_warnings,
    plan_of,
    public_initiative_url,
)
from localsdg.strategy.models import GoalMapping, Initiative, Role, TargetMapping

# Empty rows offered per formset on a new and on a stored initiative (none for readers).
EXTRA_NEW = 3
EXTRA_EDIT = 2
SUGGESTIONS = 5


@dataclass
class InitiativeEditor:
    """The forms of the initiative screen."""

    form: InitiativeForm
    goals: Any
    targets: Any
    kpis: Any
    budgets: Any

    @classmethod
    def build(
        cls, org: Organisation, initiative: Initiative, data: QueryDict | None, extra: int
    ) -> InitiativeEditor:
        goal_set, target_set = mapping_formsets(extra)
        kpi_set, budget_set = detail_formsets(extra)
        return cls(
            form=InitiativeForm(data, instance=initiative, prefix="initiative"),
            goals=goal_set(data, instance=initiative, prefix="goals"),
            targets=target_set(data, instance=initiative, prefix="targets"),
            kpis=kpi_set(data, instance=initiative, prefix="kpis", form_kwargs={"org": org}),
            budgets=budget_set(data, instance=initiative, prefix="budgets"),
        )

    def formsets(self) -> list[Any]:
        return [self.goals, self.targets, self.kpis, self.budgets]

    def is_valid(self) -> bool:
        return all([part.is_valid() for part in [self.form, *self.formsets()]])

    @transaction.atomic
    def save(self) -> Initiative:
        initiative: Initiative = self.form.save()
        for formset in self.formsets():
            formset.instance = initiative
            formset.save()
        return initiative

    def disable(self) -> None:
        for form in chain([self.form], *(formset.forms for formset in self.formsets())):
            for field in form.fields.values():
                field.disabled = True


@dataclass(frozen=True)
class SuggestionRow:
    code: str
    title: Localized
    matched: tuple[str, ...]
    matched_lang: str


def suggestion_text(initiative: Initiative) -> str:
    """The name and description in the first language that has them (the plan's own
    language, Japanese, before its translation)."""
    for lang in sorted(language_codes(), key=lambda code: code != "ja"):
        parts = [getattr(initiative, f"{stem}_{lang}", "") for stem in ("name", "description")]
        text = "\n".join(part for part in parts if part)
        if text.strip():
            return text
    return ""


def suggestions_for(initiative: Initiative, lang: str) -> list[SuggestionRow]:
    """The best targets for the initiative's text that it does not map yet."""
    text = suggestion_text(initiative)
    if not text:
        return []
    mapped = set(initiative.targets.values_list("target_id", flat=True))
    source = text_language(text)
    found = [
        s for s in suggest_targets(text, source, SUGGESTIONS + len(mapped)) if s.code not in mapped
    ][:SUGGESTIONS]
    targets = Target.objects.in_bulk([s.code for s in found])
    return [
        SuggestionRow(s.code, targets[s.code].title_in(lang), s.matched, source)
        for s in found
        if s.code in targets
    ]


@login_required
def initiative_new(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    plan = plan_of(org, pk)
    return initiative_screen(request, org, Initiative(plan=plan), can_edit=True)


@login_required
def initiative_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    org = organisation_for(request.user, slug, Action.VIEW_UNPUBLISHED)
    initiative = initiative_of(org, pk)
    can_edit = editable(request, org)
    return initiative_screen(request, org, initiative, can_edit=can_edit)


def initiative_screen(
    request: HttpRequest, org: Organisation, initiative: Initiative, *, can_edit: bool
) -> HttpResponse:
    extra = (EXTRA_EDIT if initiative.pk else EXTRA_NEW) if can_edit else 0
    posted = request.method == "POST"
    editor = InitiativeEditor.build(org, initiative, request.POST if posted else None, extra)
    if posted and editor.is_valid():
        is_new = initiative.pk is None
        initiative = editor.save()
        messages.success(
            request,
            _("The initiative was created.") if is_new else _("The initiative was saved."),
        )
        return redirect("manage:initiative", slug=org.slug, pk=initiative.pk)
    if not can_edit:
        editor.disable()
    stored = initiative.pk is not None
    context = {
        "org": org,
        "plan": initiative.plan,
        "initiative": initiative if stored else None,
        "editor": editor,
        "can_edit": can_edit,
        "failed": posted,
        "warnings": mapping_warnings(initiative) if stored else [],
        "suggestions": suggestions_for(initiative, request.LANGUAGE_CODE) if stored else [],
        "public_url": public_initiative_url(initiative) if stored else "",
        "roles": Role.choices,
    }
    return render(request, "strategy/manage/initiative.html", context)


@login_required
@require_POST
def add_suggestion(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Map the initiative to a suggested target, as primary or secondary; the target's goal is
    added with the same role when the initiative does not list it yet (an explicit goal role
    decides how public pages count the goal, so a primary target must not make it secondary)."""
    org = organisation_for(request.user, slug, Action.EDIT_CONTENT)
    initiative = initiative_of(org, pk)
    url = reverse("manage:initiative", args=[org.slug, initiative.pk]) + "#suggestions"
    form = SuggestionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a target and a role; nothing was changed."))
        return redirect(url)
    target: Target = form.cleaned_data["target"]
    role = form.cleaned_data["role"]
    names = {"target": target.code, "goal": target.goal_id}
    with transaction.atomic():
        if TargetMapping.objects.filter(initiative=initiative, target=target).exists():
            messages.info(
                request, _("Target %(target)s is already mapped; nothing was changed.") % names
            )
            return redirect(url)
        TargetMapping.objects.create(initiative=initiative, target=target, role=role)
        _goal, goal_added = GoalMapping.objects.get_or_create(
            initiative=initiative, goal_id=target.goal_id, defaults={"role": role}
        )
    messages.success(request, added_message(role, goal_added) % names)
    return redirect(url)


def added_message(role: str, goal_added: bool) -> str:
    if role == Role.PRIMARY:
        if goal_added:
            return _("Target %(target)s and its goal %(goal)s were added as primary.")
        return _("Target %(target)s was added as a primary target.")
    if goal_added:
        return _("Target %(target)s and its goal %(goal)s were added as secondary.")
    return _("Target %(target)s was added as a secondary target.")
