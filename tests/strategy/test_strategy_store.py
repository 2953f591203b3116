"""Storing a read initiatives table in a plan: preview, apply, re-import, boundaries."""

from __future__ import annotations

from decimal import Decimal

import pytest

from localsdg.core.formats.model import Problem
from localsdg.core.strategy.model import (
    Budget,
    GoalLink,
    InitiativeRow,
    InitiativeTable,
    Kpi,
    TargetLink,
)
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.strategy import imports
from localsdg.strategy.models import BudgetLine, Initiative, Plan, Strategy, TargetMapping

pytestmark = pytest.mark.django_db

COLUMNS = {"code": "施策番号", "name": "施策名", "strategy": "戦略", "goals": "ゴール",
           "targets": "ターゲット", "budget": "予算額（千円）", "kpi": "KPI"}  # fmt: skip


def plan_of(slug: str = "tokyo") -> Plan:
    org = Organisation.objects.get(slug=slug)
    return Plan.objects.create(
        organisation=org, slug="test-plan", name_en="Test plan", start_year=2021, end_year=2030
    )


def row(line: int, code: str, name: str, **fields: object) -> InitiativeRow:
    return InitiativeRow(line=line, code=code, name={"ja": name}, **fields)  # type: ignore[arg-type]


def table(*rows: InitiativeRow, problems: list[Problem] | None = None) -> InitiativeTable:
    return InitiativeTable("plan.xlsx", "施策", 3, dict(COLUMNS), list(rows), problems or [])


def flood_row(**changes: object) -> InitiativeRow:
    fields: dict[str, object] = {
        "strategy": "戦略8 安全・安心なまちづくり",
        "goals": (GoalLink(11, "primary"), GoalLink(13)),
        "targets": (TargetLink("11.5", "primary"), TargetLink("13.1")),
        "budgets": (Budget(2024, Decimal("1250000000"), unit="千円"),),
        "kpis": (
            Kpi("調節池の貯留量", unit="万m³", target_value=Decimal("150"), target_year=2030),
        ),
        "department": {"ja": "建設局"},
    }
    fields.update(changes)
    return row(10, "8-1", "豪雨対策の推進", **fields)


def test_a_new_table_previews_then_stores_everything_it_holds(demo) -> None:
    plan = plan_of()
    preview = imports.preview(plan, table(flood_row(), row(11, "8-2", "無電柱化の推進")))
    assert preview.ok and preview.count("new") == 2
    assert preview.new_strategies == ["戦略8 安全・安心なまちづくり"]
    assert Initiative.objects.filter(plan=plan).count() == 0  # a preview writes nothing
    assert imports.apply(preview) == 2
    flood = Initiative.objects.get(plan=plan, code="8-1")
    assert flood.strategy is not None and flood.strategy.number == "8"
    assert flood.strategy.name_ja == "安全・安心なまちづくり"
    assert sorted(flood.goals.values_list("goal_id", "role")) == [
        (11, "primary"),
        (13, "secondary"),
    ]
    assert sorted(flood.targets.values_list("target_id", "role")) == [
        ("11.5", "primary"),
        ("13.1", "secondary"),
    ]
    line = BudgetLine.objects.get(initiative=flood)
    assert (line.fiscal_year, line.amount, line.unit) == (2024, Decimal("1250000000"), "千円")
    kpi = flood.kpis.get()
    assert kpi.name_ja == "調節池の貯留量" and kpi.target_value == 150 and kpi.target_year == 2030
    assert flood.department_ja == "建設局"


def test_importing_the_same_table_again_changes_nothing_and_keeps_rationales(demo) -> None:
    plan = plan_of()
    imports.apply(imports.preview(plan, table(flood_row())))
    mapping = TargetMapping.objects.get(initiative__plan=plan, target_id="11.5")
    mapping.rationale_en = "Flood control protects people in disasters."
    mapping.save()
    again = imports.preview(plan, table(flood_row()))
    assert [c.action for c in again.changes] == ["unchanged"] and again.new_strategies == []
    imports.apply(again)
    mapping.refresh_from_db()
    assert mapping.rationale_en == "Flood control protects people in disasters."
    assert Strategy.objects.filter(plan=plan).count() == 1


def test_a_changed_row_is_previewed_as_changed_and_replaces_the_mapping(demo) -> None:
    plan = plan_of()
    imports.apply(imports.preview(plan, table(flood_row())))
    changed = flood_row(goals=(GoalLink(11, "primary"),), targets=(TargetLink("11.5", "primary"),))
    preview = imports.preview(plan, table(changed))
    assert [c.action for c in preview.changes] == ["changed"]
    imports.apply(preview)
    flood = Initiative.objects.get(plan=plan, code="8-1")
    assert list(flood.goals.values_list("goal_id", flat=True)) == [11]
    assert list(flood.targets.values_list("target_id", flat=True)) == ["11.5"]


def test_strategies_match_by_number_or_by_name(demo) -> None:
    plan = plan_of()
    existing = Strategy.objects.create(plan=plan, number="8", name_ja="安全・安心なまちづくり")
    by_number = imports.preview(plan, table(flood_row(strategy="8")))
    by_name = imports.preview(plan, table(flood_row(strategy="安全・安心なまちづくり")))
    assert by_number.new_strategies == [] and by_name.new_strategies == []
    imports.apply(by_name)
    assert Initiative.objects.get(plan=plan, code="8-1").strategy == existing


def test_a_table_with_an_error_stores_nothing(demo) -> None:
    plan = plan_of()
    error = Problem("error", "goal 18 does not exist", file="plan.xlsx", line=12,
                    column="ゴール", code="unknown_code")  # fmt: skip
    preview = imports.preview(plan, table(flood_row(), problems=[error]))
    assert not preview.ok
    with pytest.raises(ValueError):
        imports.apply(preview)
    assert Initiative.objects.filter(plan=plan).count() == 0


def test_a_target_of_an_unlisted_goal_is_a_warning(demo) -> None:
    plan = plan_of()
    preview = imports.preview(plan, table(flood_row(targets=(TargetLink("3.9"),))))
    assert preview.ok
    assert [(w.line, w.column) for w in preview.warnings] == [(10, "ターゲット")]
    assert "goal 3" in preview.warnings[0].message


def test_a_kpi_links_only_to_an_indicator_of_the_plans_own_organisation(demo) -> None:
    plan = plan_of("tokyo")
    own = Indicator.objects.for_org(plan.organisation).first()
    own_codes = Indicator.objects.for_org(plan.organisation).values_list("code", flat=True)
    other = Indicator.objects.exclude(code__in=list(own_codes)).first()
    kpis = (Kpi("own", indicator=own.code), Kpi("other", indicator=other.code))
    preview = imports.preview(plan, table(flood_row(kpis=kpis)))
    assert len(preview.warnings) == 1 and other.code in preview.warnings[0].message
    imports.apply(preview)
    stored = {k.name_en: k.indicator for k in Initiative.objects.get(code="8-1").kpis.all()}
    assert stored == {"own": own, "other": None}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("戦略1 子供の笑顔のための戦略", ("1", "子供の笑顔のための戦略")),
        ("戦略１０：スマート東京", ("10", "スマート東京")),
        ("Strategy 3. Women's empowerment", ("3", "Women's empowerment")),
        ("2-1 まちづくり", ("2-1", "まちづくり")),
        ("安全・安心", ("", "安全・安心")),
        (
            "S8 Strategy for Developing a Safe and Secure City",
            ("S8", "Strategy for Developing a Safe and Secure City"),
        ),
    ],
)
def test_a_strategy_cell_splits_into_number_and_name(text: str, expected: tuple[str, str]) -> None:
    assert imports.split_strategy(text) == expected
