"""The public page cache: pages are served from it until published data changes."""

import pytest
from django.test import Client

from localsdg.engagement.models import Event, Partner
from localsdg.indicators.models import Indicator
from localsdg.orgs.models import Organisation
from localsdg.web.cache import generation

pytestmark = pytest.mark.django_db


def hub() -> Organisation:
    return Organisation.objects.get(slug="tokyo")


def rename_quietly(org: Organisation, name: str) -> None:
    """Change the name without signals, as a direct database edit would."""
    Organisation.objects.filter(pk=org.pk).update(name_en=name)


def test_anonymous_pages_come_from_the_cache_until_a_change_is_saved(
    demo, client, django_capture_on_commit_callbacks
):
    org = hub()
    url = f"/en/organisations/{org.slug}/"
    first = client.get(url).content.decode()
    assert org.name_en in first
    rename_quietly(org, "Quietly renamed")
    assert "Quietly renamed" not in client.get(url).content.decode()
    org.refresh_from_db()
    org.name_en = "Renamed and saved"
    with django_capture_on_commit_callbacks(execute=True):
        org.save()
    assert "Renamed and saved" in client.get(url).content.decode()


def test_each_language_has_its_own_copy(demo, client):
    english = client.get("/en/goals/11/").content.decode()
    japanese = client.get("/ja/goals/11/").content.decode()
    assert 'lang="en"' in english and 'lang="ja"' in japanese
    assert client.get("/ja/goals/11/").content.decode() == japanese


def test_signed_in_users_always_see_fresh_pages(demo, user):
    org = hub()
    url = f"/en/organisations/{org.slug}/"
    Client().get(url)
    rename_quietly(org, "Fresh for editors")
    member = Client()
    member.force_login(user("tokyo-editor"))
    assert "Fresh for editors" in member.get(url).content.decode()


def test_query_strings_and_errors_are_not_cached(demo, client):
    org = hub()
    url = f"/en/organisations/{org.slug}/"
    client.get(url + "?x=1")
    rename_quietly(org, "Not cached with a query")
    assert "Not cached with a query" in client.get(url + "?x=1").content.decode()
    assert client.get("/en/goals/99/").status_code == 404


def test_publishing_an_indicator_invalidates_its_pages(
    demo, client, django_capture_on_commit_callbacks
):
    indicator = Indicator.objects.published().select_related("organisation").first()
    url = f"/en/organisations/{indicator.organisation.slug}/indicators/{indicator.code}/"
    assert client.get(url).status_code == 200
    indicator.is_published = False
    with django_capture_on_commit_callbacks(execute=True):
        indicator.save()
    assert client.get(url).status_code == 404


def test_a_link_added_or_removed_alone_clears_the_cache(demo, django_capture_on_commit_callbacks):
    """A many-to-many link saves no row of either model; the page must change all the same."""
    event = Event.objects.published().first()
    partner = (
        Partner.objects.filter(organisation=event.organisation)
        .exclude(organised_events=event)
        .first()
    )
    assert partner is not None
    before = generation()
    with django_capture_on_commit_callbacks(execute=True):
        event.organisers.add(partner)
    added = generation()
    assert added != before
    with django_capture_on_commit_callbacks(execute=True):
        event.organisers.remove(partner)
    assert generation() != added
