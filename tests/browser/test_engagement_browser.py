"""An editor records an event on the one editing screen; it shows publicly in both languages,
another organisation's editor cannot touch it, and axe-core finds nothing on the way."""

import io
import re

import pytest
from PIL import Image

from tests.browser.conftest import axe_violations
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME_EN = "Zz Browser Urban Forum"
NAME_JA = "Zz ブラウザー都市フォーラム"


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def sign_in(page, site: str, username: str) -> None:
    page.goto(f"{site}/en/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/en/manage/")


def photo(path) -> str:
    image = Image.new("RGB", (120, 80), (30, 140, 90))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG")
    path.write_bytes(buffer.getvalue())
    return str(path)


def field(page, name: str):
    return page.locator(f'[name="{name}"]')


def test_editor_adds_an_event_that_appears_publicly(site: str, page, browser, tmp_path) -> None:
    sign_in(page, site, "tokyo-editor")
    page.goto(f"{site}/en/manage/tokyo/engagement/")
    assert axe_violations(page) == []
    page.get_by_role("link", name="New event").click()
    page.wait_for_url(f"{site}/en/manage/tokyo/engagement/new/")
    assert axe_violations(page) == []

    field(page, "event-name_en").fill(NAME_EN)
    field(page, "event-name_ja").fill(NAME_JA)
    field(page, "event-city_en").fill("Nairobi")
    field(page, "event-country").fill("KE")
    field(page, "event-mode").select_option("in_person")
    field(page, "event-precision").select_option("day")
    field(page, "event-start").fill("2025-05-12")
    field(page, "event-goals").select_option(["11", "17"])
    field(page, "sessions-0-kind").select_option("panel")
    field(page, "sessions-0-title_en").fill("Zz Panel on local reviews")
    field(page, "sessions-0-title_ja").fill("Zz 自発的自治体レビューのパネル")
    field(page, "sessions-0-starts_at").fill("2025-05-12T10:00")
    field(page, "sessions-0-time_zone").fill("Africa/Nairobi")
    field(page, "sessions-1-kind").select_option("side_event")
    field(page, "sessions-1-title_en").fill("Zz Side event with the card game")
    field(page, "sessions-1-hosted_by_us").check()
    field(page, "people-0-session_number").select_option("1")
    field(page, "people-0-person_en").fill("Zz Director for Planning")
    field(page, "people-0-role").select_option("panelist")
    field(page, "media-0-kind").select_option("photo")
    field(page, "media-0-session_number").select_option("2")
    field(page, "media-0-caption_en").fill("Zz Players of the card game")
    field(page, "media-0-caption_ja").fill("Zz カードゲームの参加者")
    field(page, "media-0-file").set_input_files(photo(tmp_path / "game.jpg"))
    field(page, "partner-name_en").fill("Zz Lakeside Towns Network")
    field(page, "partner-kind").select_option("network")
    page.get_by_role("checkbox", name="Session 1", exact=True).check()
    field(page, "event-is_published").check()
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_url(re.compile(rf"{site}/en/manage/tokyo/engagement/\d+/$"))
    pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
    main = page.locator("main").inner_text()
    assert "The event was created." in main
    assert axe_violations(page) == []

    for lang, name in (("en", NAME_EN), ("ja", NAME_JA)):
        page.goto(f"{site}/{lang}/engagement/")
        assert name in page.locator("main").inner_text(), lang
        page.goto(f"{site}/{lang}/engagement/events/{pk}/")
        text = page.locator("main").inner_text()
        assert name in text and "Zz Lakeside Towns Network" in text, lang
        assert page.locator("main img").count() >= 1, lang
        assert axe_violations(page) == [], lang
    page.goto(f"{site}/ja/manage/tokyo/engagement/{pk}/")
    assert axe_violations(page) == []
    assert page.csp_errors == []

    other = browser.new_context(locale="en-GB").new_page()
    sign_in(other, site, "shinjuku-editor")
    for path in [f"/en/manage/tokyo/engagement/{pk}/", "/en/manage/tokyo/engagement/new/",
                 f"/en/manage/shinjuku/engagement/{pk}/"]:  # fmt: skip
        assert other.goto(f"{site}{path}").status == 404, path
    response = other.request.post(
        f"{site}/en/manage/tokyo/engagement/{pk}/",
        form={"event-name_en": "Zz taken over", "event-precision": "unknown"},
    )
    assert response.status in (403, 404)
    other.context.close()
    page.goto(f"{site}/en/engagement/events/{pk}/")
    assert NAME_EN in page.locator("main").inner_text()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_axe_on_the_engagement_editor_pages(site: str, page, lang: str) -> None:
    sign_in(page, site, "tokyo-admin")
    page.goto(f"{site}/{lang}/manage/tokyo/engagement/")
    edit = page.locator('main table a[href*="/engagement/"]').first.get_attribute("href")
    problems = {}
    paths = [
        "/manage/tokyo/engagement/",
        "/manage/tokyo/engagement/new/",
        "/manage/tokyo/partners/",
    ]
    for path in [f"/{lang}{p}" for p in paths] + [edit, f"{edit}history/"]:
        page.goto(f"{site}{path}")
        if violations := axe_violations(page):
            problems[path] = violations
    # The duplicate-partner warning, as shown in the directory for a name already in it.
    page.goto(f"{site}/{lang}/manage/tokyo/partners/")
    page.locator('[name="name_en"]').fill(page.locator("main table th a").first.inner_text())
    page.locator('[name="kind"]').select_option("other")
    with page.expect_navigation(wait_until="load"):
        page.locator("main form button[type=submit]").click()
    assert page.locator("#duplicate-warning").count() == 1
    if violations := axe_violations(page):
        problems["duplicate warning"] = violations
    assert problems == {}
    assert page.csp_errors == []


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_axe_on_every_public_engagement_page(site: str, page, lang: str) -> None:
    """History (plain and filtered), dashboard, the event pages with a YouTube embed, a UN Web TV
    card and a photo gallery, and a partner page: no violations, no CSP errors."""
    from localsdg.engagement.models import Event, Media, MediaKind

    published = Event.objects.published()
    youtube = published.get(media__provider="youtube")
    web_tv = published.filter(media__provider="un_web_tv").first()
    photos = published.filter(media__kind=MediaKind.PHOTO).first()
    partner = youtube.organisation.partners.filter(organised_events__isnull=False).first()
    paths = [
        "/engagement/",
        "/engagement/?series=HLPF",
        "/engagement/dashboard/",
        f"/engagement/events/{youtube.pk}/",
        f"/engagement/events/{web_tv.pk}/",
        f"/engagement/events/{photos.pk}/",
        f"/engagement/partners/{partner.pk}/",
    ]
    problems = {}
    for path in paths:
        page.goto(f"{site}/{lang}{path}")
        if violations := axe_violations(page):
            problems[path] = violations
    assert problems == {}
    assert page.csp_errors == []
    assert Media.objects.filter(event=youtube, provider="youtube").exists()
