"""Store an initiatives table in a plan: compare it with what the plan holds, then apply it.

The table (read by ``localsdg.core.strategy.tables``) is matched to the plan's strategies (by
number, else by name) and initiatives (by code, else by name). For each initiative the table
names, the table is the truth for what its columns hold: the goal and target mapping is
replaced when the table has goal or target columns (a rationale already written for a goal or
target that stays is kept), KPIs are matched by name, budget lines by fiscal year and kind.
Initiatives the table does not mention are not touched.

Everything is one transaction: a table with an error stores nothing. ``localsdg strategy
import`` and the editors' upload share this module.

A plan's table runs to thousands of rows, each with its goals, targets, KPIs and budget lines,
so neither step asks the database per row, and the rows are not made into model instances
(making and saving tens of thousands of them is most of the time such an import takes): the
plan's rows are read once per kind as plain values (``Stored``), the table is matched and
compared in memory, and ``apply`` writes only what differs, with a statement per kind and batch
(``Bulk``). Bulk statements send no model signals, so each written row gets here the history
record its save or delete would have left ("+", "~", or "-" for a removed mapping), and cached
pages are invalidated and ``plans_changed`` sent once. An unchanged row is not written and
leaves no history record.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from operator import itemgetter
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, connections, models, transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history, get_history_model_for_model

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
from localsdg.web.cache import invalidate_on_commit
from localsdg.web.signals import plans_changed

NUMBERED = re.compile(
    r"^\s*(?:戦略|strategy|第)?\s*([A-Z]{0,2}[0-9０-９]+(?:[-.][0-9]+)*)\s*[.:：、)）]?\s*(.*)$",
    re.I,
)
JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
MAX_PARAMS = 30_000  # bound values per statement, under PostgreSQL's limit (SQLite's is lower)
DELETE_BATCH = 500

Row = dict[str, Any]  # a stored row as plain values, by column attribute name ("initiative_id")


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


def name_field(name: str) -> str:
    """A name with Japanese letters is a Japanese name; anything else is taken as English."""
    return "name_ja" if JAPANESE.search(name) else "name_en"


# --- What the plan holds, read once -----------------------------------------------------------


class Strategies:
    """The plan's strategies, found as a row names them: by number, else by Japanese name, else
    by English name, the first in the plan's order when several match."""

    def __init__(self, plan: Plan, strategies: Iterable[Strategy]) -> None:
        self.plan = plan
        self.by_number: dict[str, Strategy] = {}
        self.by_name: dict[str, dict[str, Strategy]] = {"name_ja": {}, "name_en": {}}
        self.count = 0
        for strategy in strategies:
            self.add(strategy)

    def add(self, strategy: Strategy) -> None:
        self.by_number.setdefault(strategy.number, strategy)
        self.by_name["name_ja"].setdefault(strategy.name_ja, strategy)
        self.by_name["name_en"].setdefault(strategy.name_en, strategy)
        self.count += 1

    def find(self, text: str) -> Strategy | None:
        number, name = split_strategy(text)
        if number and number in self.by_number:
            return self.by_number[number]
        if name:
            return self.by_name["name_ja"].get(name) or self.by_name["name_en"].get(name)
        return None

    def find_or_add(self, text: str) -> tuple[Strategy, bool]:
        """The strategy ``text`` names, or a new one (not yet saved) numbered as written or
        with the first free number; whether it is new."""
        found = self.find(text)
        if found is not None:
            return found, False
        number, name = split_strategy(text)
        if not number:
            number = str(next(n for n in range(1, 10_000) if str(n) not in self.by_number))
        strategy = Strategy(plan=self.plan, number=number, order=self.count)
        setattr(strategy, name_field(name), name)
        self.add(strategy)
        return strategy, True


class Initiatives:
    """The plan's initiatives, found as a row names them: by code, else (an initiative without
    a code) by its Japanese, then English name, the first in the plan's order."""

    def __init__(self, initiatives: Iterable[Row]) -> None:
        self.by_code: dict[str, Row] = {}
        self.named: dict[tuple[str, str], list[Row]] = defaultdict(list)
        self.keys: dict[int, list[tuple[str, str]]] = {}  # by id() of the initiative's row
        self.made: dict[int, int] = {}  # id() of a row not yet stored -> when it was made
        for initiative in initiatives:
            self.add(initiative)

    def add(self, initiative: Row) -> None:
        if initiative["id"] is None:
            self.made[id(initiative)] = len(self.made)
        if initiative["code"]:
            self.by_code.setdefault(initiative["code"], initiative)
        else:
            self.index(initiative)

    def index(self, initiative: Row) -> None:
        keys = [(lang, initiative[f"name_{lang}"]) for lang in ("ja", "en")]
        self.keys[id(initiative)] = [key for key in keys if key[1]]
        for key in self.keys[id(initiative)]:
            self.named[key].append(initiative)

    def renamed(self, initiative: Row) -> None:
        """Keep the name lookup true after a row changed the names of an initiative."""
        if not initiative["code"]:
            for key in self.keys.pop(id(initiative), []):
                self.named[key].remove(initiative)
            self.index(initiative)

    def rank(self, initiative: Row) -> tuple[int, str, int, int]:
        """Where an initiative comes in the plan's order (order, code, pk); one not yet stored
        comes after the stored ones, in the order it was made, as its primary key will."""
        made = self.made.get(id(initiative))
        if made is None:
            return initiative["order"], initiative["code"], 0, initiative["id"]
        return initiative["order"], initiative["code"], 1, made

    def find(self, row: InitiativeRow) -> Row | None:
        if row.code:
            return self.by_code.get(row.code)
        for lang in ("ja", "en"):
            if row.name.get(lang):
                found = self.named.get((lang, row.name[lang]))
                if found:
                    return min(found, key=self.rank)
        return None


def columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields]


def grouped(rows: Iterable[Row]) -> dict[int, list[Row]]:
    by_initiative: dict[int, list[Row]] = defaultdict(list)
    for row in rows:
        by_initiative[row["initiative_id"]].append(row)
    return by_initiative


@dataclass
class Stored:
    """Everything of the plan that a table is compared with, read in one query per kind, as
    plain values (every column, as the history records need them)."""

    plan: Plan
    strategies: list[Strategy]
    initiatives: list[Row]  # in the plan's order
    goals: dict[int, list[Row]]  # by initiative
    targets: dict[int, list[Row]]
    kpis: dict[int, list[Row]]  # in the plan's order of KPIs
    budgets: dict[int, list[Row]]
    indicator_codes: dict[int, str]  # the code of each indicator a KPI of the plan links to

    @classmethod
    def load(cls, plan: Plan) -> Stored:
        # The plan's order of each kind, within the one plan (the models' orderings would
        # also sort by plan and organisation, through joins).
        def rows(model: type[models.Model], *order: str) -> dict[int, list[Row]]:
            query = model._default_manager.filter(initiative__plan=plan).order_by(*order)
            return grouped(query.values(*columns(model)))

        codes = Indicator.objects.filter(kpis__initiative__plan=plan).values_list("pk", "code")
        initiatives = plan.initiatives.order_by("order", "code", "pk")
        return cls(
            plan=plan,
            strategies=list(plan.strategies.order_by("order", "pk")),
            initiatives=list(initiatives.values(*columns(Initiative))),
            goals=rows(GoalMapping),
            targets=rows(TargetMapping),
            kpis=rows(Kpi, "initiative_id", "order", "pk"),
            budgets=rows(BudgetLine),
            indicator_codes=dict(codes.distinct()),
        )


# --- Preview --------------------------------------------------------------------------------


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
    stored = Stored.load(plan)
    strategies = Strategies(plan, stored.strategies)
    initiatives = Initiatives(stored.initiatives)
    seen_strategies: set[str] = set()
    for row in table.rows:
        known = not row.strategy or row.strategy in seen_strategies
        if not known and strategies.find(row.strategy) is None:
            seen_strategies.add(row.strategy)
            result.new_strategies.append(row.strategy)
        existing = initiatives.find(row)
        name = row.name.get("ja") or row.name.get("en", "")
        if existing is None:
            action = "new"
        else:
            before = snapshot(existing, stored)
            after = wanted(existing, row, table, stored, strategies)
            action = "unchanged" if before == after else "changed"
        result.changes.append(Change(row.line, row.code, name, action))
    return result


def wanted(
    initiative: Row,
    row: InitiativeRow,
    table: InitiativeTable,
    stored: Stored,
    strategies: Strategies,
) -> dict[str, Any]:
    """The stored state that applying ``row`` would give ``initiative``, in ``snapshot`` form."""
    state = snapshot(initiative, stored)
    state.update(row_fields(row))
    if row.strategy:
        strategy = strategies.find(row.strategy)
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


def kpi_values(kpi: KpiRow) -> tuple[object, ...]:
    """What is compared of a KPI, the same for a stored one (``stored_kpi_values``)."""
    return (kpi.unit, kpi.baseline_value, kpi.baseline_year, kpi.target_value, kpi.target_year,
            kpi.direction or "", kpi.indicator)  # fmt: skip


def stored_kpi_values(kpi: Row, codes: dict[int, str]) -> tuple[object, ...]:
    indicator = codes.get(kpi["indicator_id"], "")
    return (kpi["unit"], kpi["baseline_value"], kpi["baseline_year"], kpi["target_value"],
            kpi["target_year"], kpi["direction"] or "", indicator)  # fmt: skip


def snapshot(initiative: Row, stored: Stored) -> dict[str, Any]:
    pk, codes = initiative["id"], stored.indicator_codes
    state: dict[str, Any] = {name: initiative[name] for name in FIELDS}
    state["strategy"] = initiative["strategy_id"]
    state["goals"] = sorted((m["goal_id"], m["role"]) for m in stored.goals.get(pk, []))
    state["targets"] = sorted((m["target_id"], m["role"]) for m in stored.targets.get(pk, []))
    state["kpis"] = {
        kpi["name_ja"] or kpi["name_en"]: stored_kpi_values(kpi, codes)
        for kpi in stored.kpis.get(pk, [])
    }
    state["budgets"] = {
        (line["fiscal_year"], line["kind"]): (line["amount"], line["currency"], line["unit"])
        for line in stored.budgets.get(pk, [])
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


# --- Apply ----------------------------------------------------------------------------------

KPI_FIELDS = [
    "name_en", "name_ja", "unit", "baseline_value", "baseline_year", "target_value",
    "target_year", "direction", "indicator_id",
]  # fmt: skip
# The columns of each kind that a table writes: a stored row is written when one of them differs.
WRITTEN: dict[type[models.Model], list[str]] = {
    Initiative: [*FIELDS, "strategy_id"],
    GoalMapping: ["role"],
    TargetMapping: ["role"],
    Kpi: KPI_FIELDS,
    BudgetLine: ["amount", "currency", "unit"],
}
# How the rows of an initiative of each kind are told apart.
CHILDREN: dict[type[models.Model], Callable[[Row], Any]] = {
    GoalMapping: itemgetter("goal_id"),
    TargetMapping: itemgetter("target_id"),
    Kpi: id,  # each its own
    BudgetLine: itemgetter("fiscal_year", "kind"),
}


@dataclass
class Held:
    """One initiative of the table, with its goal and target mapping, KPIs and budget lines
    (``rows``, by kind and key) as the rows of the table so far leave them."""

    initiative: Row
    rows: dict[type[models.Model], dict[Any, Row]]


@cache
def defaults(model: type[models.Model]) -> Row:
    """The values a new instance starts with (kept: none of these models has a callable
    default), the primary key still unknown."""
    fields = model._meta.concrete_fields
    return {f.attname: None if f.primary_key else f.get_default() for f in fields}


def blank(model: type[models.Model], **values: Any) -> Row:
    """A new row of ``model`` with its defaults, not yet stored."""
    return defaults(model) | values


class Writes:
    """The plan as the table leaves it, held in memory: the stored rows as the table changed
    them, the rows it makes and the mapping rows it removes; ``save`` writes the difference."""

    def __init__(self, stored: Stored) -> None:
        self.stored = stored
        self.strategies = Strategies(stored.plan, stored.strategies)
        self.initiatives = Initiatives(stored.initiatives)
        self.held: dict[int, Held] = {}  # by id() of the initiative's row
        self.before: dict[int, tuple[object, ...]] = {}  # id() of a stored row -> its values
        self.removed: dict[type[models.Model], list[Row]] = defaultdict(list)
        self.valid: set[tuple[str, Any]] = set()  # (field, value) pairs already checked

    def remember(self, model: type[models.Model], rows: Iterable[Row]) -> None:
        values = itemgetter(*WRITTEN[model])
        for row in rows:
            self.before[id(row)] = values(row)

    def changed(self, model: type[models.Model], row: Row) -> bool:
        before = self.before.get(id(row))
        return before is not None and before != itemgetter(*WRITTEN[model])(row)

    def hold(self, initiative: Row) -> Held:
        """The initiative with its rows; stored ones are remembered as they were."""
        key, pk = id(initiative), initiative["id"]
        if key not in self.held:
            stored = self.stored
            kinds = {GoalMapping: stored.goals, TargetMapping: stored.targets}
            kinds |= {Kpi: stored.kpis, BudgetLine: stored.budgets}  # type: ignore[dict-item]
            rows: dict[type[models.Model], dict[Any, Row]] = {}
            for model, by_initiative in kinds.items():
                mine = by_initiative.get(pk, []) if pk else []
                self.remember(model, mine)
                rows[model] = {CHILDREN[model](row): row for row in mine}
            self.remember(Initiative, [initiative] if pk else [])
            self.held[key] = Held(initiative, rows)
        return self.held[key]

    def store_row(self, row: InitiativeRow, order: int, strategy: Strategy | None) -> Held:
        initiative = self.initiatives.find(row)
        made = initiative is None
        if initiative is None:
            initiative = blank(Initiative, plan_id=self.stored.plan.pk, code=row.code, order=order)
        held = self.hold(initiative)
        given = row_fields(row)
        # A value the initiative already holds is not written, so not checked again either.
        new = [name for name, value in given.items() if made or initiative[name] != value]
        initiative.update(given)
        if strategy is not None:
            initiative["strategy_id"] = strategy.pk
        validate(initiative, [*new, "code"] if made else new, self.valid)
        if made:
            self.initiatives.add(initiative)
        else:
            self.initiatives.renamed(initiative)
        return held

    def remove(self, model: type[models.Model], row: Row) -> None:
        if row["id"] is not None:
            self.removed[model].append(row)

    def save(self) -> bool:
        """Write what differs from what was stored; whether anything was written."""
        held = list(self.held.values())
        initiatives = [h.initiative for h in held]
        written = Bulk(Initiative).insert([i for i in initiatives if i["id"] is None])
        changed = [i for i in initiatives if self.changed(Initiative, i)]
        written |= Bulk(Initiative).update(changed, WRITTEN[Initiative])
        for model, removed in self.removed.items():
            written |= Bulk(model).delete(removed)
        for model in CHILDREN:
            rows = [(h, row) for h in held for row in h.rows[model].values()]
            for h, row in rows:
                row["initiative_id"] = h.initiative["id"]
            written |= Bulk(model).insert([row for _h, row in rows if row["id"] is None])
            changed = [row for _h, row in rows if self.changed(model, row)]
            written |= Bulk(model).update(changed, WRITTEN[model])
        return written


def validate(initiative: Row, given: Sequence[str], valid: set[tuple[str, Any]]) -> None:
    """What ``full_clean()`` checks, without its queries per initiative: the fields the row
    sets (each value once: rows share departments, years, statuses) and ``clean()``, in memory
    (the plan and strategy exist: they were read or just made); one code per plan holds by
    matching rows by code. Anything wrong is raised by ``full_clean()`` itself, with its own
    messages."""
    fields = by_attname(Initiative)
    try:
        for name in given:
            if (name, initiative[name]) not in valid:
                fields[name].clean(initiative[name], None)
                valid.add((name, initiative[name]))
    except ValidationError:
        instance(initiative).full_clean()
        raise
    start, end = initiative["start_year"], initiative["end_year"]
    named = initiative["name_en"] or initiative["name_ja"]
    if (start and end and end < start) or not named:
        instance(initiative).full_clean()


def instance(row: Row) -> Initiative:
    """The row as a model instance: a stored one as if read from the database."""
    if row["id"] is None:
        return Initiative(**{name: value for name, value in row.items() if name != "id"})
    return Initiative.from_db(connection.alias, list(row), list(row.values()))


class Bulk:
    """Rows of one model written with a statement per batch, each row with the history record
    its save or delete would have left (same columns, user and change reason), timestamps
    (``auto_now``, ``auto_now_add``) set as a save sets them."""

    def __init__(self, model: type[models.Model]) -> None:
        self.model = model
        self.history = get_history_model_for_model(model)
        self.fields = [f for f in model._meta.concrete_fields if not f.primary_key]
        self.history_fields = [f for f in self.history._meta.concrete_fields if not f.primary_key]
        self.pk = quote(primary_key(model).column)
        self.now = timezone.now()

    def stamped(self, rows: list[Row], adding: bool) -> list[str]:
        names = [
            f.attname
            for f in self.fields
            if getattr(f, "auto_now", False) or (adding and getattr(f, "auto_now_add", False))
        ]
        for row in rows:
            row.update(dict.fromkeys(names, self.now))
        return names

    def insert(self, rows: list[Row]) -> bool:
        """Insert new rows and give each its primary key."""
        self.stamped(rows, adding=True)
        pks = insert(self.model, self.fields, rows, returning=True)
        for row, pk in zip(rows, pks, strict=True):
            row["id"] = pk
        return self.record(rows, "+")

    def update(self, rows: list[Row], written: list[str]) -> bool:
        if rows:
            names = [*written, *self.stamped(rows, adding=False)]
            pairs = [(f, converter(f)) for f in (by_attname(self.model)[name] for name in names)]
            sets = ", ".join(f"{quote(f.column)} = %s" for f, _prepare in pairs)
            sql = f"UPDATE {quote(self.model._meta.db_table)} SET {sets} WHERE {self.pk} = %s"
            params = [
                [*(prepare(row[f.attname]) for f, prepare in pairs), row["id"]] for row in rows
            ]
            with connection.cursor() as cursor:
                cursor.executemany(sql, params)
        return self.record(rows, "~")

    def delete(self, rows: list[Row]) -> bool:
        self.record(rows, "-")
        table = quote(self.model._meta.db_table)
        with connection.cursor() as cursor:
            for start in range(0, len(rows), DELETE_BATCH):
                pks = [row["id"] for row in rows[start : start + DELETE_BATCH]]
                marks = ", ".join(["%s"] * len(pks))
                cursor.execute(f"DELETE FROM {table} WHERE {self.pk} IN ({marks})", pks)
        return bool(rows)

    def record(self, rows: list[Row], kind: str) -> bool:
        """The history record of each row, as the history app writes it on a save or delete."""
        if not rows:
            return False
        user = self.history.get_default_history_user(self.model())
        extra = {
            "history_date": self.now,
            "history_type": kind,
            "history_change_reason": None,
            "history_user_id": user.pk if user is not None else None,
        }
        insert(self.history, self.history_fields, [row | extra for row in rows])
        return True


def quote(name: str) -> str:
    return connection.ops.quote_name(name)


@cache
def by_attname(model: type[models.Model]) -> dict[str, models.Field[Any, Any]]:
    return {f.attname: f for f in model._meta.concrete_fields}


def primary_key(model: type[models.Model]) -> models.Field[Any, Any]:
    return next(f for f in model._meta.concrete_fields if f.primary_key)


def converter(model_field: models.Field[Any, Any]) -> Callable[[Any], Any]:
    """How a value is given to the database: as it is for texts, numbers and keys; through the
    field for the others (amounts, timestamps), once per distinct value object."""
    plain = {"CharField", "TextField", "ForeignKey", "BooleanField", "AutoField", "BigAutoField"}
    kind = model_field.get_internal_type()
    if kind in plain or kind.endswith("IntegerField"):
        return lambda value: value
    last: list[Any] = [object(), None]
    database = connections[connection.alias]  # the connection itself, not the proxy to it

    def prepare(value: Any) -> Any:
        if value is not last[0]:
            last[:] = [value, model_field.get_db_prep_save(value, database)]
        return last[1]

    return prepare


def insert(
    model: type[models.Model],
    fields: list[models.Field[Any, Any]],
    rows: list[Row],
    returning: bool = False,
) -> list[Any]:
    """``INSERT`` the rows, as many per statement as the database takes; their primary keys,
    in order, when ``returning``."""
    if not rows:
        return []
    table, pairs = quote(model._meta.db_table), [(f, converter(f)) for f in fields]
    names = ", ".join(quote(f.column) for f in fields)
    marks = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, min(connection.ops.bulk_batch_size(fields, rows), MAX_PARAMS // len(fields)))
    end = f" RETURNING {quote(primary_key(model).column)}" if returning else ""
    pks: list[Any] = []
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            sql = f"INSERT INTO {table} ({names}) VALUES {', '.join([marks] * len(batch))}{end}"
            params = [p(row[f.attname]) for row in batch for f, p in pairs]
            cursor.execute(sql, params)
            if returning:
                pks += [pk for (pk,) in cursor.fetchall()]
    return pks


def apply(preview: StrategyPreview) -> int:
    """Store a previewed table in one transaction; the number of initiatives written."""
    if not preview.ok:
        raise ValueError("a table with errors cannot be stored")
    plan, table = preview.plan, preview.table
    indicators = dict(Indicator.objects.for_org(plan.organisation).values_list("code", "pk"))
    goals = {pk: pk for pk in Goal.objects.values_list("pk", flat=True)}
    targets = {pk: pk for pk in Target.objects.values_list("pk", flat=True)}
    mapped = "goals" in table.columns or "targets" in table.columns
    with transaction.atomic():
        writes = Writes(Stored.load(plan))
        strategies, made = store_strategies(writes.strategies, table)
        for order, (row, strategy) in enumerate(zip(table.rows, strategies, strict=True)):
            held = writes.store_row(row, order, strategy)
            if mapped:
                replace_mapping(writes, held, row, goals, targets)
            store_kpis(held, row, indicators)
            store_budgets(held, row)
        if writes.save() or made:
            # What a save would have told: cached pages and the plans' search entries and
            # Board (``plans_changed``) are redone once this commits.
            invalidate_on_commit()
            plans_changed.send(sender=Plan, organisation=plan.organisation)
    return len(table.rows)


def store_strategies(
    strategies: Strategies, table: InitiativeTable
) -> tuple[list[Strategy | None], bool]:
    """The strategy of each row (None for a row that names none), the missing ones made in one
    statement, numbered and ordered as the rows first name them; whether any was made."""
    found: list[Strategy | None] = []
    made = []
    for row in table.rows:
        strategy, new = strategies.find_or_add(row.strategy) if row.strategy else (None, False)
        found.append(strategy)
        if strategy is not None and new:
            made.append(strategy)
    if made:
        bulk_create_with_history(made, Strategy)
    return found, bool(made)


def replace_mapping(
    writes: Writes,
    held: Held,
    row: InitiativeRow,
    goals: dict[int, int],
    targets: dict[str, str],
) -> None:
    """The table's goals and targets, keeping what was written about those that stay."""
    links: list[tuple[type[models.Model], str, dict[Any, Any], dict[Any, str]]] = [
        (GoalMapping, "goal_id", goals, {link.number: link.role for link in row.goals}),
        (TargetMapping, "target_id", targets, {link.code: link.role for link in row.targets}),
    ]
    for model, name, known, roles in links:
        mapped = held.rows[model]
        for key in [key for key in mapped if key not in roles]:
            writes.remove(model, mapped.pop(key))
        for key, role in roles.items():
            if key not in mapped:
                mapped[key] = blank(model, **{name: known[key]})
            mapped[key]["role"] = role


def store_kpis(held: Held, row: InitiativeRow, indicators: dict[str, int]) -> None:
    """KPIs matched by name (the last of a name, in the plan's order); a new one is added."""
    kpis = held.rows[Kpi]
    ordered = sorted(kpis.values(), key=lambda k: (k["order"], k["id"] is None, k["id"] or 0))
    existing = {kpi["name_ja"] or kpi["name_en"]: kpi for kpi in ordered}
    for order, item in enumerate(row.kpis):
        kpi = existing.get(item.name)
        if kpi is None:
            kpi = blank(Kpi, order=order)
            kpis[id(kpi)] = kpi
        kpi[name_field(item.name)] = item.name
        kpi |= {"unit": item.unit, "direction": item.direction or ""}
        kpi |= {"baseline_value": item.baseline_value, "baseline_year": item.baseline_year}
        kpi |= {"target_value": item.target_value, "target_year": item.target_year}
        if item.indicator:
            kpi["indicator_id"] = indicators.get(item.indicator)


def store_budgets(held: Held, row: InitiativeRow) -> None:
    """Budget lines by fiscal year and kind: the table's amount replaces the stored one."""
    lines = held.rows[BudgetLine]
    for budget in row.budgets:
        key = (budget.fiscal_year, budget.kind)
        if key not in lines:
            lines[key] = blank(BudgetLine, fiscal_year=budget.fiscal_year, kind=budget.kind)
        lines[key] |= {"amount": budget.amount, "currency": budget.currency, "unit": budget.unit}


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
