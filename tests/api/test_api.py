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


MIXED_CSV = (
    "indicator,unit,period,value\n"
    "1-2-1,%,2020,10\n1-2-1,%,2021,9.5\n11-6-2,x,2020,ten\n11-6-2,x,2021,3\n18.1.1,x,2020,1\n"
)


def import_mixed(client: Client, key: str, text: str = MIXED_CSV, **fields: str):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = {"file": SimpleUploadedFile("mixed.csv", text.encode()), "format": "csv", **fields}
    return client.post(
        "/api/v1/organisations/tokyo/imports", data, HTTP_AUTHORIZATION=f"Bearer {key}"
    )


def test_import_with_skip_invalid(client: Client, orgs, user) -> None:
    from localsdg.api import keys
    from localsdg.indicators.models import DataRelease, Observation

    _key, plain = keys.create_key(orgs["tokyo"], "partial uploads", user("tokyo-admin"))
    refused = import_mixed(client, plain, dry_run="false")
    assert refused.status_code == 400 and refused.json()["error"]["code"] == "bad_request"

    dry = import_mixed(client, plain, skip_invalid="true")
    assert dry.status_code == 200, dry.content
    body = dry.json()
    assert body["stored"] is False and [d["code"] for d in body["indicators"]] == ["1-2-1"]
    skipped = {s["indicator"]: s for s in body["skipped"]}
    assert set(skipped) == {"11-6-2", "18.1.1"}
    assert skipped["11-6-2"]["file"] == "mixed.csv" and skipped["11-6-2"]["more"] == 0
    (problem,) = skipped["11-6-2"]["problems"]
    assert (problem["line"], problem["column"], problem["kind"]) == (4, "value", "invalid_value")
    assert "'ten'" in problem["reason"]

    skipped_rows = Observation.objects.filter(
        series__indicator__organisation=orgs["tokyo"], series__indicator__code="11-6-2"
    )
    before = sorted(skipped_rows.values_list("pk", "period", "value"))
    assert before, "the demo has PM2.5 data (11-6-2) for Tokyo"
    stored = import_mixed(client, plain, skip_invalid="true", dry_run="false")
    assert stored.status_code == 201, stored.content
    release = DataRelease.objects.get(pk=stored.json()["release"]["id"])
    assert {s["indicator"] for s in release.skipped} == {"11-6-2", "18.1.1"}
    rows = Observation.objects.filter(release=release)
    assert set(rows.values_list("series__indicator__code", flat=True)) == {"1-2-1"}
    assert sorted(skipped_rows.values_list("pk", "period", "value")) == before  # untouched

    nothing = import_mixed(
        client, plain, "indicator,unit,period,value\n11-6-2,x,2020,ten\n", skip_invalid="true"
    )
    assert nothing.status_code == 400
    assert [p["line"] for p in nothing.json()["error"]["problems"]] == [2]


def test_schema_describes_skip_invalid_and_conflicts(client: Client, demo) -> None:
    schema = client.get("/api/v1/openapi.json").json()
    operation = schema["paths"]["/api/v1/organisations/{slug}/imports"]["post"]
    form = operation["requestBody"]["content"]["multipart/form-data"]["schema"]
    assert form["properties"]["skip_invalid"]["default"] is False
    assert "409" in operation["responses"]
    assert "skipped" in schema["components"]["schemas"]["ImportOut"]["properties"]
