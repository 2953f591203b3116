"""GET /api/v1/initiatives and /api/v1/initiatives/{id}: the Board as JSON."""

from __future__ import annotations

import pytest
from django.test import Client

from localsdg.board.select import select
from localsdg.strategy.models import Initiative
from tests.board.board_reference import expected_initiatives

pytestmark = pytest.mark.django_db

API = "/api/v1/initiatives"


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"} and {"code", "message"} <= set(body["error"]), body
    return body["error"]


def test_the_list_answers_the_boards_ids_facets_and_pages(client: Client, demo) -> None:
    data = client.get(API, {"q": "防災", "lang": "ja", "goal": "11"}).json()
    selection = select({"q": ["防災"], "goal": ["11"]}, "ja")
    assert [i["id"] for i in data["items"]] == [
        selection.index.records[row].pk for row in selection.rows()
    ]
    assert data["total"] == selection.total and data["pages"] == 1 and data["page_size"] == 50
    assert data["query"] == "q=%E9%98%B2%E7%81%BD&goal=11"
    assert data["board_url"] == "/ja/board/?q=%E9%98%B2%E7%81%BD&goal=11"
    facets = {f["name"]: {v["value"]: v for v in f["values"]} for f in data["facets"]}
    assert list(facets) == [
        "org",
        "goal",
        "target",
        "role",
        "department",
        "status",
        "year",
        "budget",
    ]
    assert facets["goal"]["11"]["selected"] and facets["goal"]["11"]["count"] == data["total"]
    assert facets["org"]["tokyo"]["text"] == {"text": "東京都", "lang": "ja", "is_fallback": False}
    assert "mitaka" not in facets["org"]
    paged = client.get(API, {"page_size": 10, "page": 5}).json()
    assert (paged["total"], paged["pages"], len(paged["items"])) == (49, 5, 9)


def test_an_item_has_names_goals_targets_years_and_budget(client: Client, demo) -> None:
    everything = expected_initiatives()
    drill = Initiative.objects.get(plan__organisation__slug="shinjuku", code="1-1")
    data = client.get(API, {"q": "地域ごとの防災訓練", "lang": "ja"}).json()
    item = next(i for i in data["items"] if i["id"] == drill.pk)
    assert item["organisation"]["slug"] == "shinjuku"
    assert item["plan"] == {
        "slug": "basic-plan",
        "name": {"text": "新宿区基本計画 2024–2031", "lang": "ja", "is_fallback": False},
        "url": "/ja/plans/shinjuku/basic-plan/",
    }
    assert item["names"] == {"en": drill.name_en, "ja": drill.name_ja}
    assert item["goals"] == [{"code": "11", "role": "primary"}, {"code": "13", "role": "secondary"}]
    assert item["targets"] == [
        {"code": "11.b", "role": "primary"},
        {"code": "13.3", "role": "secondary"},
    ]
    assert item["department"]["text"] == "危機管理課"
    assert item["years"]["start"] == 2024 and item["years"]["fiscal_years"] == list(
        range(2024, 2032)
    )
    assert item["latest_budget"] == {"fiscal_year": 2024, "amount": "45000000", "currency": "JPY"}
    assert item["status"] == "ongoing" and item["url"] == f"/ja/plans/initiatives/{drill.pk}/"
    one = client.get(f"{API}/{drill.pk}", {"lang": "ja"}).json()
    assert one == item
    assert set(everything[drill.pk].years) == set(item["years"]["fiscal_years"])


def test_bad_values_answer_400_and_say_why(client: Client, demo) -> None:
    response = client.get(API, {"goal": ["11", "99"], "status": "done"})
    assert response.status_code == 400
    error = error_of(response)
    assert error["code"] == "bad_request"
    assert "goal: “99” is not a goal number from 1 to 17." in error["message"]
    assert "status: “done” is not a status" in error["message"]
    assert client.get(API, {"lang": "fr"}).status_code == 400
    assert client.get(API, {"sort": "cost"}).status_code == 400
    for bad in ({"page": "0"}, {"page_size": "500"}, {"page": "x"}):
        response = client.get(API, bad)
        assert response.status_code == 422 and error_of(response)["code"] == "invalid_request"
    assert client.get(API, {"colour": "red"}).status_code == 200  # unknown ones are ignored


def test_unpublished_initiatives_answer_404(client: Client, demo) -> None:
    hidden = [
        Initiative.objects.get(plan__slug="next-plan-draft", code="D1-1"),  # a draft plan
        Initiative.objects.get(plan__organisation__slug="mitaka", code="2-1"),  # unpublished org
    ]
    for item in hidden:
        response = client.get(f"{API}/{item.pk}")
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    assert client.get(f"{API}/0").status_code == 422
    assert client.get(f"{API}/99999999").status_code == 404


def test_the_operations_are_in_the_openapi_document(client: Client, demo) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    listing = schema["paths"]["/api/v1/initiatives"]["get"]
    names = {p["name"] for p in listing["parameters"]}
    assert {"q", "lang", "org", "goal", "target", "role", "department", "status", "year"} <= names
    assert {"budget", "sort", "page", "page_size"} <= names
    goal = next(p for p in listing["parameters"] if p["name"] == "goal")
    assert "array" in str(goal["schema"])
    assert {"200", "400", "422"} <= set(listing["responses"])
    assert "/api/v1/initiatives/{id}" in schema["paths"]
    response = client.get(API)
    assert "ETag" in response and response["Cache-Control"] == "public, max-age=300"
    again = client.get(API, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
