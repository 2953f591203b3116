"""Storing a large initiatives table: the database is asked per table, not per row, and every
written row still leaves its history record."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from simple_history.models import HistoricalRecords

from localsdg.core.strategy.model import (
    Budget,
    GoalLink,
    InitiativeRow,
    InitiativeTable,
    Kpi,
    TargetLink,
)
from localsdg.orgs.models import Organisation
from localsdg.strategy import imports
from localsdg.strategy.models import (
    BudgetLine,
    GoalMapping,
    Initiative,
    Plan,
    Strategy,
    TargetMapping,
)
from localsdg.strategy.models import Kpi as KpiModel
from localsdg.web.cache import generation
from localsdg.web.signals import plans_changed

pytestmark = pytest.mark.django_db

COLUMNS = {"code": "施策番号", "name": "施策名", "strategy": "戦略", "goals": "ゴール",
           "targets": "ターゲット", "budget": "予算額（千円）", "kpi": "KPI"}  # fmt: skip


def plan_of(slug: str) -> Plan:
    return Plan.objects.create(
        organisation=Organisation.objects.get(slug="tokyo"),
        slug=slug,
        name_en="Test plan",
        start_year=2021,
        end_year=2030,
    )


def initiative(n: int, revised: bool = False) -> InitiativeRow:
    """The ``n``-th initiative; ``revised``: as a later edition of the plan gives it, with a
    new text, a target replaced, a goal's role, a KPI target and an amount changed, and a
    budget line added."""
    budgets = [Budget(2024, Decimal(1000 * n + 1000), unit="千円"), Budget(2025, Decimal(5000))]
    if revised:
        budgets[0] = Budget(2024, Decimal(1000 * n + 2000), unit="千円")
        budgets.append(Budget(2023, Decimal(900 * n), unit="千円", kind="settled"))
    return InitiativeRow(
        line=n + 3,
        code=f"Q-{n}",
        name={"ja": f"地域防災力の向上（{n}）"},
        strategy=f"戦略{n % 5 + 1} 安全・安心なまちづくり{n % 5 + 1}",
        description={"ja": "改定しました。" if revised else "地域の防災訓練を支援します。"},
        goals=(GoalLink(11, "primary"), GoalLink(13, "primary" if revised else "secondary")),
        targets=(TargetLink("11.5", "primary"), TargetLink("13.2" if revised else "13.1")),
        budgets=tuple(budgets),
        kpis=(
            Kpi("防災訓練の参加者数", unit="人", target_value=Decimal(300 if revised else 200)),
            Kpi("避難所の整備率", unit="%", target_value=Decimal(100), target_year=2030),
        ),
        start_year=2022,
        end_year=2030,
        status="ongoing",
    )


def table(rows: int, revised: bool = False) -> InitiativeTable:
    return InitiativeTable(
        "plan.xlsx", "施策", 3, dict(COLUMNS), [initiative(n, revised) for n in range(rows)]
    )


def statements(queries: CaptureQueriesContext) -> list[str]:
    """The statements run, keys left out, and a bulk statement that the database's limit of
    bound values splits into batches counted once (consecutive INSERTs into one table, DELETEs
    from one table)."""
    kinds: list[str] = []
    for query in queries.captured_queries:
        sql = re.sub(r"[0-9]+", "N", query["sql"])  # keys, savepoint names
        kind = sql.split(" VALUES ")[0] if sql.startswith("INSERT") else sql.split(" IN (")[0]
        if not kinds or kinds[-1] != kind or not sql.startswith(("INSERT", "DELETE")):
            kinds.append(kind)
    return kinds


def counted(rows: int) -> Iterator[tuple[str, CaptureQueriesContext]]:
    """Preview and apply of a new table of ``rows`` initiatives, then of its revision."""
    plan = plan_of(f"plan-{rows}")
    for step, revised in (("new", False), ("revised", True)):
        with CaptureQueriesContext(connection) as previewing:
            preview = imports.preview(plan, table(rows, revised))
        yield f"preview {step}", previewing
        with CaptureQueriesContext(connection) as applying:
            assert imports.apply(preview) == rows
        yield f"apply {step}", applying


def test_the_queries_of_preview_and_apply_do_not_grow_with_the_rows(demo) -> None:
    small, large = dict(counted(20)), dict(counted(200))
    for step, queries in small.items():
        # The same statements for ten times the rows; only batches of bulk inserts are added.
        assert statements(large[step]) == statements(queries), step
        assert len(large[step]) - len(queries) <= 40, step
        assert len(large[step]) < 100, step  # once per row would be hundreds
    assert len(small["preview new"]) <= 10 and len(small["preview revised"]) <= 10
    stored = Initiative.objects.filter(plan__slug="plan-200")
    assert stored.count() == 200
    assert TargetMapping.objects.filter(initiative__in=stored, target_id="13.2").count() == 200
    assert not TargetMapping.objects.filter(initiative__in=stored, target_id="13.1").exists()
    assert BudgetLine.objects.filter(initiative__in=stored).count() == 600


def test_a_table_stored_again_unchanged_writes_nothing(demo) -> None:
    plan = plan_of("again")
    imports.apply(imports.preview(plan, table(30)))
    again = imports.preview(plan, table(30))
    assert again.count("unchanged") == 30
    with CaptureQueriesContext(connection) as queries:
        assert imports.apply(again) == 30
    writes = [q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SELECT")]
    assert all(sql.startswith(("SAVEPOINT", "RELEASE SAVEPOINT")) for sql in writes), writes


def history_types(model: type, **lookup: object) -> list[str]:
    records = model.history.filter(**lookup).order_by("history_id")  # type: ignore[attr-defined]
    return list(records.values_list("history_type", flat=True))


def test_created_changed_and_removed_rows_leave_their_history(demo) -> None:
    plan = plan_of("history")
    imports.apply(imports.preview(plan, table(3)))
    flood = Initiative.objects.get(plan=plan, code="Q-1")
    assert history_types(Initiative, id=flood.pk) == ["+"]
    assert history_types(Strategy, plan_id=plan.pk) == ["+", "+", "+"]
    removed = TargetMapping.objects.get(initiative=flood, target_id="13.1")
    removed.rationale_en = "Local drills prepare residents for floods."
    removed.save()
    kept = GoalMapping.objects.get(initiative=flood, goal_id=13)
    kpi = KpiModel.objects.get(initiative=flood, name_ja="防災訓練の参加者数")
    unchanged_kpi = KpiModel.objects.get(initiative=flood, name_ja="避難所の整備率")
    line = BudgetLine.objects.get(initiative=flood, fiscal_year=2024)

    imports.apply(imports.preview(plan, table(3, revised=True)))

    assert history_types(Initiative, id=flood.pk) == ["+", "~"]
    assert flood.history.latest().description_ja == "改定しました。"  # type: ignore[attr-defined]
    # The removed mapping is gone, and its last record is a deletion holding what it was.
    assert not TargetMapping.objects.filter(pk=removed.pk).exists()
    assert history_types(TargetMapping, id=removed.pk) == ["+", "~", "-"]
    deleted = TargetMapping.history.filter(id=removed.pk).latest()  # type: ignore[attr-defined]
    assert (deleted.target_id, deleted.initiative_id) == ("13.1", flood.pk)
    assert deleted.rationale_en == "Local drills prepare residents for floods."
    added = TargetMapping.objects.get(initiative=flood, target_id="13.2")
    assert history_types(TargetMapping, id=added.pk) == ["+"]
    assert history_types(GoalMapping, id=kept.pk) == ["+", "~"]
    assert GoalMapping.history.filter(id=kept.pk).latest().role == "primary"  # type: ignore[attr-defined]
    assert history_types(KpiModel, id=kpi.pk) == ["+", "~"]
    assert history_types(KpiModel, id=unchanged_kpi.pk) == ["+"]  # nothing changed: no record
    assert history_types(BudgetLine, id=line.pk) == ["+", "~"]
    settled = BudgetLine.objects.get(initiative=flood, kind="settled")
    assert history_types(BudgetLine, id=settled.pk) == ["+"]
    assert history_types(TargetMapping, initiative_id=flood.pk, history_type="-") == ["-"]


def test_the_history_names_the_signed_in_editor(demo, user) -> None:
    editor = user("tokyo-editor")
    request = RequestFactory().post("/")
    request.user = editor
    HistoricalRecords.context.request = request  # as the history middleware does for a request
    try:
        plan = plan_of("by-editor")
        imports.apply(imports.preview(plan, table(2)))
        imports.apply(imports.preview(plan, table(2, revised=True)))
    finally:
        del HistoricalRecords.context.request
    for model in (Strategy, Initiative, GoalMapping, TargetMapping, KpiModel, BudgetLine):
        records = model.history.filter(history_date__gte=plan.created)  # type: ignore[attr-defined]
        expected = {Strategy: {"+"}, TargetMapping: {"+", "-"}}.get(model, {"+", "~"})
        assert set(records.values_list("history_type", flat=True)) == expected
        assert set(records.values_list("history_user", flat=True)) == {editor.pk}


def test_cached_pages_and_the_plans_search_entries_are_redone_once_it_commits(
    demo, django_capture_on_commit_callbacks
) -> None:
    """Bulk statements send no model signals: the import tells once, as saves would have."""
    told: list[Organisation] = []

    def heard(sender: object, organisation: Organisation, **kwargs: object) -> None:
        told.append(organisation)

    plans_changed.connect(heard)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            plan = plan_of("cached")
        before = generation()
        with django_capture_on_commit_callbacks(execute=True) as callbacks:
            imports.apply(imports.preview(plan, table(5)))
        assert callbacks and generation() != before
        assert told == [plan.organisation]
        imports.apply(imports.preview(plan, table(5)))  # unchanged: nothing to tell
        assert told == [plan.organisation]
    finally:
        plans_changed.disconnect(heard)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"url": "not a web address"}, "url"),
        ({"code": "X" * 41}, "code"),
        ({"start_year": 2031}, "end_year"),
        ({"start_year": 1800}, "start_year"),
    ],
)
def test_a_row_the_model_refuses_stores_nothing(demo, change: dict, field: str) -> None:
    plan = plan_of("refused")
    rows = [initiative(0), replace(initiative(1), **change)]
    preview = imports.preview(plan, InitiativeTable("plan.xlsx", "施策", 3, dict(COLUMNS), rows))
    with pytest.raises(ValidationError) as refused:
        imports.apply(preview)
    assert field in refused.value.message_dict
    assert not Initiative.objects.filter(plan=plan).exists()
    assert not Strategy.objects.filter(plan=plan).exists()


def test_a_changed_row_the_model_refuses_stores_nothing(demo) -> None:
    plan = plan_of("refused-change")
    imports.apply(imports.preview(plan, table(2)))
    rows = [initiative(0, revised=True), replace(initiative(1), end_year=2020)]
    preview = imports.preview(plan, InitiativeTable("plan.xlsx", "施策", 3, dict(COLUMNS), rows))
    with pytest.raises(ValidationError) as refused:
        imports.apply(preview)
    assert refused.value.message_dict == {"end_year": ["The last year comes before the first."]}
    assert Initiative.objects.get(plan=plan, code="Q-0").description_ja != "改定しました。"
