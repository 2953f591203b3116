"""The Board's in-process index of the published initiatives, built once per data generation.

Every shown initiative of a published plan of a published organisation is a *row*, numbered in
the order the lists of who serves a goal show them: the hub first, then its members by name,
each plan's initiatives in the plan's own order. Every facet value has a Python int whose bit
``n`` is set when row ``n`` has that value, so a filter is an AND/OR of ints and a count is
``int.bit_count()``: microseconds for 20,000 rows. The orders for sorting by budget and by name
are computed here once.

The index is read in nine queries and kept by ``web.cache.memoized`` until published data
changes: a save or delete in any app that public pages show moves the generation on after its
transaction commits, and the next request builds the index again.
"""

from __future__ import annotations

import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TypeVar

from localsdg.framework.models import Target
from localsdg.i18n import Localized, language_codes, pick
from localsdg.orgs.models import Organisation
from localsdg.search.memory import Entries, load_entries
from localsdg.strategy.models import (
    BudgetKind,
    BudgetLine,
    GoalMapping,
    Initiative,
    Plan,
    Role,
    Strategy,
    TargetMapping,
)
from localsdg.web.cache import memoized
from localsdg.web.parts import GoalTile

ROLES = (Role.PRIMARY.value, Role.SECONDARY.value)
NO_STATUS = "none"
NO_BUDGET = "none"
# Budget buckets of the latest fiscal year's initial budget in yen: (key, lower bound).
BUDGET_BUCKETS: tuple[tuple[str, Decimal], ...] = (
    ("under-10m", Decimal("-Infinity")),
    ("10m-100m", Decimal(10_000_000)),
    ("100m-1b", Decimal(100_000_000)),
    ("1b-10b", Decimal(1_000_000_000)),
    ("10b-plus", Decimal(10_000_000_000)),
)
BUDGET_KEYS = (*(key for key, _low in BUDGET_BUCKETS), NO_BUDGET)
K = TypeVar("K")
MAX_YEARS = 100  # a longer span is a typing mistake; its first hundred years are kept

# The positions of the set bits of every byte value, to turn a bitset into rows quickly.
BYTE_BITS: tuple[tuple[int, ...], ...] = tuple(
    tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)
)


@dataclass(frozen=True)
class OrgInfo:
    pk: int
    slug: str
    names: dict[str, str]
    is_hub: bool

    def name(self, lang: str) -> Localized:
        return pick(self.names, lang)


@dataclass(frozen=True)
class PlanInfo:
    pk: int
    slug: str
    org: OrgInfo
    names: dict[str, str]
    start_year: int
    end_year: int

    def name(self, lang: str) -> Localized:
        return pick(self.names, lang)


@dataclass(frozen=True)
class StrategyInfo:
    pk: int
    number: str
    names: dict[str, str]
    order: int

    def name(self, lang: str) -> Localized:
        return pick(self.names, lang)


@dataclass(frozen=True)
class TargetInfo:
    code: str
    goal: int
    sort_key: int
    titles: dict[str, str]


@dataclass(frozen=True)
class TextMatch:
    """The rows a search finds, best first."""

    mask: int
    order: tuple[int, ...]
    note: str  # the search page's remark on one- and two-character words, or ""


@dataclass(frozen=True)
class Record:
    """One published initiative with what the Board filters, sorts and shows."""

    pk: int
    plan: PlanInfo
    strategy: StrategyInfo | None
    code: str
    names: dict[str, str]
    departments: dict[str, str]
    status: str
    start_year: int | None
    end_year: int | None
    order: int
    fiscal_years: tuple[int, ...]
    goals: dict[int, str]  # goal number -> role, in number order
    targets: dict[str, str]  # target code -> role, in official order
    budget_year: int | None  # the latest fiscal year with an initial budget in yen
    budget: Decimal | None  # that budget, in yen

    @property
    def org(self) -> OrgInfo:
        return self.plan.org

    def name(self, lang: str) -> Localized:
        return pick(self.names, lang)

    def department(self, lang: str) -> Localized:
        return pick(self.departments, lang)


@dataclass(frozen=True)
class BoardIndex:
    records: tuple[Record, ...]  # by row number
    rows: dict[int, int]  # initiative id -> row
    everything: int  # every row's bit set
    orgs: dict[str, OrgInfo]  # every published organisation, the hub first, then by name
    org_bits: dict[str, int]
    goal_bits: dict[tuple[int, str], int]  # (goal, role)
    target_bits: dict[tuple[str, str], int]  # (target, role)
    role_bits: dict[str, int]  # initiatives with at least one goal of this role
    targets: dict[str, TargetInfo]  # every target of the framework, in official order
    departments: dict[str, dict[str, int]]  # language -> department as shown there -> bits
    department_names: dict[str, dict[str, str]]  # language -> a text in any language -> as shown
    department_langs: dict[str, dict[str, str]]  # language -> as shown -> its own language
    status_bits: dict[str, int]  # NO_STATUS for none
    year_bits: dict[int, int]
    budget_bits: dict[str, int]
    by_budget: tuple[int, ...]  # rows, largest latest budget first, those without one last
    by_name: dict[str, tuple[int, ...]]  # language -> rows by name in that language
    # Filled on demand: the search index's initiative entries of a language, and the text
    # matches of the latest queries (they change only with the data, as the index does).
    entries: dict[str, Entries] = field(default_factory=dict, compare=False, repr=False)
    matches: dict[tuple[str, str], TextMatch] = field(
        default_factory=dict, compare=False, repr=False
    )
    # The goal tiles of a language (see results.goal_tiles_of): the goals change with the data.
    tiles: dict[str, dict[int, GoalTile]] = field(default_factory=dict, compare=False, repr=False)

    @property
    def size(self) -> int:
        return len(self.records)

    def text_entries(self, lang: str) -> Entries:
        if lang not in self.entries:
            self.entries[lang] = load_entries(lang)
        return self.entries[lang]

    def goal_mask(self, goal: int, roles: Iterable[str]) -> int:
        return union(self.goal_bits.get((goal, role), 0) for role in roles)

    def target_mask(self, target: str, roles: Iterable[str]) -> int:
        return union(self.target_bits.get((target, role), 0) for role in roles)


def union(masks: Iterable[int]) -> int:
    found = 0
    for mask in masks:
        found |= mask
    return found


def mask_of(rows: Iterable[int], size: int) -> int:
    """The bitset of ``rows``, made through bytes: setting bits one by one in a big int copies
    the whole int each time."""
    bits = bytearray((size + 7) // 8)
    for row in rows:
        bits[row >> 3] |= 1 << (row & 7)
    return int.from_bytes(bits, "little")


def rows_of(mask: int, stop: int | None = None) -> list[int]:
    """The set bits of ``mask`` in ascending order (the first ``stop`` of them)."""
    found: list[int] = []
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    for position, value in enumerate(data):
        if value:
            base = position * 8
            found.extend(base + bit for bit in BYTE_BITS[value])
            if stop is not None and len(found) >= stop:
                return found[:stop]
    return found


def bucket_of(amount: Decimal | None) -> str:
    if amount is None:
        return NO_BUDGET
    found = BUDGET_BUCKETS[0][0]
    for key, low in BUDGET_BUCKETS:
        if amount >= low:
            found = key
    return found


def running_years(
    start: int | None, end: int | None, plan: PlanInfo, budgeted: Iterable[int]
) -> tuple[int, ...]:
    """The fiscal years an initiative runs: its first to its last year, the plan's first or
    last year standing in for one it does not give, and every year it has a budget line for."""
    first = start or plan.start_year
    last = end or max(plan.end_year, first)
    years = set(range(first, min(max(first, last), first + MAX_YEARS - 1) + 1))
    return tuple(sorted(years | set(budgeted)))


def goal_roles(
    goals: Sequence[tuple[int, str]], targets: Sequence[tuple[str, int, str]]
) -> dict[int, str]:
    """The goals an initiative serves with their roles, by the rule of
    ``strategy.pages.common.goal_roles``: a goal it lists has the role given there; a goal it
    does not list but one of whose targets it lists counts too, as primary when one of those
    targets is primary."""
    roles: dict[int, str] = {}
    for _code, goal, role in targets:
        if role == Role.PRIMARY or goal not in roles:
            roles[goal] = role
    for goal, role in goals:
        roles[goal] = role
    return dict(sorted(roles.items()))


def texts(
    values: dict[str, object], field: str, langs: Sequence[str] | None = None
) -> dict[str, str]:
    """A row's ``<field>_<lang>`` columns as {lang: text}."""
    langs = language_codes() if langs is None else langs
    return {code: str(values[f"{field}_{code}"] or "") for code in langs}


def read_orgs() -> dict[int, OrgInfo]:
    """Published organisations, the hub first and then by English name (as lists order them)."""
    fields = [f"name_{code}" for code in language_codes()]
    found = Organisation.objects.published().values("pk", "slug", "hub_id", *fields)
    ordered = sorted(found, key=lambda o: (o["hub_id"] is not None, o["name_en"], o["pk"]))
    return {
        o["pk"]: OrgInfo(o["pk"], o["slug"], texts(o, "name"), o["hub_id"] is None) for o in ordered
    }


def read_plans(orgs: dict[int, OrgInfo]) -> dict[int, PlanInfo]:
    fields = [f"name_{code}" for code in language_codes()]
    found = Plan.objects.published().values(
        "pk", "slug", "organisation_id", "start_year", "end_year", *fields
    )
    return {
        p["pk"]: PlanInfo(
            p["pk"], p["slug"], orgs[p["organisation_id"]], texts(p, "name"),
            p["start_year"], p["end_year"],
        )
        for p in found
        if p["organisation_id"] in orgs
    }  # fmt: skip


def read_strategies(plans: dict[int, PlanInfo]) -> dict[int, StrategyInfo]:
    fields = [f"name_{code}" for code in language_codes()]
    found = Strategy.objects.filter(plan_id__in=list(plans)).values(
        "pk", "number", "order", *fields
    )
    return {
        s["pk"]: StrategyInfo(s["pk"], s["number"], texts(s, "name"), s["order"]) for s in found
    }


def read_targets() -> dict[str, TargetInfo]:
    found = Target.objects.order_by("sort_key").values_list("code", "goal_id", "sort_key", "title")
    return {
        code: TargetInfo(code, goal, key, title if isinstance(title, dict) else {})
        for code, goal, key, title in found
    }


def latest_budgets(
    published: object,
) -> tuple[dict[int, set[int]], dict[int, tuple[int, Decimal]]]:
    """Per initiative: every fiscal year it has a budget line for, and its latest initial
    budget in yen as (fiscal year, amount)."""
    years: dict[int, set[int]] = defaultdict(set)
    latest: dict[int, tuple[int, Decimal]] = {}
    lines = BudgetLine.objects.filter(initiative_id__in=published).values_list(
        "initiative_id", "fiscal_year", "kind", "currency", "amount"
    )
    for pk, year, kind, currency, amount in lines:
        years[pk].add(year)
        newer = pk not in latest or year > latest[pk][0]
        if kind == BudgetKind.INITIAL and currency == "JPY" and newer:
            latest[pk] = (year, amount)
    return years, latest


def listing_key(record: Record) -> tuple[object, ...]:
    """The order of ``strategy.pages.serving.listing_order``, on the index's own records."""
    org, plan, strategy = record.org, record.plan, record.strategy
    return (
        not org.is_hub, org.names.get("en", ""), org.pk, -plan.start_year, plan.slug,
        strategy is None, strategy.order if strategy else 0, strategy.pk if strategy else 0,
        record.order, record.code, record.pk,
    )  # fmt: skip


def read_records() -> tuple[dict[int, OrgInfo], list[Record]]:
    """Every published initiative as a record, in listing order."""
    orgs = read_orgs()
    plans = read_plans(orgs)
    strategies = read_strategies(plans)
    langs = language_codes()
    fields = [f"{name}_{code}" for name in ("name", "department") for code in langs]
    published = Initiative.objects.published()
    rows = published.values(
        "pk", "plan_id", "strategy_id", "code", "status", "start_year", "end_year", "order",
        *fields,
    )  # fmt: skip
    goals: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for pk, goal, role in GoalMapping.objects.filter(initiative__in=published).values_list(
        "initiative_id", "goal_id", "role"
    ):
        goals[pk].append((goal, role))
    targets: dict[int, list[tuple[str, int, str]]] = defaultdict(list)
    for pk, code, goal, role in (
        TargetMapping.objects.filter(initiative__in=published)
        .order_by("initiative_id", "target__sort_key")
        .values_list("initiative_id", "target_id", "target__goal_id", "role")
    ):
        targets[pk].append((code, goal, role))
    budget_years, latest = latest_budgets(published.values("pk"))
    records = []
    for row in rows:
        plan = plans.get(row["plan_id"])
        if plan is None:
            continue
        pk = row["pk"]
        year, amount = latest.get(pk, (None, None))
        records.append(
            Record(
                pk=pk,
                plan=plan,
                strategy=strategies.get(row["strategy_id"] or 0),
                code=row["code"],
                names=texts(row, "name", langs),
                departments=texts(row, "department", langs),
                status=row["status"],
                start_year=row["start_year"],
                end_year=row["end_year"],
                order=row["order"],
                fiscal_years=running_years(
                    row["start_year"], row["end_year"], plan, budget_years.get(pk, ())
                ),
                goals=goal_roles(goals.get(pk, []), targets.get(pk, [])),
                targets={code: role for code, _goal, role in targets.get(pk, [])},
                budget_year=year,
                budget=amount,
            )
        )
    records.sort(key=listing_key)
    return orgs, records


def masks(members: Mapping[K, list[int]], size: int) -> dict[K, int]:
    return {key: mask_of(rows, size) for key, rows in members.items()}


def build_index() -> BoardIndex:
    """Read the published initiatives and make every facet's bitsets and the sort orders."""
    orgs, records = read_records()
    size = len(records)
    langs = language_codes()
    by_org: dict[str, list[int]] = defaultdict(list)
    by_goal: dict[tuple[int, str], list[int]] = defaultdict(list)
    by_role: dict[str, list[int]] = defaultdict(list)
    by_target: dict[tuple[str, str], list[int]] = defaultdict(list)
    by_department: dict[str, dict[str, list[int]]] = {lang: defaultdict(list) for lang in langs}
    by_status: dict[str, list[int]] = defaultdict(list)
    by_year: dict[int, list[int]] = defaultdict(list)
    by_budget: dict[str, list[int]] = defaultdict(list)
    department_names: dict[str, dict[str, str]] = {lang: {} for lang in langs}
    department_langs: dict[str, dict[str, str]] = {lang: {} for lang in langs}
    for row, record in enumerate(records):
        by_org[record.org.slug].append(row)
        for goal, role in record.goals.items():
            by_goal[goal, role].append(row)
        for role in set(record.goals.values()):
            by_role[role].append(row)
        for code, role in record.targets.items():
            by_target[code, role].append(row)
        for lang in langs:
            department = record.department(lang)
            shown = department.text
            if shown:
                by_department[lang][shown].append(row)
                department_langs[lang].setdefault(shown, department.lang)
                for text in record.departments.values():
                    if text:
                        department_names[lang].setdefault(text, shown)
        by_status[record.status or NO_STATUS].append(row)
        for year in record.fiscal_years:
            by_year[year].append(row)
        by_budget[bucket_of(record.budget)].append(row)
    return BoardIndex(
        records=tuple(records),
        rows={record.pk: row for row, record in enumerate(records)},
        everything=(1 << size) - 1,
        orgs={org.slug: org for org in orgs.values()},
        org_bits=masks(by_org, size),
        goal_bits=masks(by_goal, size),
        target_bits=masks(by_target, size),
        role_bits=masks(by_role, size),
        targets=read_targets(),
        departments={lang: masks(by_department[lang], size) for lang in langs},
        department_names=department_names,
        department_langs=department_langs,
        status_bits=masks(by_status, size),
        year_bits=masks(by_year, size),
        budget_bits=masks(by_budget, size),
        by_budget=tuple(sorted(range(size), key=lambda row: budget_order(records[row], row))),
        by_name={
            lang: tuple(sorted(range(size), key=lambda row: name_order(records[row], row, lang)))
            for lang in langs
        },
    )


def budget_order(record: Record, row: int) -> tuple[bool, Decimal, int]:
    return record.budget is None, -(record.budget or Decimal(0)), row


def name_order(record: Record, row: int, lang: str) -> tuple[str, int]:
    """By the name in the matching form (full-width letters as ASCII, no case), then row."""
    return unicodedata.normalize("NFKC", record.name(lang).text).casefold(), row


def board_index() -> BoardIndex:
    """The index of the current data generation, built once per process and generation."""
    return memoized("board-index", build_index)
