"""Every user of the demo against every editors' plan view, by GET and by POST, compared with
the hand-written table of tests/roles.py: 200 (or 302 after a change) where the user may,
403 where they may read but not change, 404 where they may not even see the organisation, and
whether anything changed. Another organisation's plan or initiative is 404 under an
organisation's address whatever its number, and an anonymous visitor is sent to sign in."""

from __future__ import annotations

import pytest
from django.test import Client

from localsdg.orgs.models import Organisation
from localsdg.strategy.models import GoalMapping, Initiative, Plan, TargetMapping
from tests.roles import EDIT, ORGS, USERS, VIEW

pytestmark = pytest.mark.django_db


def signed_in(user, username: str) -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def expected(username: str, slug: str, table: dict[str, set[str]]) -> int:
    if slug in table.get(username, set()):
        return 200
    return 403 if slug in VIEW[username] else 404


def management(*prefixes: str) -> dict[str, str]:
    data = {}
    for prefix in prefixes:
        data |= {f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0",
                 f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    return data


def plan_post(slug: str, name: str) -> dict[str, str]:
    return {"plan-slug": slug, "plan-name_en": name, "plan-start_year": "2091",
            "plan-end_year": "2092", **management("versions", "strategies")}  # fmt: skip


def initiative_post(name: str) -> dict[str, str]:
    return {"initiative-name_en": name, "initiative-order": "0", "initiative-is_published": "on",
            **management("goals", "targets", "kpis", "budgets")}  # fmt: skip


def make(org: Organisation) -> tuple[Plan, Initiative]:
    plan = Plan.objects.create(
        organisation=org, slug=f"zz-roles-{org.slug}", name_en=f"Zz plan of {org.slug}",
        start_year=2091, end_year=2092,
    )  # fmt: skip
    initiative = Initiative.objects.create(plan=plan, code="Zz-1", name_ja="無電柱化の推進")
    return plan, initiative


@pytest.mark.parametrize("username", USERS)
def test_every_role_on_every_plan_view(orgs, user, username: str) -> None:
    client = signed_in(user, username)
    for slug in ORGS:
        may_view = slug in VIEW[username]
        may_edit = slug in EDIT.get(username, set())
        reading = 200 if may_view else 404
        writing = expected(username, slug, EDIT)
        changed = 302 if may_edit else writing
        plan, initiative = make(orgs[slug])
        base = f"/en/manage/{slug}/plans"
        where = (username, slug)

        for path, status in [
            ("/", reading),
            ("/new/", writing),
            (f"/{plan.pk}/", reading),
            (f"/{plan.pk}/initiatives/", reading),
            (f"/{plan.pk}/initiatives/new/", writing),
            (f"/initiatives/{initiative.pk}/", reading),
            (f"/{plan.pk}/remap/", 405),  # actions are POST only
            (f"/initiatives/{initiative.pk}/suggestions/", 405),
        ]:
            assert client.get(base + path).status_code == status, (*where, path)

        response = client.post(f"{base}/new/", plan_post(f"zz-new-{username}", "Zz new"))
        assert response.status_code == changed, where
        created = Plan.objects.filter(organisation=orgs[slug], slug=f"zz-new-{username}")
        assert created.exists() is may_edit, where

        response = client.post(f"{base}/{plan.pk}/", plan_post("ignored", f"Zz by {username}"))
        assert response.status_code == changed, where
        plan.refresh_from_db()
        assert (plan.name_en == f"Zz by {username}") is may_edit, where

        response = client.post(f"{base}/{plan.pk}/initiatives/new/", initiative_post("Zz added"))
        assert response.status_code == changed, where
        assert plan.initiatives.filter(name_en="Zz added").exists() is may_edit, where

        url = f"{base}/initiatives/{initiative.pk}/"
        response = client.post(url, initiative_post(f"Zz by {username}"))
        assert response.status_code == changed, where
        initiative.refresh_from_db()
        assert (initiative.name_en == f"Zz by {username}") is may_edit, where

        response = client.post(
            f"{base}/{plan.pk}/remap/",
            {"initiatives": [str(initiative.pk)], "action": "add_goal", "goal": "3",
             "role": "primary"},
        )  # fmt: skip
        assert response.status_code == changed, where
        assert initiative.goals.filter(goal=3).exists() is may_edit, where

        response = client.post(f"{url}suggestions/", {"target": "9.1", "role": "primary"})
        assert response.status_code == changed, where
        assert initiative.targets.filter(target="9.1").exists() is may_edit, where


@pytest.mark.parametrize("username", USERS)
def test_another_organisations_objects_are_not_found(orgs, user, username: str) -> None:
    """Under each organisation's address, the plan and initiative of the next organisation
    answer 404 (or 403 first, where the user may read but never change), and stay as they
    were."""
    client = signed_in(user, username)
    made = {slug: make(orgs[slug]) for slug in ORGS}
    for index, slug in enumerate(ORGS):
        other = ORGS[(index + 1) % len(ORGS)]
        plan, initiative = made[other]
        base = f"/en/manage/{slug}/plans"
        may_edit = slug in EDIT.get(username, set())
        # Views that need the right to edit refuse a reader before looking for the object.
        editing = 404 if may_edit else expected(username, slug, EDIT)
        where = (username, slug, other)
        for path in (f"/{plan.pk}/", f"/{plan.pk}/initiatives/", f"/initiatives/{initiative.pk}/"):
            assert client.get(base + path).status_code == 404, (*where, path)
        assert client.get(f"{base}/{plan.pk}/initiatives/new/").status_code == editing, where

        posts = [
            (f"/{plan.pk}/", plan_post("ignored", "Zz stolen"), 404),
            (f"/initiatives/{initiative.pk}/", initiative_post("Zz stolen"), 404),
            (f"/{plan.pk}/initiatives/new/", initiative_post("Zz stolen"), editing),
            (f"/{plan.pk}/remap/", {"initiatives": [str(initiative.pk)], "action": "add_goal",
                                    "goal": "3", "role": "primary"}, editing),
            (f"/initiatives/{initiative.pk}/suggestions/", {"target": "9.1", "role": "primary"},
             editing),
        ]  # fmt: skip
        for path, data, status in posts:
            assert client.post(base + path, data).status_code == status, (*where, path)
        # Also an initiative of the other organisation chosen in this organisation's own plan.
        own_plan, own = made[slug]
        response = client.post(
            f"{base}/{own_plan.pk}/remap/",
            {"initiatives": [str(own.pk), str(initiative.pk)], "action": "add_goal", "goal": "3",
             "role": "primary"},
        )  # fmt: skip
        assert response.status_code == (200 if may_edit else editing), where
        assert not own.goals.exists()
    for plan, initiative in made.values():
        plan.refresh_from_db()
        initiative.refresh_from_db()
        assert plan.name_en.startswith("Zz plan of")
        assert initiative.name_en == "" and plan.initiatives.count() == 1
        assert not GoalMapping.objects.filter(initiative=initiative).exists()
        assert not TargetMapping.objects.filter(initiative=initiative).exists()


def test_anonymous_visitors_are_sent_to_sign_in_and_change_nothing(orgs) -> None:
    client = Client()
    plan, initiative = make(orgs["tokyo"])
    base = "/en/manage/tokyo/plans"
    for path in ("/", "/new/", f"/{plan.pk}/", f"/{plan.pk}/initiatives/",
                 f"/{plan.pk}/initiatives/new/", f"/initiatives/{initiative.pk}/"):  # fmt: skip
        response = client.get(base + path)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
    for path, data in [
        ("/new/", plan_post("zz-anon", "Zz anon")),
        (f"/{plan.pk}/", plan_post("ignored", "Zz anon")),
        (f"/initiatives/{initiative.pk}/", initiative_post("Zz anon")),
        (f"/{plan.pk}/remap/", {"initiatives": [str(initiative.pk)], "action": "add_goal",
                                "goal": "3", "role": "primary"}),
        (f"/initiatives/{initiative.pk}/suggestions/", {"target": "9.1", "role": "primary"}),
    ]:  # fmt: skip
        response = client.post(base + path, data)
        assert response.status_code == 302 and "/accounts/login/" in response["Location"], path
    plan.refresh_from_db()
    assert plan.name_en == "Zz plan of tokyo" and not Plan.objects.filter(slug="zz-anon").exists()
    assert not initiative.goals.exists() and not initiative.targets.exists()
