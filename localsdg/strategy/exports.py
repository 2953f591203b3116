"""A plan as an initiatives table: the rows that ``core.strategy.tables`` writes as CSV or xlsx,
and that import back into the plan unchanged."""

from __future__ import annotations

from localsdg.core.strategy.model import Budget, GoalLink, InitiativeRow, Kpi, TargetLink
from localsdg.i18n import field_texts
from localsdg.strategy.models import Initiative, Plan


def texts(obj: object, stem: str) -> dict[str, str]:
    return {lang: text for lang, text in field_texts(obj, stem).items() if text}


def initiative_row(initiative: Initiative, line: int) -> InitiativeRow:
    strategy = initiative.strategy
    return InitiativeRow(
        line=line,
        code=initiative.code,
        name=texts(initiative, "name"),
        strategy=strategy.number if strategy else "",
        strategy_name=texts(strategy, "name") if strategy else {},
        description=texts(initiative, "description"),
        department=texts(initiative, "department"),
        goals=tuple(GoalLink(m.goal_id, m.role) for m in initiative.goals.all()),  # type: ignore[arg-type]
        targets=tuple(TargetLink(m.target_id, m.role) for m in initiative.targets.all()),  # type: ignore[arg-type]
        budgets=tuple(
            Budget(b.fiscal_year, b.amount, b.currency, b.unit, b.kind)  # type: ignore[arg-type]
            for b in initiative.budgets.all()
        ),
        kpis=tuple(
            Kpi(
                k.name_ja or k.name_en,
                k.unit,
                k.baseline_value,
                k.baseline_year,
                k.target_value,
                k.target_year,
                k.direction or None,  # type: ignore[arg-type]
                k.indicator.code if k.indicator else "",
            )
            for k in initiative.kpis.all()
        ),
        start_year=initiative.start_year,
        end_year=initiative.end_year,
        status=initiative.status or None,  # type: ignore[arg-type]
        url=initiative.url,
    )


def plan_rows(plan: Plan) -> list[InitiativeRow]:
    """Every initiative of the plan, in the plan's order, with everything the table holds."""
    initiatives = (
        Initiative.objects.filter(plan=plan)
        .select_related("strategy")
        .prefetch_related("goals", "targets", "budgets", "kpis__indicator")
    )
    return [initiative_row(initiative, line) for line, initiative in enumerate(initiatives, 2)]
