"""The Board's answer as the objects the page, the API and the downloads show.

``board_result`` is the one builder: it reads the GET parameters (``select``), then turns the
rows of the page asked for into ``BoardItem`` objects, every facet into labelled values with
their counts, and (for the page) the organisation × goal heat map. The downloads take every
row of the same selection through ``board_items``, so the files hold exactly the results.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal

from django.http import Http404
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from localsdg.board.index import (
    NO_BUDGET,
    NO_STATUS,
    ROLES,
    BoardIndex,
    OrgInfo,
    PlanInfo,
    Record,
    board_index,
)
from localsdg.board.params import BoardQuery, Links, Params, Problem
from localsdg.board.select import Selection, facet_counts, heat_counts, select
from localsdg.i18n import Localized, pick
from localsdg.strategy.models import Status
from localsdg.strategy.pages.common import (
    fiscal_year_label,
    money_text,
    role_label,
    tiles_by_number,
    year_span,
)
from localsdg.web.parts import GoalTile

PAGE_SIZE = 50
MAX_PAGE_SIZE = 200
HEAT_LEVELS = 4  # the shades of the heat map, as on the plan pages


@dataclass(frozen=True)
class OrgRef:
    slug: str
    name: Localized
    url: str


@dataclass(frozen=True)
class PlanRef:
    slug: str
    name: Localized
    url: str


@dataclass(frozen=True)
class GoalBadge:
    tile: GoalTile
    role: str
    role_label: str


@dataclass(frozen=True)
class TargetRef:
    code: str
    role: str
    role_label: str


@dataclass(frozen=True)
class LatestBudget:
    """The initial budget of the latest fiscal year that has one, in yen."""

    fiscal_year: int
    fiscal_label: str
    amount: Decimal
    text: str  # "48,500,000,000 yen"


@dataclass(frozen=True)
class BoardItem:
    pk: int
    org: OrgRef
    plan: PlanRef
    strategy: str  # the strategy's number, "" for none
    strategy_name: Localized | None
    code: str
    name: Localized
    names: dict[str, str]  # the name in every language that has one
    goals: tuple[GoalBadge, ...]
    targets: tuple[TargetRef, ...]
    department: Localized
    status: str
    status_label: str
    start_year: int | None
    end_year: int | None
    years: str  # "FY2024–FY2031"
    fiscal_years: tuple[int, ...]  # the years it runs, as the year facet counts them
    budget: LatestBudget | None
    url: str


@dataclass(frozen=True)
class FacetValue:
    value: str  # the parameter value
    label: str  # in the page's language: "Goal 11", "11.5", "Ongoing", "FY2024"
    text: Localized | None  # content that names it: an organisation, a department, a title
    count: int
    selected: bool


@dataclass(frozen=True)
class Facet:
    name: str  # the parameter
    label: str
    values: tuple[FacetValue, ...]  # those with results, and every chosen one

    @property
    def selected(self) -> int:
        return sum(value.selected for value in self.values)


@dataclass(frozen=True)
class SortOption:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class HeatCell:
    goal: int
    count: int
    level: int  # 0 (none) to HEAT_LEVELS, for shading only
    url: str  # the Board with this organisation and this goal chosen


@dataclass(frozen=True)
class HeatRow:
    org: OrgRef
    url: str  # the Board with this organisation chosen and any goal
    total: int
    cells: tuple[HeatCell, ...]


@dataclass(frozen=True)
class HeatColumn:
    goal: GoalTile
    url: str  # the Board with this goal chosen and any organisation
    total: int  # its initiatives over every organisation


@dataclass(frozen=True)
class HeatMap:
    """Organisations × goals with every filter but those two (and the role, which goes with
    the goal) applied: a cell links to the Board with its organisation and goal chosen, a row
    to its organisation with any goal, a column to its goal with any organisation, and each
    link lists exactly the number shown."""

    columns: tuple[HeatColumn, ...]
    rows: tuple[HeatRow, ...]
    total: int  # the initiatives counted, whether they serve a goal or not


@dataclass(frozen=True)
class BoardResult:
    lang: str
    query: BoardQuery
    problems: tuple[Problem, ...]
    total: int
    page: int
    pages: int
    page_size: int
    items: tuple[BoardItem, ...]
    facets: tuple[Facet, ...]
    sorts: tuple[SortOption, ...]
    note: str
    url: str  # this state's canonical address
    base_url: str  # the Board without any filter
    csv_url: str
    xlsx_url: str
    previous_url: str  # "" on the first page
    next_url: str  # "" on the last page
    heatmap: HeatMap | None

    @property
    def first(self) -> int:
        """The number of the first result on this page (1-based), 0 when there is none."""
        return (self.page - 1) * self.page_size + 1 if self.items else 0

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0


def address(base: str, query: BoardQuery) -> str:
    text = query.query_string()
    return base + (f"?{text}" if text else "")


def page_part(page: int) -> str:
    return Links.part("page", page) if page > 1 else ""


def org_ref(org: OrgInfo, lang: str) -> OrgRef:
    return OrgRef(org.slug, org.name(lang), reverse("portal:organisation", args=[org.slug]))


class OrgRefs:
    """Organisation links of one page: the address is reversed once with a marker for the
    short name (a heat map row and a list of results each need one per organisation)."""

    MARK = "org-slug-mark"

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.url = reverse("portal:organisation", args=[self.MARK]).split(self.MARK)
        self.made: dict[str, OrgRef] = {}

    def __call__(self, org: OrgInfo) -> OrgRef:
        found = self.made.get(org.slug)
        if found is None:
            found = OrgRef(org.slug, org.name(self.lang), org.slug.join(self.url))
            self.made[org.slug] = found
        return found


def plan_ref(plan: PlanInfo, lang: str) -> PlanRef:
    url = reverse("strategy:plan", args=[plan.org.slug, plan.slug])
    return PlanRef(plan.slug, plan.name(lang), url)


STATUSES = frozenset(Status.values)
URL_MARK = 987654321987  # a number no initiative has, replaced in the reversed URL


def status_label(status: str) -> str:
    return str(Status(status).label) if status in STATUSES else ""


class ItemMaker:
    """Makes the results of one list, resolving what every row shares only once: goal tiles,
    role and status labels, organisation and plan links, the shape of an initiative's URL."""

    def __init__(self, lang: str, tiles: dict[int, GoalTile]) -> None:
        self.lang = lang
        self.tiles = tiles
        self.roles = {role: role_label(role) for role in ROLES}
        self.statuses = {status: status_label(status) for status in STATUSES}
        self.orgs = OrgRefs(lang)
        self.plans: dict[int, PlanRef] = {}
        self.url = reverse("strategy:initiative", args=[URL_MARK]).split(str(URL_MARK))

    def __call__(self, record: Record) -> BoardItem:
        lang, tiles, roles = self.lang, self.tiles, self.roles
        if record.plan.pk not in self.plans:
            self.plans[record.plan.pk] = plan_ref(record.plan, lang)
        budget = None
        if record.budget_year is not None and record.budget is not None:
            budget = LatestBudget(
                record.budget_year,
                fiscal_year_label(record.budget_year, lang),
                record.budget,
                money_text(record.budget, "JPY"),
            )
        strategy = record.strategy
        return BoardItem(
            pk=record.pk,
            org=self.orgs(record.org),
            plan=self.plans[record.plan.pk],
            strategy=strategy.number if strategy else "",
            strategy_name=strategy.name(lang) if strategy else None,
            code=record.code,
            name=record.name(lang),
            names={code: text for code, text in record.names.items() if text},
            goals=tuple(
                GoalBadge(tiles[goal], role, roles.get(role, ""))
                for goal, role in record.goals.items()
                if goal in tiles
            ),
            targets=tuple(
                TargetRef(code, role, roles.get(role, "")) for code, role in record.targets.items()
            ),
            department=record.department(lang),
            status=record.status,
            status_label=self.statuses.get(record.status, ""),
            start_year=record.start_year,
            end_year=record.end_year,
            years=year_span(record.start_year, record.end_year, lang),
            fiscal_years=record.fiscal_years,
            budget=budget,
            url=str(record.pk).join(self.url),
        )


def budget_labels() -> dict[str, str]:
    return {
        "under-10m": _("Under 10 million yen"),
        "10m-100m": _("10 million to under 100 million yen"),
        "100m-1b": _("100 million to under 1 billion yen"),
        "1b-10b": _("1 billion to under 10 billion yen"),
        "10b-plus": _("10 billion yen or more"),
        NO_BUDGET: _("No initial budget given"),
    }


def facet_labels() -> dict[str, str]:
    return {
        "org": _("Organisation"),
        "goal": _("SDG goal"),
        "target": _("SDG target"),
        "role": _("Role for the chosen goals and targets"),
        "department": _("Department"),
        "status": _("Status"),
        "year": _("Fiscal year"),
        "budget": _("Latest initial budget"),
    }


def value_label(
    selection: Selection, facet: str, value: str, tiles: dict[int, GoalTile]
) -> tuple[str, Localized | None]:
    """The words for one facet value: a label in the page's language and the content it names."""
    index, lang = selection.index, selection.lang
    if facet == "org":
        return "", index.orgs[value].name(lang)
    if facet == "goal":
        tile = tiles.get(int(value))
        return _("Goal %(number)s") % {"number": value}, tile.short_title if tile else None
    if facet == "target":
        return value, pick(index.targets[value].titles, lang)
    if facet == "role":
        return role_label(value), None
    if facet == "department":
        written = index.department_langs[lang].get(value, lang)
        return "", Localized(value, written, written != lang)
    if facet == "status":
        return (status_label(value) if value != NO_STATUS else _("No status given")), None
    if facet == "year":
        return fiscal_year_label(int(value), lang), None
    return budget_labels()[value], None


def facets(selection: Selection, tiles: dict[int, GoalTile]) -> tuple[Facet, ...]:
    """Every facet with its values that have results, and the chosen ones even without."""
    labels = facet_labels()
    found = []
    for name, counts in facet_counts(selection).items():
        chosen = {str(value) for value in getattr(selection.query, name)}
        shown = []
        for value, count in counts.items():
            if count or value in chosen:
                label, text = value_label(selection, name, value, tiles)
                shown.append(FacetValue(value, label, text, count, value in chosen))
        found.append(Facet(name, labels[name], tuple(shown)))
    return tuple(found)


def sort_options(query: BoardQuery) -> tuple[SortOption, ...]:
    labels = {
        "relevance": _("Best match (the plans' own order without a search)"),
        "budget": _("Latest initial budget, largest first"),
        "name": _("Name"),
    }
    return tuple(SortOption(value, label, query.sort == value) for value, label in labels.items())


def heat(count: int, most: int) -> int:
    return math.ceil(HEAT_LEVELS * count / most) if count and most else 0


GAP = "\x00"  # where a row's address takes the goal: encoded parameters never hold it


def heat_map(
    selection: Selection, tiles: dict[int, GoalTile], base: str, orgs: OrgRefs | None = None
) -> HeatMap:
    """Organisations × goals over the results; see ``select.heat_counts``.

    A thousand cells each link to a state: a row's address is made once with a gap for the
    goal, so a cell's address is two concatenations."""
    index = selection.index
    orgs = orgs if orgs is not None else OrgRefs(selection.lang)
    rows, cells = heat_counts(selection)
    most = max(cells.values(), default=0)
    goals = tuple(tiles[number] for number in sorted(tiles))
    links = Links(base, selection.query)
    goal_parts = {tile.number: links.part("goal", tile.number) for tile in goals}
    others = selection.others("org", "goal", "role")
    heat_rows = []
    for slug in rows:
        org_part = links.part("org", slug)
        before, after = links.url(org=org_part, goal=GAP).split(GAP)
        counts = [(tile.number, cells[slug, tile.number]) for tile in goals]
        line = tuple(
            HeatCell(number, count, heat(count, most), before + goal_parts[number] + after)
            for number, count in counts
        )
        total = (others & index.org_bits[slug]).bit_count()
        url = links.url(org=org_part, goal="")
        heat_rows.append(HeatRow(orgs(index.orgs[slug]), url, total, line))
    columns = tuple(
        HeatColumn(
            tile,
            links.url(org="", goal=goal_parts[tile.number]),
            sum(cells[slug, tile.number] for slug in rows),
        )
        for tile in goals
    )
    return HeatMap(columns=columns, rows=tuple(heat_rows), total=others.bit_count())


def goal_tiles_of(index: BoardIndex, lang: str) -> dict[int, GoalTile]:
    """The goal tiles in ``lang`` (a query and 17 reversed addresses), made once per index:
    call it with ``lang`` active."""
    if lang not in index.tiles:
        index.tiles[lang] = tiles_by_number(lang)
    return index.tiles[lang]


def board_result(
    params: Params, lang: str, *, page_size: int = PAGE_SIZE, with_heatmap: bool = False
) -> BoardResult:
    """The Board for ``params`` (GET parameters) in ``lang``: the page, the API and the
    downloads all start here."""
    page_size = max(1, min(page_size, MAX_PAGE_SIZE))
    with translation.override(lang):
        selection = select(params, lang)
        query = selection.query
        tiles = goal_tiles_of(selection.index, lang)
        pages = max(1, math.ceil(selection.total / page_size))
        start = (query.page - 1) * page_size
        rows = selection.rows(start, start + page_size) if query.page <= pages else []
        records = selection.index.records
        base = reverse("board:board")
        links = Links(base, query)
        make = ItemMaker(lang, tiles)
        return BoardResult(
            lang=lang,
            query=query,
            problems=selection.problems,
            total=selection.total,
            page=query.page,
            pages=pages,
            page_size=page_size,
            items=tuple(make(records[row]) for row in rows),
            facets=facets(selection, tiles),
            sorts=sort_options(query),
            note=selection.note,
            url=address(base, query),
            base_url=base,
            csv_url=address(reverse("board:csv"), query.with_()),
            xlsx_url=address(reverse("board:xlsx"), query.with_()),
            previous_url=links.url(page=page_part(min(query.page - 1, pages)))
            if query.page > 1
            else "",
            next_url=links.url(page=page_part(query.page + 1)) if query.page < pages else "",
            heatmap=heat_map(selection, tiles, base, make.orgs) if with_heatmap else None,
        )


def board_items(params: Params, lang: str) -> tuple[BoardQuery, list[BoardItem]]:
    """Every result of ``params`` in the order asked for (the page's number is ignored)."""
    with translation.override(lang):
        selection = select(params, lang)
        tiles = goal_tiles_of(selection.index, lang)
        records = selection.index.records
        make = ItemMaker(lang, tiles)
        items = [make(records[row]) for row in selection.rows()]
        return selection.query, items


def board_initiative(pk: int, lang: str) -> BoardItem:
    """One initiative as the Board shows it; 404 for one the public may not see."""
    with translation.override(lang):
        index = board_index()
        row = index.rows.get(pk)
        if row is None:
            raise Http404(_("There is no published initiative with this number."))
        return ItemMaker(lang, tiles_by_number(lang))(index.records[row])
