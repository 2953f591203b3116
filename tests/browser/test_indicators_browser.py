"""An editor's import, seen through the browser, and another organisation kept out."""

import pytest

from tests.browser.conftest import axe_violations
from tests.conftest import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

UPLOAD = "indicator,unit,period,value,flags\n7-2-1,%,2022,22.5,P\n7-2-1,%,2023,24.75,E\n"


def sign_in(page, site: str, username: str) -> None:
    page.goto(f"{site}/en/accounts/login/")
    page.get_by_label("User name").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{site}/en/manage/")


def test_editor_uploads_previews_confirms_and_sees_the_chart(site: str, page, tmp_path) -> None:
    csv = tmp_path / "renewables.csv"
    csv.write_text(UPLOAD)
    sign_in(page, site, "tokyo-editor")
    page.goto(f"{site}/en/manage/tokyo/import/")
    assert axe_violations(page) == []
    page.get_by_label("Format").select_option("csv")
    page.get_by_label("File").set_input_files(str(csv))
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Check the file").click()
    assert "2 observations would be added" in page.locator("main").inner_text()
    assert axe_violations(page) == []
    page.get_by_role("button", name="Store as a data release").click()
    page.wait_for_url(f"{site}/en/manage/tokyo/releases/*/")
    assert "24.75" in page.locator("main").inner_text()
    assert axe_violations(page) == []

    page.goto(f"{site}/en/organisations/tokyo/indicators/7-2-1/")
    chart = page.locator("figure.chart svg")
    assert chart.get_attribute("role") == "img"
    assert "2023: 24.75" in chart.inner_html()
    assert "24.75" in page.locator("table.data-table").inner_text()
    assert axe_violations(page) == []
    assert page.csp_errors == []


def test_other_organisation_cannot_see_or_change_it(site: str, page) -> None:
    sign_in(page, site, "shinjuku-editor")
    for path in [
        "/en/manage/tokyo/indicators/",
        "/en/manage/tokyo/indicators/7-2-1/data/",
        "/en/manage/tokyo/import/",
    ]:
        response = page.goto(f"{site}{path}")
        assert response.status == 404, path
    response = page.request.post(
        f"{site}/en/manage/tokyo/indicators/7-2-1/data/",
        form={"rows": "1", "period-0": "2030", "value-0": "99"},
    )
    assert response.status in (403, 404)
    page.goto(f"{site}/en/organisations/tokyo/indicators/7-2-1/")
    assert "99" not in page.locator("table.data-table").inner_text()


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_axe_on_indicator_and_editor_pages(site: str, page, lang: str) -> None:
    problems = {}
    for path in ["/organisations/tokyo/indicators/8-5-2/", "/organisations/tokyo/"]:
        page.goto(f"{site}/{lang}{path}")
        if violations := axe_violations(page):
            problems[path] = violations
    sign_in(page, site, "tokyo-admin")
    for path in [
        "/manage/tokyo/indicators/",
        "/manage/tokyo/indicators/8-5-2/",
        "/manage/tokyo/indicators/8-5-2/data/",
        "/manage/tokyo/indicators/new/",
    ]:
        page.goto(f"{site}/{lang}{path}")
        if violations := axe_violations(page):
            problems[path] = violations
    assert problems == {}
