"""Public views of plans and initiatives: each renders one builder's object (see ``pages/``)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from localsdg.i18n import current_language
from localsdg.strategy.pages.initiative import initiative_page
from localsdg.strategy.pages.plan import plan_page
from localsdg.strategy.pages.serving import serving_page
from localsdg.web.parts import canonical_target_code


@require_safe
def plan(request: HttpRequest, org: str, plan: str) -> HttpResponse:
    page = plan_page(org, plan, current_language(), request.GET)
    return render(request, "strategy/plan.html", {"page": page})


@require_safe
def initiative(request: HttpRequest, pk: int) -> HttpResponse:
    page = initiative_page(pk, current_language())
    return render(request, "strategy/initiative.html", {"page": page})


@require_safe
def goal(request: HttpRequest, number: int) -> HttpResponse:
    page = serving_page(current_language(), goal=number)
    return render(request, "strategy/serving.html", {"page": page})


@require_safe
def target(request: HttpRequest, code: str) -> HttpResponse:
    canonical = canonical_target_code(code)
    if canonical != code:
        return HttpResponsePermanentRedirect(reverse("strategy:target", args=[canonical]))
    page = serving_page(current_language(), target=canonical)
    return render(request, "strategy/serving.html", {"page": page})
