"""The Board as one JSON document per language, for board.js on the static site.

The static export has no server to answer ``select``, so the Board page fetches this file
(``/<lang>/board/index.json``) and filters, counts, sorts and pages in the browser with the
same rules. It holds exactly the Board's rows (``board_index``: the published initiatives, in
the lists' order), each with what the list shows and the keys its facets filter on, every facet
value's label in the language, the page's words, and the search index's initiative entries in
matching form (as ``search.memory`` matches them). Texts are already picked for the language
(with the language they are in, so a fallback is marked as on the page). URLs are relative to
the language root (``plans/initiatives/12/``), so the file works wherever the site is put;
board.js resolves them against the file's URL.

Layout (compact on purpose, a row is a list):
``{"lang", "labels", "facets": {name: label}, "sorts": [[value, label]], "orgs": [[slug, name,
lang, url]], "plans": [[slug, name, lang, url]], "goals": {n: [label, short title, lang, url]},
"targets": [[code, title, lang]], "roles", "statuses", "budgets": [[value, label]],
"years": {year: label}, "departments": [[name, lang]], "department_names": {any: shown},
"fields": [...], "rows": [[...], ...], "by_budget": [rows], "by_name": [rows],
"entries": [[row, title, body], ...]}``.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from localsdg.board.index import (
    BUDGET_KEYS,
    NO_STATUS,
    ROLES,
    BoardIndex,
    Record,
    board_index,
    bucket_of,
)
from localsdg.board.params import SORTS, STATUSES, BoardQuery
from localsdg.board.results import (
    ItemMaker,
    budget_labels,
    facet_labels,
    org_ref,
    plan_ref,
    sort_options,
    status_label,
)
from localsdg.i18n import Localized, language_codes, pick
from localsdg.search.static import relative
from localsdg.strategy.models import EARLIEST_YEAR, LATEST_YEAR
from localsdg.strategy.pages.common import fiscal_year_label, role_label, tiles_by_number

FIELDS = [
    "id", "org", "plan", "code", "name", "name_lang", "goals", "targets", "department", "status",
    "years", "fiscal_years", "budget", "budget_year", "budget_amount", "budget_key", "url",
]  # fmt: skip


def plural(singular: str, many: str) -> dict[str, str]:
    """Both forms of a counted message (board.js picks one by the count, as English does)."""
    return {"one": ngettext(singular, many, 1), "other": ngettext(singular, many, 2)}


def labels() -> dict[str, object]:
    """The words board.js shows, in the active language: the page's own msgids, so the static
    page reads as the server's."""
    return {
        "count": plural("%(counter)s result", "%(counter)s results"),
        "range": _("(showing %(first)s–%(last)s)"),
        "initiatives": plural("%(counter)s initiative", "%(counter)s initiatives"),
        "chosen": _("(%(number)s chosen)"),
        "no_values": _("No values among these results."),
        "none": _("No initiative matches. Try other words, or remove a filter."),
        "pages_only": plural(
            "There is only %(counter)s page of results.",
            "There are only %(counter)s pages of results.",
        ),
        "last_page": _("Go to the last page"),
        "pager": _("Pages of results"),
        "previous": _("Previous page"),
        "next": _("Next page"),
        "page_of": _("Page %(number)s of %(total)s"),
        "goals": _("SDG goals"),
        "goal": _("Goal %(number)s"),
        "goal_role": _("Goal %(number)s (%(role)s)"),
        "department": _("Department"),
        "status": _("Status"),
        "years": _("Years"),
        "budget": _("Latest initial budget"),
        "not_given": _("not given"),
        "clear": _("Clear the search and every filter"),
        "fallback": _("(not yet translated)"),
        "short": _(
            "Words of one or two characters are matched anywhere in the text, "
            "so the results may be broad. Longer words give more precise results."
        ),
        "title": _("SDGs Board"),
        "title_query": _("SDGs Board: %(query)s"),
        "not_applied": _("This filter was not applied."),
        "reasons": reasons(),
        "organisation": _("Organisation"),
        "initiatives_heading": _("Initiatives"),
        "all_organisations": _("All organisations"),
        "heatmap": _("Organisations and SDG goals"),
        "heatmap_legend": _(
            "Each cell gives the number of initiatives of an organisation that serve a goal, "
            "with the search and every filter applied except the organisation and the goal. "
            "Follow a number to list them; darker cells hold more of them."
        ),
        "heatmap_caption": _("Initiatives per organisation and SDG goal"),
    }


def reasons() -> dict[str, str]:
    """Per parameter, why a value was not applied (``params.read_query``'s own messages)."""

    def choices(message: str, names: Sequence[str]) -> str:
        return message.replace("%(choices)s", ", ".join(names))

    return {
        "org": _("There is no published organisation “%(value)s”."),
        "goal": _("“%(value)s” is not a goal number from 1 to 17."),
        "target": _("“%(value)s” is not a target such as 11.6."),
        "role": _("“%(value)s” is not a role: give primary or secondary."),
        "department": _("No initiative on the Board has the department “%(value)s”."),
        "status": choices(_("“%(value)s” is not a status: give %(choices)s."), STATUSES),
        "year": _("“%(value)s” is not a fiscal year such as 2024."),
        "budget": choices(_("“%(value)s” is not a budget range: give %(choices)s."), BUDGET_KEYS),
        "sort": choices(_("“%(value)s” is not a sort order: give %(choices)s."), SORTS),
        "page": _("“%(value)s” is not a page number."),
    }


def text(value: Localized) -> list[str]:
    return [value.text, value.lang]


def row_of(
    record: Record, make: ItemMaker, plans: dict[int, int], depts: dict[str, int]
) -> list[object]:
    """One record as board.js reads it (see ``FIELDS``)."""
    item = make(record)
    lang = make.lang
    department = record.department(lang).text
    return [
        record.pk,
        record.org.slug,
        plans[record.plan.pk],
        record.code,
        item.name.text,
        item.name.lang,
        [[goal, role] for goal, role in record.goals.items()],
        [[code, role] for code, role in record.targets.items()],
        depts.get(department, -1),
        record.status or NO_STATUS,
        item.years,
        list(record.fiscal_years),
        item.budget.text if item.budget else "",
        item.budget.fiscal_label if item.budget else "",
        str(item.budget.amount) if item.budget else "",
        bucket_of(record.budget),
        relative(item.url, lang),
    ]


def departments_of(index: BoardIndex, lang: str) -> list[list[str]]:
    """The departments as shown in ``lang``, in the facet's order, with their own language."""
    written = index.department_langs.get(lang, {})
    return [[name, written.get(name, lang)] for name in sorted(index.departments.get(lang, {}))]


def build_board_index(lang: str) -> dict[str, object]:
    """Everything board.js needs to answer any Board query in ``lang``, as JSON data."""
    lang = lang if lang in language_codes() else settings.LANGUAGE_CODE
    index = board_index()
    with translation.override(lang):
        tiles = tiles_by_number(lang)
        make = ItemMaker(lang, tiles)
        plan_infos = list({record.plan.pk: record.plan for record in index.records}.values())
        plans = {plan.pk: number for number, plan in enumerate(plan_infos)}
        departments = departments_of(index, lang)
        depts = {name: number for number, (name, _lang) in enumerate(departments)}
        refs = [org_ref(org, lang) for org in index.orgs.values()]
        return {
            "lang": lang,
            "labels": labels(),
            "facets": facet_labels(),
            "sorts": [[o.value, o.label] for o in sort_options(BoardQuery())],
            "orgs": [[ref.slug, *text(ref.name), relative(ref.url, lang)] for ref in refs],
            "plans": [
                [p.slug, *text(p.name(lang)), relative(plan_ref(p, lang).url, lang)]
                for p in plan_infos
            ],
            "goals": {
                str(number): [
                    _("Goal %(number)s") % {"number": number},
                    *text(tile.short_title),
                    relative(tile.url, lang),
                ]
                for number, tile in sorted(tiles.items())
            },
            "targets": [[code, *text(pick(t.titles, lang))] for code, t in index.targets.items()],
            "roles": {role: role_label(role) for role in ROLES},
            "statuses": [
                [s, status_label(s) if s != NO_STATUS else _("No status given")] for s in STATUSES
            ],
            "budgets": list(map(list, budget_labels().items())),
            "years": {str(y): fiscal_year_label(y, lang) for y in sorted(index.year_bits)},
            "year_range": [EARLIEST_YEAR, LATEST_YEAR],
            "departments": departments,
            "department_names": index.department_names.get(lang, {}),
            "fields": FIELDS,
            "rows": [row_of(record, make, plans, depts) for record in index.records],
            "by_budget": list(index.by_budget),
            "by_name": list(index.by_name[lang]),
            "entries": text_entries(index, lang),
        }


def text_entries(index: BoardIndex, lang: str) -> list[list[object]]:
    """The search index's initiative entries of ``lang`` on the Board, in sort-key order (the
    order ties keep), as [row, title, body] in matching form: what ``search.memory`` matches."""
    entries = index.text_entries(lang)
    found: list[list[object]] = []
    for number, pk in enumerate(entries.ids):
        row = index.rows.get(pk)
        if row is not None:
            start, end = entries.starts[number], entries.title_ends[number]
            stop = entries.starts[number + 1] - 1  # the line break between entries
            found.append([row, entries.text[start:end], entries.text[end + 1 : stop]])
    return found
