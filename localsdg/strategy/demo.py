"""The demo long-term plans, read from ``demo_data/strategy.yaml``.

The content (the Tokyo hub's "Future Tokyo" plan with its versions, strategies and initiatives,
a draft plan, and the plans of two member municipalities; which parts are facts and which are
samples) lives in that file. This module reads it into typed specs, creates each plan with its
versions and strategies, and stores the initiatives the way a user's table is stored: as
``InitiativeRow``s in an ``InitiativeTable`` through ``imports.preview`` and ``imports.apply``,
so the demo exercises the import path it shows. What a table cannot carry (the rationales of a
mapping, a KPI's name in a second language) is set afterwards.

A mistake in the file is reported with the file, line, field and reason, also when the import
path finds it. Loading twice changes nothing: rows are found by their natural keys and saved
only when something differs, and a table whose rows are all unchanged is not applied again.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Annotated, Any, Literal

import yaml
from django.core.exceptions import ValidationError as ModelValidationError
from django.db import models
from django.db.models import Q
from pydantic import AfterValidator, Field, StrictBool, StrictInt, StrictStr
from pydantic_core import PydanticCustomError

from localsdg.core.codes import InvalidCode
from localsdg.core.framework import UnknownCode, load_framework
from localsdg.core.strategy.model import (
    Budget,
    Direction,
    GoalLink,
    InitiativeRow,
    InitiativeTable,
    Role,
    Status,
    TargetLink,
)
from localsdg.core.strategy.model import Kpi as KpiRow
from localsdg.engagement.demo import (
    DemoDataError,
    GoalNumber,
    LineLoader,
    LineMap,
    Spec,
    Texts,
    construct_line_map,
    read_checked,
    texts_of,
)
from localsdg.i18n import language_codes
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.strategy import imports
from localsdg.strategy.models import (
    EARLIEST_YEAR,
    LATEST_YEAR,
    Initiative,
    Plan,
    PlanVersion,
    Strategy,
)

__all__ = ["DEMO_FILE", "DemoDataError", "demo_plans", "load_strategy_demo"]

DEMO_FILE = Path(__file__).resolve().parent.parent / "demo_data" / "strategy.yaml"
# The units a budget may be written in, and how many yen each is.
UNITS = {"円": 1, "千円": 1_000, "百万円": 1_000_000}
# The columns of the table the loader builds, named as the file's fields (for the messages).
COLUMNS = {name: name for name in ("code", "name", "strategy", "description", "department",
                                    "goals", "targets", "budgets", "kpis")}  # fmt: skip
COLUMNS["kpi_indicator"] = "kpis"

Loc = tuple[str | int, ...]


# --- The file's shape ----------------------------------------------------------------------------


def named(texts: dict[str, str]) -> dict[str, str]:
    if not any(texts.values()):
        raise PydanticCustomError("named", "give a text in at least one language")
    return texts


def target_code(value: str) -> str:
    """The framework's spelling of a target ("11.B" is 11.b); the framework's reason if none."""
    try:
        return load_framework().target(value).code
    except (UnknownCode, InvalidCode) as exc:
        raise PydanticCustomError("target", str(exc)) from None


Named = Annotated[Texts, AfterValidator(named)]
Year = Annotated[StrictInt, Field(ge=EARLIEST_YEAR, le=LATEST_YEAR)]
TargetCode = Annotated[StrictStr, AfterValidator(target_code)]
Amount = Annotated[StrictInt, Field(ge=0)]  # in the plan's budget unit


class VersionSpec(Spec):
    name: Named
    issued: date  # the first day of the month when only the month is known
    url: StrictStr = ""
    note: Texts = {}


class StrategySpec(Spec):
    number: StrictStr  # as the plan numbers it; quoted in the file ("1", "S8")
    name: Named
    description: Texts = {}


class KpiSpec(Spec):
    name: Named
    unit: StrictStr = ""
    baseline_value: Decimal | None = None
    baseline_year: Year | None = None
    target_value: Decimal | None = None
    target_year: Year | None = None
    direction: Direction | None = None
    indicator: StrictStr = ""  # code of a local indicator of the plan's organisation


class InitiativeSpec(Spec):
    code: StrictStr
    strategy: StrictStr  # the number of one of the plan's strategies
    name: Named
    description: Texts = {}
    department: Texts = {}
    start_year: Year | None = None
    end_year: Year | None = None
    status: Status | None = None
    goals: dict[GoalNumber, Role] = Field(min_length=1)
    targets: dict[TargetCode, Role] = Field(min_length=1)
    budgets: dict[Year, Amount] = {}  # fiscal year -> amount in the plan's budget unit
    kpis: list[KpiSpec] = []
    rationales: dict[StrictStr, Texts] = {}  # goal number or target code -> why


class PlanSpec(Spec):
    org: StrictStr  # slug of a demo organisation
    slug: StrictStr
    name: Named
    description: Texts = {}
    start_year: Year
    end_year: Year
    url: StrictStr = ""
    published: StrictBool
    budget_unit: Literal["円", "千円", "百万円"] = "千円"
    versions: list[VersionSpec] = []
    strategies: list[StrategySpec] = Field(min_length=1)
    initiatives: list[InitiativeSpec] = []


class DemoPlans(Spec):
    plans: list[PlanSpec]


@dataclass(frozen=True)
class DemoFile:
    """The checked file, with what it takes to point at a line of it."""

    path: Path
    data: Any  # the file as read, whose mappings know their lines
    record: DemoPlans

    def error(self, loc: Loc, reason: str) -> DemoDataError:
        return located(self.path, self.data, loc, reason)

    def line(self, loc: Loc) -> int:
        """The line where the item at ``loc`` (a plan, an initiative) starts."""
        node = self.data
        for part in loc:
            node = node[part]
        return node.line if isinstance(node, LineMap) else 1


def located(path: Path, data: object, loc: Loc, reason: str) -> DemoDataError:
    """The error at ``loc`` with the line it stands on; keys that are codes or years are
    bracketed (``targets[11.5]``, ``budgets[2024]``), names dotted (``initiatives[3].code``)."""
    line, node, field = 1, data, ""
    for part in loc:
        if isinstance(node, LineMap) and part in node:
            line, node = node.lines[str(part)], node[part]  # type: ignore[index]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            line = getattr(node, "line", line)
        if isinstance(part, int) or not part.isidentifier():
            field += f"[{part}]"
        else:
            field += f".{part}" if field else part
    return DemoDataError(f"{path.name}, line {line}, {field}: {reason}")


# --- Checks across entries -----------------------------------------------------------------------


def rationale_key(key: str) -> int | str:
    """A rationale's key as the mapping has it: a goal number, or a target code."""
    if key.isdigit():
        return int(key)
    return target_code(key)


def mistakes(record: DemoPlans) -> Iterator[tuple[Loc, str]]:
    """What the shape alone does not catch: duplicates, references, years out of order."""
    seen_plans: set[tuple[str, str]] = set()
    for n, plan in enumerate(record.plans):
        if (plan.org, plan.slug) in seen_plans:
            yield ("plans", n, "slug"), f"{plan.org} already has a plan “{plan.slug}”"
        seen_plans.add((plan.org, plan.slug))
        if plan.end_year < plan.start_year:
            yield ("plans", n, "end_year"), "the last year comes before the first"
        numbers = [s.number for s in plan.strategies]
        for s, number in enumerate(numbers):
            if number in numbers[:s]:
                yield ("plans", n, "strategies", s, "number"), f"strategy {number} is there twice"
        codes: set[str] = set()
        for m, initiative in enumerate(plan.initiatives):
            where: Loc = ("plans", n, "initiatives", m)
            if initiative.code in codes:
                yield (*where, "code"), f"initiative {initiative.code} is there twice"
            codes.add(initiative.code)
            yield from initiative_mistakes(where, initiative, set(numbers))


def initiative_mistakes(
    where: Loc, spec: InitiativeSpec, numbers: set[str]
) -> Iterator[tuple[Loc, str]]:
    if spec.strategy not in numbers:
        yield (*where, "strategy"), f"the plan has no strategy “{spec.strategy}”"
    if spec.start_year and spec.end_year and spec.end_year < spec.start_year:
        yield (*where, "end_year"), "the last year comes before the first"
    for code in spec.targets:
        goal = int(code.split(".")[0])
        if goal not in spec.goals:
            yield (
                (*where, "targets", code),
                f"target {code} is of goal {goal}, which goals does not list",
            )
    for key in spec.rationales:
        try:
            mapped = rationale_key(key)
        except PydanticCustomError as exc:
            yield (*where, "rationales", key), exc.message()
            continue
        if mapped not in spec.goals and mapped not in spec.targets:
            yield (*where, "rationales", key), f"{key} is not among the goals or targets mapped"


class FastLineLoader(getattr(yaml, "CSafeLoader", LineLoader)):  # type: ignore[misc]
    """The same loader on libyaml when it is there: ten times faster on this file."""


FastLineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, construct_line_map)


@cache
def demo_plans(path: Path = DEMO_FILE) -> DemoFile:
    """The demo plans of the file, checked; DemoDataError says what is wrong and where."""
    data, record = read_checked(path, DemoPlans, FastLineLoader, located)
    demo = DemoFile(path, data, record)
    for loc, reason in mistakes(record):
        raise demo.error(loc, reason)
    return demo


# --- Loading it ----------------------------------------------------------------------------------


def model_loc(field: str) -> Loc:
    """A model field as the file names it: ``name_en`` is ``name.en``."""
    stem, _sep, lang = field.rpartition("_")
    return (stem, lang) if stem and lang in language_codes() else (field,)


def store(demo: DemoFile, where: Loc, model: type[models.Model], lookup: dict[str, Any],
          values: dict[str, Any]) -> Any:  # fmt: skip
    """Find by ``lookup``, check with the model's own rules, and save only what differs (so an
    unchanged demo adds no history)."""
    obj = model._default_manager.filter(**lookup).first() or model(**lookup)
    changed = obj.pk is None or any(getattr(obj, k) != v for k, v in values.items())
    if not changed:
        return obj
    for name, value in values.items():
        setattr(obj, name, value)
    try:
        obj.full_clean()
    except ModelValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise demo.error(where + model_loc(field), messages[0]) from None
    obj.save()
    return obj


def load_strategy_demo(orgs: dict[str, Organisation], path: Path = DEMO_FILE) -> None:
    """Create or refresh the demo plans of the organisations ``orgs`` names by slug."""
    demo = demo_plans(path)
    for n, spec in enumerate(demo.record.plans):
        org = orgs.get(spec.org)
        if org is None:
            raise demo.error(("plans", n, "org"), f"there is no demo organisation “{spec.org}”")
        check_indicators(demo, n, org, spec)
        plan = load_plan(demo, n, org, spec)
        store_initiatives(demo, n, plan, spec)
        add_what_tables_cannot_carry(demo, n, plan, spec)


def check_indicators(demo: DemoFile, n: int, org: Organisation, spec: PlanSpec) -> None:
    """A KPI names an indicator of the plan's own organisation. The import path would store
    the KPI without it and warn; here it is a mistake, shown at the line of the KPI."""
    known = set(Indicator.objects.for_org(org).values_list("code", flat=True))
    for m, item in enumerate(spec.initiatives):
        for k, kpi in enumerate(item.kpis):
            if kpi.indicator and kpi.indicator not in known:
                where = ("plans", n, "initiatives", m, "kpis", k, "indicator")
                raise demo.error(where, f"{org.slug} has no indicator “{kpi.indicator}”")


def load_plan(demo: DemoFile, n: int, org: Organisation, spec: PlanSpec) -> Plan:
    where: Loc = ("plans", n)
    values = texts_of("name", spec.name) | texts_of("description", spec.description)
    values |= {"start_year": spec.start_year, "end_year": spec.end_year, "url": spec.url}
    values["is_published"] = spec.published
    plan: Plan = store(demo, where, Plan, {"organisation": org, "slug": spec.slug}, values)
    for v, version in enumerate(spec.versions):
        values = texts_of("name", version.name) | texts_of("note", version.note)
        values |= {"issued": version.issued, "url": version.url}
        lookup = {"plan": plan, "name_en": values.pop("name_en")}
        store(demo, (*where, "versions", v), PlanVersion, lookup, values)
    for order, strategy in enumerate(spec.strategies):
        values = texts_of("name", strategy.name) | texts_of("description", strategy.description)
        lookup = {"plan": plan, "number": strategy.number}
        store(demo, (*where, "strategies", order), Strategy, lookup, values | {"order": order})
    return plan


def strategy_reference(spec: StrategySpec) -> str:
    """How the table names a strategy so that the import path finds it: by its number when
    the import reads it as one ("1"), else by its name ("S8" is not a number to it)."""
    if imports.split_strategy(spec.number) == (spec.number, ""):
        return spec.number
    return spec.name.get("en") or next(text for text in spec.name.values() if text)


def present(texts: dict[str, str]) -> dict[str, str]:
    return {lang: text for lang, text in texts.items() if text}


def kpi_key(spec: KpiSpec) -> str:
    """The one name a table row gives a KPI (and by which the import path matches it)."""
    return spec.name.get("ja") or next(text for text in spec.name.values() if text)


def table_of(demo: DemoFile, n: int, spec: PlanSpec) -> InitiativeTable:
    """The plan's initiatives as the import path reads a user's table."""
    strategies = {s.number: strategy_reference(s) for s in spec.strategies}
    factor = UNITS[spec.budget_unit]
    rows = [
        InitiativeRow(
            line=demo.line(("plans", n, "initiatives", m)),
            code=item.code,
            name=present(item.name),
            strategy=strategies[item.strategy],
            description=present(item.description),
            department=present(item.department),
            goals=tuple(GoalLink(number, role) for number, role in item.goals.items()),
            targets=tuple(TargetLink(code, role) for code, role in item.targets.items()),
            budgets=tuple(
                Budget(year, Decimal(amount) * factor, unit=spec.budget_unit)
                for year, amount in item.budgets.items()
            ),
            kpis=tuple(kpi_row(kpi) for kpi in item.kpis),
            start_year=item.start_year,
            end_year=item.end_year,
            status=item.status,
        )
        for m, item in enumerate(spec.initiatives)
    ]
    return InitiativeTable(demo.path.name, columns=dict(COLUMNS), rows=rows)


def kpi_row(spec: KpiSpec) -> KpiRow:
    return KpiRow(
        name=kpi_key(spec),
        unit=spec.unit,
        baseline_value=spec.baseline_value,
        baseline_year=spec.baseline_year,
        target_value=spec.target_value,
        target_year=spec.target_year,
        direction=spec.direction,
        indicator=spec.indicator,
    )


def store_initiatives(demo: DemoFile, n: int, plan: Plan, spec: PlanSpec) -> None:
    """Preview the plan's table and apply it; anything the preview flags stops the demo."""
    if not spec.initiatives:
        return
    table = table_of(demo, n, spec)
    preview = imports.preview(plan, table)
    index = {row.line: m for m, row in enumerate(table.rows)}
    for problem in [*preview.errors, *preview.warnings]:
        where: Loc = ("plans", n, "initiatives", index.get(problem.line or 0, 0))
        raise demo.error((*where, problem.column) if problem.column else where, problem.message)
    if preview.new_strategies:
        raise demo.error(("plans", n, "strategies"), f"no strategy “{preview.new_strategies[0]}”")
    if preview.count("unchanged") < len(table.rows):
        imports.apply(preview)


def add_what_tables_cannot_carry(demo: DemoFile, n: int, plan: Plan, spec: PlanSpec) -> None:
    """The rationales of mappings, and the KPIs' names in every language."""
    for m, item in enumerate(spec.initiatives):
        if not item.rationales and not item.kpis:
            continue
        where: Loc = ("plans", n, "initiatives", m)
        initiative = Initiative.objects.get(plan=plan, code=item.code)
        for key, texts in item.rationales.items():
            mapped = rationale_key(key)
            mapping = (
                initiative.goals.get(goal_id=mapped)
                if isinstance(mapped, int)
                else initiative.targets.get(target_id=mapped)
            )
            values = texts_of("rationale", texts)
            store(demo, (*where, "rationales", key), type(mapping), {"pk": mapping.pk}, values)
        for k, kpi in enumerate(item.kpis):
            key = kpi_key(kpi)
            stored = initiative.kpis.filter(Q(name_ja=key) | Q(name_en=key)).first()
            if stored is not None:
                lookup = {"pk": stored.pk}
                store(demo, (*where, "kpis", k), type(stored), lookup, texts_of("name", kpi.name))
