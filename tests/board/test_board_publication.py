"""What the public may not see never reaches the Board, its downloads, the API, the search page,
/api/v1/search or the static search index; and a change reaches them once it commits."""

from __future__ import annotations

import pytest
from django.test import Client

from localsdg.board.select import select
from localsdg.orgs.models import Organisation
from localsdg.search.queries import search_page
from localsdg.strategy.models import Initiative, Plan

pytestmark = pytest.mark.django_db


def everywhere(client: Client, q: str, lang: str = "ja") -> dict[str, str]:
    """Every public surface's answer for ``q``, as text."""
    return {
        "board": client.get(f"/{lang}/board/", {"q": q}).content.decode(),
        "board-all": client.get(f"/{lang}/board/").content.decode(),
        "csv": client.get(f"/{lang}/board/initiatives.csv").content.decode("utf-8-sig"),
        "api": client.get(
            "/api/v1/initiatives", {"q": q, "lang": lang, "page_size": 200}
        ).content.decode(),
        "search": client.get(f"/{lang}/search/", {"q": q}).content.decode(),
        "api-search": client.get("/api/v1/search", {"q": q, "lang": lang}).content.decode(),
        "index": client.get(f"/{lang}/search/index.json").content.decode(),
    }


def board_ids(lang: str = "ja", **query: list[str]) -> set[int]:
    selection = select(query, lang)
    return {selection.index.records[row].pk for row in selection.rows()}


@pytest.fixture
def hidden(demo, django_capture_on_commit_callbacks) -> Initiative:
    """A Tokyo initiative held back on its own (its plan stays published), committed."""
    item = Initiative.objects.get(plan__slug="future-tokyo", code="S8-5")
    with django_capture_on_commit_callbacks(execute=True):
        item.is_published = False
        item.save()
    return item


def test_drafts_hidden_initiatives_and_unpublished_organisations_are_nowhere(
    client: Client, hidden
) -> None:
    absent = {
        "防災情報アプリの一元化（案）": "draft plan",
        "Disaster-prevention information in one app": "draft plan",
        "防災マップの全戸配布": "Mitaka, unpublished organisation",
        "Disaster-prevention map for every household": "Mitaka",
        hidden.name_ja: "hidden initiative",
        hidden.name_en: "hidden initiative",
    }
    for lang in ("ja", "en"):
        for surface, text in everywhere(client, "防災", lang).items():
            for name, why in absent.items():
                assert name not in text, (surface, lang, why)
            assert f"/plans/initiatives/{hidden.pk}/" not in text, (surface, lang)
    shown = board_ids()
    for item in Initiative.objects.exclude(pk__in=Initiative.objects.published()):
        assert item.pk not in shown
        assert client.get(f"/api/v1/initiatives/{item.pk}").status_code == 404
    assert client.get("/ja/board/", {"org": "mitaka"}).status_code == 200
    assert (
        "There is no published organisation “mitaka”."
        in client.get("/en/board/", {"org": "mitaka"}).content.decode()
    )


def test_editors_see_the_same_public_board(client: Client, demo, user) -> None:
    """The Board shows published data only, whoever asks: an editor of an unpublished
    organisation does not see its initiatives there either."""
    client.force_login(user("mitaka-editor"))
    text = client.get("/ja/board/", {"q": "防災"}).content.decode()
    assert "防災マップの全戸配布" not in text
    client.force_login(user("tokyo-admin"))
    assert "防災情報アプリの一元化" not in client.get("/ja/board/", {"q": "防災"}).content.decode()


def test_publishing_and_unpublishing_a_plan_reaches_board_and_search(
    client: Client, demo, django_capture_on_commit_callbacks
) -> None:
    draft = Plan.objects.get(slug="next-plan-draft")
    app = Initiative.objects.get(plan=draft, code="D1-1")
    assert app.pk not in board_ids(q=["防災"])
    with django_capture_on_commit_callbacks(execute=True):
        draft.is_published = True
        draft.save()
    assert app.pk in board_ids(q=["防災"])
    assert (
        "防災情報アプリの一元化（案）" in client.get("/ja/board/", {"q": "防災"}).content.decode()
    )
    hits = [h for _t, g in search_page("防災情報アプリ", "ja").groups for h in g]
    assert [h.kind for h in hits] == ["initiative"]
    tokyo = Plan.objects.get(slug="future-tokyo")
    with django_capture_on_commit_callbacks(execute=True):
        tokyo.is_published = False
        tokyo.save()
    left = board_ids()
    assert not Initiative.objects.filter(plan=tokyo, pk__in=left).exists()
    assert search_page("調節池", "ja").total == 0
    assert "調節池" not in client.get("/ja/search/index.json").content.decode()


def test_an_edited_name_reaches_board_and_search_after_commit(
    client: Client, demo, django_capture_on_commit_callbacks
) -> None:
    item = Initiative.objects.get(plan__organisation__slug="shinjuku", code="2-1")
    assert board_ids(q=["ゼブラ公園"]) == set()
    with django_capture_on_commit_callbacks(execute=True):
        item.name_ja = "ゼブラ公園の再整備"
        item.save()
    assert board_ids(q=["ゼブラ公園"]) == {item.pk}
    assert "ゼブラ公園の再整備" in client.get("/ja/board/", {"q": "ゼブラ"}).content.decode()
    data = client.get("/api/v1/initiatives", {"q": "ゼブラ", "lang": "ja"}).json()
    assert [i["id"] for i in data["items"]] == [item.pk]
    assert [h.code for _t, g in search_page("ゼブラ公園", "ja").groups for h in g] == ["2-1"]


def test_hiding_the_hub_empties_the_board(demo, django_capture_on_commit_callbacks) -> None:
    tokyo = Organisation.objects.get(slug="tokyo")
    with django_capture_on_commit_callbacks(execute=True):
        tokyo.is_published = False
        tokyo.save()
    assert board_ids() == set()  # its members are hidden with it
    hits = [h for _t, g in search_page("防災", "ja").groups for h in g]
    assert hits and not [h for h in hits if h.kind == "initiative"]


def test_a_rolled_back_change_never_reaches_the_board(demo, django_capture_on_commit_callbacks):
    item = Initiative.objects.get(plan__organisation__slug="shinjuku", code="2-2")
    before = board_ids(q=["家庭ごみ"])
    with django_capture_on_commit_callbacks(execute=False):
        item.name_ja = "キリン"
        item.save()
    assert board_ids(q=["家庭ごみ"]) == before and board_ids(q=["キリン"]) == set()
