"""The Board's filters, facet counts, sorts and pages on the demo, against an independent count
(tests/board/board_reference.py) made with the ORM and plain Python."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localsdg.board.index import board_index
from localsdg.board.results import board_result
from localsdg.board.select import facet_counts, heat_counts, select
from localsdg.framework.models import Target
from localsdg.strategy.models import Initiative, TargetMapping
from localsdg.strategy.pages.common import goal_roles, published_initiatives
from tests.board.board_reference import Expected, expected_initiatives, matches, passes

pytestmark = pytest.mark.django_db

FACETS = ("org", "goal", "target", "role", "department", "status", "year", "budget")
STATES: list[dict[str, list[str]]] = [
    {},
    {"q": ["防災"]},
    {"q": ["disaster"]},
    {"goal": ["11"]},
    {"goal": ["11", "13"], "role": ["primary"]},
    {"role": ["secondary"]},
    {"target": ["11.5"], "role": ["primary"]},
    {"target": ["11.b", "13.3"], "goal": ["11"]},
    {"org": ["shinjuku"], "year": ["2025"]},
    {"department": ["危機管理課", "建設局"]},
    {"status": ["ongoing", "planned"], "budget": ["none", "10b-plus"]},
    {"q": ["防災"], "org": ["tokyo"], "goal": ["13"], "budget": ["1b-10b", "10b-plus"]},
    {"year": ["2021", "2031"], "status": ["completed"]},
]


def ids(result_params: dict[str, list[str]], lang: str = "ja") -> list[int]:
    selection = select(result_params, lang)
    return [selection.index.records[row].pk for row in selection.rows()]


def expected_ids(everything: dict[int, Expected], state: dict[str, list[str]], lang: str) -> set:
    return {pk for pk, item in everything.items() if passes(item, lang, **state)}


@pytest.mark.parametrize("state", STATES, ids=lambda s: "&".join(f"{k}={v}" for k, v in s.items()))
@pytest.mark.parametrize("lang", ["ja", "en"])
def test_results_and_every_facet_count_match_an_independent_count(demo, state, lang) -> None:
    everything = expected_initiatives()
    assert len(everything) == 49  # Tokyo's 42 and Shinjuku's 7
    selection = select(state, lang)
    assert selection.problems == ()
    if "department" in state:  # a name in any language stands for the one shown in ``lang``
        named = {
            i.department[lang] for i in everything.values()
            if set(state["department"]) & {i.department["en"], i.department["ja"]}
        }  # fmt: skip
        assert set(selection.query.department) == named
        state = state | {"department": sorted(named)}
    found = {selection.index.records[row].pk for row in selection.rows()}
    assert found == expected_ids(everything, state, lang)
    assert selection.total == len(found)
    for facet, counts in facet_counts(selection).items():
        for value, count in counts.items():
            if facet == "role":
                wanted = sum(
                    passes(i, lang, **(state | {"role": [value]})) for i in everything.values()
                )
            else:
                wanted = sum(
                    passes(i, lang, skip=facet, **state) and has(i, facet, value, state, lang)
                    for i in everything.values()
                )
            assert count == wanted, (facet, value)


def has(item: Expected, facet: str, value: str, state: dict[str, list[str]], lang: str) -> bool:
    roles = state.get("role") or ["primary", "secondary"]
    return {
        "org": lambda: item.org == value,
        "goal": lambda: item.goals.get(int(value)) in roles,
        "target": lambda: item.targets.get(value) in roles,
        "department": lambda: item.department[lang] == value,
        "status": lambda: item.status == value,
        "year": lambda: int(value) in item.years,
        "budget": lambda: item.bucket == value,
    }[facet]()


def test_the_demo_facets_in_figures(demo) -> None:
    counts = facet_counts(select({}, "ja"))
    assert counts["org"] == {"tokyo": 42, "shinjuku": 7, "hachioji": 0, "okutama": 0}
    assert "mitaka" not in counts["org"]  # an unpublished organisation has no value at all
    assert counts["goal"]["11"] == sum(11 in goal_roles(i) for i in published_initiatives())
    bosai = facet_counts(select({"q": ["防災"]}, "ja"))
    assert bosai["org"]["tokyo"] >= 4 and bosai["org"]["shinjuku"] >= 2
    assert sum(bosai["status"].values()) == select({"q": ["防災"]}, "ja").total


def test_the_index_holds_the_goal_roles_the_plan_pages_count(demo) -> None:
    index = board_index()
    for initiative in published_initiatives():
        record = index.records[index.rows[initiative.pk]]
        assert record.goals == goal_roles(initiative), initiative.code
    assert set(index.rows) == set(Initiative.objects.published().values_list("pk", flat=True))


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_heat_map_cells_count_with_every_other_filter(demo, lang) -> None:
    everything = expected_initiatives()
    state = {"q": ["防災"], "goal": ["11"], "org": ["tokyo"], "status": ["ongoing"]}
    rows, cells = heat_counts(select(state, lang))
    assert rows == ["tokyo", "shinjuku"]
    rest = {k: v for k, v in state.items() if k not in ("org", "goal")}
    for (org, goal), count in cells.items():
        wanted = sum(
            passes(i, lang, **rest) and i.org == org and goal in i.goals
            for i in everything.values()
        )
        assert count == wanted, (org, goal)
    assert cells["shinjuku", 11] == 3 and cells["tokyo", 11] >= 4


def test_sort_by_budget_and_by_name(demo) -> None:
    everything = expected_initiatives()
    by_budget = ids({"sort": ["budget"]})
    budgets = [everything[pk].budget for pk in by_budget]
    given = [b for b in budgets if b is not None]
    assert given == sorted(given, reverse=True)
    assert budgets[len(given) :] == [None] * (len(budgets) - len(given))  # no budget last
    for lang in ("ja", "en"):
        by_name = ids({"sort": ["name"]}, lang)
        names = [
            unicodedata.normalize("NFKC", Initiative.objects.get(pk=pk).name(lang).text).casefold()
            for pk in by_name
        ]
        assert names == sorted(names)


def test_relevance_puts_title_matches_first_and_keeps_the_plan_order_without_a_search(demo) -> None:
    found = ids({"q": ["防災"]})
    first = Initiative.objects.get(pk=found[0])
    assert "防災" in first.name_ja  # a name match before description-only matches
    description_only = [pk for pk in found if "防災" not in Initiative.objects.get(pk=pk).name_ja]
    assert found[-len(description_only) :] == description_only
    listed = ids({})
    tokyo = [pk for pk in listed if Initiative.objects.get(pk=pk).plan.organisation.slug == "tokyo"]
    assert listed[: len(tokyo)] == tokyo  # the hub first


def test_a_code_query_also_finds_the_initiatives_mapped_to_it(demo) -> None:
    everything = expected_initiatives()
    found = ids({"q": ["11.5"]})
    mapped = {pk for pk, i in everything.items() if "11.5" in i.targets}
    as_text = {pk for pk, i in everything.items() if matches(i, "11.5", "ja")}
    assert mapped and set(found) == mapped | as_text
    assert set(found[: len(mapped)]) == mapped  # the mapped ones first
    # "13" is too short to be matched as text: only the initiatives serving goal 13.
    assert set(ids({"q": ["13"]})) == {pk for pk, i in everything.items() if 13 in i.goals}


def test_pages_of_results(demo) -> None:
    first = board_result({}, "en", page_size=20)
    assert (first.total, first.pages, len(first.items), first.first, first.last) == (
        49,
        3,
        20,
        1,
        20,
    )
    last = board_result({"page": ["3"]}, "en", page_size=20)
    assert len(last.items) == 9 and last.first == 41 and last.next_url == ""
    beyond = board_result({"page": ["9"]}, "en", page_size=20)
    assert beyond.items == () and beyond.previous_url.endswith("page=3")
    every = [
        item.pk
        for page in (1, 2, 3)
        for item in board_result({"page": [str(page)]}, "en", page_size=20).items
    ]
    assert every == ids({}, "en")


def test_values_that_name_nothing_are_dropped_with_reasons(demo) -> None:
    selection = select(
        {
            "goal": ["18", "eleven", "11"], "target": ["11.99", "99"], "org": ["mitaka", "nowhere"],
            "role": ["main"], "status": ["done"], "year": ["1800", "x"], "budget": ["huge"],
            "department": ["No such bureau"], "sort": ["cost"], "page": ["0"], "colour": ["red"],
        },
        "en",
    )  # fmt: skip
    named = sorted({p.parameter for p in selection.problems})
    assert named == ["budget", "department", "goal", "org", "page", "role", "sort", "status",
                     "target", "year"]  # fmt: skip
    assert selection.query.goal == (11,) and selection.query.sort == "relevance"
    assert any("“mitaka”" in p.reason for p in selection.problems)
    assert selection.total == len(ids({"goal": ["11"]}))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    state=st.dictionaries(
        st.sampled_from(FACETS + ("q", "sort", "page")),
        st.lists(st.sampled_from(["11", "13", "11.5", "tokyo", "primary", "2024", "none",
                                  "ongoing", "防災", "budget", "2", "x", ""]), max_size=3),
        max_size=4,
    ),
    lang=st.sampled_from(["en", "ja"]),
)  # fmt: skip
def test_any_state_reads_back_from_its_own_address(demo, state, lang) -> None:
    selection = select(state, lang)
    params: dict[str, list[str]] = {}
    for name, value in selection.query.pairs():
        params.setdefault(name, []).append(value)
    again = select(params, lang)
    assert again.query == selection.query and again.problems == ()
    assert again.total == selection.total
    names = [name for name, _value in again.query.pairs()]
    assert names == sorted(names, key=["q", *FACETS, "sort", "page"].index)


def test_chosen_values_stay_listed_at_zero(demo) -> None:
    mapped = set(TargetMapping.objects.values_list("target_id", flat=True))
    unmapped = next(
        code for code in Target.objects.values_list("code", flat=True) if code not in mapped
    )
    state = {"status": ["stopped"], "year": ["1999"], "target": [unmapped]}
    result = board_result(state, "en")
    assert result.total == 0 and result.problems == ()
    chosen = {
        (facet.name, value.value): (value.count, value.selected)
        for facet in result.facets
        for value in facet.values
        if value.selected
    }
    assert chosen == {("status", "stopped"): (0, True), ("year", "1999"): (0, True),
                      ("target", unmapped): (0, True)}  # fmt: skip
