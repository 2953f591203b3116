"""Plans and initiatives in a real browser: a reader follows the strategy × goal matrix to the
initiatives of one cell and on to one initiative, and axe-core finds nothing on any page type of
the plans in either language, with no Content Security Policy error on the way.

Each test makes a plan of its own through the ORM (the live server shares the test database), so
that every part of the pages is present whatever the demo holds: versions, strategies, an
initiative without a strategy, KPIs linked to a published indicator, budgets. The demo's
published plans, when there are any, are checked too.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from tests.browser.conftest import axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def make_plan() -> int:
    """A published plan of the Tokyo hub; returns the number of its first initiative."""
    from localsdg.indicators.models import Indicator
    from localsdg.orgs.models import Organisation
    from localsdg.strategy.models import (
        BudgetLine,
        GoalMapping,
        Initiative,
        Kpi,
        Plan,
        PlanVersion,
        Strategy,
        TargetMapping,
    )

    tokyo = Organisation.objects.get(slug="tokyo")
    plan = Plan.objects.create(
        organisation=tokyo, slug="zz-browser-plan", name_en="Zz Browser Plan",
        name_ja="ZZブラウザー計画", description_en="Zz A plan for the browser test.",
        start_year=2021, end_year=2030, is_published=True,
    )  # fmt: skip
    PlanVersion.objects.create(plan=plan, name_en="Zz first edition", issued=date(2021, 3, 1))
    PlanVersion.objects.create(
        plan=plan, name_en="Zz revision", name_ja="ZZ改定版", issued=date(2023, 3, 1)
    )
    safe = Strategy.objects.create(plan=plan, number="1", name_en="Zz Safe city", order=1)
    green = Strategy.objects.create(plan=plan, number="2", name_en="Zz Green city", order=2)
    flood = Initiative.objects.create(
        plan=plan, strategy=safe, code="1-1", name_en="Zz Flood control", name_ja="ZZ豪雨対策",
        description_en="Zz Retention basins.", department_en="Zz Works Bureau",
        start_year=2021, end_year=2026, status="ongoing",
    )  # fmt: skip
    GoalMapping.objects.create(
        initiative=flood, goal_id=11, role="primary", rationale_en="Zz Protects people."
    )
    GoalMapping.objects.create(initiative=flood, goal_id=13, role="secondary")
    TargetMapping.objects.create(initiative=flood, target_id="11.5", role="primary")
    Kpi.objects.create(
        initiative=flood, name_en="Zz PM2.5", unit="µg/m³", baseline_value=Decimal("15.8"),
        baseline_year=2012, target_value=Decimal(10), target_year=2030, direction="decrease",
        indicator=Indicator.objects.published().get(organisation=tokyo, code="11-6-2"),
    )  # fmt: skip
    for year, kind in ((2024, "initial"), (2024, "settled"), (2025, "initial")):
        BudgetLine.objects.create(
            initiative=flood, fiscal_year=year, kind=kind, amount=Decimal(1_250_000_000),
            unit="千円",
        )  # fmt: skip
    forest = Initiative.objects.create(
        plan=plan, strategy=green, code="2-1", name_en="Zz Urban forests", status="planned"
    )
    TargetMapping.objects.create(initiative=forest, target_id="13.1", role="primary")
    loose = Initiative.objects.create(plan=plan, code="9-1", name_en="Zz Loose initiative")
    GoalMapping.objects.create(initiative=loose, goal_id=17, role="primary")
    return flood.pk


def demo_plan_paths() -> list[str]:
    """Each published plan of the demo and its first shown initiative (none before they land)."""
    from localsdg.strategy.models import Initiative, Plan

    paths = []
    for plan in Plan.objects.published().exclude(slug="zz-browser-plan").select_related():
        paths.append(f"/plans/{plan.organisation.slug}/{plan.slug}/")
        first = Initiative.objects.published().filter(plan=plan).first()
        if first is not None:
            paths.append(f"/plans/initiatives/{first.pk}/")
    return paths


def test_a_reader_follows_the_matrix_to_an_initiative(site: str, page) -> None:
    flood = make_plan()
    page.goto(f"{site}/en/organisations/tokyo/")
    page.get_by_role("link", name="Zz Browser Plan").click()
    page.wait_for_url(f"{site}/en/plans/tokyo/zz-browser-plan/")
    matrix = page.get_by_role(
        "table", name="Initiatives of Zz Browser Plan per strategy and SDG goal"
    )
    assert matrix.locator("thead th[scope=col]").count() == 19  # strategy, 17 goals, total
    row = matrix.locator("tbody tr").filter(has=page.get_by_role("rowheader", name="Strategy 1"))
    cell = row.locator("td").nth(10)  # goal 11
    assert cell.locator(".matrix-total").inner_text() == "1"
    assert cell.locator(".matrix-split").inner_text() == "1+0"  # primary + secondary
    cell.get_by_role("link").click()
    page.wait_for_url(f"{site}/en/plans/tokyo/zz-browser-plan/?strategy=1&goal=11#initiatives")
    listed = page.locator("#initiatives").inner_text()
    assert "Zz Flood control" in listed and "Zz Urban forests" not in listed
    assert "Role: Primary" in listed
    page.locator("#initiatives").get_by_role("link", name="1-1 Zz Flood control").click()
    page.wait_for_url(f"{site}/en/plans/initiatives/{flood}/")
    main = page.locator("main").inner_text()
    assert "1,250,000 千円" in main and "Zz Protects people." in main
    page.get_by_role("link", name="11-6-2", exact=False).first.click()
    page.wait_for_url(f"{site}/en/organisations/tokyo/indicators/11-6-2/")
    assert page.csp_errors == []


def test_the_matrix_region_scrolls_from_the_keyboard(site: str, page) -> None:
    make_plan()
    page.set_viewport_size({"width": 480, "height": 800})
    page.goto(f"{site}/en/plans/tokyo/zz-browser-plan/")
    region = page.get_by_role(
        "region", name="Initiatives of Zz Browser Plan per strategy and SDG goal"
    )
    region.focus()
    assert region.evaluate("element => element.scrollWidth > element.clientWidth")
    assert region.evaluate("element => element.scrollLeft") == 0
    page.keyboard.press("ArrowRight")  # the browser scrolls smoothly: wait until it has moved
    region.element_handle().wait_for_element_state("stable")
    page.wait_for_function("element => element.scrollLeft > 0", arg=region.element_handle())


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_axe_on_every_page_type_of_the_plans(site: str, page, lang: str) -> None:
    flood = make_plan()
    paths = [
        "/plans/tokyo/zz-browser-plan/",
        "/plans/tokyo/zz-browser-plan/?strategy=1&goal=11",
        "/plans/tokyo/zz-browser-plan/?strategy=9&goal=99",  # a filter that names nothing
        f"/plans/initiatives/{flood}/",
        "/plans/goals/11/",
        "/plans/goals/4/",
        "/plans/targets/11.5/",
        "/plans/targets/13.1/",
        "/goals/11/",
        "/targets/11.5/",
        "/organisations/tokyo/",
        *demo_plan_paths(),
    ]
    problems = {}
    for path in paths:
        response = page.goto(f"{site}/{lang}{path}")
        assert response is not None and response.status == 200, path
        if violations := axe_violations(page):
            problems[path] = violations
    assert problems == {}
    assert page.csp_errors == []
