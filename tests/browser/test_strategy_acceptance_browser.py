"""From a staff table to the public Board, in a real browser: an editor uploads an untidy
initiatives table, reads the preview, stores it, maps the new initiative to a target that the
screen suggests, and a reader then finds the initiative on the SDGs Board and under the target.
axe-core checks every page on the way, and no page breaks the Content Security Policy."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.browser.conftest import axe_violations
from tests.browser.test_indicators_browser import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NAME = "ZZ家庭の雨水タンク設置への助成"
# A title and a note above the header, Japanese headers, goals written as 目標6・目標11, a
# footnote row: the way such tables are kept.
TABLE = (
    "令和7年度 SDGs関連施策一覧（試行）\n"
    "単位：千円\n"
    "施策番号,施策名,概要,所管局,ゴール,令和7年度予算額（千円）\n"
    f"ZZ-1,{NAME},家庭に雨水タンクを設置する費用を助成し、雨水を庭の水やりに使って"
    "水道水の使用を減らします。,環境局,目標6・目標11,12000\n"
    "※ 予算額は当初予算\n"
)


def test_table_to_board_and_target_page(site: str, page, tmp_path: Path) -> None:
    from localsdg.strategy.models import Initiative

    table = tmp_path / "施策一覧.csv"
    table.write_text(TABLE, encoding="utf-8-sig")
    problems: dict[str, list[dict]] = {}

    def check(name: str) -> None:
        if violations := axe_violations(page):
            problems[name] = violations

    sign_in(page, site, "tokyo-editor")
    page.goto(f"{site}/en/manage/tokyo/plans/import/")
    check("upload")
    page.get_by_label("Plan").select_option(label="Future Tokyo: Tokyo's Long-Term Strategy")
    page.get_by_label("Initiatives table").set_input_files(str(table))
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Check the table").click()
    preview = page.locator("main").inner_text()
    assert "1 new, 0 changed, 0 unchanged" in preview, preview
    assert NAME in preview
    check("preview")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name="Store in Future Tokyo").click()
    assert "1 initiative stored" in page.locator("main").inner_text()

    stored = Initiative.objects.get(name_ja=NAME)
    assert sorted(stored.goals.values_list("goal_id", flat=True)) == [6, 11]
    assert not stored.targets.exists()
    page.goto(f"{site}/en/manage/tokyo/plans/initiatives/{stored.pk}/")
    check("initiative screen")
    suggestions = page.locator("#suggestions li")
    assert suggestions.count() >= 1
    first = suggestions.first
    code = first.locator(".code").inner_text()
    with page.expect_navigation(wait_until="load"):
        first.get_by_role("button", name="Add as primary").click()
    assert f"Target {code}" in page.locator("main").inner_text()
    assert list(stored.targets.values_list("target_id", "role")) == [(code, "primary")]

    page.context.clear_cookies()  # a reader who is not signed in
    page.goto(f"{site}/ja/board/?q=雨水タンク")
    check("board")
    results = page.locator(".board-results")
    assert NAME in results.inner_text()
    assert "東京都" in results.inner_text()
    page.goto(f"{site}/ja/board/?target={code}")
    assert NAME in page.locator(".board-results").inner_text()

    page.goto(f"{site}/en/targets/{code}/")
    check("target page")
    with page.expect_navigation(wait_until="load"):
        page.locator(f'main a[href="/en/plans/targets/{code}/"]').first.click()
    assert NAME in page.locator("main").inner_text()
    check("who serves the target")
    assert problems == {}
    assert page.csp_errors == []
