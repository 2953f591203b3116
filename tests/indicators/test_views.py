"""Editors' indicator views for every role, the upload workflow, the data table, the portal page."""

import re

import pytest
from django.test import Client

from localsdg.indicators.models import DataRelease, Indicator, Observation
from tests.roles import EDIT, ORGS, VIEW

pytestmark = pytest.mark.django_db

CODES = {"tokyo": "7-2-1", "shinjuku": "11-7-1-a", "mitaka": "4-2-2"}
CSV = "indicator,unit,period,value\n1-2-1,%,2020,10\n1-2-1,%,2021,9.5\n"


def signed_in(user, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def expected(username: str, slug: str, table: dict[str, set[str]]) -> int:
    if slug in table.get(username, set()):
        return 200
    return 403 if slug in VIEW[username] else 404


@pytest.mark.parametrize("username", list(VIEW))
def test_every_role_on_every_indicator_view(orgs, user, username: str) -> None:
    client = signed_in(user, username)
    for slug in ORGS:
        assert client.get(f"/en/manage/{slug}/indicators/").status_code == (
            200 if slug in VIEW[username] else 404
        ), (username, slug)
        assert client.get(f"/en/manage/{slug}/import/").status_code == expected(
            username, slug, EDIT
        ), (username, slug)
        assert client.get(f"/en/manage/{slug}/indicators/new/").status_code == expected(
            username, slug, EDIT
        ), (username, slug)
        code = CODES.get(slug)
        if code is None:
            continue
        indicator = Indicator.objects.get(organisation=orgs[slug], code=code)
        page = client.get(f"/en/manage/{slug}/indicators/{code}/")
        assert page.status_code == (200 if slug in VIEW[username] else 404), (username, slug)
        before = Observation.objects.filter(series__indicator=indicator).count()
        post = client.post(
            f"/en/manage/{slug}/indicators/{code}/data/",
            {"rows": "1", "period-0": "2030", "value-0": "1"},
        )
        may_edit = slug in EDIT.get(username, set())
        assert post.status_code == (302 if may_edit else expected(username, slug, EDIT))
        after = Observation.objects.filter(series__indicator=indicator).count()
        assert (after != before) is may_edit, (username, slug)
        renamed = client.post(
            f"/en/manage/{slug}/indicators/{code}/",
            {"name_en": f"by {username}", "reporting_status": "reported"},
        )
        assert renamed.status_code == (302 if may_edit else expected(username, slug, EDIT))
        indicator.refresh_from_db()
        assert (indicator.name_en == f"by {username}") is may_edit


def upload(client: Client, slug: str, body: str, on_duplicate: str = "error"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    file = SimpleUploadedFile("new.csv", body.encode(), content_type="text/csv")
    return client.post(
        f"/en/manage/{slug}/import/",
        {"file_format": "csv", "file": file, "on_duplicate": on_duplicate, "note": "test"},
    )


def test_upload_preview_confirm(orgs, user, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    client = signed_in(user, "hachioji-admin")
    response = upload(client, "hachioji", CSV)
    assert response.status_code == 302
    preview = client.get(response.url)
    html = preview.content.decode()
    assert "2 observations would be added" in html and "1-2-1" in html
    assert not Indicator.objects.filter(organisation=orgs["hachioji"]).exists()
    # Another organisation cannot use the token.
    other = signed_in(user, "shinjuku-admin")
    assert (
        other.post(response.url.replace("hachioji", "shinjuku"), {"confirm": "1"}).status_code
        == 404
    )
    confirmed = client.post(response.url, {"confirm": "1"})
    release = DataRelease.objects.get(organisation=orgs["hachioji"])
    assert confirmed.url == f"/en/manage/hachioji/releases/{release.pk}/"
    assert (
        release.added == 2 and release.note == "test" and release.user.username == "hachioji-admin"
    )
    assert not list(tmp_path.joinpath("uploads").iterdir())
    detail = client.get(confirmed.url).content.decode()
    assert "2030" not in detail and "9.5" in detail


def test_upload_with_errors_shows_them_and_stores_nothing(orgs, user, settings, tmp_path) -> None:
    settings.DATA_DIR = tmp_path
    client = signed_in(user, "hachioji-admin")
    response = upload(client, "hachioji", "indicator,unit,period,value\n1-2-1,%,2020,ten\n")
    html = client.get(response.url).content.decode()
    assert "new.csv, line 2, column value" in html
    assert "Store as a data release" not in html
    assert client.post(response.url, {"confirm": "1"}).status_code == 200
    assert not DataRelease.objects.filter(organisation=orgs["hachioji"]).exists()


def test_data_table_edit_validation_and_no_stray_rows(orgs, user) -> None:
    client = signed_in(user, "shinjuku-editor")
    url = "/en/manage/shinjuku/indicators/11-7-1-a/data/"
    page = client.get(url).content.decode()
    rows = int(re.search(r'name="rows" value="(\d+)"', page).group(1))
    assert rows == 4 + 3
    bad = client.post(
        url, {"rows": "2", "period-0": "2016", "value-0": "abc", "period-1": "", "value-1": ""}
    )
    assert bad.status_code == 200 and "abc" in bad.content.decode()
    assert Observation.objects.filter(series__indicator__code="11-7-1-a").count() == 4
    data = {"rows": "6"}
    for index, (period, value) in enumerate(
        [
            ("2016", "3.1"),
            ("2018", "3.25"),
            ("2020", "3.3"),
            ("2022", "3.4"),
            ("", ""),
            ("2024", "3.5"),
        ]
    ):
        data |= {f"period-{index}": period, f"value-{index}": value}
    data["delete-0"] = "1"
    assert client.post(url, data).status_code == 302
    stored = dict(
        Observation.objects.filter(series__indicator__code="11-7-1-a").values_list(
            "period", "value"
        )
    )
    assert stored == {"2018": 3.25, "2020": 3.3, "2022": 3.4, "2024": 3.5}
    release = DataRelease.objects.filter(organisation=orgs["shinjuku"]).first()
    assert release.kind == "edit" and (release.added, release.changed, release.removed) == (1, 1, 1)


def test_rollback_from_the_web(orgs, user) -> None:
    client = signed_in(user, "shinjuku-editor")
    url = "/en/manage/shinjuku/indicators/11-7-1-a/data/"
    client.post(url, {"rows": "1", "period-0": "2030", "value-0": "5"})
    release = DataRelease.objects.filter(organisation=orgs["shinjuku"]).first()
    viewer = signed_in(user, "shinjuku-viewer")
    assert viewer.post(f"/en/manage/shinjuku/releases/{release.pk}/rollback/").status_code == 403
    response = client.post(f"/en/manage/shinjuku/releases/{release.pk}/rollback/")
    assert response.status_code == 302
    periods = set(
        Observation.objects.filter(series__indicator__code="11-7-1-a").values_list(
            "period", flat=True
        )
    )
    assert periods == {"2016", "2018", "2020", "2022"}


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_public_indicator_page(client: Client, demo, lang: str) -> None:
    response = client.get(f"/{lang}/organisations/tokyo/indicators/11-6-2/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" in html and 'role="img"' in html
    assert "stroke-dasharray" in html  # the target line
    assert "2022" in html and "9.4" in html
    assert 'href="/' + lang + '/targets/11.6/"' in html
    assert "headline.csv" in html and "data.csv" in html
    if lang == "ja":
        assert "微小粒子状物質（PM2.5）の年平均濃度" in html


@pytest.mark.parametrize(
    "path",
    [
        "/en/organisations/tokyo/indicators/13-2-2-a/",  # unpublished indicator
        "/en/organisations/mitaka/indicators/4-2-2/",  # unpublished organisation
        "/en/organisations/tokyo/indicators/99-9-9/",
        "/en/organisations/tokyo/indicators/13-2-2-a/data.csv",
    ],
)
def test_unpublished_indicators_are_not_public(client: Client, demo, path: str) -> None:
    assert client.get(path).status_code == 404


def test_csv_downloads_have_series_and_unit_columns(client: Client, demo) -> None:
    full = client.get("/en/organisations/tokyo/indicators/8-5-2/data.csv")
    assert full["Content-Type"].startswith("text/csv")
    lines = full.content.decode().splitlines()
    header = lines[0].split(",")
    assert {"series", "unit", "period", "value"} <= set(header)
    assert len(lines) == 1 + 12
    headline = client.get("/en/organisations/tokyo/indicators/8-5-2/headline.csv").content.decode()
    assert len(headline.splitlines()) == 1 + 4


def test_home_lists_published_indicators(client: Client, demo) -> None:
    html = client.get("/en/").content.decode()
    assert 'href="/en/organisations/tokyo/indicators/11-6-2/"' in html
    assert "13-2-2-a" not in html and "13.2.2.a" not in html


def test_every_problem_kind_has_a_translated_title() -> None:
    from django.utils import translation

    from localsdg.core.formats.model import PROBLEM_KINDS
    from localsdg.indicators.problems import problem_titles

    assert set(problem_titles()) == set(PROBLEM_KINDS)
    with translation.override("ja"):
        titles = problem_titles()
    untranslated = [kind for kind, english in PROBLEM_KINDS.items() if titles[kind] == english]
    assert untranslated == []


def test_indicator_page_lists_its_releases(orgs, user) -> None:
    client = signed_in(user, "shinjuku-editor")
    client.post(
        "/en/manage/shinjuku/indicators/11-7-1-a/data/",
        {"rows": "1", "period-0": "2030", "value-0": "5"},
    )
    html = client.get("/en/manage/shinjuku/indicators/11-7-1-a/").content.decode()
    releases = DataRelease.objects.filter(organisation=orgs["shinjuku"])
    assert releases.count() == 2
    for release in releases:
        assert f'/en/manage/shinjuku/releases/{release.pk}/"' in html
    assert "shinjuku-editor" in html
