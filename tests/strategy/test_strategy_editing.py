"""The editors' plan screens: the tree of plans, the plan screen with its versions and
strategies, the initiative screen with its goals, targets, KPIs and budget lines, the target
suggestions an editor adds by pressing a button, and the bulk change of a plan's mapping.

Every screen is driven as a browser would: the page is read, its form filled in and posted.
Invalid input must store nothing at all, also the valid parts posted with it.

The tests build their own plan in Tokyo ("zz-plan") so they do not depend on the demo plans.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.test import Client

from localsdg.framework.models import Target
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
from tests.htmlcheck import html_problems

pytestmark = pytest.mark.django_db

BASE = "/en/manage/tokyo/plans"


class Forms(HTMLParser):
    """Every form of a page with its action and the values a browser would send unchanged."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[tuple[str, dict[str, list[str]]]] = []
        self._select: str | None = None
        self._textarea: str | None = None
        self._options: list[tuple[str, bool]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attr = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.forms.append((attr.get("action", ""), {}))
            return
        if not self.forms:
            return
        fields = self.forms[-1][1]
        if tag == "option" and self._select is not None:
            self._options.append((attr.get("value", ""), "selected" in attr))
        elif "name" not in attr or "disabled" in attr:
            return
        elif tag == "input":
            kind = attr.get("type", "text")
            if kind in {"checkbox", "radio"} and "checked" not in attr:
                return
            if kind not in {"submit", "button", "file", "image", "reset"}:
                default = "on" if kind in {"checkbox", "radio"} else ""
                fields.setdefault(attr["name"], []).append(attr.get("value", default))
        elif tag == "select":
            self._select, self._options = attr["name"], []
        elif tag == "textarea":
            self._textarea = attr["name"]
            fields[attr["name"]] = [""]

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self.forms[-1][1][self._textarea][0] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected]
            first = [value for value, _selected in self._options[:1]]
            self.forms[-1][1][self._select] = chosen or first
            self._select = None


def page_form(html: str, field: str) -> dict[str, str | list[str]]:
    """The fields of the page's form that has ``field``, as the test client posts them."""
    parser = Forms()
    parser.feed(html)
    fields = next(fields for _action, fields in parser.forms if field in fields)
    return {name: values if len(values) > 1 else values[0] for name, values in fields.items()}


def read(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    html = response.content.decode()
    assert html_problems(html) == [], url
    return html


def main_text(html: str) -> str:
    return html.split('<main id="main"', 1)[1].split("</main>", 1)[0]


def messages_of(html: str) -> str:
    found = re.search(r'<div class="messages"[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", " ", found.group(1)) if found else ""


def signed_in(user, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


@dataclass
class World:
    org: Organisation
    plan: Plan
    first: Strategy
    second: Strategy
    flood: Initiative  # strategy 1; goal 11 primary, target 11.5 primary
    poles: Initiative  # strategy 1; goal 11 secondary
    forest: Initiative  # strategy 2; nothing mapped, hidden
    loose: Initiative  # no strategy; goal 17 primary
    other_plan: Plan  # of Shinjuku
    other: Initiative  # of Shinjuku's plan


@pytest.fixture
def world(orgs) -> World:
    org = orgs["tokyo"]
    plan = Plan.objects.create(
        organisation=org, slug="zz-plan", name_en="Zz Plan", name_ja="Zz 計画",
        start_year=2091, end_year=2095, is_published=False,
    )  # fmt: skip
    PlanVersion.objects.create(plan=plan, name_en="Zz first edition", issued="2091-04-01")
    first = Strategy.objects.create(plan=plan, number="1", name_en="Zz safe city", order=1)
    second = Strategy.objects.create(plan=plan, number="2", name_ja="Zz 緑の街", order=2)

    def initiative(code: str, strategy: Strategy | None, **fields: object) -> Initiative:
        return Initiative.objects.create(plan=plan, code=code, strategy=strategy, **fields)

    flood = initiative("Zz-1", first, name_en="Zz flood walls", name_ja="Zz 防潮堤の整備")
    GoalMapping.objects.create(initiative=flood, goal_id=11, role="primary")
    TargetMapping.objects.create(initiative=flood, target_id="11.5", role="primary")
    poles = initiative("Zz-2", first, name_ja="無電柱化の推進", status="ongoing")
    GoalMapping.objects.create(initiative=poles, goal_id=11, role="secondary")
    forest = initiative("Zz-3", second, name_en="Zz city forest", is_published=False)
    loose = initiative("Zz-4", None, name_en="Promote zero-emission vehicles")
    GoalMapping.objects.create(initiative=loose, goal_id=17, role="primary")
    other_plan = Plan.objects.create(
        organisation=orgs["shinjuku"], slug="zz-other", name_en="Zz Shinjuku plan",
        start_year=2091, end_year=2092,
    )  # fmt: skip
    other = Initiative.objects.create(plan=other_plan, code="Zz-9", name_en="Zz other ward")
    return World(org, plan, first, second, flood, poles, forest, loose, other_plan, other)


def snapshot(plan: Plan) -> tuple[object, ...]:
    """Everything a plan holds, to show that a refused post changed nothing."""
    plan.refresh_from_db()
    initiatives = Initiative.objects.filter(plan=plan)
    return (
        {f.name: getattr(plan, f.name) for f in Plan._meta.fields if f.name != "updated"},
        sorted(PlanVersion.objects.filter(plan=plan).values_list("pk", "name_en", "issued")),
        sorted(Strategy.objects.filter(plan=plan).values_list("pk", "number", "name_en")),
        sorted(initiatives.values_list("pk", "code", "name_en", "name_ja", "strategy")),
        sorted(GoalMapping.objects.filter(initiative__in=initiatives).values_list(
            "initiative", "goal", "role", "rationale_en")),
        sorted(TargetMapping.objects.filter(initiative__in=initiatives).values_list(
            "initiative", "target", "role")),
        sorted(Kpi.objects.filter(initiative__in=initiatives).values_list("pk", "name_en")),
        sorted(BudgetLine.objects.filter(initiative__in=initiatives).values_list(
            "pk", "fiscal_year", "amount")),
    )  # fmt: skip


# --- the dashboard and the tree -----------------------------------------------------------


def test_the_dashboard_links_each_organisations_plans(world, user) -> None:
    html = read(signed_in(user, "tokyo-admin"), "/en/manage/")
    assert "Plans and initiatives" in html
    for slug in ("tokyo", "shinjuku", "mitaka"):
        assert f'href="/en/manage/{slug}/plans/"' in html


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_tree_shows_every_plan_strategy_and_initiative(world, user, lang: str) -> None:
    html = read(signed_in(user, "tokyo-editor"), f"/{lang}/manage/tokyo/plans/")
    main = main_text(html)
    assert "Zz 計画" in main or "Zz Plan" in main  # the draft plan is listed too
    assert "Future Tokyo" in main or "未来の東京" in main  # and the demo's published plan
    for initiative in (world.flood, world.poles, world.forest, world.loose):
        assert f'href="/{lang}/manage/tokyo/plans/initiatives/{initiative.pk}/"' in main
    # Goals as badges with their number and short title; hidden initiatives say so.
    assert re.search(r'class="plan-goal goal-11">11 <span lang="\w+">[^<]+</span>', main)
    assert re.search(r'class="badge">17 |class="plan-goal goal-17">17 ', main)
    flood_item = main.split(f"initiatives/{world.flood.pk}/", 1)[1].split("</li>", 1)[0]
    assert "goal-11" in flood_item
    forest_item = main.split(f"initiatives/{world.forest.pk}/", 1)[1].split("</li>", 1)[0]
    assert '<strong class="badge">' in forest_item  # hidden
    # Strategy 2's Japanese-only name is shown marked as not translated in English.
    if lang == "en":
        assert "Zz 緑の街" in main and "(not yet translated)" in main
    assert f'href="/{lang}/manage/tokyo/plans/new/"' in main
    assert f'href="/{lang}/manage/tokyo/plans/import/"' in main
    assert "Shinjuku" not in main and "Zz other ward" not in main


def test_readers_see_the_tree_without_edit_links(world, user) -> None:
    html = read(signed_in(user, "tokyo-viewer"), f"{BASE}/")
    assert "Zz flood walls" in html
    assert f'href="{BASE}/new/"' not in html
    assert f'href="{BASE}/import/"' not in html
    assert "only editors of the organisation can change them" in html


# --- the plan screen -------------------------------------------------------------------------


def test_a_new_plan_is_created_with_a_version_and_strategies(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    data = page_form(read(client, f"{BASE}/new/"), "plan-slug")
    data |= {
        "plan-slug": "zz-new", "plan-name_en": "Zz New Plan", "plan-name_ja": "Zz 新しい計画",
        "plan-start_year": "2096", "plan-end_year": "2099", "plan-url": "example.org/plan",
        "plan-description_ja": "Zz 説明",
        "versions-0-name_ja": "Zz 初版", "versions-0-issued": "2096-04-01",
        "strategies-0-number": "1", "strategies-0-name_en": "Zz first", "strategies-0-order": "1",
        "strategies-1-number": "2", "strategies-1-name_ja": "Zz 第二", "strategies-1-order": "2",
    }  # fmt: skip
    response = client.post(f"{BASE}/new/", data)
    plan = Plan.objects.get(organisation=world.org, slug="zz-new")
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/{plan.pk}/"
    assert (plan.name_ja, plan.start_year, plan.end_year) == ("Zz 新しい計画", 2096, 2099)
    assert plan.url == "https://example.org/plan" and not plan.is_published
    assert list(plan.versions.values_list("name_ja", "issued")) == [
        ("Zz 初版", plan.versions.get().issued)
    ]
    assert list(plan.strategies.values_list("number", "name_en", "name_ja")) == [
        ("1", "Zz first", ""),
        ("2", "", "Zz 第二"),
    ]
    html = read(client, response["Location"])
    assert "The plan was created." in messages_of(html)
    # The short name is fixed now: it is part of the public address.
    assert re.search(r'<input[^>]*name="plan-slug"[^>]*disabled', html)


def test_the_plan_screen_edits_adds_and_deletes_versions_and_edits_strategies(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    url = f"{BASE}/{world.plan.pk}/"
    data = page_form(read(client, url), "plan-name_en")
    version = world.plan.versions.get()
    assert data["versions-0-id"] == str(version.pk)
    data |= {
        "plan-is_published": "on",
        "plan-slug": "hijacked",  # disabled: ignored
        "versions-0-DELETE": "on",
        "versions-1-name_en": "Zz 2092 edition", "versions-1-issued": "2092-04-01",
        "strategies-0-name_ja": "Zz 安全な街",
        "strategies-2-number": "3", "strategies-2-name_en": "Zz third", "strategies-2-order": "3",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    plan = Plan.objects.get(pk=world.plan.pk)
    assert plan.is_published and plan.slug == "zz-plan"
    assert list(plan.versions.values_list("name_en", flat=True)) == ["Zz 2092 edition"]
    assert not PlanVersion.objects.filter(pk=version.pk).exists()
    world.first.refresh_from_db()
    assert world.first.name_ja == "Zz 安全な街"
    assert list(plan.strategies.values_list("number", flat=True)) == ["1", "2", "3"]
    html = read(client, url)
    assert "The plan was saved." in messages_of(html)
    assert 'href="/en/plans/tokyo/zz-plan/"' in html  # published now: the public page


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"plan-end_year": "2090"}, "plan-end_year", "The last year comes before the first."),
        ({"plan-start_year": "1800"}, "plan-start_year", "Give a year between 1900 and 2100."),
        ({"plan-name_en": "", "plan-name_ja": ""}, "plan-name_en", "at least one language"),
        ({"plan-url": "not a web address"}, "plan-url", "Enter a valid URL."),
        ({"versions-1-name_en": "Zz v2"}, "versions-1-issued", "This field is required."),
        ({"versions-0-issued": "2091-13-40"}, "versions-0-issued", "Enter a valid date."),
        ({"strategies-2-number": "1", "strategies-2-name_en": "Zz again"}, None,
         "Two rows have the same number: keep only one of them."),
        ({"strategies-2-number": "", "strategies-2-name_en": "Zz unnumbered"},
         "strategies-2-number", "This field is required."),
    ],
)  # fmt: skip
def test_plan_errors_store_nothing_and_say_why(
    world, user, changes: dict[str, str], field: str | None, reason: str
) -> None:
    client = signed_in(user, "tokyo-editor")
    url = f"{BASE}/{world.plan.pk}/"
    data = page_form(read(client, url), "plan-name_en")
    before = snapshot(world.plan)
    # A valid change posted along with the invalid one is not stored either.
    data |= {"plan-name_en": "Zz renamed", "strategies-1-name_en": "Zz renamed too", **changes}
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_problems(html) == []
    assert "Nothing was saved" in html
    assert reason in html
    if field:
        error = html.split(f'id="id_{field}"', 1)[1].split("</td>", 1)[0]
        assert reason in error or reason in html.split(f'id="id_{field}_error"', 1)[1][:400]
    assert snapshot(world.plan) == before


def test_a_short_name_is_used_once_per_organisation(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    data = page_form(read(client, f"{BASE}/new/"), "plan-slug")
    data |= {"plan-slug": "zz-plan", "plan-name_en": "Zz twin", "plan-start_year": "2091",
             "plan-end_year": "2092"}  # fmt: skip
    count = Plan.objects.count()
    response = client.post(f"{BASE}/new/", data)
    assert response.status_code == 200
    assert "already has a plan with this short name" in response.content.decode()
    assert Plan.objects.count() == count
    response = client.post(f"{BASE}/new/", data | {"plan-slug": "Zz_Plan"})
    assert response.status_code == 200
    assert "Use lowercase letters, digits and single hyphens" in response.content.decode()
    assert Plan.objects.count() == count
    # Shinjuku may have its own plan of that name.
    shinjuku = signed_in(user, "shinjuku-editor")
    data = page_form(read(shinjuku, "/en/manage/shinjuku/plans/new/"), "plan-slug")
    data |= {"plan-slug": "zz-plan", "plan-name_en": "Zz Shinjuku", "plan-start_year": "2091",
             "plan-end_year": "2092"}  # fmt: skip
    assert shinjuku.post("/en/manage/shinjuku/plans/new/", data).status_code == 302
    assert Plan.objects.filter(slug="zz-plan").count() == 2


# --- the initiative screen -------------------------------------------------------------------


def test_a_new_initiative_is_stored_with_everything_in_one_post(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    url = f"{BASE}/{world.plan.pk}/initiatives/new/"
    html = read(client, url)
    data = page_form(html, "initiative-code")
    assert data["initiative-order"] == "1"  # after the highest order of the plan
    indicator = Indicator.objects.get(organisation=world.org, code="11-6-2")
    data |= {
        "initiative-strategy": str(world.second.pk), "initiative-code": "Zz-5",
        "initiative-name_ja": "Zz 大気をきれいに", "initiative-name_en": "Zz clean air",
        "initiative-description_en": "Zz fewer diesel trucks",
        "initiative-department_ja": "Zz 環境局", "initiative-start_year": "2091",
        "initiative-end_year": "2093", "initiative-status": "planned",
        "goals-0-goal": "11", "goals-0-role": "primary",
        "goals-0-rationale_en": "Zz air of cities", "goals-0-rationale_ja": "Zz 都市の大気",
        "goals-1-goal": "3", "goals-1-role": "secondary",
        "targets-0-target": "11.6", "targets-0-role": "primary",
        "targets-1-target": "3.9", "targets-1-role": "secondary",
        "kpis-0-name_ja": "Zz PM2.5 濃度", "kpis-0-unit": "µg/m³",
        "kpis-0-baseline_value": "12.5", "kpis-0-baseline_year": "2090",
        "kpis-0-target_value": "10", "kpis-0-target_year": "2095",
        "kpis-0-direction": "decrease", "kpis-0-indicator": str(indicator.pk),
        "budgets-0-fiscal_year": "2091", "budgets-0-amount": "1250000000",
        "budgets-0-currency": "jpy", "budgets-0-unit": "千円", "budgets-0-kind": "initial",
        "budgets-1-fiscal_year": "2091", "budgets-1-amount": "300000",
        "budgets-1-unit": "", "budgets-1-kind": "supplementary",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    initiative = Initiative.objects.get(plan=world.plan, code="Zz-5")
    assert response["Location"] == f"{BASE}/initiatives/{initiative.pk}/"
    assert initiative.strategy == world.second and initiative.department_ja == "Zz 環境局"
    assert (initiative.start_year, initiative.end_year, initiative.status) == (
        2091,
        2093,
        "planned",
    )
    assert sorted(initiative.goals.values_list("goal", "role", "rationale_ja")) == [
        (3, "secondary", ""), (11, "primary", "Zz 都市の大気")
    ]  # fmt: skip
    assert sorted(initiative.targets.values_list("target", "role")) == [
        ("11.6", "primary"), ("3.9", "secondary")
    ]  # fmt: skip
    kpi = initiative.kpis.get()
    assert (kpi.name_ja, kpi.baseline_value, kpi.target_year, kpi.indicator) == (
        "Zz PM2.5 濃度", Decimal("12.5"), 2095, indicator
    )  # fmt: skip
    budgets = list(initiative.budgets.values_list("fiscal_year", "kind", "amount", "currency",
                                                 "unit"))  # fmt: skip
    assert budgets == [
        (2091, "initial", Decimal("1250000000"), "JPY", "千円"),
        (2091, "supplementary", Decimal("300000"), "JPY", ""),
    ]
    html = read(client, response["Location"])
    assert "The initiative was created." in messages_of(html)
    assert "Worth a second look" not in html  # every target's goal is listed
    # Stored numbers come back as typed, not as 12.500000.
    edit = page_form(html, "initiative-code")
    assert edit["kpis-0-baseline_value"] == "12.5"
    assert edit["budgets-0-amount"] == "1250000000"


def test_the_initiative_screen_edits_its_formsets(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    url = f"{BASE}/initiatives/{world.flood.pk}/"
    BudgetLine.objects.create(initiative=world.flood, fiscal_year=2091, amount=1000)
    Kpi.objects.create(initiative=world.flood, name_en="Zz walls built")
    data = page_form(read(client, url), "initiative-code")
    data |= {
        "initiative-name_en": "Zz higher flood walls",
        "goals-0-rationale_en": "Zz protects homes",
        "goals-1-goal": "13", "goals-1-role": "secondary",
        "targets-0-role": "secondary",
        "targets-1-target": "1.5", "targets-1-role": "secondary",  # goal 1 is not listed
        "kpis-0-DELETE": "on",
        "budgets-0-amount": "2000",
    }  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 302
    flood = Initiative.objects.get(pk=world.flood.pk)
    assert flood.name_en == "Zz higher flood walls"
    assert sorted(flood.goals.values_list("goal", "role", "rationale_en")) == [
        (11, "primary", "Zz protects homes"), (13, "secondary", "")
    ]  # fmt: skip
    assert sorted(flood.targets.values_list("target", "role")) == [
        ("1.5", "secondary"), ("11.5", "secondary")
    ]  # fmt: skip
    assert not flood.kpis.exists()
    assert flood.budgets.get().amount == Decimal("2000")
    html = read(client, url)
    warning = html.split('id="mapping-warnings"', 1)[1].split("</div>", 1)[0]
    assert "Target 1.5 belongs to goal 1, which this initiative does not list (goals: 11, 13)" in (
        warning
    )
    # Removing a mapping is a checkbox of its row.
    data = page_form(html, "initiative-code")
    row = next(k for k, v in data.items() if k.endswith("-target") and v == "1.5")
    data[row.replace("-target", "-DELETE")] = "on"
    assert client.post(url, data).status_code == 302
    assert not flood.targets.filter(target="1.5").exists()
    assert "Worth a second look" not in read(client, url)


def indicator_of_shinjuku() -> Indicator:
    return Indicator.objects.get(organisation__slug="shinjuku", code="11-7-1-a")


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"initiative-name_en": "", "initiative-name_ja": ""}, "initiative-name_en",
         "Give the name in at least one language."),
        ({"initiative-code": "Zz-2"}, "initiative-code",
         "This plan already has an initiative with this code."),
        ({"initiative-start_year": "2095", "initiative-end_year": "2091"},
         "initiative-end_year", "The last year comes before the first."),
        ({"goals-1-goal": "11", "goals-1-role": "secondary"}, None,
         "Two rows have the same goal: keep only one of them."),
        ({"goals-1-goal": "18"}, "goals-1-goal", "Select a valid choice."),
        ({"targets-1-target": "11.99"}, "targets-1-target", "Select a valid choice."),
        ({"kpis-0-name_en": "Zz KPI", "kpis-0-indicator": "{shinjuku}"}, "kpis-0-indicator",
         "Select a valid choice."),
        ({"kpis-0-name_en": "Zz KPI", "kpis-0-target_value": "ten"}, "kpis-0-target_value",
         "Enter a number."),
        ({"kpis-0-unit": "%"}, "kpis-0-name_en", "Give the name in at least one language."),
        ({"budgets-0-fiscal_year": "2091", "budgets-0-amount": "5", "budgets-0-unit": "bags"},
         "budgets-0-unit", "This unit is not understood"),
        ({"budgets-0-fiscal_year": "2091", "budgets-0-amount": "5", "budgets-0-currency": "円"},
         "budgets-0-currency", "three-letter currency code"),
        ({"budgets-0-fiscal_year": "2091", "budgets-0-amount": "5", "budgets-1-fiscal_year":
          "2091", "budgets-1-amount": "6"}, None,
         "Two rows have the same fiscal year and kind: keep only one of them."),
        ({"budgets-0-amount": "5"}, "budgets-0-fiscal_year", "This field is required."),
    ],
)  # fmt: skip
def test_initiative_errors_store_nothing_and_say_why(
    world, user, changes: dict[str, str], field: str | None, reason: str
) -> None:
    client = signed_in(user, "tokyo-editor")
    url = f"{BASE}/initiatives/{world.flood.pk}/"
    data = page_form(read(client, url), "initiative-code")
    before = snapshot(world.plan)
    changes = {
        key: value.format(shinjuku=indicator_of_shinjuku().pk) for key, value in changes.items()
    }
    data |= {"initiative-name_en": "Zz renamed", "goals-0-rationale_en": "Zz kept back",
             "targets-1-target": "13.1", **changes}  # fmt: skip
    response = client.post(url, data)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_problems(html) == []
    assert "Nothing was saved" in html
    assert reason in html, reason
    if field:
        assert reason in html.split(f'id="id_{field}_error"', 1)[1][:500]
    assert snapshot(world.plan) == before


def test_a_strategy_of_another_plan_or_organisation_is_refused(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    url = f"{BASE}/initiatives/{world.flood.pk}/"
    data = page_form(read(client, url), "initiative-code")
    demo_strategy = (
        Strategy.objects.exclude(plan=world.plan).filter(plan__organisation=world.org).first()
    )
    assert demo_strategy is not None
    before = snapshot(world.plan)
    response = client.post(url, data | {"initiative-strategy": str(demo_strategy.pk)})
    assert response.status_code == 200
    assert "Select a valid choice." in response.content.decode()
    assert snapshot(world.plan) == before


def test_a_mapping_row_of_another_initiative_cannot_be_changed(world, user) -> None:
    """A guessed id of another organisation's mapping in a row is ignored: that mapping is not
    changed, and none is made from the row."""
    client = signed_in(user, "tokyo-editor")
    url = f"{BASE}/initiatives/{world.flood.pk}/"
    foreign = GoalMapping.objects.create(initiative=world.other, goal_id=5, role="secondary")
    data = page_form(read(client, url), "initiative-code")
    data |= {"goals-0-id": str(foreign.pk), "goals-0-goal": "5", "goals-0-role": "primary"}
    before = snapshot(world.plan)
    client.post(url, data)
    assert snapshot(world.plan) == before
    foreign.refresh_from_db()
    assert (foreign.initiative, foreign.goal_id, foreign.role) == (world.other, 5, "secondary")
    assert not GoalMapping.objects.filter(goal=5, initiative=world.flood).exists()


def test_the_pickers_name_goals_and_targets_in_both_languages(world, user) -> None:
    Target.objects.filter(code="11.7").update(
        title={"en": "By 2030, provide universal access to safe, inclusive green spaces"}
    )
    html = read(signed_in(user, "tokyo-editor"), f"{BASE}/initiatives/{world.flood.pk}/")
    select = html.split('name="targets-0-target"', 1)[1].split("</select>", 1)[0]
    options = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select))
    assert len(options) == 170  # 169 targets and the empty choice
    assert options["11.6"].startswith(
        "11.6 — By 2030, reduce the adverse per capita environmental impact of"
    )
    english, japanese = options["11.6"].split(" / ")
    assert english.endswith("…") and japanese.startswith("2030年までに") and japanese.endswith("…")
    assert options["11.7"].endswith(" / (not yet translated)")
    goal = html.split('name="goals-0-goal"', 1)[1].split("</select>", 1)[0]
    goals = dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', goal))
    assert goals["11"] == "11 — Sustainable cities and communities / 住み続けられるまちづくりを"
    # The indicator picker offers only Tokyo's indicators.
    kpi = html.split('name="kpis-0-indicator"', 1)[1].split("</select>", 1)[0]
    assert "11-6-2" in kpi and "11-7-1-a" not in kpi


# --- suggestions -----------------------------------------------------------------------------


def suggestion_codes(html: str) -> list[str]:
    section = html.split('id="suggestions"', 1)[1].split("</section>", 1)[0]
    return re.findall(r'<li><span class="code">([^<]+)</span>', section)


def test_suggestions_leave_out_mapped_targets_and_add_only_when_pressed(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    url = f"{BASE}/initiatives/{world.poles.pk}/"
    html = read(client, url)
    codes = suggestion_codes(html)
    assert len(codes) == 5 and "9.1" in codes
    section = html.split('id="suggestions"', 1)[1].split("</section>", 1)[0]
    assert "無電柱化" in section  # the word that matched
    assert 'lang="ja">無電柱化' in section
    assert not world.poles.targets.exists()  # showing them maps nothing
    # Press "Add as primary" on 9.1: the target and its goal (with the same role) are added.
    form = page_form(html.split("9.1</span>", 1)[1], "target")
    assert form == {"csrfmiddlewaretoken": form["csrfmiddlewaretoken"], "target": "9.1",
                    "role": "primary"}  # fmt: skip
    response = client.post(f"{url}suggestions/", form)
    assert response.status_code == 302 and response["Location"] == f"{url}#suggestions"
    assert list(world.poles.targets.values_list("target", "role")) == [("9.1", "primary")]
    assert sorted(world.poles.goals.values_list("goal", "role")) == [
        (9, "primary"), (11, "secondary")
    ]  # fmt: skip
    html = read(client, url)
    assert "Target 9.1 and its goal 9 were added as primary." in messages_of(html)
    after = suggestion_codes(html)
    assert "9.1" not in after and len(after) == 5
    # Another as secondary whose goal is now listed: only the target is added.
    second = next(code for code in after if code.startswith("9."))
    response = client.post(f"{url}suggestions/", {"target": second, "role": "secondary"})
    assert world.poles.targets.get(target=second).role == "secondary"
    assert world.poles.goals.count() == 2
    assert f"Target {second} was added as a secondary target." in messages_of(read(client, url))
    # Pressing again changes nothing.
    client.post(f"{url}suggestions/", {"target": "9.1", "role": "secondary"})
    assert world.poles.targets.get(target="9.1").role == "primary"
    assert "already mapped" in messages_of(read(client, url))


def test_suggestions_read_english_when_there_is_no_japanese(world, user) -> None:
    html = read(signed_in(user, "tokyo-editor"), f"{BASE}/initiatives/{world.loose.pk}/")
    assert suggestion_codes(html)[:3] == ["13.2", "11.6", "11.2"]
    section = html.split('id="suggestions"', 1)[1].split("</section>", 1)[0]
    assert '<span lang="en">zero-emission vehicles</span>' in section


def test_a_bad_suggestion_post_changes_nothing(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    url = f"{BASE}/initiatives/{world.poles.pk}/suggestions/"
    for data in ({"target": "99.9", "role": "primary"}, {"target": "9.1", "role": "main"}, {}):
        response = client.post(url, data)
        assert response.status_code == 302
    assert not world.poles.targets.exists()
    page = read(client, f"{BASE}/initiatives/{world.poles.pk}/")
    assert "nothing was changed" in messages_of(page)
    assert client.get(url).status_code == 405


# --- bulk changes ----------------------------------------------------------------------------


def remap(client: Client, world: World, chosen: list[Initiative], **fields: str):
    return client.post(
        f"{BASE}/{world.plan.pk}/remap/",
        {"initiatives": [str(i.pk) for i in chosen], **fields},
    )


def test_bulk_add_and_remove_goals_and_targets(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    listed = f"{BASE}/{world.plan.pk}/initiatives/"
    html = read(client, f"{BASE}/{world.plan.pk}/initiatives/")
    assert page_form(html, "action")["action"] == "add_goal"
    for initiative in (world.flood, world.poles, world.forest, world.loose):
        assert f'id="pick-{initiative.pk}"' in html
    chosen = [world.flood, world.poles, world.forest]
    response = remap(client, world, chosen, action="add_goal", goal="11", role="primary")
    assert response.status_code == 302
    assert response["Location"] == f"{BASE}/{world.plan.pk}/initiatives/"
    # flood had goal 11 as primary already: two changed.
    assert "2 initiatives changed." in messages_of(read(client, response["Location"]))
    for initiative in chosen:
        assert initiative.goals.get(goal=11).role == "primary"
    assert not world.loose.goals.filter(goal=11).exists()

    remap(client, world, [world.forest], action="add_target", target="15.1", role="secondary")
    assert "1 initiative changed." in messages_of(read(client, listed))
    assert list(world.forest.targets.values_list("target", "role")) == [("15.1", "secondary")]
    assert not world.forest.goals.filter(goal=15).exists()  # only what was asked

    remap(client, world, [world.flood, world.forest], action="remove_target", target="11.5")
    assert not world.flood.targets.exists()
    remap(client, world, [world.flood, world.loose], action="remove_goal", goal="17")
    assert not world.loose.goals.exists()
    assert world.flood.goals.filter(goal=11).exists()
    assert "1 initiative changed." in messages_of(read(client, listed))
    remap(client, world, [world.loose], action="remove_goal", goal="17")
    assert "0 initiatives changed." in messages_of(read(client, listed))


@pytest.mark.parametrize(
    ("fields", "reason"),
    [
        ({"action": "add_goal", "role": "primary"}, "Choose the goal to add or remove."),
        ({"action": "remove_target"}, "Choose the target to add or remove."),
        ({"action": "add_target", "target": "11.6", "role": ""}, "Choose the role"),
        ({"action": "add_goal", "goal": "18", "role": "primary"}, "Select a valid choice."),
        ({"action": "rename", "goal": "3"}, "Select a valid choice."),
    ],
)
def test_bulk_errors_change_nothing(world, user, fields: dict[str, str], reason: str) -> None:
    client = signed_in(user, "tokyo-editor")
    before = snapshot(world.plan)
    response = remap(client, world, [world.flood, world.poles], **fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert html_problems(html) == []
    assert reason in html
    assert "Nothing was changed" in html
    assert snapshot(world.plan) == before
    # The initiatives chosen stay chosen.
    assert re.search(rf'id="pick-{world.flood.pk}" checked', html)


def test_bulk_needs_a_choice_and_only_this_plans_initiatives(world, user) -> None:
    client = signed_in(user, "tokyo-editor")
    before = snapshot(world.plan)
    response = remap(client, world, [], action="add_goal", goal="3", role="primary")
    assert "Choose at least one initiative." in response.content.decode()
    demo = Initiative.objects.filter(plan__organisation=world.org).exclude(plan=world.plan)[0]
    for foreign in (world.other, demo):
        response = remap(client, world, [world.flood, foreign], action="add_goal", goal="3",
                         role="primary")  # fmt: skip
        assert response.status_code == 200
        assert "Select a valid choice." in response.content.decode()
        assert not foreign.goals.filter(goal=3).exists()
    assert snapshot(world.plan) == before
    assert client.get(f"{BASE}/{world.plan.pk}/remap/").status_code == 405


# --- readers ---------------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["tokyo-viewer", "tokyo-admin"])
def test_readers_get_read_only_screens(world, user, username: str) -> None:
    """A viewer of Tokyo, and (for Mitaka) the hub's admin, who may read but not edit."""
    client = signed_in(user, username)
    if username == "tokyo-admin":
        mitaka = Plan.objects.filter(organisation__slug="mitaka").first()
        assert mitaka is not None
        initiative = Initiative.objects.filter(plan=mitaka).first()
        assert initiative is not None
        base, plan_pk, initiative_pk = "/en/manage/mitaka/plans", mitaka.pk, initiative.pk
    else:
        base, plan_pk, initiative_pk = BASE, world.plan.pk, world.poles.pk
    for path, field in [
        (f"{base}/{plan_pk}/", "plan-name_en"),
        (f"{base}/initiatives/{initiative_pk}/", "initiative-name_en"),
    ]:
        html = read(client, path)
        main = main_text(html)
        assert "only editors of the organisation can change it" in main
        assert "<button" not in main and 'type="submit"' not in main
        assert re.search(rf'<input[^>]*name="{field}"[^>]*disabled', main)
        assert not re.search(r'<(input|select|textarea)(?![^>]*(disabled|type="hidden"))[^>]*'
                             r'name="(plan|initiative|goals|targets|kpis|budgets|versions|'
                             r'strategies)-\d*-?\w+"', main)  # fmt: skip
        assert "-DELETE" not in main
    html = read(client, f"{base}/{plan_pk}/initiatives/")
    main = main_text(html)
    assert 'type="checkbox"' not in main and "<button" not in main
    assert "<form" not in main


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_every_screen_passes_the_html_check(world, user, lang: str) -> None:
    client = signed_in(user, "tokyo-editor")
    base = f"/{lang}/manage/tokyo/plans"
    for path in [
        "/", "/new/", f"/{world.plan.pk}/", f"/{world.plan.pk}/initiatives/",
        f"/{world.plan.pk}/initiatives/new/", f"/initiatives/{world.flood.pk}/",
        f"/initiatives/{world.poles.pk}/",
    ]:  # fmt: skip
        read(client, base + path)
