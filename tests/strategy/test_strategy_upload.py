"""The editors' upload of an initiatives table: real files through the web views, into plans of
their own ("zz-web", "zz-cli") so that what the demo holds does not matter.

What the web stores is compared with what the command line's preview/apply stores from the same
file in another plan; broken files must show every error with its place and store nothing;
refused uploads leave nothing on disk; every demo user is tried on every view.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
import xlsxwriter
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db.models import Model
from django.forms.models import model_to_dict
from django.test import Client

from localsdg.core.strategy.tables import read_initiatives
from localsdg.indicators import uploads as pending_uploads
from localsdg.orgs.models import Organisation
from localsdg.strategy import imports
from localsdg.strategy import uploads as strategy_uploads
from localsdg.strategy.models import Initiative, Plan, Strategy, TargetMapping
from tests.htmlcheck import html_problems
from tests.roles import EDIT, ORGS, USERS, VIEW

pytestmark = pytest.mark.django_db

MIB = 1024 * 1024
HOUR = 3600
HEADER = [
    "番号", "施策名", "施策名（英語）", "戦略", "概要", "所管局", "関連するSDGs", "ターゲット",
    "予算額（千円）", "年度", "KPI", "目標値", "目標年度",
]  # fmt: skip
ROWS = [
    ["1-1", "無電柱化の推進", "Removing utility poles", "戦略1 安全・安心なまち",
     "電線を地中に埋め、災害に強い道路をつくる", "建設局", "9、11", "11.b*", "1,200", "R6",
     "無電柱化延長", "100km", "2030"],
    ["1-2", "待機児童の解消", "", "戦略2 子育てしやすいまち", "保育所の定員を増やす", "福祉局",
     "4", "", "3,000", "R6", "", "", ""],
    ["2-1", "食品ロスの削減", "Reducing food loss", "戦略2 子育てしやすいまち",
     "家庭と事業所の食品ロスを減らす", "環境局", "12", "12.3", "", "", "", "", ""],
]  # fmt: skip


# --------------------------------------------------------------------------------------------
# Files, made here as staff make them


def csv_text(rows: list[list[str]] = ROWS, header: list[str] = HEADER) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows([header, *rows])
    return buffer.getvalue()


def workbook(fill: Callable[[xlsxwriter.Workbook], None]) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    fill(book)
    book.close()
    return buffer.getvalue()


def tidy_xlsx(rows: list[list[str]] = ROWS) -> bytes:
    def fill(book: xlsxwriter.Workbook) -> None:
        sheet = book.add_worksheet("initiatives")
        for number, row in enumerate([HEADER, *rows]):
            sheet.write_row(number, 0, row)

    return workbook(fill)


def marks(primary: int, *others: int) -> list[str]:
    return ["◎" if n == primary else "○" if n in others else "" for n in range(1, 18)]


def untidy_xlsx(bad_mark: bool = False) -> bytes:
    """A title above the table, a unit note, Japanese headers, 17 goal mark columns under a
    merged group header, a blank strategy cell meaning the one above, and footnote rows."""

    def fill(book: xlsxwriter.Workbook) -> None:
        sheet = book.add_worksheet("施策一覧")
        sheet.write_row(0, 0, ["八王子市基本計画 施策一覧（令和6年度）"])
        sheet.write_row(1, 0, ["（単位：千円）"])
        sheet.write_row(3, 0, ["番号", "施策名", "戦略", "概要"])
        sheet.merge_range(3, 4, 3, 20, "関連するSDGs")
        sheet.write_row(3, 21, ["予算額", "年度"])
        sheet.write_row(4, 4, [str(n) for n in range(1, 18)])
        first = marks(11, 9)
        if bad_mark:
            first[4] = "△"  # goal 5: not a mark
        sheet.write_row(5, 0, ["1-1", "無電柱化の推進", "戦略1 安全・安心なまち",
                               "電線を地中に埋める", *first, 1200, "R6"])  # fmt: skip
        sheet.write_row(6, 0, ["1-2", "待機児童の解消", "", "保育所の定員を増やす",
                               *marks(4), 3000, "R6"])  # fmt: skip
        sheet.write_row(8, 0, ["※1 予算額は当初予算です。"])
        sheet.write_row(9, 0, ["注：ゴールの◎は主たるゴールです。"])

    return workbook(fill)


def zeros_zip(path: Path, mib: int, name: str) -> bytes:
    """One entry of ``mib`` MiB of zeros: a bomb of a few hundred kilobytes."""
    block = bytes(MIB)
    with (
        zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zipped,
        zipped.open(name, "w", force_zip64=True) as entry,
    ):
        for _ in range(mib):
            entry.write(block)
    return path.read_bytes()


GOOD = {
    "csv utf-8": ("施策一覧.csv", lambda: csv_text().encode("utf-8"), 3),
    "csv with bom": ("施策一覧.csv", lambda: csv_text().encode("utf-8-sig"), 3),
    "csv cp932": ("施策一覧.csv", lambda: csv_text().encode("cp932"), 3),
    "xlsx": ("施策一覧.xlsx", tidy_xlsx, 3),
    "untidy xlsx": ("施策一覧.xlsx", untidy_xlsx, 2),
}


# --------------------------------------------------------------------------------------------
# Helpers


@pytest.fixture
def data_dir(settings, tmp_path) -> Path:
    settings.DATA_DIR = tmp_path
    return tmp_path


def make_plan(slug: str, org: str = "hachioji", published: bool = True) -> Plan:
    return Plan.objects.create(
        organisation=Organisation.objects.get(slug=org),
        slug=slug,
        name_en=f"Plan {slug}",
        name_ja=f"計画 {slug}",
        start_year=2024,
        end_year=2030,
        is_published=published,
    )


@pytest.fixture
def web_plan(demo) -> Plan:
    return make_plan("zz-web")


@pytest.fixture
def cli_plan(demo) -> Plan:
    return make_plan("zz-cli")


def signed_in(user, username: str = "hachioji-admin") -> Client:
    client = Client()
    client.force_login(user(username))
    return client


def import_url(slug: str = "hachioji", lang: str = "en") -> str:
    return f"/{lang}/manage/{slug}/plans/import/"


def post_file(client: Client, name: str, content: bytes, plan: Plan, slug: str = "hachioji"):
    file = SimpleUploadedFile(name, content)
    return client.post(import_url(slug), {"file": file, "plan": str(plan.pk)})


def seen_of(html: str) -> str:
    match = re.search(r'name="seen" value="([0-9a-f]*)"', html)
    assert match, html
    return match.group(1)


def upload_folders(data_dir: Path) -> list[Path]:
    root = data_dir / "uploads"
    return sorted(root.iterdir()) if root.is_dir() else []


def plan_state(plan: Plan) -> dict[str, list[dict[str, object]]]:
    """Everything an import writes into a plan, without ids and the plan itself."""

    def plain(obj: Model, *drop: str) -> dict[str, object]:
        return {k: v for k, v in model_to_dict(obj).items() if k not in {"id", *drop}}

    strategies = [plain(s, "plan") for s in plan.strategies.order_by("number")]
    initiatives = []
    for initiative in plan.initiatives.order_by("code"):
        initiatives.append(
            {
                **plain(initiative, "plan", "strategy"),
                "strategy": initiative.strategy.number if initiative.strategy else None,
                "goals": [plain(m, "initiative") for m in initiative.goals.order_by("goal_id")],
                "targets": [
                    plain(m, "initiative") for m in initiative.targets.order_by("target_id")
                ],
                "kpis": [plain(k, "initiative") for k in initiative.kpis.order_by("order")],
                "budgets": [
                    plain(b, "initiative") for b in initiative.budgets.order_by("fiscal_year")
                ],
            }
        )
    return {"strategies": strategies, "initiatives": initiatives}


def cli_import(plan: Plan, path: Path) -> int:
    """What ``localsdg strategy import`` does with a file."""
    preview = imports.preview(
        imports.plan_for(plan.organisation, plan.slug), read_initiatives(path, path.name)
    )
    assert preview.ok, preview.errors
    return imports.apply(preview)


def upload_and_store(client: Client, name: str, content: bytes, plan: Plan) -> str:
    """Upload, preview and store through the web; the page shown after storing."""
    response = post_file(client, name, content, plan)
    assert response.status_code == 302, response.content.decode()[:3000]
    preview = client.get(response.url).content.decode()
    stored = client.post(response.url, {"seen": seen_of(preview), "store": "1"}, follow=True)
    assert stored.redirect_chain[-1][0] == import_url(), stored.redirect_chain
    return str(stored.content.decode())


def rows_by_code(html: str) -> dict[str, str]:
    """The preview's table rows, by the initiative code in their code cell."""
    rows = {}
    for row in re.findall(r"<tr>.*?</tr>", html, re.S):
        code = re.search(r'<td class="code">([^<]*)</td>', row)
        if code:
            rows[code.group(1)] = row
    return rows


def backdate(folder: Path, hours: float) -> str:
    """Turn a fresh upload into one made ``hours`` ago (its token carries its creation time,
    its files their modification times); returns the new token."""
    random = folder.name.partition(".")[2]
    token = f"{int(time.time() - hours * HOUR):x}.{random}"
    moved = folder.rename(folder.with_name(token))
    marker = moved / "pending.json"
    pending = json.loads(marker.read_text())
    pending["path"] = pending["path"].replace(folder.name, token)
    marker.write_text(json.dumps(pending | {"token": token}))
    moment = time.time() - hours * HOUR
    for path in [*moved.rglob("*"), moved]:
        os.utime(path, (moment, moment))
    return token


# --------------------------------------------------------------------------------------------
# Good files: preview, then store


@pytest.mark.parametrize("case", list(GOOD))
def test_a_table_previews_its_counts_then_stores(user, data_dir, web_plan, case: str) -> None:
    name, content, rows = GOOD[case]
    client = signed_in(user)
    response = post_file(client, name, content(), web_plan)
    assert response.status_code == 302, response.content.decode()[:3000]
    (folder,) = upload_folders(data_dir)
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [name, "pending.json"]
    )  # not unpacked
    for lang in ("en", "ja"):
        page = client.get(response.url.replace("/en/", f"/{lang}/"))
        html = page.content.decode()
        assert page.status_code == 200 and html_problems(html) == [], html_problems(html)
    html = client.get(response.url).content.decode()
    assert f"{rows} new, 0 changed, 0 unchanged" in html, html
    assert "無電柱化の推進" in html and 'name="store"' in html
    assert "Plan zz-web" in html
    if case == "csv cp932":
        assert "read as cp932" in html
    if case == "untidy xlsx":
        assert "施策一覧" in html and "header on line 4" in html
    assert Initiative.objects.filter(plan=web_plan).count() == 0  # a preview stores nothing
    done = client.post(response.url, {"seen": seen_of(html), "store": "1"}, follow=True)
    page = done.content.decode()
    assert f"{rows} initiatives stored: {rows} new, 0 changed, 0 unchanged." in page, page
    assert Initiative.objects.filter(plan=web_plan).count() == rows
    assert upload_folders(data_dir) == []
    first = Initiative.objects.get(plan=web_plan, code="1-1")
    goals = dict(first.goals.values_list("goal_id", "role"))
    assert goals[11] == ("primary" if case == "untidy xlsx" else "secondary") and 9 in goals


def test_the_web_stores_what_the_command_line_import_stores(
    user, data_dir, tmp_path, web_plan, cli_plan
) -> None:
    client = signed_in(user)
    first = tmp_path / "施策一覧.csv"
    first.write_bytes(csv_text().encode("utf-8-sig"))
    upload_and_store(client, first.name, first.read_bytes(), web_plan)
    assert cli_import(cli_plan, first) == 3
    state = plan_state(web_plan)
    assert state == plan_state(cli_plan) and len(state["initiatives"]) == 3
    # A second table: one row changed (name, goals, budget), one new, one left out.
    changed = [list(row) for row in ROWS[:2]]
    changed[0][1], changed[0][6], changed[0][8] = "無電柱化の推進（拡充）", "11", "1,500"
    changed.append(["3-1", "再エネの導入", "", "戦略3 脱炭素", "", "環境局", "7", "", "", "",
                    "", "", ""])  # fmt: skip
    second = tmp_path / "施策一覧2.xlsx"
    second.write_bytes(tidy_xlsx(changed))
    response = post_file(client, second.name, second.read_bytes(), web_plan)
    html = client.get(response.url).content.decode()
    assert "1 new, 1 changed, 1 unchanged" in html, html
    assert "戦略3 脱炭素" in html and "new strategy" in html
    page = client.post(response.url, {"seen": seen_of(html), "store": "1"}, follow=True)
    assert "3 initiatives stored: 1 new, 1 changed, 1 unchanged." in page.content.decode()
    assert cli_import(cli_plan, second) == 3
    assert plan_state(web_plan) == plan_state(cli_plan)
    assert Initiative.objects.filter(plan=web_plan).count() == 4  # 2-1 stays as it was


def test_after_storing_a_published_plan_is_linked(user, data_dir, web_plan) -> None:
    page = upload_and_store(signed_in(user), "a.csv", csv_text().encode(), web_plan)
    assert '<a href="/en/plans/hachioji/zz-web/">See the public plan page</a>' in page, page
    draft = make_plan("zz-draft", published=False)
    page = upload_and_store(signed_in(user), "a.csv", csv_text().encode(), draft)
    assert "The plan is not published" in page and "/plans/hachioji/zz-draft/" not in page


def test_suggestions_are_shown_for_rows_without_targets_and_never_stored(
    user, data_dir, web_plan
) -> None:
    client = signed_in(user)
    response = post_file(client, "a.csv", csv_text().encode(), web_plan)
    html = client.get(response.url).content.decode()
    assert "Suggestions are not stored: map them on the initiative's page after storing." in html
    rows = rows_by_code(html)
    assert "Suggested, not stored" in rows["1-2"]
    assert ">4.2</a>" in rows["1-2"] and "<q>待機児童</q>" in rows["1-2"], rows["1-2"]
    assert rows["1-2"].count('href="/en/targets/') <= strategy_uploads.SUGGESTIONS
    assert "Suggested" not in rows["1-1"] and "Suggested" not in rows["2-1"]  # they have targets
    client.post(response.url, {"seen": seen_of(html), "store": "1"})
    stored = Initiative.objects.get(plan=web_plan, code="1-2")
    assert not TargetMapping.objects.filter(initiative=stored).exists()


# --------------------------------------------------------------------------------------------
# Broken tables: every error with its place; nothing stored


BROKEN = {
    "goal 18": (
        "goals.csv",
        lambda: csv_text([[*ROWS[0][:6], "11、18", *ROWS[0][7:]], ROWS[1]]).encode(),
        ["goals.csv", "line 2", "column 関連するSDGs", "&#x27;18&#x27; is not an SDG goal"],
    ),
    "empty file": ("empty.csv", lambda: b"\xef\xbb\xbf", ["empty.csv", "the file is empty"]),
    "not a table": (
        "notes.csv",
        lambda: "会議のメモ\n予算は来週決める\n".encode(),
        ["notes.csv", "no header row found"],
    ),
    "fake xlsx": ("budget.xlsx", lambda: b"this is not a workbook", ["not a readable .xlsx"]),
    "bad mark in a sheet": (
        "marks.xlsx",
        lambda: untidy_xlsx(bad_mark=True),
        ["marks.xlsx [施策一覧]", "line 6", "column 関連するSDGs / 5", "△"],
    ),
}


@pytest.mark.parametrize("case", list(BROKEN))
def test_a_broken_table_shows_its_errors_and_stores_nothing(
    user, data_dir, web_plan, case: str
) -> None:
    name, content, expected = BROKEN[case]
    client = signed_in(user)
    response = post_file(client, name, content(), web_plan)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(response.url)
    html = page.content.decode()
    assert page.status_code == 200 and html_problems(html) == []
    assert "nothing was stored" in html and 'role="alert"' in html
    assert 'name="store"' not in html
    for text in expected:
        assert text in html, (case, text, html)
    assert str(data_dir) not in html and "/uploads/" not in html
    # Posting a store anyway is refused, and stores nothing.
    refused = client.post(response.url, {"seen": seen_of(html), "store": "1"}, follow=True)
    assert "nothing was stored" in refused.content.decode()
    assert not Initiative.objects.filter(plan=web_plan).exists()
    assert not Strategy.objects.filter(plan=web_plan).exists()


def test_a_table_without_rows_has_nothing_to_store(user, data_dir, web_plan) -> None:
    client = signed_in(user)
    response = post_file(client, "header.csv", "番号,施策名,概要\n".encode(), web_plan)
    html = client.get(response.url).content.decode()
    assert "the table has a header row but no initiative rows" in html
    assert "nothing to store" in html and 'name="store"' not in html
    refused = client.post(response.url, {"seen": seen_of(html), "store": "1"}, follow=True)
    assert "nothing to store" in refused.content.decode()
    assert not Strategy.objects.filter(plan=web_plan).exists()


def test_refused_uploads_say_why_and_leave_nothing(user, data_dir, web_plan, settings) -> None:
    client = signed_in(user)
    bomb = zeros_zip(data_dir.parent / f"{data_dir.name}-book.zip", 150, "xl/worksheets/sheet1.xml")
    cases = [
        ("book.xlsx", bomb, "times its compressed size"),
        ("empty.csv", b"", "The submitted file is empty"),
        ("plan.pdf", b"%PDF-1.4", "Upload the table as a .csv or .xlsx file"),
        ("plan.xls", b"\xd0\xcf\x11\xe0", "save the workbook as .xlsx"),
    ]
    for name, content, expected in cases:
        response = post_file(client, name, content, web_plan)
        html = response.content.decode()
        assert response.status_code == 200 and expected in html, (name, html)
        assert 'role="alert"' in html and html_problems(html) == []
        assert str(data_dir) not in html and "/uploads/" not in html
        assert upload_folders(data_dir) == [], name
    settings.LOCALSDG_MAX_UPLOAD_BYTES = 1000
    response = post_file(client, "big.csv", csv_text(ROWS * 20).encode(), web_plan)
    assert "larger than 1000" in response.content.decode()
    assert upload_folders(data_dir) == []


def test_a_plan_of_another_organisation_cannot_be_chosen(user, data_dir, web_plan) -> None:
    other = make_plan("zz-other", org="shinjuku")
    response = post_file(signed_in(user), "a.csv", csv_text().encode(), other)
    assert response.status_code == 200 and "Select a valid choice" in response.content.decode()
    assert upload_folders(data_dir) == []


def test_a_failure_while_storing_shows_a_message_and_stores_nothing(
    user, data_dir, web_plan
) -> None:
    """A name longer than the database keeps passes the reader and fails when stored."""
    rows = [ROWS[0], [ROWS[1][0], "待機児童の解消" * 50, *ROWS[1][2:]]]
    client = signed_in(user)
    response = post_file(client, "long.csv", csv_text(rows).encode(), web_plan)
    html = client.get(response.url).content.decode()
    assert "2 new, 0 changed, 0 unchanged" in html
    page = client.post(response.url, {"seen": seen_of(html), "store": "1"}, follow=True)
    text = page.content.decode()
    assert page.status_code == 200 and "could not be stored (name_ja: " in text, text
    assert "Nothing was stored" in text and "Traceback" not in text
    assert not Initiative.objects.filter(plan=web_plan).exists()
    assert not Strategy.objects.filter(plan=web_plan).exists()
    assert len(upload_folders(data_dir)) == 1  # still there: the editor may cancel it


# --------------------------------------------------------------------------------------------
# A stale preview, cancelling, tokens


def test_a_stale_preview_is_refused_and_stores_nothing(user, data_dir, tmp_path, web_plan) -> None:
    client = signed_in(user)
    path = tmp_path / "a.csv"
    path.write_bytes(csv_text().encode())
    response = post_file(client, path.name, path.read_bytes(), web_plan)
    old = seen_of(client.get(response.url).content.decode())
    # Meanwhile the same table, with another name for 1-1, is stored from the command line.
    other = [list(row) for row in ROWS]
    other[0][1] = "電線の地中化"
    path.write_bytes(csv_text(other).encode())
    cli_import(web_plan, path)
    before = plan_state(web_plan)
    page = client.post(response.url, {"seen": old, "store": "1"}, follow=True)
    text = page.content.decode()
    assert "The plan changed while this preview was open" in text, text
    assert page.redirect_chain[-1][0] == response.url
    assert plan_state(web_plan) == before
    assert "0 new, 1 changed, 2 unchanged" in text  # the new preview is shown
    page = client.post(response.url, {"seen": seen_of(text), "store": "1"}, follow=True)
    assert "3 initiatives stored: 0 new, 1 changed, 2 unchanged." in page.content.decode()
    assert Initiative.objects.get(plan=web_plan, code="1-1").name_ja == "無電柱化の推進"


def test_cancelling_discards_the_upload(user, data_dir, web_plan) -> None:
    client = signed_in(user)
    response = post_file(client, "a.csv", csv_text().encode(), web_plan)
    page = client.post(response.url, {"cancel": "1"}, follow=True)
    assert "cancelled; nothing was stored" in page.content.decode()
    assert upload_folders(data_dir) == [] and not web_plan.initiatives.exists()
    assert client.get(response.url).status_code == 404


def test_tokens_of_another_organisation_or_kind_are_unknown(user, data_dir, web_plan) -> None:
    response = post_file(signed_in(user), "a.csv", csv_text().encode(), web_plan)
    token = response.url.rstrip("/").rsplit("/", 1)[1]
    superuser = signed_in(user, "superuser")  # may edit every organisation
    assert superuser.get(f"/en/manage/shinjuku/plans/import/{token}/").status_code == 404
    posted = superuser.post(f"/en/manage/shinjuku/plans/import/{token}/", {"store": "1"})
    assert posted.status_code == 404 and not web_plan.initiatives.exists()
    # An indicators upload is not an initiatives table, and the other way round.
    assert superuser.get(f"/en/manage/hachioji/import/{token}/").status_code == 404
    indicators = pending_uploads.save_upload(
        SimpleUploadedFile("a.csv", b"indicator,period,value\n1-2-1,2020,1\n"),
        org="hachioji",
        file_format="csv",
        on_duplicate="error",
        note="",
    )
    page = superuser.get(f"/en/manage/hachioji/plans/import/{indicators.token}/")
    assert page.status_code == 404
    assert superuser.get(f"/en/manage/hachioji/import/{indicators.token}/").status_code == 200


def test_an_expired_upload_shows_the_expired_page(user, data_dir, web_plan) -> None:
    client = signed_in(user)
    post_file(client, "late.csv", csv_text().encode(), web_plan)
    (folder,) = upload_folders(data_dir)
    url = f"/en/manage/hachioji/plans/import/{backdate(folder, 25)}/"
    page = client.get(url)
    assert page.status_code == 404 and "This upload has expired" in page.content.decode()
    assert upload_folders(data_dir) == []
    assert client.post(url, {"store": "1"}).status_code == 404
    assert not web_plan.initiatives.exists()


def test_a_new_upload_removes_expired_ones(user, data_dir, web_plan) -> None:
    client = signed_in(user)
    post_file(client, "old.csv", csv_text().encode(), web_plan)
    (old,) = upload_folders(data_dir)
    backdate(old, 25)
    post_file(client, "new.csv", csv_text().encode(), web_plan)
    (kept,) = upload_folders(data_dir)
    assert json.loads((kept / "pending.json").read_text())["source_name"] == "new.csv"


def test_the_upload_page_without_a_plan_says_so(user, data_dir) -> None:
    page = signed_in(user).get(import_url())
    html = page.content.decode()
    assert page.status_code == 200 and "has no plan yet" in html and "<form method" not in html
    assert html_problems(html) == []


# --------------------------------------------------------------------------------------------
# Roles: every demo user on every organisation


@pytest.fixture
def role_plans(demo) -> dict[str, Plan]:
    return {slug: make_plan("zz-roles", org=slug) for slug in ORGS}


def expected(username: str, slug: str) -> int:
    if slug in EDIT.get(username, set()):
        return 200
    return 403 if slug in VIEW[username] else 404


@pytest.mark.parametrize("username", USERS)
def test_only_editors_of_the_organisation_may_upload_and_store(
    user, data_dir, role_plans, username: str
) -> None:
    client = signed_in(user, username)
    for slug, plan in role_plans.items():
        allowed = expected(username, slug)
        page = client.get(import_url(slug))
        assert page.status_code == allowed, (username, slug)
        if allowed == 200:
            assert html_problems(page.content.decode()) == []
        response = post_file(client, "a.csv", csv_text().encode(), plan, slug)
        assert response.status_code == (302 if allowed == 200 else allowed), (username, slug)
        if allowed != 200:
            assert upload_folders(data_dir) == [], (username, slug)
        # An upload made by someone who may, then stored by this user.
        pending = pending_uploads.save_upload(
            SimpleUploadedFile("b.csv", csv_text().encode()),
            org=slug,
            file_format=strategy_uploads.KIND,
            on_duplicate="error",
            note="",
            kind=strategy_uploads.KIND,
            options={"plan": str(plan.pk)},
        )
        seen = strategy_uploads.digest_of(strategy_uploads.check(plan, pending))
        url = f"{import_url(slug)}{pending.token}/"
        stored = client.post(url, {"seen": seen, "store": "1"})
        assert stored.status_code == (302 if allowed == 200 else allowed), (username, slug)
        assert plan.initiatives.count() == (3 if allowed == 200 else 0), (username, slug)
        for folder in upload_folders(data_dir):
            shutil.rmtree(folder)


def test_signed_out_visitors_are_sent_to_sign_in(data_dir, role_plans) -> None:
    for path in (import_url(), f"{import_url()}{pending_uploads.new_token()}/"):
        response = Client().get(path)
        assert response.status_code == 302 and "login" in response.url
