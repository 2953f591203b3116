"""Store an initiatives table in a plan: compare it with what the plan holds, then apply it.

The table (read by ``localsdg.core.strategy.tables``) is matched to the plan's strategies (by
number, else by name) and initiatives (by code, else by name). For each initiative the table
names, the table is the truth for what its columns hold: the goal and target mapping is
replaced when the table has goal or target columns (a rationale already written for a goal or
target that stays is kept), KPIs are matched by name, budget lines by fiscal year and kind.
Initiatives the table does not mention are not touched.

Everything is one transaction: a table with an error stores nothing. ``localsdg strategy
import`` and the editors' upload share this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from localsdg.core.formats.model import Problem
from localsdg.core.strategy.model import InitiativeRow, InitiativeTable
from localsdg.core.strategy.model import Kpi as KpiRow
from localsdg.framework.models import Goal, Target
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.strategy.models import (
    BudgetLine,
    GoalMapping,
    Initiative,
    Kpi,
    Plan,
    Strategy,
    TargetMapping,
)

NUMBERED = re.compile(
    r"^\s*(?:戦略|strategy|第)?\s*([A-Z]{0,2}[0-9０-９]+(?:[-.][0-9]+)*)\s*[.:：、)）]?\s*(.*)$",
    re.I,
)


@dataclass(frozen=True)
class Change:
    line: int
    code: str
    name: str
    action: str  # "new", "changed" or "unchanged"


@dataclass
class StrategyPreview:
    """What storing the table would do; nothing is written to make it."""

    plan: Plan
    table: InitiativeTable
    changes: list[Change] = field(default_factory=list)
    new_strategies: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return self.table.errors

    @property
    def ok(self) -> bool:
        return not self.errors

    def count(self, action: str) -> int:
        return sum(1 for change in self.changes if change.action == action)


def split_strategy(text: str) -> tuple[str, str]:
    """``"戦略1 子供の笑顔のための戦略"`` → ``("1", "子供の笑顔のための戦略")``; a bare name has
    no number."""
    match = NUMBERED.match(text)
    if match is None:
        return "", text.strip()
    number = match.group(1).translate(str.maketrans("０１２３４５６７８９", "0123456789"))
    return number, match.group(2).strip()


def find_strategy(plan: Plan, text: str) -> Strategy | None:
    number, name = split_strategy(text)
    strategies = plan.strategies.all()
    if number:
        found = strategies.filter(number=number).first()
        if found is not None:
            return found
    if name:
        return strategies.filter(name_ja=name).first() or strategies.filter(name_en=name).first()
    return None


def find_initiative(plan: Plan, row: InitiativeRow) -> Initiative | None:
    initiatives = plan.initiatives.all()
    if row.code:
        return initiatives.filter(code=row.code).first()
    for lang in ("ja", "en"):
        if row.name.get(lang):
            found = initiatives.filter(code="", **{f"name_{lang}": row.name[lang]}).first()
            if found is not None:
                return found
    return None


def mapping_warnings(table: InitiativeTable) -> list[Problem]:
    """A target of a goal the initiative does not list is worth a second look, not an error."""
    problems = []
    for row in table.rows:
        goals = {link.number for link in row.goals}
        for link in row.targets:
            goal = int(link.code.split(".")[0])
            if goals and goal not in goals:
                problems.append(
                    Problem(
                        "warning",
                        f"target {link.code} belongs to goal {goal}, which this initiative does "
                        f"not list (goals: {', '.join(str(g) for g in sorted(goals))})",
                        file=table.source,
                        line=row.line,
                        column=table.columns.get("targets", "targets"),
                        code="unknown_code",
                    )
                )
    return problems


def kpi_warnings(plan: Plan, table: InitiativeTable) -> list[Problem]:
    """A KPI may name a local indicator only of the plan's own organisation."""
    known = set(Indicator.objects.for_org(plan.organisation).values_list("code", flat=True))
    return [
        Problem(
            "warning",
            f"KPI {kpi.name!r} names indicator {kpi.indicator!r}, which "
            f"{plan.organisation.slug} does not have: the KPI is stored without it",
            file=table.source,
            line=row.line,
            column=table.columns.get("kpi_indicator", "KPI"),
            code="unknown_code",
        )
        for row in table.rows
        for kpi in row.kpis
        if kpi.indicator and kpi.indicator not in known
    ]


def preview(plan: Plan, table: InitiativeTable) -> StrategyPreview:
    warnings = mapping_warnings(table) + kpi_warnings(plan, table)
    result = StrategyPreview(plan, table, warnings=warnings)
    seen_strategies: set[str] = set()
    for row in table.rows:
        known = not row.strategy or row.strategy in seen_strategies
        if not known and find_strategy(plan, row.strategy) is None:
            seen_strategies.add(row.strategy)
            result.new_strategies.append(row.strategy)
        existing = find_initiative(plan, row)
        name = row.name.get("ja") or row.name.get("en", "")
        if existing is None:
            action = "new"
        else:
            action = (
                "unchanged" if snapshot(existing) == wanted(existing, row, table) else "changed"
            )
        result.changes.append(Change(row.line, row.code, name, action))
    return result


def wanted(initiative: Initiative, row: InitiativeRow, table: InitiativeTable) -> dict[str, Any]:
    """The stored state that applying ``row`` would give ``initiative``, in ``snapshot`` form."""
    state = snapshot(initiative)
    state.update(row_fields(row))
    if row.strategy:
        strategy = find_strategy(initiative.plan, row.strategy)
        state["strategy"] = strategy.pk if strategy else "new"
    if "goals" in table.columns or "targets" in table.columns:
        state["goals"] = sorted((g.number, g.role) for g in row.goals)
        state["targets"] = sorted((t.code, t.role) for t in row.targets)
    for kpi in row.kpis:
        state["kpis"][kpi.name] = kpi_values(kpi)
    for budget in row.budgets:
        state["budgets"][(budget.fiscal_year, budget.kind)] = (
            budget.amount,
            budget.currency,
            budget.unit,
        )
    return state


def kpi_values(kpi: Kpi | KpiRow) -> tuple[object, ...]:
    """What is compared of a KPI, the same for a stored one and a read one."""
    indicator = (
        kpi.indicator if isinstance(kpi, KpiRow) else (kpi.indicator.code if kpi.indicator else "")
    )
    return (kpi.unit, kpi.baseline_value, kpi.baseline_year, kpi.target_value, kpi.target_year,
            kpi.direction or "", indicator)  # fmt: skip


def snapshot(initiative: Initiative) -> dict[str, Any]:
    state: dict[str, Any] = {name: getattr(initiative, name) for name in FIELDS}
    state["strategy"] = initiative.strategy_id
    state["goals"] = sorted(initiative.goals.values_list("goal_id", "role"))
    state["targets"] = sorted(initiative.targets.values_list("target_id", "role"))
    state["kpis"] = {kpi.name_ja or kpi.name_en: kpi_values(kpi) for kpi in initiative.kpis.all()}
    state["budgets"] = {
        (line.fiscal_year, line.kind): (line.amount, line.currency, line.unit)
        for line in initiative.budgets.all()
    }
    return state


FIELDS = [
    "name_en", "name_ja", "description_en", "description_ja", "department_en", "department_ja",
    "start_year", "end_year", "status", "url",
]  # fmt: skip


def row_fields(row: InitiativeRow) -> dict[str, Any]:
    """The initiative's own fields that the row gives (a text the row leaves empty is kept)."""
    fields: dict[str, Any] = {}
    for stem, texts in (
        ("name", row.name),
        ("description", row.description),
        ("department", row.department),
    ):
        for lang, text in texts.items():
            if text:
                fields[f"{stem}_{lang}"] = text
    for name in ("start_year", "end_year", "status", "url"):
        value = getattr(row, name)
        if value:
            fields[name] = value
    return fields


def apply(preview: StrategyPreview) -> int:
    """Store a previewed table in one transaction; the number of initiatives written."""
    if not preview.ok:
        raise ValueError("a table with errors cannot be stored")
    plan, table = preview.plan, preview.table
    org = plan.organisation
    indicators = {i.code: i for i in Indicator.objects.for_org(org)}
    goals = {g.number: g for g in Goal.objects.all()}
    targets = {t.code: t for t in Target.objects.all()}
    written = 0
    with transaction.atomic():
        for order, row in enumerate(table.rows):
            initiative = store_row(plan, row, order)
            if "goals" in table.columns or "targets" in table.columns:
                replace_mapping(initiative, row, goals, targets)
            store_kpis(initiative, row, org, indicators)
            store_budgets(initiative, row)
            written += 1
    return written


def strategy_for(plan: Plan, text: str) -> Strategy | None:
    if not text:
        return None
    found = find_strategy(plan, text)
    if found is not None:
        return found
    number, name = split_strategy(text)
    if not number:
        taken = set(plan.strategies.values_list("number", flat=True))
        number = str(next(n for n in range(1, 10_000) if str(n) not in taken))
    field_name = "name_ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", name) else "name_en"
    order = plan.strategies.count()
    return Strategy.objects.create(plan=plan, number=number, order=order, **{field_name: name})


def store_row(plan: Plan, row: InitiativeRow, order: int) -> Initiative:
    initiative = find_initiative(plan, row) or Initiative(plan=plan, code=row.code, order=order)
    for name, value in row_fields(row).items():
        setattr(initiative, name, value)
    strategy = strategy_for(plan, row.strategy)
    if strategy is not None:
        initiative.strategy = strategy
    initiative.full_clean()
    initiative.save()
    return initiative


def replace_mapping(
    initiative: Initiative,
    row: InitiativeRow,
    goals: dict[int, Goal],
    targets: dict[str, Target],
) -> None:
    """The table's goals and targets, keeping what was written about those that stay."""
    kept_goals = {m.goal_id: m for m in initiative.goals.all()}
    initiative.goals.exclude(goal_id__in=[g.number for g in row.goals]).delete()
    for link in row.goals:
        mapping = kept_goals.get(link.number) or GoalMapping(
            initiative=initiative, goal=goals[link.number]
        )
        mapping.role = link.role
        mapping.save()
    kept_targets = {m.target_id: m for m in initiative.targets.all()}
    initiative.targets.exclude(target_id__in=[t.code for t in row.targets]).delete()
    for target_link in row.targets:
        target_mapping = kept_targets.get(target_link.code) or TargetMapping(
            initiative=initiative, target=targets[target_link.code]
        )
        target_mapping.role = target_link.role
        target_mapping.save()


def store_kpis(
    initiative: Initiative, row: InitiativeRow, org: Organisation, indicators: dict[str, Indicator]
) -> None:
    existing = {kpi.name_ja or kpi.name_en: kpi for kpi in initiative.kpis.all()}
    for order, item in enumerate(row.kpis):
        kpi = existing.get(item.name) or Kpi(initiative=initiative, order=order)
        lang = "ja" if re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", item.name) else "en"
        setattr(kpi, f"name_{lang}", item.name)
        kpi.unit = item.unit
        kpi.baseline_value, kpi.baseline_year = item.baseline_value, item.baseline_year
        kpi.target_value, kpi.target_year = item.target_value, item.target_year
        kpi.direction = item.direction or ""
        if item.indicator:
            kpi.indicator = indicators.get(item.indicator)
        kpi.save()


def store_budgets(initiative: Initiative, row: InitiativeRow) -> None:
    for budget in row.budgets:
        BudgetLine.objects.update_or_create(
            initiative=initiative,
            fiscal_year=budget.fiscal_year,
            kind=budget.kind,
            defaults={"amount": budget.amount, "currency": budget.currency, "unit": budget.unit},
        )


class PlanNotFound(LookupError):
    pass


def plan_for(org: Organisation, name: str | None) -> Plan:
    """The plan a table goes into: named by its short name or its name in any language, or
    the organisation's only plan when none is named."""
    plans = Plan.objects.for_org(org)
    if name:
        found = (
            plans.filter(slug=name).first()
            or plans.filter(name_en=name).first()
            or plans.filter(name_ja=name).first()
        )
    else:
        found = plans.first() if plans.count() == 1 else None
    if found is not None:
        return found
    known = ", ".join(sorted(plans.values_list("slug", flat=True))) or "none yet"
    if name:
        raise PlanNotFound(f"{org.slug} has no plan named {name!r} (plans: {known})")
    raise PlanNotFound(f"{org.slug} has several plans or none: name one with --plan ({known})")
