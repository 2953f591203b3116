"""What a person meets: navigation, language switch, keyboard use and accessibility."""

import pytest

from tests.browser.conftest import axe_violations
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/goals/11/",
    "/targets/11.6/",
    "/organisations/",
    "/organisations/shinjuku/",
    "/about/",
    "/organisations/tokyo/indicators/11-6-2/",
    "/organisations/tokyo/progress/",
    "/organisations/tokyo/compare/",
    "/organisations/tokyo/reporting/",
    "/organisations/tokyo/downloads/",
    "/search/?q=11.6",
    "/search/?q=%E4%BD%8F%E3%81%BF%E7%B6%9A%E3%81%91",
    "/search/",
    "/api/",
    "/goals/99/",
    "/accounts/login/",
]


def test_home_goal_target_navigation(site: str, page) -> None:
    page.goto(f"{site}/en/")
    assert page.locator(".goal-tile").count() == 17
    page.get_by_role("link", name="Goal 11: Sustainable cities and communities").click()
    page.wait_for_url(f"{site}/en/goals/11/")
    assert page.get_by_role("heading", level=1).inner_text() == "Sustainable cities and communities"
    page.get_by_role("link", name="Target 11.6", exact=True).click()
    page.wait_for_url(f"{site}/en/targets/11.6/")
    assert "11.6.2" in page.locator("table").inner_text()
    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Goal 11").click()
    page.wait_for_url(f"{site}/en/goals/11/")
    assert page.csp_errors == []


def test_language_switch_keeps_the_page(site: str, page) -> None:
    page.goto(f"{site}/en/goals/11/")
    page.get_by_role("navigation", name="Language").get_by_role("link", name="日本語").click()
    page.wait_for_url(f"{site}/ja/goals/11/")
    assert page.locator("html").get_attribute("lang") == "ja"
    assert page.get_by_role("heading", level=1).inner_text() == "住み続けられるまちづくりを"
    page.get_by_role("navigation", name="言語").get_by_role("link", name="English").click()
    page.wait_for_url(f"{site}/en/goals/11/")


def test_keyboard_only_navigation(site: str, page) -> None:
    page.goto(f"{site}/en/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    seen = []
    for _ in range(10):
        page.keyboard.press("Tab")
        seen.append(page.evaluate("document.activeElement.outerHTML.slice(0, 80)"))
        if page.evaluate("document.activeElement.getAttribute('href')") == "/en/goals/1/":
            break
    else:
        pytest.fail(f"Goal 1 tile not reachable by Tab from the main content: {seen}")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"
    page.keyboard.press("Enter")
    page.wait_for_url(f"{site}/en/goals/1/")


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_axe_finds_no_violations_on_any_page(site: str, page, lang: str) -> None:
    problems = {}
    for path in PAGES:
        page.goto(f"{site}/{lang}{path}")
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}
    assert page.csp_errors == []


def test_axe_on_the_editors_pages(site: str, page) -> None:
    page.goto(f"{site}/en/accounts/login/")
    page.get_by_label("User name").fill("tokyo-admin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/en/manage/")
    problems = {}
    for path in [
        "/en/manage/",
        "/en/manage/tokyo/",
        "/en/manage/tokyo/history/",
        "/ja/manage/mitaka/",
    ]:
        page.goto(f"{site}{path}")
        violations = axe_violations(page)
        if violations:
            problems[path] = violations
    assert problems == {}


@pytest.mark.parametrize("mode", ["forced-colors", "more-contrast"])
def test_high_contrast_keeps_tiles_and_statuses_apart(site: str, page, mode: str) -> None:
    """With forced colours or a request for more contrast, tiles and badges keep visible borders."""
    if mode == "forced-colors":
        page.emulate_media(forced_colors="active")
    else:
        page.emulate_media(contrast="more")
    page.goto(f"{site}/en/organisations/tokyo/")
    tile = page.locator(".goal-tile.goal-11 a")
    assert tile.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    assert float(tile.evaluate("el => parseFloat(getComputedStyle(el).borderTopWidth)")) >= 2
    badge = page.locator(".goal-tile.goal-11 .status").first
    assert badge.evaluate("el => getComputedStyle(el).borderTopStyle") == "solid"
    assert axe_violations(page) == []


def test_styles_are_served_and_applied(site: str, page) -> None:
    page.goto(f"{site}/en/")
    tile = page.locator(".goal-tile.goal-1 a")
    assert tile.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(229, 36, 59)"
    header = page.locator(".site-header")
    assert header.evaluate("el => getComputedStyle(el).backgroundColor") == "rgb(25, 72, 106)"


def test_admin_works_under_the_content_security_policy(site: str, page) -> None:
    page.goto(f"{site}/admin/login/")
    page.get_by_label("Username").fill("tokyo-admin")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(f"{site}/admin/")
    page.get_by_role("link", name="Organisations", exact=True).first.click()
    page.wait_for_url(f"{site}/admin/orgs/organisation/")
    assert page.locator("#result_list tbody tr").count() == 5
    page.locator("#result_list").get_by_role("link", name="Tokyo Metropolitan Government").click()
    page.get_by_label("Population:").fill("14100000")
    page.get_by_role("button", name="Save", exact=True).click()
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert page.csp_errors == []
