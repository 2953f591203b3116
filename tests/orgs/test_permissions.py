"""Every role against every organisation: the rules module, the admin and the editing views."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client

from localsdg.orgs import permissions
from localsdg.orgs.models import Organisation
from localsdg.orgs.permissions import Action
from tests.conftest import DEMO_PASSWORD
from tests.roles import EDIT, MANAGE, ORGS, USERS, VIEW

pytestmark = pytest.mark.django_db

EXPECTED = {Action.VIEW_UNPUBLISHED: VIEW, Action.EDIT_CONTENT: EDIT, Action.MANAGE: MANAGE}


@pytest.mark.parametrize("action", list(Action))
@pytest.mark.parametrize("username", USERS)
def test_rules_for_every_role_and_organisation(orgs, user, username: str, action: Action) -> None:
    who = user(username)
    for slug in ORGS:
        expected = slug in EXPECTED[action].get(username, set())
        assert permissions.can(who, action, orgs[slug]) is expected, (username, action, slug)
    listed = set(permissions.organisations_for(who, action).values_list("slug", flat=True))
    assert listed == EXPECTED[action].get(username, set())


def test_deny_by_default(orgs, user) -> None:
    admin = user("tokyo-admin")
    assert not permissions.can(admin, "delete_everything", orgs["tokyo"])
    assert not permissions.can(admin, Action.MANAGE, None)
    assert not permissions.can(AnonymousUser(), Action.VIEW_UNPUBLISHED, orgs["tokyo"])
    assert not permissions.organisations_for(AnonymousUser(), Action.VIEW_UNPUBLISHED).exists()
    admin.is_active = False
    assert not permissions.can(admin, Action.MANAGE, orgs["tokyo"])


def test_hub_admin_of_another_hub_sees_nothing_of_ours(orgs, user) -> None:
    other = Organisation.objects.create(slug="osaka", name_en="Osaka Prefecture")
    user("shinjuku-admin").memberships.update(organisation=other)
    assert not permissions.can(user("shinjuku-admin"), Action.VIEW_UNPUBLISHED, orgs["mitaka"])


def signed_in(user, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def profile_data(org: Organisation, **changes: object) -> dict[str, object]:
    data = {
        "name_en": org.name_en,
        "name_ja": org.name_ja,
        "kind": org.kind,
        "population": org.population or "",
        "website": org.website,
        "description_en": org.description_en,
        "description_ja": org.description_ja,
        "is_published": "on" if org.is_published else "",
    }
    return data | changes


@pytest.mark.parametrize("username", USERS)
def test_profile_editing_view_for_every_role_and_organisation(orgs, user, username: str) -> None:
    client = signed_in(user, username)
    for slug in ORGS:
        url = f"/en/manage/{slug}/"
        may_view = slug in VIEW[username]
        may_manage = slug in MANAGE.get(username, set())
        assert client.get(url).status_code == (200 if may_view else 404), (username, slug)
        history = client.get(f"{url}history/")
        assert history.status_code == (200 if may_view else 404), (username, slug)
        response = client.post(url, profile_data(orgs[slug], name_en=f"Renamed by {username}"))
        expected = 302 if may_manage else (403 if may_view else 404)
        assert response.status_code == expected, (username, slug)
        renamed = Organisation.objects.get(slug=slug).name_en == f"Renamed by {username}"
        assert renamed is may_manage, (username, slug)


@pytest.mark.parametrize("username", USERS)
def test_admin_organisations_for_every_role(orgs, user, username: str) -> None:
    client = signed_in(user, username)
    changelist = client.get("/admin/orgs/organisation/")
    assert changelist.status_code == 200
    listed = {
        slug
        for slug in ORGS
        if f"/admin/orgs/organisation/{orgs[slug].pk}/change/" in changelist.content.decode()
    }
    assert listed == VIEW[username]
    for slug in ORGS:
        url = f"/admin/orgs/organisation/{orgs[slug].pk}/change/"
        page = client.get(url)
        if slug in VIEW[username]:
            assert page.status_code == 200, (username, slug)
        else:
            assert page.status_code == 302, (username, slug)  # "does not exist" back to the index
        data = profile_data(
            orgs[slug], name_en=f"Admin rename by {username}", slug=slug, country="JP"
        )
        if orgs[slug].hub_id:
            data["hub"] = orgs[slug].hub_id
        response = client.post(url, data)
        renamed = Organisation.objects.get(slug=slug).name_en == f"Admin rename by {username}"
        assert renamed is (slug in MANAGE.get(username, set())), (
            username,
            slug,
            response.status_code,
        )


@pytest.mark.parametrize("username", USERS)
def test_admin_memberships_for_every_role(orgs, user, username: str) -> None:
    from localsdg.orgs.models import Membership

    client = signed_in(user, username)
    page = client.get("/admin/orgs/membership/")
    managed = MANAGE.get(username, set())
    if not managed:
        assert page.status_code == 403
    else:
        html = page.content.decode()
        visible = {
            m.organisation.slug
            for m in Membership.objects.select_related("organisation")
            if f"/admin/orgs/membership/{m.pk}/change/" in html
        }
        assert visible == {
            slug for slug in managed if Membership.objects.filter(organisation__slug=slug).exists()
        }
    for slug in ORGS:
        before = Membership.objects.count()
        client.post(
            "/admin/orgs/membership/add/",
            {"user": user("tokyo-viewer").pk, "organisation": orgs[slug].pk, "role": "admin"},
        )
        added = Membership.objects.count() > before
        assert added is (slug in managed and slug != "tokyo"), (username, slug)
        Membership.objects.filter(user=user("tokyo-viewer")).exclude(
            organisation__slug="tokyo"
        ).delete()


@pytest.mark.parametrize("username", USERS)
def test_admin_accounts_are_superuser_only(demo, user, username: str) -> None:
    client = signed_in(user, username)
    expected = 200 if username == "superuser" else 403
    assert client.get("/admin/auth/user/").status_code == expected


def test_anonymous_users_are_sent_to_sign_in(demo) -> None:
    client = Client()
    assert client.get("/en/manage/").url.startswith("/en/accounts/login/")
    assert client.get("/en/manage/tokyo/").url.startswith("/en/accounts/login/")
    assert client.get("/admin/").url.startswith("/admin/login/")
    assert client.get("/admin/orgs/organisation/").status_code == 302


def test_user_without_membership_cannot_use_the_admin(db) -> None:
    from django.contrib.auth import get_user_model

    nobody = get_user_model().objects.create_user("nobody", password="x")
    client = Client()
    client.force_login(nobody)
    assert client.get("/admin/").status_code == 302
    assert client.get("/en/manage/").status_code == 200
    assert client.get("/en/manage/tokyo/").status_code == 404


def test_hub_admin_sees_unpublished_member_in_dashboard(demo, user) -> None:
    html = signed_in(user, "tokyo-admin").get("/en/manage/").content.decode()
    assert "Mitaka City" in html and "Hub administrator (read only)" in html
    assert "Mitaka City" not in signed_in(user, "tokyo-editor").get("/en/manage/").content.decode()


def test_changes_are_recorded_with_who_and_what(orgs, user) -> None:
    client = signed_in(user, "shinjuku-admin")
    client.post("/en/manage/shinjuku/", profile_data(orgs["shinjuku"], population="351000"))
    record = orgs["shinjuku"].history.latest()
    assert record.history_user.username == "shinjuku-admin"
    assert record.population == 351000
    html = client.get("/en/manage/shinjuku/history/").content.decode()
    assert "shinjuku-admin" in html and "350000" in html and "351000" in html


def test_login_is_throttled(demo, settings) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/en/accounts/login/", {"username": "tokyo-admin", "password": "wrong"})
    locked = client.post(
        "/en/accounts/login/", {"username": "tokyo-admin", "password": DEMO_PASSWORD}
    )
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_login_works_with_the_right_password(demo) -> None:
    client = Client()
    response = client.post(
        "/en/accounts/login/", {"username": "tokyo-admin", "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302 and response.url == "/en/manage/"


def test_passwords_are_hashed_with_argon2(user) -> None:
    assert user("tokyo-admin").password.startswith("argon2$")


def test_members_sign_in_to_the_admin_and_others_do_not(demo) -> None:
    from django.contrib.auth import get_user_model

    client = Client()
    response = client.post(
        "/admin/login/?next=/admin/",
        {"username": "tokyo-viewer", "password": DEMO_PASSWORD, "next": "/admin/"},
    )
    assert response.status_code == 302 and response.url == "/admin/"
    get_user_model().objects.create_user("outsider", password=DEMO_PASSWORD)
    refused = Client().post("/admin/login/", {"username": "outsider", "password": DEMO_PASSWORD})
    assert refused.status_code == 200
    assert "not a member of any organisation" in refused.content.decode()
