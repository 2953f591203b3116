"""The read endpoints: framework, organisations, indicators, releases; published data only."""

import pytest
from django.test import Client

from localsdg.demo import DEMO_DATA
from localsdg.indicators.imports import file_sha256
from localsdg.indicators.models import DataRelease, Indicator, Observation

pytestmark = pytest.mark.django_db

API = "/api/v1"


def error_of(response) -> dict:
    body = response.json()
    assert set(body) == {"error"}, body
    assert {"code", "message"} <= set(body["error"]), body
    return body["error"]


def test_one_goal(client: Client, demo) -> None:
    goal = client.get(f"{API}/goals/11").json()
    assert goal["number"] == 11 and "11.6" in goal["targets"]
    assert "11.6.2" in goal["indicators"] and goal["title"]["ja"]
    for missing in ["0", "18", "99999999999999999999"]:
        response = client.get(f"{API}/goals/{missing}")
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    response = client.get(f"{API}/goals/eleven")
    assert response.status_code == 422
    assert error_of(response)["code"] == "invalid_request"


def test_target_list(client: Client, demo) -> None:
    everything = client.get(f"{API}/targets").json()
    assert len(everything) == 169
    eleven = client.get(f"{API}/targets", {"goal": 11}).json()
    assert [t["code"] for t in eleven][:2] == ["11.1", "11.2"]
    assert {t["goal"] for t in eleven} == {11}
    assert client.get(f"{API}/targets", {"goal": 18}).status_code == 422


def test_global_indicators(client: Client, demo) -> None:
    every = client.get(f"{API}/indicators").json()
    assert len(every) > 230 and every[0]["code"] == "1.1.1"
    by_target = client.get(f"{API}/indicators", {"target": "11-6"}).json()
    assert [i["code"] for i in by_target] == ["11.6.1", "11.6.2"]
    by_goal = client.get(f"{API}/indicators", {"goal": 1}).json()
    assert {i["goal"] for i in by_goal} == {1}
    assert client.get(f"{API}/indicators", {"target": "nonsense"}).json() == []
    for spelling in ["1.a.1", "1-a-1", "indicator_1-a-1"]:
        one = client.get(f"{API}/indicators/{spelling}")
        assert one.status_code == 200 and one.json()["code"] == "1.a.1", spelling
    pm25 = client.get(f"{API}/indicators/11.6.2").json()
    assert {"organisation": "tokyo", "code": "11-6-2", "kind": "identical"} in pm25[
        "local_indicators"
    ]
    for bad in ["11.6", "99.1.1", "1.a.9"]:
        assert client.get(f"{API}/indicators/{bad}").status_code == 404, bad


def test_unpublished_local_indicator_is_not_linked_from_a_global_one(client: Client, demo) -> None:
    ghg = client.get(f"{API}/indicators/13.2.2").json()
    assert all(ref["code"] != "13-2-2-a" for ref in ghg["local_indicators"])


def test_one_organisation(client: Client, demo) -> None:
    tokyo = client.get(f"{API}/organisations/tokyo").json()
    assert tokyo["slug"] == "tokyo" and tokyo["hub"] is None
    assert "shinjuku" in tokyo["members"] and "mitaka" not in tokyo["members"]
    published = Indicator.objects.published().filter(organisation__slug="tokyo").count()
    assert tokyo["indicator_count"] == published
    shinjuku = client.get(f"{API}/organisations/shinjuku").json()
    assert shinjuku["hub"] == "tokyo" and shinjuku["members"] == []
    listed = [o["slug"] for o in client.get(f"{API}/organisations").json()]
    assert "mitaka" not in listed
    for hidden in ["mitaka", "nowhere", "Tokyo", "tok%00yo"]:
        response = client.get(f"{API}/organisations/{hidden}")
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_one_local_indicator(client: Client, demo) -> None:
    found = client.get(f"{API}/organisations/tokyo/indicators/11-6-2").json()
    assert found["code"] == "11-6-2" and found["organisation"] == "tokyo"
    assert found["links"] == [{"code": "11.6.2", "kind": "identical"}]
    assert found["series"] and found["series"][0]["dimensions"] == ""
    dotted = client.get(f"{API}/organisations/tokyo/indicators/11.6.2")
    assert dotted.status_code == 200 and dotted.json()["code"] == "11-6-2"
    for hidden in [
        "organisations/tokyo/indicators/13-2-2-a",
        "organisations/mitaka/indicators/4-2-2",
        "organisations/tokyo/indicators/1-1-1",
    ]:
        response = client.get(f"{API}/{hidden}")
        assert response.status_code == 404 and error_of(response)["code"] == "not_found"


def test_targets_of_a_local_indicator(client: Client, demo) -> None:
    found = client.get(f"{API}/organisations/tokyo/indicators").json()
    with_targets = [
        client.get(f"{API}/organisations/tokyo/indicators/{i['code']}").json() for i in found
    ]
    assert any(i["targets"] for i in with_targets)
    target = next(t for i in with_targets for t in i["targets"])
    assert target["year"] == 2030 and target["baseline_year"] == 2015


def test_observations_by_year_range(client: Client, demo) -> None:
    url = f"{API}/organisations/tokyo/indicators/11-6-2/observations"
    every = client.get(url).json()["results"]
    years = {row["start_year"] for row in every}
    assert min(years) < 2015 < max(years)
    recent = client.get(url, {"from_year": 2015}).json()["results"]
    assert recent and all(row["end_year"] >= 2015 for row in recent)
    window = client.get(url, {"from_year": 2014, "to_year": 2016}).json()["results"]
    assert {row["start_year"] for row in window} <= {2014, 2015, 2016} and window
    assert client.get(url, {"from_year": "then"}).status_code == 422
    bad = client.get(url, {"limit": 0})
    assert bad.status_code == 422
    problems = error_of(bad)["problems"]
    assert problems[0]["field"].endswith("limit") and problems[0]["reason"]
    assert client.get(url, {"after": 10**30}).status_code == 422


def test_releases_show_published_indicators_only(client: Client, demo) -> None:
    releases = client.get(f"{API}/organisations/tokyo/releases").json()
    assert len(releases) == 1
    demo_release = releases[0]
    assert "13-2-2-a" not in demo_release["indicators"] and "11-6-2" in demo_release["indicators"]
    # The demo file also held the draft indicator: the whole-file facts are withheld and the
    # counts leave its three observations out.
    stored = DataRelease.objects.get(pk=demo_release["id"])
    assert stored.added == 37 and demo_release["added"] == 34
    assert demo_release["file_name"] is None and demo_release["note"] is None
    assert demo_release["sha256"] is None
    for field in ("user", "username", "email", "created_by"):
        assert field not in demo_release
    one = client.get(f"{API}/organisations/tokyo/releases/{stored.pk}").json()
    assert one == demo_release
    shinjuku = client.get(f"{API}/organisations/shinjuku/releases").json()
    # A release whose indicators are all published shows the file's name and hash.
    assert shinjuku[0]["file_name"] == "shinjuku.csv"
    assert shinjuku[0]["sha256"] == file_sha256(DEMO_DATA / "shinjuku.csv")
    assert shinjuku[0]["note"] == "Demo data (illustrative sample values)"
    assert client.get(f"{API}/organisations/mitaka/releases").status_code == 404
    assert client.get(f"{API}/organisations/shinjuku/releases/{stored.pk}").status_code == 404
    assert client.get(f"{API}/organisations/tokyo/releases/999999").status_code == 404


def test_release_of_unpublished_indicators_only_is_hidden(client: Client, demo) -> None:
    from localsdg.core.formats.registry import get_format
    from localsdg.indicators import releases
    from localsdg.orgs.models import Organisation

    tokyo = Organisation.objects.get(slug="tokyo")
    path = _write("indicator,unit,period,value\n13-2-2-a,Mt,2023,40.1\n")
    result = releases.preview(tokyo, get_format("csv").read(path))
    draft = releases.apply(tokyo, result, source_name="secret-draft.csv", note="draft only")
    assert draft is not None
    listed = client.get(f"{API}/organisations/tokyo/releases").json()
    assert draft.pk not in [r["id"] for r in listed]
    assert "secret-draft" not in str(listed)
    assert client.get(f"{API}/organisations/tokyo/releases/{draft.pk}").status_code == 404
    undo = releases.rollback(draft)
    listed = client.get(f"{API}/organisations/tokyo/releases").json()
    assert undo.pk not in [r["id"] for r in listed]


def test_release_of_published_indicators_shows_everything(client: Client, demo) -> None:
    from localsdg.core.formats.registry import get_format
    from localsdg.indicators import releases
    from localsdg.orgs.models import Organisation

    tokyo = Organisation.objects.get(slug="tokyo")
    before = Observation.objects.filter(series__indicator__code="11-6-2").count()
    rows = "".join(
        f"11-6-2,µg/m³,,{year},{value},,\n"
        for year, value in [(2030, 9.0)]
        + [(r.period, r.value) for r in Observation.objects.filter(
            series__indicator__organisation=tokyo, series__indicator__code="11-6-2"
        )]
    )  # fmt: skip
    path = _write("indicator,unit,Sex,period,value,flags,footnote\n" + rows)
    result = releases.preview(tokyo, get_format("csv").read(path))
    made = releases.apply(tokyo, result, source_name="pm25.csv", note="one more year")
    assert made is not None and made.added == 1
    listed = client.get(f"{API}/organisations/tokyo/releases").json()
    assert listed[0]["id"] == made.pk
    assert listed[0] | {"created": ""} == {
        "id": made.pk, "created": "", "kind": "import", "file_name": "pm25.csv",
        "file_format": "", "sha256": None, "added": 1, "changed": made.changed, "removed": 0,
        "note": "one more year", "indicators": ["11-6-2"], "rolls_back": None,
    }  # fmt: skip
    assert Observation.objects.filter(series__indicator__code="11-6-2").count() == before + 1


def _write(text: str):
    import tempfile
    from pathlib import Path

    folder = Path(tempfile.mkdtemp(prefix="api-test-"))
    path = folder / "data.csv"
    path.write_text(text, encoding="utf-8")
    return path


def test_envelope_for_unknown_paths_and_methods(client: Client, demo) -> None:
    missing = client.get(f"{API}/no-such-thing")
    assert missing.status_code == 404 and error_of(missing)["code"] == "not_found"
    wrong = client.delete(f"{API}/goals")
    assert wrong.status_code == 405 and error_of(wrong)["code"] == "method_not_allowed"
    posted = client.post(f"{API}/organisations/tokyo/indicators")
    assert posted.status_code == 405 and error_of(posted)["code"] == "method_not_allowed"


@pytest.mark.parametrize(
    "path",
    [
        "/goals/11",
        "/targets?goal=3",
        "/indicators?target=11.6",
        "/indicators/11.6.2",
        "/organisations/tokyo",
        "/organisations/tokyo/indicators/11-6-2",
        "/organisations/tokyo/releases",
    ],
)
def test_etag_and_not_modified(client: Client, demo, path: str) -> None:
    first = client.get(API + path)
    assert first.status_code == 200 and first["ETag"]
    assert first["Access-Control-Allow-Origin"] == "*"
    again = client.get(API + path, HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304


def test_nul_characters_are_refused_before_any_query(client: Client, demo) -> None:
    response = client.get(f"{API}/organisations/tok\x00yo")
    assert response.status_code == 404 and error_of(response)["code"] == "not_found"
    url = f"{API}/organisations/tokyo/indicators/11-6-2/observations"
    response = client.get(url, {"period": "2020\x00"})
    assert response.status_code == 422
    assert error_of(response)["problems"] == [
        {"field": "query.period", "reason": "Contains a NUL character."}
    ]
