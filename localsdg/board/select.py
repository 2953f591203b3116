"""Answer a Board query on the index: text search, facet filters, counts and order.

Text goes through the search index: its initiative entries of the page's language, matched and
ranked in memory by ``search.memory`` with the search page's rules (the same ids in the same
order as ``search.queries.initiative_ids``). A query that is an SDG goal, target or indicator
code in any spelling also finds the initiatives mapped to that goal or target (an indicator's:
its target), ahead of the text matches.

Facets: the values of one facet are OR'ed, facets are AND'ed. Each facet's counts apply every
*other* facet's filter (and the text), so a count says how many results that value has with
everything else chosen. The role (primary, secondary) applies together with the goal and target
filters: ``goal=11&role=primary`` keeps the initiatives that serve goal 11 as a primary goal;
with no goal or target chosen it keeps those with at least one goal of that role.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from localsdg.board.index import (
    BUDGET_KEYS,
    ROLES,
    BoardIndex,
    TextMatch,
    board_index,
    mask_of,
    rows_of,
    union,
)
from localsdg.board.params import STATUSES, BoardQuery, Params, Problem, read_query
from localsdg.core.codes import InvalidCode, parse_code
from localsdg.search.queries import parse_query

# The filters of a state, by facet (and "text"); None where nothing is chosen.
Masks = dict[str, int | None]
KEPT_MATCHES = 256  # text matches kept per data generation, the oldest dropped first


@dataclass(frozen=True)
class Selection:
    """The answer to one Board query: which rows, in which order, and the facet counts."""

    index: BoardIndex
    query: BoardQuery
    problems: tuple[Problem, ...]
    lang: str
    masks: Masks
    mask: int
    total: int
    text: TextMatch | None

    def others(self, *facets: str) -> int:
        """The rows every filter lets through except those of ``facets``."""
        return combine(self.masks, self.index.everything, leave=facets)

    def order(self) -> Sequence[int] | None:
        """The rows in the order asked for; None for row order (the lists' own order)."""
        if self.query.sort == "budget":
            return self.index.by_budget
        if self.query.sort == "name":
            return self.index.by_name[self.lang]
        if self.text is not None:
            return self.text.order
        return None

    def rows(self, start: int = 0, stop: int | None = None) -> list[int]:
        """The result rows from ``start`` to ``stop`` in the chosen order."""
        return ordered(self.mask, self.total, self.order(), start, stop)

    @property
    def note(self) -> str:
        return self.text.note if self.text is not None else ""


def combine(masks: Masks, everything: int, leave: Iterable[str] = ()) -> int:
    found = everything
    for name, mask in masks.items():
        if mask is not None and name not in leave:
            found &= mask
    return found


def ordered(
    mask: int, total: int, order: Sequence[int] | None, start: int, stop: int | None
) -> list[int]:
    """Rows of ``mask`` in ``order`` (row order when None), from ``start`` to ``stop``.

    A sparse result is sorted by position in the order; a dense one is read off the order,
    testing each row's bit in the bytes of the mask (no big-int shifts).
    """
    if order is None:
        return rows_of(mask, stop)[start:]
    if total * 8 < len(order):
        found = set(rows_of(mask))
        return [row for row in order if row in found][start:stop]
    data = mask.to_bytes((mask.bit_length() + 7) // 8, "little")
    size = len(data)
    wanted = total if stop is None else min(stop, total)
    picked: list[int] = []
    for row in order:
        byte = row >> 3
        if byte < size and data[byte] >> (row & 7) & 1:
            picked.append(row)
            if len(picked) >= wanted:
                break
    return picked[start:]


def code_rows(index: BoardIndex, code_text: str) -> int:
    """Initiatives mapped to the goal or target that a code query names (an indicator code
    names its target)."""
    with contextlib.suppress(InvalidCode):
        code = parse_code(code_text)
        if code.kind == "goal":
            return index.goal_mask(code.goal, ROLES)
        return index.target_mask(f"{code.goal}.{code.target}", ROLES)
    return 0


def text_match(index: BoardIndex, q: str, lang: str) -> TextMatch | None:
    """The rows matching ``q`` best first, kept with the index for the next request."""
    key = (lang, q)
    cached = index.matches.get(key)
    if cached is not None:
        return cached
    query = parse_query(q)
    if not query.words:
        return None
    by_code = code_rows(index, query.code) if query.code else 0
    first = rows_of(by_code)
    mapped = set(first)
    ids = index.text_entries(lang).ranked(query)
    found = [index.rows[pk] for pk in ids if pk in index.rows]
    order = first + [row for row in dict.fromkeys(found) if row not in mapped]
    note = ""
    if query.has_short_words:
        note = _(
            "Words of one or two characters are matched anywhere in the text, "
            "so the results may be broad. Longer words give more precise results."
        )
    match = TextMatch(mask_of(order, index.size), tuple(order), note)
    while len(index.matches) >= KEPT_MATCHES:
        with contextlib.suppress(RuntimeError, StopIteration):  # another thread's change
            index.matches.pop(next(iter(index.matches)), None)
    index.matches[key] = match
    return match


def filter_masks(index: BoardIndex, query: BoardQuery, lang: str) -> Masks:
    roles = query.role or ROLES
    masks: Masks = dict.fromkeys(("org", "goal", "target", "role", "department", "status"))
    masks |= dict.fromkeys(("year", "budget"))
    if query.org:
        masks["org"] = union(index.org_bits.get(slug, 0) for slug in query.org)
    if query.goal:
        masks["goal"] = union(index.goal_mask(goal, roles) for goal in query.goal)
    if query.target:
        masks["target"] = union(index.target_mask(code, roles) for code in query.target)
    if query.role and not query.goal and not query.target:
        masks["role"] = union(index.role_bits.get(role, 0) for role in query.role)
    if query.department:
        departments = index.departments.get(lang, {})
        masks["department"] = union(departments.get(name, 0) for name in query.department)
    if query.status:
        masks["status"] = union(index.status_bits.get(status, 0) for status in query.status)
    if query.year:
        masks["year"] = union(index.year_bits.get(year, 0) for year in query.year)
    if query.budget:
        masks["budget"] = union(index.budget_bits.get(key, 0) for key in query.budget)
    return masks


def select(params: Params, lang: str, index: BoardIndex | None = None) -> Selection:
    """The Board's answer to ``params`` in ``lang``: the one function every surface calls."""
    index = index if index is not None else board_index()
    query, problems = read_query(params, index, lang)
    text = text_match(index, query.q, lang) if query.q else None
    masks = filter_masks(index, query, lang)
    masks["text"] = text.mask if text is not None else None
    mask = combine(masks, index.everything)
    return Selection(index, query, tuple(problems), lang, masks, mask, mask.bit_count(), text)


# Facet counts ------------------------------------------------------------------------------


def counted(others: int, bits: Iterable[tuple[str, int]]) -> dict[str, int]:
    return {key: (others & mask).bit_count() for key, mask in bits}


def role_counts(selection: Selection) -> dict[str, int]:
    """Per role: the results if that role alone were chosen, with the goal and target chosen."""
    index, query = selection.index, selection.query
    others = selection.others("goal", "target", "role")
    found = {}
    for role in ROLES:
        mask = others
        if query.goal:
            mask &= union(index.goal_mask(goal, [role]) for goal in query.goal)
        if query.target:
            mask &= union(index.target_mask(code, [role]) for code in query.target)
        if not query.goal and not query.target:
            mask &= index.role_bits.get(role, 0)
        found[role] = mask.bit_count()
    return found


def facet_counts(selection: Selection) -> dict[str, dict[str, int]]:
    """Every facet's values with their counts (zero counts too), in display order: the values
    some initiative has, and the chosen ones even when none has them."""
    index, query, lang = selection.index, selection.query, selection.lang
    roles = query.role or ROLES
    others = selection.others
    departments = index.departments.get(lang, {})
    chosen_targets = set(query.target)
    targets = [
        code
        for code in index.targets
        if code in chosen_targets or any((code, r) in index.target_bits for r in ROLES)
    ]
    statuses = [s for s in STATUSES if s in index.status_bits or s in query.status]
    years = sorted(set(index.year_bits) | set(query.year))
    return {
        "org": counted(others("org"), ((s, index.org_bits.get(s, 0)) for s in index.orgs)),
        # Choosing a goal or a target takes the role over (see filter_masks): leave it out.
        "goal": counted(
            others("goal", "role"), ((str(g), index.goal_mask(g, roles)) for g in range(1, 18))
        ),
        "target": counted(
            others("target", "role"),
            ((code, index.target_mask(code, roles)) for code in targets),
        ),
        "role": role_counts(selection),
        "department": counted(others("department"), sorted(departments.items())),
        "status": counted(others("status"), ((s, index.status_bits.get(s, 0)) for s in statuses)),
        "year": counted(others("year"), ((str(y), index.year_bits.get(y, 0)) for y in years)),
        "budget": counted(
            others("budget"), ((key, index.budget_bits.get(key, 0)) for key in BUDGET_KEYS)
        ),
    }


def heat_counts(selection: Selection) -> tuple[list[str], dict[tuple[str, int], int]]:
    """Organisation × goal counts with every filter applied but those two (so each cell's link,
    which chooses that organisation and that goal, lists exactly its count), and the
    organisations that have at least one initiative there, in the lists' order."""
    index = selection.index
    roles = selection.query.role or ROLES
    others = selection.others("org", "goal", "role")
    goals = {goal: others & index.goal_mask(goal, roles) for goal in range(1, 18)}
    rows = [slug for slug in index.orgs if others & index.org_bits.get(slug, 0)]
    cells = {
        (slug, goal): (mask & index.org_bits[slug]).bit_count()
        for slug in rows
        for goal, mask in goals.items()
    }
    return rows, cells
