"""axe-core finds nothing on the editors' screens of plans in either language: the plan tree, a
plan with its versions and strategies, its initiatives with the bulk change form, an initiative
with its pickers, KPIs, budgets and suggestions, a new initiative, and the table upload."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.test_indicators_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_axe_on_the_editors_screens_of_plans(site: str, page, lang: str) -> None:
    from localsdg.strategy.models import Initiative, Plan

    plan = Plan.objects.get(organisation__slug="tokyo", slug="future-tokyo")
    initiative = Initiative.objects.filter(plan=plan).exclude(kpis=None).first()
    assert initiative is not None
    sign_in(page, site, "tokyo-editor")
    problems = {}
    for path in [
        "/manage/tokyo/plans/",
        "/manage/tokyo/plans/new/",
        f"/manage/tokyo/plans/{plan.pk}/",
        f"/manage/tokyo/plans/{plan.pk}/initiatives/",
        f"/manage/tokyo/plans/{plan.pk}/initiatives/new/",
        f"/manage/tokyo/plans/initiatives/{initiative.pk}/",
        "/manage/tokyo/plans/import/",
    ]:
        response = page.goto(f"{site}/{lang}{path}")
        assert response.status == 200, path
        if violations := axe_violations(page):
            problems[path] = violations
    assert problems == {}
    assert page.csp_errors == []
