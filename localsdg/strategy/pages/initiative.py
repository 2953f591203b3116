"""One initiative's page: its names, facts, SDG mapping with rationales, KPIs (with the latest
value of a published local indicator behind them) and its budget history."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language_info
from django.utils.translation import gettext as _

from localsdg.i18n import Localized, language_codes
from localsdg.indicators.models import Indicator, Observation, Series
from localsdg.indicators.pages import display_value
from localsdg.strategy.models import BudgetKind, BudgetLine, Initiative, Kpi
from localsdg.strategy.pages.common import (
    PlanLink,
    StrategyLink,
    fiscal_year_label,
    money_text,
    number_text,
    plan_link,
    published_amount,
    published_initiatives,
    role_label,
    strategy_link,
    tiles_by_number,
    year_span,
)
from localsdg.web.parts import GoalTile, OrgSummary, org_summary


@dataclass(frozen=True)
class NameRow:
    language: str  # the language's name in the page's language
    name: Localized


@dataclass(frozen=True)
class GoalRow:
    goal: GoalTile
    role: str
    role_label: str
    rationale: Localized


@dataclass(frozen=True)
class TargetRow:
    code: str
    title: Localized
    url: str
    goal: int
    role: str
    role_label: str
    rationale: Localized


@dataclass(frozen=True)
class IndicatorValue:
    """The published local indicator behind a KPI, with its latest headline value."""

    code: str
    name: Localized
    url: str
    value: str  # "" when it has no value yet
    period: str
    unit: Localized


@dataclass(frozen=True)
class KpiRow:
    name: Localized
    unit: str
    baseline: str
    baseline_year: int | None
    target: str
    target_year: int | None
    direction: str
    direction_label: str
    indicator: IndicatorValue | None  # only a published indicator, never a draft


@dataclass(frozen=True)
class BudgetRow:
    fiscal_year: int
    fiscal_label: str
    kind: str
    kind_label: str
    as_published: str  # "1,250,000 千円"; "" when the unit is not one this site knows
    amount: str  # in currency units: "1,250,000,000 yen"


@dataclass(frozen=True)
class BudgetTotal:
    kind_label: str
    amount: str
    years: int  # how many fiscal years it adds


@dataclass(frozen=True)
class InitiativePage:
    pk: int
    code: str
    name: Localized
    names: tuple[NameRow, ...]  # the name in every language that has one
    description: Localized
    department: Localized
    years: str
    status: str
    status_label: str
    website: str
    plan: PlanLink
    strategy: StrategyLink | None
    org: OrgSummary
    goals: tuple[GoalRow, ...]
    targets: tuple[TargetRow, ...]
    kpis: tuple[KpiRow, ...]
    budgets: tuple[BudgetRow, ...]
    totals: tuple[BudgetTotal, ...]


def shown_initiative(pk: int) -> Initiative:
    found = published_initiatives().filter(pk=pk).first() if 0 < pk < 2**53 else None
    if found is None:
        raise Http404(_("There is no published initiative with this number."))
    return found


def names_of(initiative: Initiative, lang: str) -> tuple[NameRow, ...]:
    rows = []
    for code in language_codes():
        text = getattr(initiative, f"name_{code}", "")
        if text:
            language = str(get_language_info(code)["name_translated"])
            rows.append(NameRow(language, Localized(text, code, False)))
    return tuple(rows)


def value_text(value: Decimal | None) -> str:
    return number_text(value) if value is not None else ""


def latest_value(indicator: Indicator, lang: str) -> IndicatorValue:
    """The indicator's headline series (the total, unlabelled first) and its latest value."""
    headline = (
        Series.objects.filter(indicator=indicator, dimensions="").order_by("series", "unit", "pk")
    ).first()
    latest = None
    if headline is not None:
        latest = (
            Observation.objects.filter(series=headline, value__isnull=False)
            .order_by("-end_year", "-start_year", "-period")
            .first()
        )
    unit = indicator.unit(lang)
    if not unit.text and headline is not None and headline.unit:
        unit = Localized(headline.unit, lang, False)
    return IndicatorValue(
        code=indicator.code,
        name=indicator.name(lang),
        url=reverse("portal:indicator", args=[indicator.organisation.slug, indicator.code]),
        value=display_value(latest.value, latest.value_text, indicator.decimals) if latest else "",
        period=latest.period if latest else "",
        unit=unit,
    )


def kpi_rows(initiative: Initiative, lang: str) -> tuple[KpiRow, ...]:
    kpis = list(Kpi.objects.filter(initiative=initiative))
    linked = {k.indicator_id for k in kpis if k.indicator_id}
    published = {
        i.pk: i
        for i in Indicator.objects.published().select_related("organisation").filter(pk__in=linked)
    }
    rows = []
    for kpi in kpis:
        indicator = published.get(kpi.indicator_id or 0)
        rows.append(
            KpiRow(
                name=kpi.name(lang),
                unit=kpi.unit,
                baseline=value_text(kpi.baseline_value),
                baseline_year=kpi.baseline_year,
                target=value_text(kpi.target_value),
                target_year=kpi.target_year,
                direction=kpi.direction,
                direction_label=str(kpi.get_direction_display()) if kpi.direction else "",
                indicator=latest_value(indicator, lang) if indicator else None,
            )
        )
    return tuple(rows)


def budget_rows(
    initiative: Initiative, lang: str
) -> tuple[tuple[BudgetRow, ...], tuple[BudgetTotal, ...]]:
    """Every budget line by fiscal year and kind, and per kind (and currency) the sum."""
    lines = list(BudgetLine.objects.filter(initiative=initiative))
    rows = tuple(
        BudgetRow(
            fiscal_year=line.fiscal_year,
            fiscal_label=fiscal_year_label(line.fiscal_year, lang),
            kind=line.kind,
            kind_label=str(line.get_kind_display()),
            as_published=published_amount(line.amount, line.currency, line.unit),
            amount=money_text(line.amount, line.currency),
        )
        for line in lines
    )
    totals = []
    for kind, label in BudgetKind.choices:
        of_kind = [line for line in lines if line.kind == kind]
        for currency in sorted({line.currency for line in of_kind}):
            same = [line for line in of_kind if line.currency == currency]
            amount = money_text(sum((line.amount for line in same), Decimal(0)), currency)
            totals.append(BudgetTotal(str(label), amount, len(same)))
    return rows, tuple(totals)


def target_rows(initiative: Initiative, lang: str) -> tuple[TargetRow, ...]:
    """Its targets in the official order, each with its role and rationale."""
    return tuple(
        TargetRow(
            code=m.target.code,
            title=m.target.title_in(lang),
            url=reverse("portal:target", args=[m.target.code]),
            goal=m.target.goal_id,
            role=m.role,
            role_label=role_label(m.role),
            rationale=m.rationale(lang),
        )
        for m in sorted(initiative.targets.all(), key=lambda m: m.target.sort_key)
    )


def initiative_page(pk: int, lang: str) -> InitiativePage:
    """A shown initiative of a published plan; 404 for anything the public may not see."""
    with translation.override(lang):
        initiative = shown_initiative(pk)
        plan = plan_link(initiative.plan, lang)
        tiles = tiles_by_number(lang)
        budgets, totals = budget_rows(initiative, lang)
        return InitiativePage(
            pk=initiative.pk,
            code=initiative.code,
            name=initiative.name(lang),
            names=names_of(initiative, lang),
            description=initiative.description(lang),
            department=initiative.department(lang),
            years=year_span(initiative.start_year, initiative.end_year, lang),
            status=initiative.status,
            status_label=str(initiative.get_status_display()) if initiative.status else "",
            website=initiative.url,
            plan=plan,
            strategy=strategy_link(initiative.strategy, plan, lang)
            if initiative.strategy
            else None,
            org=org_summary(initiative.plan.organisation, lang),
            goals=tuple(
                GoalRow(tiles[m.goal_id], m.role, role_label(m.role), m.rationale(lang))
                for m in initiative.goals.all()
            ),
            targets=target_rows(initiative, lang),
            kpis=kpi_rows(initiative, lang),
            budgets=budgets,
            totals=totals,
        )
