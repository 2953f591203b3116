"""The open API: published data only, one error envelope, caching headers and cursors."""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_goals_and_targets(client: Client, demo) -> None:
    goals = client.get("/api/v1/goals").json()
    assert [g["number"] for g in goals] == list(range(1, 18))
    assert goals[10]["short_title"]["ja"] == "住み続けられるまちづくりを"
    assert "11.6" in goals[10]["targets"]
    target = client.get("/api/v1/targets/11-6").json()
    assert target["code"] == "11.6" and target["indicators"] == ["11.6.1", "11.6.2"]
    for bad in ["11.x", "99.1"]:
        response = client.get(f"/api/v1/targets/{bad}")
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_indicators_are_published_only(client: Client, demo) -> None:
    found = client.get("/api/v1/organisations/tokyo/indicators").json()
    codes = [i["code"] for i in found]
    assert "11-6-2" in codes and "13-2-2-a" not in codes
    pm25 = next(i for i in found if i["code"] == "11-6-2")
    assert pm25["name"]["ja"].startswith("微小粒子状物質")
    assert pm25["links"] == [{"code": "11.6.2", "kind": "identical"}]
    assert client.get("/api/v1/organisations/mitaka/indicators").status_code == 404
    hidden = client.get("/api/v1/organisations/tokyo/indicators/13-2-2-a/observations")
    assert hidden.status_code == 404


def test_observations_in_pages(client: Client, demo) -> None:
    url = "/api/v1/organisations/tokyo/indicators/8-5-2/observations"
    seen, after = [], None
    while True:
        page = client.get(url, {"limit": 5} | ({"after": after} if after else {})).json()
        seen += page["results"]
        after = page["next_cursor"]
        if after is None:
            break
    assert len(seen) == 12 and len({row["pk"] for row in seen}) == 12
    assert {row["period"] for row in seen} == {"2019年度", "2020年度", "2021年度", "2022年度"}
    one = client.get(url, {"period": "2022年度"}).json()["results"]
    assert len(one) == 3


def test_caching_and_cross_origin_headers(client: Client, demo) -> None:
    response = client.get("/api/v1/goals")
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "max-age=300" in response["Cache-Control"]
    etag = response["ETag"]
    again = client.get("/api/v1/goals", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
