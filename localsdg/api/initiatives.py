"""GET /api/v1/initiatives: the SDGs Board as JSON (the same builder, filters and order).

The list takes the Board page's parameters (each facet may repeat: ``goal=11&goal=13``) and
answers the same ids in the same order, with the facet counts, a page at a time. A value that
names nothing answers 400 and says which and why; ``page`` and ``page_size`` out of range
answer 422 like every other validated number of the API.
"""

from __future__ import annotations

from typing import Annotated, Any

from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from localsdg.api.schemas import TextOut, checked_lang, errors, text_out
from localsdg.board.params import MAX_PAGE
from localsdg.board.results import (
    MAX_PAGE_SIZE,
    PAGE_SIZE,
    BoardItem,
    Facet,
    board_initiative,
    board_result,
)

router = Router(tags=["initiatives"])

RowId = Annotated[int, Field(ge=1, le=2**53)]
PageNumber = Annotated[int, Field(ge=1, le=MAX_PAGE)]
PageSize = Annotated[int, Field(ge=1, le=MAX_PAGE_SIZE)]
Values = Query[list[str] | None]  # a repeatable parameter: goal=11&goal=13


class RefOut(Schema):
    slug: str
    name: TextOut
    url: str


class RoleOut(Schema):
    code: str
    role: str


class YearsOut(Schema):
    start: int | None
    end: int | None
    fiscal_years: list[int]


class BudgetOut(Schema):
    fiscal_year: int
    amount: str  # in yen, as a decimal number in a string so no digit is lost
    currency: str


class InitiativeOut(Schema):
    id: int
    organisation: RefOut
    plan: RefOut
    strategy: str
    code: str
    name: TextOut
    names: dict[str, str]
    goals: list[RoleOut]
    targets: list[RoleOut]
    department: TextOut
    status: str
    status_label: str
    years: YearsOut
    latest_budget: BudgetOut | None
    url: str


class FacetValueOut(Schema):
    value: str
    label: str
    text: TextOut | None
    count: int
    selected: bool


class FacetOut(Schema):
    name: str
    label: str
    values: list[FacetValueOut]


class InitiativeListOut(Schema):
    lang: str
    query: str  # the canonical query string of the Board page
    board_url: str
    total: int
    page: int
    page_size: int
    pages: int
    note: str
    facets: list[FacetOut]
    items: list[InitiativeOut]


def initiative_out(item: BoardItem) -> dict[str, Any]:
    budget = item.budget
    return {
        "id": item.pk,
        "organisation": {
            "slug": item.org.slug,
            "name": text_out(item.org.name),
            "url": item.org.url,
        },
        "plan": {"slug": item.plan.slug, "name": text_out(item.plan.name), "url": item.plan.url},
        "strategy": item.strategy,
        "code": item.code,
        "name": text_out(item.name),
        "names": item.names,
        "goals": [{"code": str(g.tile.number), "role": g.role} for g in item.goals],
        "targets": [{"code": t.code, "role": t.role} for t in item.targets],
        "department": text_out(item.department),
        "status": item.status,
        "status_label": item.status_label,
        "years": {
            "start": item.start_year,
            "end": item.end_year,
            "fiscal_years": list(item.fiscal_years),
        },
        "latest_budget": {
            "fiscal_year": budget.fiscal_year,
            "amount": format(budget.amount.normalize(), "f"),
            "currency": "JPY",
        }
        if budget
        else None,
        "url": item.url,
    }


def facet_out(facet: Facet) -> dict[str, Any]:
    return {
        "name": facet.name,
        "label": facet.label,
        "values": [
            {
                "value": v.value,
                "label": v.label,
                "text": text_out(v.text) if v.text else None,
                "count": v.count,
                "selected": v.selected,
            }
            for v in facet.values
        ],
    }


@router.get(
    "",
    response={200: InitiativeListOut, **errors(400, 422)},
    summary="Search and filter the initiatives of every published plan (the SDGs Board)",
)
def initiatives(
    request: HttpRequest,
    lang: str = "en",
    q: str = "",
    org: Values = None,
    goal: Values = None,
    target: Values = None,
    role: Values = None,
    department: Values = None,
    status: Values = None,
    year: Values = None,
    budget: Values = None,
    sort: str = "relevance",
    page: PageNumber = 1,
    page_size: PageSize = PAGE_SIZE,
) -> dict[str, Any]:
    """The shown initiatives of published plans, filtered and counted like the Board page.

    ``q``: words in any language or an SDG code. Repeatable filters: ``org`` (organisation
    slug), ``goal`` (1–17), ``target`` (11.6 or 11-6), ``role`` (primary, secondary: applies
    to the chosen goals and targets), ``department`` (as written, in any language), ``status``
    (planned, ongoing, completed, stopped, none), ``year`` (a fiscal year the initiative runs),
    ``budget`` (under-10m, 10m-100m, 100m-1b, 1b-10b, 10b-plus, none: the latest fiscal year's
    initial budget in yen). ``sort``: relevance, budget or name. Each facet's counts apply every
    other filter.
    """
    checked_lang(lang, status=400)
    params: dict[str, list[str]] = {"q": [q], "sort": [sort], "page": [str(page)]}
    repeated = {"org": org, "goal": goal, "target": target, "role": role}
    repeated |= {"department": department, "status": status, "year": year, "budget": budget}
    params |= {name: given for name, given in repeated.items() if given}
    result = board_result(params, lang, page_size=page_size)
    if result.problems:
        raise HttpError(400, " ".join(problem.message for problem in result.problems))
    return {
        "lang": result.lang,
        "query": result.query.query_string(),
        "board_url": result.url,
        "total": result.total,
        "page": result.page,
        "page_size": result.page_size,
        "pages": result.pages,
        "note": result.note,
        "facets": [facet_out(facet) for facet in result.facets],
        "items": [initiative_out(item) for item in result.items],
    }


@router.get(
    "/{id}",
    response={200: InitiativeOut, **errors(400, 404, 422)},
    summary="One initiative of a published plan",
)
def initiative(request: HttpRequest, id: RowId, lang: str = "en") -> dict[str, Any]:
    """A shown initiative of a published plan of a published organisation; any other answers
    404 as if it did not exist."""
    checked_lang(lang, status=400)
    try:
        return initiative_out(board_initiative(id, lang))
    except Http404 as exc:
        raise HttpError(404, str(exc)) from None
