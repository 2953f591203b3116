"""The demo plans: Future Tokyo with its versions and twelve strategies, the members' plans, the
drafts that stay private, and a data file whose mistakes are named by file, line and field."""

from __future__ import annotations

from collections import defaultdict
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from django.db.models import Q, Sum

from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.strategy import imports
from localsdg.strategy.demo import (
    DEMO_FILE,
    UNITS,
    DemoDataError,
    demo_plans,
    load_strategy_demo,
    table_of,
)
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

# The contents of "Tokyo Sustainability Action" (2021): the strategies of the plan, in order.
VLR_STRATEGIES = [
    ("S1", "Tokyo Bay eSG Project (Version 1.0)"),
    ("S2", "Smart Tokyo: TOKYO Data Highway Strategy"),
    ("S3", "Strategy for Earning Potential in Tokyo and Innovation"),
    ("1", "Strategy for Putting Smiles on the Faces of Children"),
    ("S5", "Strategy for Promoting Women's Empowerment"),
    ("4", "Strategy for Realization of a Chōju (Longevity) Society"),
    ("S7", 'Strategy for Valuing "Dwellings" and "Community"'),
    ("S8", "Strategy for Developing a Safe and Secure City"),
    ("S9", "Strategy for Enhancement of Urban Functions"),
    ("S10", "Strategy for Making Tokyo a City Filled with Water and Greenery"),
    ("S11", "Zero Emission Tokyo Strategy"),
    ("S12", "Strategy for Structural Reform of the Tokyo Government"),
]


def future_tokyo() -> Plan:
    return Plan.objects.get(organisation__slug="tokyo", slug="future-tokyo")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("org", "slug", "published", "strategies", "initiatives"),
    [
        ("tokyo", "future-tokyo", True, 12, 42),
        ("tokyo", "next-plan-draft", False, 1, 2),
        ("shinjuku", "basic-plan", True, 3, 7),
        ("mitaka", "basic-plan", True, 2, 6),
    ],
)
def test_each_demo_plan_has_its_strategies_and_initiatives(
    demo, org: str, slug: str, published: bool, strategies: int, initiatives: int
) -> None:
    plan = Plan.objects.get(organisation__slug=org, slug=slug)
    assert plan.is_published is published
    assert plan.strategies.count() == strategies
    assert plan.initiatives.count() == initiatives
    assert not plan.initiatives.filter(strategy__isnull=True).exists()


@pytest.mark.django_db
def test_only_tokyo_and_two_members_have_plans(demo) -> None:
    counts = {o.slug: o.plans.count() for o in Organisation.objects.all()}
    assert counts == {"tokyo": 2, "shinjuku": 1, "mitaka": 1, "hachioji": 0, "okutama": 0}


@pytest.mark.django_db
def test_future_tokyo_is_the_plan_as_published(demo) -> None:
    plan = future_tokyo()
    assert (plan.name_en, plan.name_ja) == ("Future Tokyo: Tokyo's Long-Term Strategy",
                                            "「未来の東京」戦略")  # fmt: skip
    assert (plan.start_year, plan.end_year) == (2021, 2030)
    assert plan.url == "https://www.seisakukikaku.metro.tokyo.lg.jp/basic-plan/"
    assert plan.description_en.endswith("(sample description)")
    assert plan.description_ja.endswith("（説明はサンプル）")


@pytest.mark.django_db
def test_versions_are_stored_at_the_first_of_their_month(demo) -> None:
    versions = list(future_tokyo().versions.values_list("name_en", "issued"))
    assert versions == [
        ("Original edition", date(2021, 3, 1)),
        ("Version Up 2022", date(2022, 2, 1)),
        ("Version Up 2023", date(2023, 1, 1)),
        ("Version Up 2024", date(2024, 1, 1)),
    ]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("day", "version"),
    [
        (date(2021, 2, 28), None),
        (date(2021, 3, 1), "Original edition"),
        (date(2022, 12, 31), "Version Up 2022"),
        (date(2023, 6, 1), "Version Up 2023"),
        (date(2030, 3, 31), "Version Up 2024"),
    ],
)
def test_the_version_in_force_on_a_day(demo, day: date, version: str | None) -> None:
    found = future_tokyo().version_on(day)
    assert (found.name_en if found else None) == version


@pytest.mark.django_db
def test_strategies_follow_the_vlr_contents_with_unique_numbers(demo) -> None:
    strategies = list(future_tokyo().strategies.all())
    assert [(s.number, s.name_en) for s in strategies] == VLR_STRATEGIES
    assert [s.order for s in strategies] == list(range(12))
    japanese = {s.number: s.name_ja for s in strategies if s.name_ja}
    assert japanese == {"1": "子供の笑顔のための戦略", "S11": "ゼロエミッション東京戦略"}
    untranslated = strategies[0].name("ja")
    assert untranslated.is_fallback and untranslated.text == VLR_STRATEGIES[0][1]
    for s in strategies:
        assert s.description_en.endswith("(sample description)"), s.number
        assert s.description_ja.endswith("（説明はサンプル）"), s.number


@pytest.mark.django_db
def test_every_initiative_is_mapped_like_a_policy_officer_would(demo) -> None:
    initiatives = Initiative.objects.all()
    assert initiatives.count() == 57
    for initiative in initiatives.prefetch_related("goals", "targets"):
        goals = {m.goal_id: m.role for m in initiative.goals.all()}
        targets = {m.target_id: m.role for m in initiative.targets.all()}
        assert 1 <= len(goals) <= 3 and 1 <= len(targets) <= 4, initiative.code
        assert "primary" in goals.values() and "primary" in targets.values(), initiative.code
        assert {int(code.split(".")[0]) for code in targets} <= set(goals), initiative.code
        assert initiative.name_en and initiative.name_ja and initiative.department_ja


@pytest.mark.django_db
def test_departments_are_tokyos_bureaus_with_their_own_english_names(demo) -> None:
    departments = dict(
        future_tokyo().initiatives.values_list("department_ja", "department_en").distinct()
    )
    assert departments["建設局"] == "Bureau of Construction"
    assert departments["環境局"] == "Bureau of Environment"
    assert departments["住宅政策本部"] == ""  # not sure of its English name: left empty


@pytest.mark.django_db
def test_some_mappings_say_why_in_both_languages(demo) -> None:
    flood = future_tokyo().initiatives.get(code="S8-1")
    mapping = flood.targets.get(target_id="11.5")
    assert mapping.role == "primary"
    assert mapping.rationale_en.startswith("Reservoirs cut the number of people")
    assert mapping.rationale_ja.startswith("調節池は水害の被災者を減らします")
    explained = Q(rationale_en__gt="") & Q(rationale_ja__gt="")
    assert TargetMapping.objects.filter(explained).count() >= 8
    assert not TargetMapping.objects.filter(rationale_en__gt="", rationale_ja="").exists()
    assert GoalMapping.objects.filter(explained).count() == 0  # the file explains targets only


@pytest.mark.django_db
def test_kpis_link_to_the_local_indicators_including_an_unpublished_one(demo) -> None:
    linked = {
        (kpi.initiative.plan.organisation.slug, kpi.initiative.code, kpi.indicator.code)
        for kpi in Kpi.objects.filter(indicator__isnull=False).select_related("indicator")
    }
    assert linked == {
        ("tokyo", "S3-3", "8-5-2"),
        ("tokyo", "S5-3", "5-5-1-a"),
        ("tokyo", "S11-1", "7-2-1"),
        ("tokyo", "S11-2", "11-6-2"),
        ("tokyo", "S11-4", "13-2-2-a"),
        ("shinjuku", "2-1", "11-7-1-a"),
        ("mitaka", "1-1", "4-2-2"),
    }
    draft_indicator = Indicator.objects.get(organisation__slug="tokyo", code="13-2-2-a")
    assert not draft_indicator.is_published
    assert draft_indicator not in Indicator.objects.published()
    pm25 = Kpi.objects.get(indicator__code="11-6-2")
    assert (pm25.baseline_value, pm25.baseline_year) == (Decimal("10.9"), 2019)
    assert (pm25.target_value, pm25.target_year, pm25.direction) == (10, 2030, "decrease")
    assert pm25.name_ja == "微小粒子状物質（PM2.5）の年平均濃度"
    assert pm25.name_en == "Annual mean concentration of fine particulate matter (PM2.5)"


@pytest.mark.django_db
def test_about_half_of_tokyos_initiatives_have_kpis_named_in_both_languages(demo) -> None:
    plan = future_tokyo()
    with_kpis = plan.initiatives.filter(kpis__isnull=False).distinct().count()
    assert 15 <= with_kpis <= 27
    kpis = Kpi.objects.filter(initiative__plan=plan)
    assert not kpis.filter(Q(name_en="") | Q(name_ja="")).exists()


@pytest.mark.django_db
def test_budgets_are_stored_in_yen_and_sum_per_year_as_the_file_says(demo) -> None:
    plan = future_tokyo()
    flood = BudgetLine.objects.get(initiative__plan=plan, initiative__code="S8-1", fiscal_year=2024)
    assert (flood.amount, flood.currency, flood.unit, flood.kind) == (
        Decimal("48500000000"), "JPY", "千円", "initial",
    )  # fmt: skip
    stored = dict(
        BudgetLine.objects.filter(initiative__plan=plan)
        .values_list("fiscal_year")
        .annotate(total=Sum("amount"))
        .order_by("fiscal_year")
    )
    spec = demo_plans().record.plans[0]
    expected: dict[int, Decimal] = defaultdict(Decimal)
    for item in spec.initiatives:
        for year, amount in item.budgets.items():
            expected[year] += Decimal(amount) * UNITS[spec.budget_unit]
    assert stored == expected
    assert sorted(stored) == [2022, 2023, 2024]
    budgeted = plan.initiatives.filter(budgets__isnull=False).distinct().count()
    assert budgeted >= 35


@pytest.mark.django_db
def test_a_search_for_disaster_prevention_finds_hub_and_member_initiatives(demo) -> None:
    bosai = Q(name_ja__contains="防災") | Q(description_ja__contains="防災")
    public = Initiative.objects.published().filter(bosai)
    assert set(public.values_list("plan__organisation__slug", flat=True)) == {"tokyo", "shinjuku"}
    assert public.filter(plan__organisation__slug="tokyo").count() >= 4
    everything = Initiative.objects.filter(bosai)
    assert everything.filter(plan__organisation__slug="mitaka").exists()
    assert everything.filter(plan__slug="next-plan-draft").exists()


@pytest.mark.django_db
def test_drafts_and_the_unpublished_member_never_reach_the_public(demo) -> None:
    assert not Organisation.objects.get(slug="mitaka").is_published
    public = {(p.organisation.slug, p.slug) for p in Plan.objects.published()}
    assert public == {("tokyo", "future-tokyo"), ("shinjuku", "basic-plan")}
    shown = Initiative.objects.published()
    assert not shown.filter(plan__organisation__slug="mitaka").exists()
    assert not shown.filter(plan__slug="next-plan-draft").exists()
    assert shown.count() == 42 + 7


@pytest.mark.django_db
def test_the_initiatives_went_through_the_import_path(demo) -> None:
    plan = future_tokyo()
    children = plan.initiatives.get(code="1-1")
    assert children.strategy is not None and children.strategy.number == "1"  # by number
    flood = plan.initiatives.get(code="S8-1")
    assert flood.strategy is not None and flood.strategy.number == "S8"  # by name
    assert Strategy.objects.filter(plan=plan).count() == 12  # the import made none of its own
    again = imports.preview(plan, table_of(demo_plans(), 0, demo_plans().record.plans[0]))
    assert again.ok and again.warnings == [] and again.new_strategies == []
    assert again.count("unchanged") == 42


def history_counts() -> list[int]:
    models = [Plan, PlanVersion, Strategy, Initiative, GoalMapping, TargetMapping, Kpi, BudgetLine]
    return [model.history.count() for model in models]  # type: ignore[attr-defined]


@pytest.mark.django_db
def test_loading_twice_changes_nothing(orgs) -> None:
    before = history_counts()
    load_strategy_demo(orgs)
    assert history_counts() == before


# --- Mistakes in the file --------------------------------------------------------------------


def broken(tmp_path: Path, old: str, new: str) -> Path:
    text = DEMO_FILE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "strategy.yaml"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    """The last line that holds ``text`` (a duplicate is reported where it comes again)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return max(n for n, line in enumerate(lines, 1) if text in line)


@pytest.mark.parametrize(
    ("old", "new", "field", "reason"),
    [
        ("    budget_unit: 千円\n", "    budget_units: 千円\n", "plans[0].budget_units",
         "Extra inputs"),
        ("goals: {7: primary, 9: secondary}", "goals: {7: primary, 18: secondary}",
         "plans[0].initiatives[0].goals[18]", "less than or equal to 17"),
        ('{"7.2": primary, "9.5": secondary}', '{"7.2": main, "9.5": secondary}',
         "plans[0].initiatives[0].targets[7.2]", "'primary' or 'secondary'"),
        ('{"7.2": primary, "9.5": secondary}', '{"7.2": primary, "9.z": secondary}',
         "plans[0].initiatives[0].targets[9.z]", "not an SDG code"),
        ('{"7.2": primary, "9.5": secondary}', '{"7.2": primary, "3.9": secondary}',
         "plans[0].initiatives[0].targets[3.9]", "is of goal 3, which goals does not list"),
        ("        strategy: S1\n", "        strategy: S4\n", "plans[0].initiatives[0].strategy",
         "no strategy “S4”"),
        ("      - code: S1-2\n", "      - code: S1-1\n", "plans[0].initiatives[1].code",
         "S1-1 is there twice"),
        ("      - number: S5\n", "      - number: S3\n", "plans[0].strategies[4].number",
         "strategy S3 is there twice"),
        ('          "11.b":\n', '          "11.a":\n', "plans[0].initiatives[2].rationales[11.a]",
         "not among the goals or targets"),
        ("{2022: 850000,", "{2022: 850000.5,", "plans[0].initiatives[0].budgets[2022]",
         "valid integer"),
        ("        status: completed\n", "        status: done\n", "plans[0].initiatives[2].status",
         "'planned', 'ongoing', 'completed' or 'stopped'"),
        ("        issued: 2022-02-01\n", "        issued: February 2022\n",
         "plans[0].versions[1].issued", "valid date"),
    ],
)  # fmt: skip
def test_a_mistake_in_the_file_names_file_line_field_and_reason(
    tmp_path: Path, old: str, new: str, field: str, reason: str
) -> None:
    path = broken(tmp_path, old, new)
    with pytest.raises(DemoDataError) as caught:
        demo_plans(path)
    message = str(caught.value)
    line = line_of(path, new.strip())
    assert message.startswith(f"strategy.yaml, line {line}, {field}: "), message
    assert reason in message
    assert str(tmp_path) not in message  # the file's name, never a server path


def test_broken_yaml_names_the_line(tmp_path: Path) -> None:
    path = broken(tmp_path, "    slug: future-tokyo\n", "    slug: [future-tokyo\n")
    with pytest.raises(DemoDataError) as caught:
        demo_plans(path)
    assert str(caught.value).startswith("strategy.yaml, line ")


@pytest.mark.django_db
def test_a_kpi_naming_another_organisations_indicator_stops_the_load(tmp_path: Path, orgs) -> None:
    path = broken(tmp_path, "            indicator: 11-7-1-a\n", "            indicator: 4-2-2\n")
    with pytest.raises(DemoDataError) as caught:
        load_strategy_demo(orgs, path)
    line = line_of(DEMO_FILE, "indicator: 11-7-1-a")  # the line that was changed
    assert str(caught.value) == (
        f"strategy.yaml, line {line}, plans[2].initiatives[3].kpis[0].indicator: "
        "shinjuku has no indicator “4-2-2”"
    )


@pytest.mark.django_db
def test_an_organisation_the_demo_lacks_stops_the_load(tmp_path: Path, orgs) -> None:
    path = broken(tmp_path, "  - org: shinjuku\n", "  - org: shibuya\n")
    with pytest.raises(DemoDataError) as caught:
        load_strategy_demo(orgs, path)
    assert str(caught.value) == (
        f"strategy.yaml, line {line_of(path, 'org: shibuya')}, plans[2].org: "
        "there is no demo organisation “shibuya”"
    )
