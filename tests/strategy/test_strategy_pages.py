"""The public pages of plans and initiatives: what they show, in both languages, and the
publication boundaries (a draft plan, a plan of an unpublished organisation and a hidden
initiative never show, on any surface: pages, lists, matrix, counts, sums, the portal's goal and
target pages, organisation pages and the sitemap).

The tests build their own plans with the ORM, in an organisation of their own ("zz-ward") so
that their counts and sums do not depend on the demo plans; fiscal years 2091–2092 keep the
budget sums apart from any demo budget.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

import pytest
from django.test import Client
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from localsdg.indicators.models import Indicator, Observation
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
from localsdg.strategy.pages.common import number_text, published_amount, unit_factor
from localsdg.strategy.pages.initiative import initiative_page
from localsdg.strategy.pages.plan import plan_page
from localsdg.strategy.pages.serving import serving_page, serving_summary
from tests.htmlcheck import html_problems

pytestmark = pytest.mark.django_db

LANGS = ["en", "ja"]
PLAN_URL = "/{lang}/plans/zz-ward/zz-plan/"


@dataclass
class World:
    ward: Organisation
    plan: Plan
    flood: Initiative  # strategy 1; goal 11 primary, goal 13 secondary; budgets
    poles: Initiative  # strategy 1; goal 11 secondary
    forest: Initiative  # strategy 2; only target 13.1 (primary), so goal 13 through it
    loose: Initiative  # no strategy; goal 17
    hidden: Initiative  # strategy 1, not shown
    draft: Initiative  # of a draft plan
    mitaka: Initiative  # of a published plan of an unpublished organisation


def initiative(plan: Plan, code: str, name: str, **fields: object) -> Initiative:
    return Initiative.objects.create(plan=plan, code=code, name_en=name, **fields)  # type: ignore[arg-type]


def serves(item: Initiative, goals: dict[int, str], targets: dict[str, str] | None = None) -> None:
    for number, role in goals.items():
        GoalMapping.objects.create(initiative=item, goal_id=number, role=role)
    for code, role in (targets or {}).items():
        TargetMapping.objects.create(initiative=item, target_id=code, role=role)


def budget(item: Initiative, year: int, amount: int, unit: str = "千円", kind: str = "initial"):
    BudgetLine.objects.create(
        initiative=item, fiscal_year=year, amount=Decimal(amount), unit=unit, kind=kind
    )


def other_plan(org: Organisation, slug: str, name: str, published: bool) -> Initiative:
    plan = Plan.objects.create(
        organisation=org, slug=slug, name_en=name, start_year=2021, end_year=2030,
        is_published=published,
    )  # fmt: skip
    item = initiative(plan, "1-1", f"{name} initiative")
    serves(item, {11: "primary"}, {"11.5": "primary"})
    budget(item, 2091, 777_000_000)
    return item


@pytest.fixture
def world(demo) -> World:
    tokyo = Organisation.objects.get(slug="tokyo")
    ward = Organisation.objects.create(
        slug="zz-ward", name_en="Zz Ward", name_ja="ZZ区", kind="ward", hub=tokyo,
        is_published=True,
    )  # fmt: skip
    plan = Plan.objects.create(
        organisation=ward, slug="zz-plan", name_en="Zz Long-Term Plan", name_ja="ZZ長期計画",
        description_en="Zz A plan for a safe and green ward.", start_year=2021, end_year=2030,
        is_published=True,
    )  # fmt: skip
    for name, issued in (("Zz 2021", date(2021, 3, 1)), ("Zz 2023 revision", date(2023, 3, 1)),
                         ("Zz 2099 revision", date(2099, 1, 1))):  # fmt: skip
        PlanVersion.objects.create(plan=plan, name_en=name, issued=issued)
    safe = Strategy.objects.create(
        plan=plan, number="1", name_en="Zz Safe ward", name_ja="ZZ安全な区", order=1
    )
    green = Strategy.objects.create(plan=plan, number="2", name_en="Zz Green ward", order=2)
    flood = initiative(
        plan, "1-1", "Zz Flood control", name_ja="ZZ豪雨対策", strategy=safe, status="ongoing",
        description_en="Zz Retention basins under the parks.", department_en="Zz Works Bureau",
        start_year=2021, end_year=2026, order=1,
    )  # fmt: skip
    serves(flood, {11: "primary", 13: "secondary"}, {"11.5": "primary", "13.1": "secondary"})
    GoalMapping.objects.filter(initiative=flood, goal_id=11).update(
        rationale_en="Zz Protects people in heavy rain."
    )
    budget(flood, 2091, 1_250_000_000)
    budget(flood, 2091, 1_200_000_000, kind="settled")
    budget(flood, 2092, 1_300_000_000)
    poles = initiative(
        plan, "1-2", "Zz Poles underground", strategy=safe, status="planned", order=2
    )
    serves(poles, {11: "secondary"})
    budget(poles, 2091, 5_000_000, unit="円")
    forest = initiative(plan, "2-1", "Zz Urban forests", strategy=green, order=3)
    serves(forest, {}, {"13.1": "primary"})
    loose = initiative(plan, "9-1", "Zz Loose initiative", order=4)
    serves(loose, {17: "primary"})
    hidden = initiative(plan, "1-9", "Zz Hidden initiative", strategy=safe, is_published=False)
    serves(hidden, {11: "primary", 13: "primary"}, {"11.5": "primary", "13.1": "primary"})
    budget(hidden, 2091, 999_000_000)
    draft = other_plan(ward, "zz-draft", "Zz Draft plan", published=False)
    mitaka = other_plan(Organisation.objects.get(slug="mitaka"), "zz-mitaka", "Zz Mitaka plan",
                        published=True)  # fmt: skip
    return World(ward, plan, flood, poles, forest, loose, hidden, draft, mitaka)


def html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    text = response.content.decode()
    assert html_problems(text) == [], url
    return text


def main(text: str) -> str:
    return text[text.index('<main id="main"') : text.index("</main>")]


HIDDEN_NAMES = ("Zz Hidden initiative", "Zz Draft plan", "Zz Mitaka plan")


def shows_nothing_hidden(text: str) -> None:
    for name in HIDDEN_NAMES:
        assert name not in text, name


# The plan page


@pytest.mark.parametrize("lang", LANGS)
def test_the_plan_page_shows_versions_strategies_and_initiatives(client, world, lang) -> None:
    text = main(html(client, PLAN_URL.format(lang=lang)))
    assert ("ZZ長期計画" if lang == "ja" else "Zz Long-Term Plan") in text
    versions = text[text.index('id="versions-heading"') :]
    assert (
        versions.index("Zz 2021")
        < versions.index("Zz 2023 revision")
        < versions.index("Zz 2099 revision")
    )
    in_force = re.search(r'<li class="in-force">(.*?)</li>', text, re.DOTALL)
    assert in_force and "Zz 2023 revision" in in_force.group(1)
    assert text.count('class="in-force"') == 1
    assert text.index("Zz Safe ward" if lang == "en" else "ZZ安全な区") < text.index(
        "Zz Green ward"
    )
    assert f'href="/{lang}/plans/initiatives/{world.flood.pk}/"' in text
    assert ("ZZ豪雨対策" if lang == "ja" else "Zz Flood control") in text
    assert "Zz Loose initiative" in text  # listed among the initiatives without a strategy
    shows_nothing_hidden(text)


def test_initiative_rows_carry_code_status_and_primary_goals(world) -> None:
    page = plan_page("zz-ward", "zz-plan", "en", {})
    safe = page.strategies[0]
    assert [b.key for b in page.strategies] == ["1", "2", "none"]
    assert [row.code for row in safe.initiatives] == ["1-1", "1-2"]
    flood = safe.initiatives[0]
    assert (flood.status, flood.status_label) == ("ongoing", "Ongoing")
    assert [g.number for g in flood.primary_goals] == [11]
    assert [g.number for g in page.strategies[1].initiatives[0].primary_goals] == [13]
    assert page.initiative_count == 4 and page.in_force is not None
    assert page.in_force.name.text == "Zz 2023 revision"


def test_the_matrix_counts_shown_initiatives_split_by_role(world) -> None:
    matrix = plan_page("zz-ward", "zz-plan", "en", {}).matrix
    cells = {(row.key, c.goal): (c.primary, c.secondary) for row in matrix.rows for c in row.cells}
    assert cells["1", 11] == (1, 1)  # flood primary, poles secondary; the hidden one not
    assert cells["1", 13] == (0, 1)
    assert cells["2", 13] == (1, 0)  # through its target 13.1
    assert cells["none", 17] == (1, 0)
    assert sum(p + s for p, s in cells.values()) == 5
    totals = {c.goal.number: c.total.total for c in matrix.columns}
    assert totals[11] == 2 and totals[13] == 2 and totals[17] == 1 and totals[1] == 0
    assert [row.total for row in matrix.rows] == [2, 1, 1] and matrix.total == 4
    levels = {(row.key, c.goal): c.level for row in matrix.rows for c in row.cells}
    assert levels["1", 11] == 4 and levels["1", 13] == 2 and levels["1", 1] == 0


@pytest.mark.parametrize("lang", LANGS)
def test_the_matrix_is_a_table_with_headers_caption_and_linked_numbers(client, world, lang) -> None:
    text = main(html(client, PLAN_URL.format(lang=lang)))
    table = text[text.index('<table class="data-table strategy-matrix">') :]
    table = table[: table.index("</table>")]
    assert "<caption" in table
    assert table.count('<th scope="col" class="matrix-goal">') == 17
    assert table.count('<th scope="row"') == 4  # three rows and the totals
    assert 'style="' not in text and "<style" not in text and "<script" not in text
    link = f'href="/{lang}/plans/zz-ward/zz-plan/?strategy=1&amp;goal=11#initiatives"'
    cell = table[table.index(link) :]
    assert re.match(r'[^>]*><span class="matrix-total">2</span>', cell[len(link) :])
    assert '<span class="matrix-split" aria-hidden="true">1+1</span>' in cell


def test_a_matrix_link_lists_the_initiatives_of_its_cell(client, world) -> None:
    text = main(html(client, "/en/plans/zz-ward/zz-plan/?strategy=1&goal=11"))
    assert "Zz Flood control" in text and "Zz Poles underground" in text
    assert "Zz Urban forests" not in text and "Zz Loose initiative" not in text
    shows_nothing_hidden(text)
    assert "Role: Primary" in text and "Role: Secondary" in text
    assert "2 initiatives match." in text
    page = plan_page("zz-ward", "zz-plan", "en", {"goal": "13"})
    assert [r.code for b in page.strategies for r in b.initiatives] == ["1-1", "2-1"]
    page = plan_page("zz-ward", "zz-plan", "en", {"strategy": "none"})
    assert [r.code for b in page.strategies for r in b.initiatives] == ["9-1"]


def test_a_filter_that_names_nothing_is_dropped_with_a_reason(client, world) -> None:
    text = main(html(client, "/en/plans/zz-ward/zz-plan/?strategy=7&goal=99"))
    assert "There is no strategy “7” in this plan." in text
    assert "“99” is not a goal number from 1 to 17." in text
    assert "Zz Flood control" in text and "Zz Urban forests" in text


# The initiative page


@pytest.mark.parametrize("lang", LANGS)
def test_the_initiative_page_shows_facts_mapping_and_budget(client, world, lang) -> None:
    text = main(html(client, f"/{lang}/plans/initiatives/{world.flood.pk}/"))
    assert "ZZ豪雨対策" in text and "Zz Flood control" in text  # both names
    plan_name = "Zz Long-Term Plan" if lang == "en" else "ZZ長期計画"
    for part in ("Zz Retention basins under the parks.", "Zz Works Bureau",
                 "Zz Protects people in heavy rain.", f'href="/{lang}/targets/11.5/"',
                 f'href="/{lang}/goals/13/"', plan_name):  # fmt: skip
        assert part in text, part
    assert ("FY2021–FY2026" if lang == "en" else "2021年度–2026年度") in text
    assert "1,250,000 千円" in text and "1,300,000 千円" in text
    assert "1,250,000,000" in text


def test_the_initiative_page_object(world) -> None:
    page = initiative_page(world.flood.pk, "en")
    assert page.strategy is not None and page.strategy.label == "Strategy 1"
    assert page.strategy.url == f"/en/plans/zz-ward/zz-plan/#strategy-{world.flood.strategy_id}"
    assert [(g.goal.number, g.role) for g in page.goals] == [(11, "primary"), (13, "secondary")]
    assert [(t.code, t.role) for t in page.targets] == [("11.5", "primary"), ("13.1", "secondary")]
    assert [(b.fiscal_label, b.kind, b.as_published, b.amount) for b in page.budgets] == [
        ("FY2091", "initial", "1,250,000 千円", "1,250,000,000 yen"),
        ("FY2091", "settled", "1,200,000 千円", "1,200,000,000 yen"),
        ("FY2092", "initial", "1,300,000 千円", "1,300,000,000 yen"),
    ]
    assert [(t.kind_label, t.amount, t.years) for t in page.totals] == [
        ("Initial budget", "2,550,000,000 yen", 2),
        ("Settled accounts", "1,200,000,000 yen", 1),
    ]
    poles = initiative_page(world.poles.pk, "en")
    assert [b.as_published for b in poles.budgets] == ["5,000,000 円"]


def test_a_kpi_links_a_published_indicator_with_its_latest_value_never_a_draft(
    client, world
) -> None:
    tokyo = Organisation.objects.get(slug="tokyo")
    published = Indicator.objects.published().get(organisation=tokyo, code="11-6-2")
    draft = Indicator.objects.get(organisation=tokyo, code="13-2-2-a")
    assert not draft.is_published
    plan = Plan.objects.create(organisation=tokyo, slug="zz-kpi-plan", name_en="Zz KPI plan",
                               start_year=2021, end_year=2030, is_published=True)  # fmt: skip
    item = initiative(plan, "1-1", "Zz Clean air")
    Kpi.objects.create(
        initiative=item, name_en="Zz PM2.5", unit="µg/m³", indicator=published,
        baseline_value=Decimal("15.8"), baseline_year=2012, target_value=Decimal(10),
        target_year=2030, direction="decrease",
    )  # fmt: skip
    Kpi.objects.create(initiative=item, name_en="Zz Emissions", indicator=draft, order=1)
    latest = (
        Observation.objects.filter(series__indicator=published, series__dimensions="")
        .exclude(value=None)
        .order_by("-end_year")
        .first()
    )
    assert latest is not None
    page = initiative_page(item.pk, "en")
    air, emissions = page.kpis
    assert (air.baseline, air.baseline_year, air.target, air.target_year) == (
        "15.8",
        2012,
        "10",
        2030,
    )
    assert air.direction_label == "Decrease"
    assert (
        air.indicator is not None
        and air.indicator.url == "/en/organisations/tokyo/indicators/11-6-2/"
    )
    assert air.indicator.period == latest.period and air.indicator.value == f"{latest.value:g}"
    assert emissions.indicator is None
    text = main(html(client, f"/en/plans/initiatives/{item.pk}/"))
    assert 'href="/en/organisations/tokyo/indicators/11-6-2/"' in text
    assert f"Latest value: {latest.value:g} µg/m³ ({latest.period})" in text
    assert "13-2-2-a" not in text and draft.name_en not in text


# Goal and target lists


@pytest.mark.parametrize("lang", LANGS)
def test_the_goal_list_groups_by_organisation_and_sums_initial_budgets(client, world, lang) -> None:
    text = main(html(client, f"/{lang}/plans/goals/11/"))
    assert ("ZZ豪雨対策" if lang == "ja" else "Zz Flood control") in text
    assert "Zz Poles underground" in text
    assert 'id="org-zz-ward"' in text
    shows_nothing_hidden(text)
    assert "initial budgets as published" in text or lang == "ja"
    page = serving_page("en", goal=11)
    ward = next(g for g in page.groups if g.org.slug == "zz-ward")
    assert [r.initiative.code for r in ward.initiatives] == ["1-1", "1-2"]
    assert [r.initiative.role for r in ward.initiatives] == ["primary", "secondary"]
    assert ward.primary == 1
    sums = dict(zip(page.years, ward.budgets, strict=True))
    assert sums["FY2091"] == "1,255,000,000 yen"  # initial only; the settled line is left out
    assert sums["FY2092"] == "1,300,000,000 yen"
    totals = dict(zip(page.years, page.totals, strict=True))
    assert totals["FY2091"] == "1,255,000,000 yen"  # no other organisation budgets FY2091
    assert page.count == sum(len(g.initiatives) for g in page.groups)


def test_an_initiative_of_several_goals_is_counted_under_each(world) -> None:
    goal_13 = serving_page("en", goal=13)
    ward = next(g for g in goal_13.groups if g.org.slug == "zz-ward")
    assert [(r.initiative.code, r.initiative.role) for r in ward.initiatives] == [
        ("1-1", "secondary"),
        ("2-1", "primary"),  # through target 13.1 alone
    ]
    assert dict(zip(goal_13.years, ward.budgets, strict=True))["FY2091"] == "1,250,000,000 yen"
    assert all(g.org.slug != "zz-ward" for g in serving_page("en", goal=1).groups)


def test_the_target_list_and_its_code_forms(client, world) -> None:
    text = main(html(client, "/en/plans/targets/13.1/"))
    assert "Zz Flood control" in text and "Zz Urban forests" in text
    shows_nothing_hidden(text)
    page = serving_page("en", target="11.5")
    ward = next(g for g in page.groups if g.org.slug == "zz-ward")
    assert [r.initiative.code for r in ward.initiatives] == ["1-1"]
    redirect = client.get("/en/plans/targets/13-1/")
    assert (redirect.status_code, redirect["Location"]) == (301, "/en/plans/targets/13.1/")
    for url in ("/en/plans/targets/13.99/", "/en/plans/targets/13/", "/en/plans/goals/18/",
                "/en/plans/goals/0/"):  # fmt: skip
        assert client.get(url).status_code == 404, url


def test_a_goal_nobody_serves_says_so(client, world) -> None:
    Initiative.objects.exclude(pk__in=[world.flood.pk]).update(is_published=False)
    GoalMapping.objects.filter(goal_id=4).delete()
    TargetMapping.objects.filter(target__goal_id=4).delete()
    text = main(html(client, "/en/plans/goals/4/"))
    assert "No initiative of a published plan serves this goal yet." in text
    assert serving_summary("en", goal=4) is None


# The portal's pages


@pytest.mark.parametrize("lang", LANGS)
def test_portal_goal_and_target_pages_count_initiatives_per_organisation(
    client, world, lang
) -> None:
    with translation.override(lang):
        summaries = (serving_summary(lang, goal=11), serving_summary(lang, target="13.1"))
    for url, summary in zip(
        (f"/{lang}/goals/11/", f"/{lang}/targets/13.1/"), summaries, strict=True
    ):
        assert summary is not None
        text = main(html(client, url))
        assert 'id="initiatives-heading"' in text
        assert f'href="{summary.url}"' in text and f'href="{summary.url}#org-zz-ward"' in text
        ward = next(row for row in summary.rows if row.org.slug == "zz-ward")
        assert ward.count == 2 and ward.primary == 1
        assert summary.total == sum(row.count for row in summary.rows)
        shows_nothing_hidden(text)
        assert all(row.org.slug != "mitaka" for row in summary.rows)


@pytest.mark.parametrize("lang", LANGS)
def test_an_organisation_page_links_its_published_plans_only(client, world, lang) -> None:
    text = main(html(client, f"/{lang}/organisations/zz-ward/"))
    assert f'href="/{lang}/plans/zz-ward/zz-plan/"' in text
    assert "zz-draft" not in text and "Zz Draft plan" not in text


def test_the_sitemap_lists_plans_and_shown_initiatives(client, world) -> None:
    text = client.get("/sitemap.xml").content.decode()
    assert "/en/plans/zz-ward/zz-plan/" in text and "/ja/plans/zz-ward/zz-plan/" in text
    for shown in (world.flood, world.poles, world.forest, world.loose):
        assert f"/en/plans/initiatives/{shown.pk}/" in text
    for hidden in (world.hidden, world.draft, world.mitaka):
        assert f"/plans/initiatives/{hidden.pk}/" not in text
    assert "zz-draft" not in text and "zz-mitaka" not in text
    assert "/en/plans/goals/11/" in text and "/en/plans/targets/13.1/" in text


# Publication boundaries on the pages themselves


def test_what_is_not_published_answers_404(client, world) -> None:
    for url in ("/en/plans/zz-ward/zz-draft/", "/ja/plans/mitaka/zz-mitaka/",
                "/en/plans/zz-ward/nothing/", "/en/plans/nowhere/zz-plan/",
                f"/en/plans/initiatives/{world.hidden.pk}/",
                f"/ja/plans/initiatives/{world.draft.pk}/",
                f"/en/plans/initiatives/{world.mitaka.pk}/",
                "/en/plans/initiatives/0/", f"/en/plans/initiatives/{2**62}/"):  # fmt: skip
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Traceback" not in response.content.decode()


def test_unpublishing_a_plan_or_its_organisation_takes_everything_down(client, world) -> None:
    world.plan.is_published = False
    world.plan.save()
    assert client.get(PLAN_URL.format(lang="en")).status_code == 404
    assert client.get(f"/en/plans/initiatives/{world.flood.pk}/").status_code == 404
    assert all(g.org.slug != "zz-ward" for g in serving_page("en", goal=11).groups)
    world.plan.is_published = True
    world.plan.save()
    world.ward.is_published = False
    world.ward.save()
    assert client.get(PLAN_URL.format(lang="en")).status_code == 404
    summary = serving_summary("en", goal=11)
    assert summary is None or all(row.org.slug != "zz-ward" for row in summary.rows)
    assert "zz-plan" not in client.get("/sitemap.xml").content.decode()


def test_a_hidden_initiative_counts_nowhere(world) -> None:
    """Held back on its own, its goals 11 and 13 and targets 11.5 and 13.1 must not count."""
    assert all(
        world.hidden.pk not in {r.initiative.pk for g in serving_page("en", **where).groups
                                for r in g.initiatives}
        for where in ({"goal": 11}, {"goal": 13}, {"target": "11.5"}, {"target": "13.1"})
    )  # fmt: skip
    page = serving_page("en", target="11.5")
    ward = next(g for g in page.groups if g.org.slug == "zz-ward")
    assert dict(zip(page.years, ward.budgets, strict=True))["FY2091"] == "1,250,000,000 yen"
    assert dict(zip(page.years, page.totals, strict=True))["FY2091"] == "1,250,000,000 yen"


# Amounts as published


@given(st.integers(min_value=0, max_value=10**12))
def test_an_amount_stored_in_yen_shows_in_thousands_as_published(thousands: int) -> None:
    yen = Decimal(thousands) * 1000
    assert published_amount(yen, "JPY", "千円") == f"{thousands:,} 千円"
    assert number_text(yen) == f"{thousands * 1000:,}"


def test_units_as_published() -> None:
    assert [unit_factor(u) for u in ("千円", "（千円）", "百万円", "Thousand yen", "", "円")] == [
        1000, 1000, 10**6, 1000, 1, 1,
    ]  # fmt: skip
    assert unit_factor("ドル") is None
    assert published_amount(Decimal(1500), "JPY", "ドル") == ""
    assert published_amount(Decimal("1234567.5"), "JPY", "千円") == "1,234.5675 千円"
