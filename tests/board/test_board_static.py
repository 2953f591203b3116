"""The Board's JSON index for the static site (/<lang>/board/index.json): exactly the Board's
rows, and what board.js needs to give the server's facet counts."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from localsdg.board.index import ROLES
from localsdg.board.select import facet_counts, select
from localsdg.strategy.models import Initiative
from tests.board.board_reference import expected_initiatives

pytestmark = pytest.mark.django_db

LANGS = ["en", "ja"]


def board_json(client: Client, lang: str) -> dict:
    response = client.get(f"/{lang}/board/index.json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    return json.loads(response.content)


@pytest.mark.parametrize("lang", LANGS)
def test_the_index_holds_exactly_the_published_initiatives(client: Client, demo, lang) -> None:
    data = board_json(client, lang)
    rows = [dict(zip(data["fields"], row, strict=True)) for row in data["rows"]]
    ids = [row["id"] for row in rows]
    assert len(ids) == len(set(ids))
    assert set(ids) == set(Initiative.objects.published().values_list("pk", flat=True))
    assert set(ids) == set(expected_initiatives())
    board = select({}, lang)
    assert ids == [board.index.records[row].pk for row in board.rows()]  # the lists' order
    assert {row for row, _title, _body in data["entries"]} == set(range(len(rows)))
    assert data["lang"] == lang
    for row in rows:
        assert not row["url"].startswith("/") and row["url"].endswith(f"/{row['id']}/")


def json_counts(data: dict, query: dict[str, list[str]]) -> dict[str, dict[str, int]]:
    """Facet counts from the JSON rows alone, by the rules docs/board.md states (OR inside a
    facet, AND across, each facet counted with the others applied)."""
    rows = [dict(zip(data["fields"], row, strict=True)) for row in data["rows"]]
    departments = [name for name, _lang in data["departments"]]
    roles = query.get("role") or list(ROLES)

    def keys(row: dict) -> dict[str, set[str]]:
        return {
            "org": {row["org"]},
            "goal": {str(g) for g, role in row["goals"] if role in roles},
            "target": {t for t, role in row["targets"] if role in roles},
            "department": {departments[row["department"]]} if row["department"] >= 0 else set(),
            "status": {row["status"]},
            "year": {str(y) for y in row["fiscal_years"]},
            "budget": {row["budget_key"]},
        }

    def passes(row: dict, leave: str) -> bool:
        found = keys(row)
        return all(
            found[name] & set(chosen)
            for name, chosen in query.items()
            if name not in (leave, "role")
        )

    counts: dict[str, dict[str, int]] = {}
    for name in ("org", "goal", "target", "department", "status", "year", "budget"):
        counts[name] = {}
        for row in rows:
            if passes(row, name):
                for value in keys(row)[name]:
                    counts[name][value] = counts[name].get(value, 0) + 1
    return counts


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize(
    "query",
    [
        {},
        {"goal": ["11"]},
        {"goal": ["11", "13"], "org": ["tokyo"]},
        {"status": ["ongoing"], "budget": ["none"]},
        {"goal": ["11"], "role": ["primary"]},
        {"year": ["2026"], "target": ["11.5"]},
    ],
)
def test_the_index_gives_the_servers_facet_counts(client: Client, demo, lang, query) -> None:
    data = board_json(client, lang)
    server = facet_counts(select(query, lang))
    mine = json_counts(data, query)
    for name, counts in mine.items():
        assert {k: v for k, v in server[name].items() if v} == counts, name


@pytest.mark.parametrize("lang", LANGS)
def test_labels_and_texts_are_in_the_page_language(client: Client, demo, lang) -> None:
    data = board_json(client, lang)
    labels = data["labels"]
    if lang == "ja":
        assert labels["fallback"] == "（未翻訳）"
        assert data["facets"]["goal"] == "SDGs のゴール"
        assert data["goals"]["11"][0] == "ゴール11"
        assert "円" in next(row for row in data["rows"] if row[12])[12]
    else:
        assert labels["count"] == {"one": "%(counter)s result", "other": "%(counter)s results"}
        assert data["facets"]["goal"] == "SDG goal"
    orgs = [slug for slug, _name, _lang, _url in data["orgs"]]
    assert orgs[0] == "tokyo" and "shinjuku" in orgs
    assert "mitaka" not in orgs  # an unpublished organisation


def test_unpublished_initiatives_leave_the_index(
    client: Client, demo, django_capture_on_commit_callbacks
) -> None:
    item = Initiative.objects.published().get(plan__slug="future-tokyo", code="S8-5")
    with django_capture_on_commit_callbacks(execute=True):
        item.is_published = False
        item.save()
    for lang in LANGS:
        text = client.get(f"/{lang}/board/index.json").content.decode()
        data = json.loads(text)
        assert item.pk not in {row[0] for row in data["rows"]}
        assert item.name_ja not in text and item.name_en not in text
        assert "防災マップの全戸配布" not in text  # Mitaka's, an unpublished organisation


def test_the_board_page_says_where_its_index_is(client: Client, demo) -> None:
    text = client.get("/ja/board/", {"q": "防災"}).content.decode()
    assert 'data-board-index-url="/ja/board/index.json"' in text
    assert 'data-board-query="q=%E9%98%B2%E7%81%BD"' in text
    assert 'data-board-problems="0"' in text
    assert (
        client.get("/ja/board/", {"goal": "18"}).content.decode().count('data-board-problems="1"')
        == 1
    )


@pytest.mark.parametrize("username", ["mitaka-editor", "tokyo-admin", "superuser"])
def test_signed_in_people_get_the_public_index(client: Client, user, username) -> None:
    """Editors of an unpublished organisation, a hub's administrators: the same public file."""
    public = Client().get("/ja/board/index.json").content
    client.force_login(user(username))
    assert client.get("/ja/board/index.json").content == public
