"""API keys and the import endpoint: a real CSV through the real import pipeline."""

import hashlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from localsdg.api import keys
from localsdg.api.models import ApiKey
from localsdg.indicators.models import DataRelease, Indicator, Observation

pytestmark = pytest.mark.django_db

URL = "/api/v1/organisations/{slug}/imports"
CSV = "indicator,unit,period,value\n1-2-1,%,2020,10\n1-2-1,%,2021,9.5\n"
BAD_CSV = "indicator,unit,period,value\n1-2-1,%,2020,ten\n1-2-1,%,20x1,9.5\n"


@pytest.fixture
def tokyo_key(orgs, user) -> tuple[ApiKey, str]:
    return keys.create_key(orgs["tokyo"], "test uploads", user("tokyo-admin"))


def upload(client: Client, slug: str, key: str | None, text: str = CSV, **fields: str):
    data = {"file": SimpleUploadedFile("data.csv", text.encode()), "format": "csv", **fields}
    headers = {"HTTP_AUTHORIZATION": f"Bearer {key}"} if key is not None else {}
    return client.post(URL.format(slug=slug), data, **headers)


def test_only_the_hash_is_stored(tokyo_key) -> None:
    key, plain = tokyo_key
    assert plain.startswith(f"lsdg_{key.prefix}_") and len(plain) > 50
    stored = ApiKey.objects.get(pk=key.pk)
    assert stored.key_hash == hashlib.sha256(plain.encode()).hexdigest()
    assert plain not in str(ApiKey.objects.filter(pk=key.pk).values().first())
    assert keys.find_key(plain) == stored
    assert keys.find_key(plain[:-1] + ("A" if plain[-1] != "A" else "B")) is None
    assert stored.history.count() == 1


def test_missing_unknown_and_revoked_keys_get_401(client: Client, tokyo_key) -> None:
    key, plain = tokyo_key
    for sent in [None, "", "lsdg_00000000_nothing", "not-a-key", plain + "x"]:
        response = upload(client, "tokyo", sent)
        assert response.status_code == 401, sent
        assert response.json()["error"]["code"] == "unauthorized"
        assert "Bearer" in response["WWW-Authenticate"]
    keys.revoke(key)
    revoked = upload(client, "tokyo", plain)
    assert revoked.status_code == 401 and "revoked" in revoked.json()["error"]["message"]
    assert ApiKey.objects.get(pk=key.pk).history.count() == 2


def test_key_of_another_organisation_gets_403(client: Client, tokyo_key) -> None:
    _key, plain = tokyo_key
    for slug in ["shinjuku", "mitaka", "no-such-org"]:
        response = upload(client, slug, plain)
        assert response.status_code == 403, slug
        assert response.json()["error"]["code"] == "forbidden"
    assert not Indicator.objects.filter(code="1-2-1").exists()


def test_dry_run_is_the_default_and_stores_nothing(client: Client, tokyo_key) -> None:
    key, plain = tokyo_key
    releases_before = DataRelease.objects.count()
    response = upload(client, "tokyo", plain)
    assert response.status_code == 200
    body = response.json()
    assert body["dry_run"] is True and body["stored"] is False and body["release"] is None
    assert body["totals"]["added"] == 2
    assert body["indicators"] == [
        {"code": "1-2-1", "is_new": True, "added": 2, "changed": 0, "removed": 0, "unchanged": 0}
    ]
    assert DataRelease.objects.count() == releases_before
    assert not Indicator.objects.filter(code="1-2-1").exists()
    assert ApiKey.objects.get(pk=key.pk).last_used is not None


def test_stored_import_is_one_release_by_the_key_creator(client: Client, tokyo_key, user) -> None:
    key, plain = tokyo_key
    response = upload(client, "tokyo", plain, dry_run="false", note="monthly upload")
    assert response.status_code == 201, response.content
    body = response.json()
    release = DataRelease.objects.get(pk=body["release"]["id"])
    assert body["stored"] is True and body["release"]["added"] == 2
    assert body["release"]["indicators"] == ["1-2-1"]
    assert release.user == user("tokyo-admin")
    assert release.note.startswith("monthly upload") and key.prefix in release.note
    assert release.source_name == "data.csv" and release.file_format == "csv"
    assert release.source_hash == hashlib.sha256(CSV.encode()).hexdigest()
    values = Observation.objects.filter(series__indicator__code="1-2-1", release=release)
    assert sorted(values.values_list("value", flat=True)) == [9.5, 10.0]
    again = upload(client, "tokyo", plain, dry_run="false")
    assert again.status_code == 200 and again.json()["stored"] is True
    assert again.json()["release"] is None and again.json()["totals"]["unchanged"] == 2


def test_file_with_errors_gets_400_with_every_problem(client: Client, tokyo_key) -> None:
    _key, plain = tokyo_key
    before = Observation.objects.count()
    response = upload(client, "tokyo", plain, text=BAD_CSV, dry_run="false")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "bad_request"
    count = len(error["problems"])
    assert error["message"] == f"{count} errors in data.csv: nothing was stored"  # the upload's
    lines = {(p["file"], p["line"], p["column"]) for p in error["problems"]}
    assert ("data.csv", 2, "value") in lines and ("data.csv", 3, "period") in lines
    assert all(p["reason"] for p in error["problems"])
    assert Observation.objects.count() == before
    assert not Indicator.objects.filter(code="1-2-1").exists()


def test_bad_fields_get_422(client: Client, tokyo_key) -> None:
    _key, plain = tokyo_key
    response = upload(client, "tokyo", plain, format="pdf")
    assert response.status_code == 422
    assert any("format" in p["field"] for p in response.json()["error"]["problems"])
    no_file = client.post(
        URL.format(slug="tokyo"), {"format": "csv"}, HTTP_AUTHORIZATION=f"Bearer {plain}"
    )
    assert no_file.status_code == 422


def test_csrf_does_not_block_key_requests(tokyo_key) -> None:
    _key, plain = tokyo_key
    strict = Client(enforce_csrf_checks=True)
    assert upload(strict, "tokyo", plain).status_code == 200


def test_unpublished_organisation_can_import_with_its_key(client: Client, orgs) -> None:
    _key, plain = keys.create_key(orgs["mitaka"], "draft data")
    response = upload(client, "mitaka", plain, dry_run="false")
    assert response.status_code == 201
    assert Indicator.objects.filter(organisation=orgs["mitaka"], code="1-2-1").exists()
    assert client.get("/api/v1/organisations/mitaka/releases").status_code == 404


def test_a_key_stops_working_when_its_creator_is_no_longer_an_admin(
    client: Client, tokyo_key, orgs, user
) -> None:
    from localsdg.orgs.models import Membership, Role

    _key, plain = tokyo_key
    assert upload(client, "tokyo", plain).status_code == 200  # a dry run
    membership = Membership.objects.get(user=user("tokyo-admin"), organisation=orgs["tokyo"])
    membership.role = Role.EDITOR
    membership.save()
    assert upload(client, "tokyo", plain).status_code == 401


# --------------------------------------------------------------------------------------------
# Workbooks, broken files and zip bombs through the API


def send(client: Client, key: str, name: str, content: bytes, file_format: str, **fields: str):
    data = {"file": SimpleUploadedFile(name, content), "format": file_format, **fields}
    return client.post(URL.format(slug="tokyo"), data, HTTP_AUTHORIZATION=f"Bearer {key}")


def test_xlsx_import_dry_run_and_store(client: Client, tokyo_key, settings, tmp_path) -> None:
    from tests.indicators.test_import_uploads import xlsx_bytes

    settings.DATA_DIR = tmp_path
    _key, plain = tokyo_key
    workbook = xlsx_bytes()
    dry = send(client, plain, "indicators.xlsx", workbook, "xlsx")
    assert dry.status_code == 200, dry.content
    assert dry.json()["totals"]["added"] == 2 and dry.json()["stored"] is False
    stored = send(client, plain, "indicators.xlsx", workbook, "xlsx", dry_run="false")
    assert stored.status_code == 201, stored.content
    release = DataRelease.objects.get(pk=stored.json()["release"]["id"])
    assert release.file_format == "xlsx" and release.source_name == "indicators.xlsx"
    assert release.source_hash == hashlib.sha256(workbook).hexdigest()
    values = Observation.objects.filter(release=release).values_list("value", flat=True)
    assert sorted(values) == [9.5, 10.0]
    assert not list((tmp_path / "uploads").iterdir())


@pytest.mark.parametrize(
    "case", ["opensdg zip without data/", "name too long", "corrupted zip", "zip given as csv"]
)
def test_a_broken_upload_answers_400_without_a_server_path(
    client: Client, tokyo_key, settings, tmp_path, case: str
) -> None:
    from tests.indicators.test_import_uploads import BROKEN

    settings.DATA_DIR = tmp_path
    _key, plain = tokyo_key
    name, content, file_format, expected = BROKEN[case]
    response = send(client, plain, name, content, file_format, dry_run="false")
    assert response.status_code == 400, response.content
    message = response.json()["error"]["message"]
    assert expected in message, message
    assert str(tmp_path) not in response.content.decode() and "/uploads/" not in message
    assert not list((tmp_path / "uploads").iterdir())


def test_a_broken_workbook_names_the_file_not_the_server_path(
    client: Client, tokyo_key, settings, tmp_path
) -> None:
    settings.DATA_DIR = tmp_path
    _key, plain = tokyo_key
    response = send(client, plain, "budget.xlsx", b"not a workbook", "xlsx")
    assert response.status_code == 400, response.content
    problems = response.json()["error"]["problems"]
    assert [p["file"] for p in problems] == ["budget.xlsx"]
    assert str(tmp_path) not in response.content.decode()


def test_a_zip_bomb_is_refused_and_removed(client: Client, tokyo_key, settings, tmp_path) -> None:
    from tests.indicators.test_import_uploads import zeros_zip

    settings.DATA_DIR = tmp_path / "data"
    _key, plain = tokyo_key
    bomb = zeros_zip(tmp_path / "bomb.zip", 120).read_bytes()
    response = send(client, plain, "bomb.zip", bomb, "opensdg", dry_run="false")
    assert response.status_code == 400
    assert "times its compressed size" in response.json()["error"]["message"]
    assert not list((tmp_path / "data" / "uploads").iterdir())
    assert not Indicator.objects.filter(organisation__slug="tokyo", code="1-2-1").exists()
