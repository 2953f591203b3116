"""The Board's query string: what it may hold, how it is read, and its one canonical form.

Every filter state is a URL. ``read_query`` takes the GET parameters (any order, repeated
values, blanks from an empty form field) and gives a ``BoardQuery`` whose ``pairs()`` are the
canonical form: parameters in the order of ``PARAMS``, values of a parameter in a fixed order
(organisations by short name, goals by number, targets in official order, years ascending, …),
duplicates and defaults left out. A value that names nothing is dropped with a ``Problem``
that says why; unknown parameters are ignored.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from urllib.parse import urlencode

from django.utils.translation import gettext as _

from localsdg.board.index import BUDGET_KEYS, NO_STATUS, ROLES, BoardIndex
from localsdg.core.codes import InvalidCode, parse_code
from localsdg.search.queries import parse_query
from localsdg.strategy.models import EARLIEST_YEAR, LATEST_YEAR, Status

PARAMS = (
    "q", "org", "goal", "target", "role", "department", "status", "year", "budget", "sort",
    "page",
)  # fmt: skip
FACETS = ("org", "goal", "target", "role", "department", "status", "year", "budget")
SORTS = ("relevance", "budget", "name")
STATUSES = (*Status.values, NO_STATUS)
MAX_PAGE = 1_000_000
MAX_VALUES = 200  # values read per parameter; a longer list is cut, never refused

Params = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class Problem:
    """A parameter value that was not applied, and why (in the active language)."""

    parameter: str
    value: str
    reason: str

    @property
    def message(self) -> str:
        return f"{self.parameter}: {self.reason}"


@dataclass(frozen=True)
class BoardQuery:
    """A filter state in canonical form (``read_query`` makes them)."""

    q: str = ""
    org: tuple[str, ...] = ()
    goal: tuple[int, ...] = ()
    target: tuple[str, ...] = ()
    role: tuple[str, ...] = ()
    department: tuple[str, ...] = ()
    status: tuple[str, ...] = ()
    year: tuple[int, ...] = ()
    budget: tuple[str, ...] = ()
    sort: str = "relevance"
    page: int = 1

    @property
    def filtered(self) -> bool:
        """Whether anything narrows the results (a search or any facet value)."""
        return bool(self.q) or any(getattr(self, name) for name in FACETS)

    def pairs(self) -> list[tuple[str, str]]:
        """The parameters in canonical order, defaults left out."""
        found: list[tuple[str, str]] = [("q", self.q)] if self.q else []
        for name in FACETS:
            found += [(name, str(value)) for value in getattr(self, name)]
        if self.sort != "relevance":
            found.append(("sort", self.sort))
        if self.page != 1:
            found.append(("page", str(self.page)))
        return found

    def query_string(self) -> str:
        return urlencode(self.pairs())

    def with_(self, **changes: object) -> BoardQuery:
        """The same state with some parameters changed, back on the first page."""
        return replace(self, **({"page": 1} | changes))  # type: ignore[arg-type]


class Links:
    """Addresses of states that differ from one query in a few parameters, back on the first
    page: the unchanged parameters are encoded once (a heat map has a thousand cells)."""

    def __init__(self, base: str, query: BoardQuery) -> None:
        self.base = base
        pairs = query.with_().pairs()
        self.parts = {name: urlencode([p for p in pairs if p[0] == name]) for name in PARAMS}

    @staticmethod
    def part(name: str, *values: object) -> str:
        """One parameter's values, encoded, to pass to ``url``."""
        return urlencode([(name, str(value)) for value in values])

    def url(self, **parts: str) -> str:
        """The address with these parameters replaced by already encoded ``parts``."""
        text = "&".join(p for p in (parts.get(n, self.parts[n]) for n in PARAMS) if p)
        return f"{self.base}?{text}" if text else self.base


def params_of(query: Mapping[str, object]) -> dict[str, list[str]]:
    """GET parameters as lists of strings, from a QueryDict or a plain mapping."""
    lists = getattr(query, "lists", None)
    if callable(lists):
        return {str(key): [str(v) for v in values] for key, values in lists()}
    found: dict[str, list[str]] = {}
    for key, value in query.items():
        if value is None:
            continue
        values = value if isinstance(value, list | tuple) else [value]
        found[str(key)] = [str(v) for v in values]
    return found


def values(params: Params, name: str) -> list[str]:
    """The non-blank values of a parameter, without repeats, at most ``MAX_VALUES``."""
    given = params.get(name, ())
    given = [given] if isinstance(given, str) else list(given)[:MAX_VALUES]
    return list(dict.fromkeys(v.strip() for v in given if v.strip()))


def shown(text: str) -> str:
    """A value as a message quotes it: long input is cut."""
    return text if len(text) <= 60 else text[:59] + "…"


def number(text: str, low: int, high: int) -> int | None:
    if not text.isascii() or not text.isdigit() or len(text) > 7:
        return None
    value = int(text)
    return value if low <= value <= high else None


def target_code(text: str, index: BoardIndex) -> str | None:
    with contextlib.suppress(InvalidCode):
        code = parse_code(text)
        if code.kind == "target" and code.dotted in index.targets:
            return code.dotted
    return None


def read_many(
    params: Params,
    name: str,
    read: Callable[[str], object | None],
    reason: Callable[[str], str],
    problems: list[Problem],
) -> list[object]:
    found = []
    for text in values(params, name):
        value = read(text)
        if value is None:
            problems.append(Problem(name, text, reason(text)))
        elif value not in found:
            found.append(value)
    return found


def in_order(found: Iterable[object], order: Sequence[object]) -> tuple[object, ...]:
    return tuple(sorted(found, key=order.index))


def read_query(params: Params, index: BoardIndex, lang: str) -> tuple[BoardQuery, list[Problem]]:
    """The canonical state of ``params``, and the values that were left out with reasons."""
    problems: list[Problem] = []

    def many(name: str, read: Callable[[str], object | None], reason: str) -> list[object]:
        return read_many(params, name, read, lambda text: reason % {"value": shown(text)}, problems)

    q = parse_query((values(params, "q") or [""])[0]).text
    orgs = many(
        "org", lambda t: t if t in index.orgs else None,
        _("There is no published organisation “%(value)s”."),
    )  # fmt: skip
    goals = many(
        "goal", lambda t: number(t, 1, 17), _("“%(value)s” is not a goal number from 1 to 17.")
    )
    targets = many(
        "target", lambda t: target_code(t, index), _("“%(value)s” is not a target such as 11.6.")
    )
    roles = many(
        "role", lambda t: t if t in ROLES else None,
        _("“%(value)s” is not a role: give primary or secondary."),
    )  # fmt: skip
    names = index.department_names.get(lang, {})
    departments = many(
        "department", names.get, _("No initiative on the Board has the department “%(value)s”.")
    )
    statuses = many(
        "status", lambda t: t if t in STATUSES else None,
        _("“%(value)s” is not a status: give %(choices)s.").replace(
            "%(choices)s", ", ".join(STATUSES)
        ),
    )  # fmt: skip
    years = many(
        "year", lambda t: number(t, EARLIEST_YEAR, LATEST_YEAR),
        _("“%(value)s” is not a fiscal year such as 2024."),
    )  # fmt: skip
    budgets = many(
        "budget", lambda t: t if t in BUDGET_KEYS else None,
        _("“%(value)s” is not a budget range: give %(choices)s.").replace(
            "%(choices)s", ", ".join(BUDGET_KEYS)
        ),
    )  # fmt: skip
    sort = "relevance"
    for text in values(params, "sort")[:1]:
        if text in SORTS:
            sort = text
        else:
            choices = ", ".join(SORTS)
            reason = _("“%(value)s” is not a sort order: give %(choices)s.")
            words = {"value": shown(text), "choices": choices}
            problems.append(Problem("sort", text, reason % words))
    page = 1
    for text in values(params, "page")[:1]:
        found = number(text, 1, MAX_PAGE)
        if found is None:
            reason = _("“%(value)s” is not a page number.") % {"value": shown(text)}
            problems.append(Problem("page", text, reason))
        else:
            page = found
    query = BoardQuery(
        q=q,
        org=tuple(sorted(str(o) for o in orgs)),
        goal=tuple(sorted(int(str(g)) for g in goals)),
        target=tuple(sorted((str(t) for t in targets), key=lambda c: index.targets[c].sort_key)),
        role=in_order(roles, ROLES),  # type: ignore[arg-type]
        department=tuple(sorted(str(d) for d in departments)),
        status=in_order(statuses, STATUSES),  # type: ignore[arg-type]
        year=tuple(sorted(int(str(y)) for y in years)),
        budget=in_order(budgets, BUDGET_KEYS),  # type: ignore[arg-type]
        sort=sort,
        page=page,
    )
    return query, problems
