"""The editors' API key pages, for every demo role: only organisation admins manage keys."""

import re

import pytest
from django.test import Client

from localsdg.api import keys
from localsdg.api.models import ApiKey
from tests.htmlcheck import html_problems
from tests.roles import MANAGE, ORGS, VIEW

pytestmark = pytest.mark.django_db


def signed_in(user, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def expected(username: str, slug: str) -> int:
    if slug in MANAGE.get(username, set()):
        return 200
    return 403 if slug in VIEW[username] else 404


@pytest.mark.parametrize("username", list(VIEW))
def test_every_role_on_the_key_pages(orgs, user, username: str) -> None:
    client = signed_in(user, username)
    for slug in ORGS:
        key, _plain = keys.create_key(orgs[slug], "for the role test")
        status = expected(username, slug)
        assert client.get(f"/en/manage/{slug}/api-keys/").status_code == status, (username, slug)
        created = client.post(f"/en/manage/{slug}/api-keys/", {"name": "new"})
        assert created.status_code == status, (username, slug)
        revoke = client.post(f"/en/manage/{slug}/api-keys/{key.prefix}/revoke/")
        assert revoke.status_code == (302 if status == 200 else status), (username, slug)
        key.refresh_from_db()
        assert (key.revoked is not None) == (status == 200), (username, slug)
        made = ApiKey.objects.filter(organisation=orgs[slug], name="new").count()
        assert made == (1 if status == 200 else 0), (username, slug)


def test_anonymous_visitors_are_sent_to_sign_in(client: Client, demo) -> None:
    response = client.get("/en/manage/tokyo/api-keys/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_create_shows_the_key_once_and_it_works(user) -> None:
    client = signed_in(user, "tokyo-admin")
    page = client.post("/ja/manage/tokyo/api-keys/", {"name": "統計課の自動アップロード"})
    assert page.status_code == 200 and "no-store" in page["Cache-Control"]
    assert html_problems(page.content.decode()) == []
    plain = re.search(r"lsdg_[0-9a-f]{8}_[A-Za-z0-9_-]+", page.content.decode()).group(0)
    key = ApiKey.objects.get(name="統計課の自動アップロード")
    assert key.created_by == user("tokyo-admin") and plain.startswith(f"lsdg_{key.prefix}_")
    assert keys.find_key(plain) == key
    listing = client.get("/ja/manage/tokyo/api-keys/").content.decode()
    assert key.prefix in listing and plain not in listing
    assert html_problems(listing) == []
    assert "統計課の自動アップロード" in listing


def test_revoke_needs_post_and_csrf(orgs, user) -> None:
    key, plain = keys.create_key(orgs["tokyo"], "k")
    client = signed_in(user, "tokyo-admin")
    url = f"/en/manage/tokyo/api-keys/{key.prefix}/revoke/"
    assert client.get(url).status_code == 405
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(user("tokyo-admin"))
    assert strict.post(url).status_code == 403
    assert keys.find_key(plain) == key
    response = client.post(url, follow=True)
    assert response.status_code == 200 and keys.find_key(plain) is None
    assert client.post("/en/manage/tokyo/api-keys/ffffffff/revoke/").status_code == 404


def test_key_of_another_organisation_cannot_be_revoked_through_this_one(orgs, user) -> None:
    key, plain = keys.create_key(orgs["shinjuku"], "shinjuku key")
    client = signed_in(user, "tokyo-admin")
    assert client.post(f"/en/manage/tokyo/api-keys/{key.prefix}/revoke/").status_code == 404
    assert keys.find_key(plain) == key


def test_profile_links_to_the_keys_for_admins_only(user) -> None:
    admin = signed_in(user, "tokyo-admin").get("/en/manage/tokyo/").content.decode()
    editor = signed_in(user, "tokyo-editor").get("/en/manage/tokyo/").content.decode()
    assert "/en/manage/tokyo/api-keys/" in admin and "/en/manage/tokyo/api-keys/" not in editor
