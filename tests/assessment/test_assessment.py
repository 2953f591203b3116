"""Progress results in the platform: computed from stored data, kept current, shown and served."""

import pytest
from django.test import Client

from localsdg.assessment.compute import assess_org
from localsdg.assessment.models import AssessmentSettings, Result
from localsdg.indicators.models import Indicator, Observation, Series, TargetValue

pytestmark = pytest.mark.django_db


def indicator_result(org, code: str) -> Result:
    return Result.objects.get(organisation=org, level="indicator", indicator__code=code)


def test_demo_is_assessed_with_explanations_in_both_languages(orgs) -> None:
    result = indicator_result(orgs["tokyo"], "11-6-2")
    assert result.method == "opensdg" and result.method_version
    # 9.4 µg/m³ in 2022 is below the target of 10 for a lower-is-better indicator.
    assert result.status == "target_achieved"
    assert result.explanation_en and result.explanation_ja
    series = Result.objects.get(
        organisation=orgs["tokyo"], level="series", indicator__code="11-6-2"
    )
    assert series.details["base_year"] == 2015 and series.details["current_year"] == 2022
    assert series.details["base_value"] == 13.8 and series.details["current_value"] == 9.4


def test_results_follow_data_and_settings(
    orgs, tmp_path, django_capture_on_commit_callbacks
) -> None:
    from localsdg.core.formats.registry import get_format
    from localsdg.indicators import releases

    org = orgs["tokyo"]
    path = tmp_path / "worse.csv"
    path.write_text("indicator,unit,period,value\n11-6-2,µg/m³,2015,13.8\n11-6-2,µg/m³,2023,16.0\n")
    with django_capture_on_commit_callbacks(execute=True):
        releases.apply(org, releases.preview(org, get_format("csv").read(path)))
    assert indicator_result(org, "11-6-2").status == "deterioration"

    with django_capture_on_commit_callbacks(execute=True):
        AssessmentSettings.objects.update_or_create(organisation=org, defaults={"method": "unsd"})
    assert indicator_result(org, "11-6-2").method == "unsd"


def test_manual_status_replaces_the_computed_one(
    orgs, user, django_capture_on_commit_callbacks
) -> None:
    client = Client()
    client.force_login(user("tokyo-editor"))
    url = "/en/manage/tokyo/indicators/7-2-1/progress/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url,
            {
                "target_value": "60",
                "target_year": "2030",
                "manual_status": "limited_progress",
                "reason_en": "The 2021 figure is an estimate.",
                "reason_ja": "2021年の値は推計値です。",
            },
        )
    assert response.status_code == 302
    result = indicator_result(orgs["tokyo"], "7-2-1")
    assert result.is_manual and result.status == "limited_progress"
    assert result.explanation("ja").text == "2021年の値は推計値です。"
    assert TargetValue.objects.get(series__indicator__code="7-2-1").value == 60
    viewer = Client()
    viewer.force_login(user("tokyo-viewer"))
    assert viewer.post(url, {"manual_status": ""}).status_code == 403
    assert viewer.get(url).status_code == 200


def test_a_failing_assessment_never_blocks_the_data(
    orgs, monkeypatch, django_capture_on_commit_callbacks
) -> None:
    from localsdg.assessment import compute

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(compute, "values_for", broken)
    indicator = Indicator.objects.get(organisation=orgs["tokyo"], code="7-2-1")
    with django_capture_on_commit_callbacks(execute=True):
        indicator.name_en = "Renamed"
        indicator.save()
    assert Indicator.objects.get(pk=indicator.pk).name_en == "Renamed"


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_status_badges_on_pages(client: Client, demo, lang: str) -> None:
    page = client.get(f"/{lang}/organisations/tokyo/indicators/11-6-2/").content.decode()
    assert 'class="status status-target_achieved"' in page
    assert "<details" in page
    label = "目標達成" if lang == "ja" else "Target achieved"
    assert label in page
    goal = client.get(f"/{lang}/goals/11/").content.decode()
    assert "status-target_achieved" in goal and "/organisations/tokyo/indicators/11-6-2/" in goal
    target = client.get(f"/{lang}/targets/11.6/").content.decode()
    assert "/organisations/tokyo/indicators/11-6-2/" in target
    overview = client.get(f"/{lang}/organisations/tokyo/progress/")
    assert overview.status_code == 200
    assert overview.content.decode().count('class="goal-swatch') == 17
    compare = client.get(f"/{lang}/organisations/tokyo/compare/")
    member = "新宿区" if lang == "ja" else "Shinjuku City"
    assert compare.status_code == 200 and member in compare.content.decode()
    assert client.get(f"/{lang}/organisations/shinjuku/compare/").status_code == 404
    assert client.get(f"/{lang}/organisations/mitaka/progress/").status_code == 404


def test_api_serves_published_results_only(client: Client, demo) -> None:
    orgs = client.get("/api/v1/organisations").json()
    assert {o["slug"] for o in orgs} == {"tokyo", "shinjuku", "hachioji", "okutama"}
    results = client.get("/api/v1/organisations/tokyo/assessment?level=indicator").json()
    codes = {r["indicator"] for r in results}
    assert "11-6-2" in codes and "13-2-2-a" not in codes
    assert all(r["explanation_ja"] for r in results)
    missing = client.get("/api/v1/organisations/mitaka/assessment")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/organisations/{slug}/assessment" in schema["paths"]


def test_assess_org_is_idempotent(orgs) -> None:
    first = assess_org(orgs["tokyo"])
    assert (
        assess_org(orgs["tokyo"])
        == first
        == Result.objects.filter(organisation=orgs["tokyo"]).count()
    )


def test_sdsn_dashboard_in_the_platform(
    orgs, user, client: Client, django_capture_on_commit_callbacks
) -> None:
    editor = Client()
    editor.force_login(user("tokyo-editor"))
    bounds = {
        "11-6-2": {"best": "5", "worst": "25", "green": "10", "red": "15"},
        "7-2-1": {"best": "100", "worst": "0", "green": "60", "red": "20"},
    }
    with django_capture_on_commit_callbacks(execute=True):
        # Two more goal 11 indicators with a direction but no thresholds: no colour.
        for code in ("11-7-1", "11-a-1"):
            Indicator.objects.update_or_create(
                organisation=orgs["tokyo"], code=code, defaults={"direction": 1}
            )
        for code, values in bounds.items():
            response = editor.post(
                f"/en/manage/tokyo/indicators/{code}/progress/", values | {"in_index": "on"}
            )
            assert response.status_code == 302
        AssessmentSettings.objects.update_or_create(
            organisation=orgs["tokyo"], defaults={"method": "sdsn"}
        )
    pm25 = indicator_result(orgs["tokyo"], "11-6-2")
    assert pm25.method == "sdsn" and pm25.status == "green"  # 9.4 is better than the green 10
    assert (
        indicator_result(orgs["tokyo"], "7-2-1").status == "orange"
    )  # 20.4: between red and midpoint
    goal = Result.objects.get(organisation=orgs["tokyo"], level="goal", goal=11)
    assert goal.score == pytest.approx((25 - 9.4) / 20 * 100)
    # Only 11-6-2 of the goal's indicators has thresholds: one coloured indicator is enough for
    # a colour (rating 2.12, green), and the coverage says what the colour rests on.
    listed = goal.details["n_indicators"]
    assert listed >= 3 and goal.details["n_with_data"] == 1  # under half: once grey
    assert goal.status == "green" and goal.details["coverage"] == f"1/{listed}"
    assert f"1/{listed} indicators have a colour" in goal.explanation_en
    assert f"（1/{listed}）" in goal.explanation_ja
    assert Result.objects.filter(organisation=orgs["tokyo"], level="index").exists()
    html = client.get("/en/organisations/tokyo/progress/").content.decode()
    assert "Goal scores and dashboard" in html and "Index score" in html
    assert f'<small class="coverage">1/{listed} indicators with a colour</small>' in html
    api = client.get("/api/v1/organisations/tokyo/assessment?level=goal").json()
    eleven = next(r for r in api if r["goal"] == 11)
    assert eleven["status"] == "green" and eleven["details"]["colour"] == "green"
    assert eleven["details"]["coverage"] == f"1/{listed}"


def listed_without_observations(org) -> tuple[Indicator, Series]:
    """An indicator with a direction and a target, and a female series with its own target,
    none of them with a single observation."""
    indicator = Indicator.objects.create(organisation=org, code="3-3-1", direction=-1)
    headline = Series.objects.create(indicator=indicator)
    female = Series.objects.create(indicator=indicator, dimensions="sex=female")
    TargetValue.objects.create(series=headline, value=10.0, year=2030)
    TargetValue.objects.create(series=female, value=8.0, year=2030)
    return indicator, female


@pytest.mark.parametrize(
    ("method", "status"),
    [("opensdg", "not_available"), ("unsd", "insufficient_data"), ("escap", "insufficient_data")],
)
def test_a_listed_series_without_observations_still_gets_a_result(
    orgs, method: str, status: str
) -> None:
    org = orgs["tokyo"]
    AssessmentSettings.objects.update_or_create(organisation=org, defaults={"method": method})
    indicator, female = listed_without_observations(org)
    assess_org(org)
    series = {
        r.series_id: r
        for r in Result.objects.filter(organisation=org, level="series", indicator=indicator)
    }
    assert set(series) == {None, female.pk}
    for result in series.values():
        assert result.method == method and result.status == status
        assert result.details["base_value"] is None and result.details["current_value"] is None
        assert result.score is None and result.explanation_en and result.explanation_ja
    assert series[None].details["target"] == 10.0 and series[female.pk].details["target"] == 8.0
    assert indicator_result(org, "3-3-1").status == status
    if method == "opensdg":
        # Like any series that cannot be assessed: counted, not in the mean.
        assert indicator_result(org, "3-3-1").explanation_en == (
            "None of the 2 series could be assessed → not assessable"
        )
        assert series[None].details["base_year"] == 2015


def test_an_organisation_without_any_observation_is_still_assessed(orgs) -> None:
    org = orgs["tokyo"]
    Observation.objects.filter(series__indicator__organisation=org).delete()
    assess_org(org)
    with_direction = Indicator.objects.filter(
        organisation=org, direction__isnull=False, manual_status__isnull=True
    )
    assert with_direction.exists()
    results = Result.objects.filter(organisation=org, level="indicator", is_manual=False)
    assert {r.indicator_id for r in results} == {i.pk for i in with_direction}
    assert {r.status for r in results} == {"not_available"}
