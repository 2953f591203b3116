"""Reading initiatives tables as staff keep them: CSV in cp932 or UTF-8 with a BOM and CR line
ends, workbooks with a title, two-row headers, merged cells, spacer rows, footnotes, 17 goal
mark columns, budgets per fiscal year with the unit in the header, and a formula cell. Each
quirk's stored result is asserted, and every problem names the file, line, column and reason."""

from __future__ import annotations

import csv
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import xlsxwriter  # type: ignore[import-untyped]
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localsdg.core.formats.model import PROBLEM_KINDS, Problem
from localsdg.core.strategy.headers import HEADER_ALIASES
from localsdg.core.strategy.model import Budget, GoalLink, InitiativeTable, Kpi, TargetLink
from localsdg.core.strategy.tables import read_initiatives

ROOT = Path(__file__).resolve().parents[3]


def write_csv(tmp_path: Path, lines: list[str], encoding: str, end: str = "\n") -> Path:
    path = tmp_path / "plan.csv"
    path.write_bytes(end.join(lines).encode(encoding) + end.encode())
    return path


def write_xlsx(path: Path, sheets: dict[str, list[tuple[int, int, Any]]], **extra: Any) -> Path:
    """A workbook from (row, column, value) cells per sheet, 0-based like XlsxWriter.

    ``merge`` is a list of (sheet, first row, first col, last row, last col, value) and
    ``formula`` a list of (sheet, row, col, formula, cached value).
    """
    with xlsxwriter.Workbook(str(path)) as workbook:
        pages = {name: workbook.add_worksheet(name) for name in sheets}
        for name, cells in sheets.items():
            for row, col, value in cells:
                pages[name].write(row, col, value)
        for name, r1, c1, r2, c2, value in extra.get("merge", []):
            pages[name].merge_range(r1, c1, r2, c2, value)
        for name, row, col, formula, value in extra.get("formula", []):
            pages[name].write_formula(row, col, formula, None, value)
    return path


def row_cells(row: int, values: list[Any], start: int = 0) -> list[tuple[int, int, Any]]:
    return [(row, start + i, v) for i, v in enumerate(values) if v is not None and v != ""]


def errors_of(table: InitiativeTable, code: str) -> list[Problem]:
    return [p for p in table.problems if p.code == code]


# ---------------------------------------------------------------------------------------------
# CSV


CP932_LINES = [
    "長期戦略 施策一覧,,,,,,",
    "（単位：千円）,,,,,,",
    "",
    "政策の柱,施策番号,施策名,所管局,関連するSDGs,ターゲット,予算額（千円）,年度",
    '1 子供,1-1,子育て支援の充実,福祉局,３・５,"5.4、3.9","１,２３４",令和6年度',
    ",1-2,教育の充実,教育庁,目標4、目標10,4.1,-,R6",
    ",,,,,,,",
    '2 まち,2-1,防災まちづくり,都市整備局,"Goal 11, SDG 13",11-5,500,2024',
    "※1 予算額は当初予算,,,,,,",
    "注）千円未満は四捨五入,,,,,,",
]


def test_cp932_csv_with_a_title_notes_and_japanese_headers(tmp_path: Path) -> None:
    table = read_initiatives(write_csv(tmp_path, CP932_LINES, "cp932", "\r\n"))
    assert [p.code for p in table.problems] == ["encoding"]  # the cp932 warning only
    assert table.header_line == 4 and table.sheet == ""
    assert table.columns["name_ja"] == "施策名" and table.columns["budget"] == "予算額（千円）"
    first, second, third = table.rows
    assert (first.line, first.code, first.name) == (5, "1-1", {"ja": "子育て支援の充実"})
    assert first.strategy == "1 子供" and first.strategy_name == {"ja": "1 子供"}
    assert first.department == {"ja": "福祉局"}
    assert first.goals == (GoalLink(3), GoalLink(5))
    assert first.targets == (TargetLink("3.9"), TargetLink("5.4"))  # official order
    assert first.budgets == (Budget(2024, Decimal(1_234_000), unit="千円"),)
    # A blank strategy cell is the strategy of the row above; "-" is no budget.
    assert second.strategy == "1 子供" and second.budgets == ()
    assert second.goals == (GoalLink(4), GoalLink(10))
    assert third.line == 8 and third.strategy == "2 まち"
    assert third.goals == (GoalLink(11), GoalLink(13)) and third.targets == (TargetLink("11.5"),)
    assert third.budgets == (Budget(2024, Decimal(500_000), unit="千円"),)


def test_utf8_bom_csv_with_cr_line_ends_reports_true_lines(tmp_path: Path) -> None:
    lines = [
        "Initiatives of the city plan",
        "No.,Name,Name (Japanese),Department,Goals,Targets,Status,URL",
        '1,Clean air,きれいな空気,Environment,"11, 3",11.6,ongoing,https://example.org/air',
        '2,"Parks\nand trees",公園,Parks,18,11.9,planned,',
        "3,Water,水,Water,6,6.1,finished,example.org",
    ]
    path = write_csv(tmp_path, lines, "utf-8-sig", "\r")
    table = read_initiatives(path)
    assert table.header_line == 2
    first, second, third = table.rows
    assert first.name == {"en": "Clean air", "ja": "きれいな空気"}
    assert first.department == {"en": "Environment"}
    assert (first.status, first.url) == ("ongoing", "https://example.org/air")
    assert second.name["en"] == "Parks\nand trees" and second.line == 4
    assert (third.line, third.status, third.url) == (6, "completed", "")
    goal, target, url = table.errors
    assert (goal.file, goal.line, goal.column, goal.code) == (
        "plan.csv",
        4,
        "Goals",
        "unknown_code",
    )
    assert "'18'" in goal.message and "1 to 17" in goal.message
    assert (target.line, target.column) == (4, "Targets") and "'11.9'" in target.message
    assert (url.line, url.column, url.code) == (6, "URL", "invalid_cell")


def test_a_target_of_a_goal_the_row_does_not_list_is_not_an_error(tmp_path: Path) -> None:
    path = write_csv(tmp_path, ["番号,施策名,ゴール,ターゲット", "1,A,11,3.9"], "utf-8")
    table = read_initiatives(path)
    assert not table.problems
    assert table.rows[0].goals == (GoalLink(11),) and table.rows[0].targets == (TargetLink("3.9"),)


def test_primary_goals_from_their_own_column_and_from_marks(tmp_path: Path) -> None:
    lines = [
        "番号,施策名,関連するSDGs,主たるゴール,ターゲット",
        '1,A,3・11,11,"11.6*, 3.9"',
        "2,B,◎4 5,,",
    ]
    table = read_initiatives(write_csv(tmp_path, lines, "utf-8"))
    assert not table.problems
    first, second = table.rows
    assert first.goals == (GoalLink(3), GoalLink(11, "primary"))
    assert first.targets == (TargetLink("3.9"), TargetLink("11.6", "primary"))
    assert second.goals == (GoalLink(4, "primary"), GoalLink(5))


def test_one_budget_column_with_one_fiscal_year_column_and_repeated_rows(tmp_path: Path) -> None:
    lines = [
        "番号,施策名,年度,予算額（百万円）,決算額（百万円）",
        "1,A,2023,1.5,1.4",
        "1,A,2024,2,",
        ",,2025,3,",  # a row without a name adds to the initiative above
        "2,B,2024,10,",
    ]
    table = read_initiatives(write_csv(tmp_path, lines, "utf-8"))
    assert not table.problems
    first, second = table.rows
    assert first.line == 2 and [(b.fiscal_year, b.amount, b.kind) for b in first.budgets] == [
        (2023, Decimal(1_500_000), "initial"),
        (2023, Decimal(1_400_000), "settled"),
        (2024, Decimal(2_000_000), "initial"),
        (2025, Decimal(3_000_000), "initial"),
    ]
    assert {b.unit for b in first.budgets} == {"百万円"}
    assert second.budgets == (Budget(2024, Decimal(10_000_000), unit="百万円"),)


def test_repeated_initiative_rows_that_disagree_are_errors(tmp_path: Path) -> None:
    lines = ["番号,施策名,所管局,年度,予算額", "1,A,X局,2024,1", "1,A,Y局,2024,2", "1,B,Z局,2025,3"]
    table = read_initiatives(write_csv(tmp_path, lines, "utf-8"))
    department, budget, code = table.errors
    assert department.line == 3 and "department (ja) differs" in department.message
    assert budget.line == 3 and "second initial budget for FY2024" in budget.message
    assert (code.line, code.column) == (
        4,
        "番号",
    ) and "'1' is already used on line 2" in code.message


def test_a_budget_without_a_fiscal_year_is_an_error(tmp_path: Path) -> None:
    table = read_initiatives(
        write_csv(tmp_path, ["番号,施策名,予算額", "1,A,1000", "2,B,-"], "utf-8")
    )
    (error,) = table.errors
    assert (error.line, error.column, error.code) == (2, "予算額", "missing_value")
    assert "年度" in error.message and len(table.rows) == 2


def test_kpis_numbered_and_continued_on_rows_below(tmp_path: Path) -> None:
    lines = [
        "施策番号,施策名,指標1,単位1,現状値（2022年度）,目標値1,目標年度1,指標2,目標値2",
        "1,A,待機児童数,人,120,0,R8,保育所数,300",
        ",,利用者満足度,%,70,90,2030,,",
        "2,B,,,,80%,2030,,",
    ]
    table = read_initiatives(write_csv(tmp_path, lines, "utf-8"))
    first, second = table.rows
    assert first.kpis == (
        Kpi("待機児童数", "人", Decimal(120), 2022, Decimal(0), 2026),
        Kpi("保育所数", target_value=Decimal(300)),
        Kpi("利用者満足度", "%", Decimal(70), 2022, Decimal(90), 2030),
    )
    assert second.kpis == ()
    (error,) = table.errors
    assert (error.line, error.code) == (4, "missing_value") and "no name" in error.message


def test_periods_status_direction_and_english_headers(tmp_path: Path) -> None:
    lines = [
        "Code,Initiative,Strategy,Period,Status,KPI,Direction,Target value,Target year",
        'A1,Buses,Mobility,2024-2027,in progress,CO2,decrease,"1,200",FY2030',
        "A2,Bikes,,R6～,計画,,,,",
    ]
    table = read_initiatives(write_csv(tmp_path, lines, "utf-8"))
    assert not table.problems
    first, second = table.rows
    assert (first.start_year, first.end_year, first.status) == (2024, 2027, "ongoing")
    assert first.strategy == "Mobility" and first.strategy_name == {"en": "Mobility"}
    assert first.kpis == (
        Kpi("CO2", target_value=Decimal(1200), target_year=2030, direction="decrease"),
    )
    assert (second.start_year, second.end_year, second.status) == (2024, None, "planned")
    assert second.strategy == "Mobility"


def test_unknown_columns_rows_without_names_and_duplicate_columns(tmp_path: Path) -> None:
    lines = ["番号,施策名,事業名,備考,ゴール", "1,A,a,memo,3", "2,,,memo,4", "3,B,b,,", "合計,,,,"]
    table = read_initiatives(write_csv(tmp_path, lines, "utf-8"))
    assert not table.errors
    duplicate, ignored, skipped = table.problems
    assert (duplicate.code, duplicate.level, duplicate.column) == (
        "duplicate_column",
        "warning",
        "事業名",
    )
    assert (ignored.code, ignored.column, ignored.line) == ("column_ignored", "備考", 2)
    assert (skipped.code, skipped.line) == ("row_skipped", 3)
    assert [r.name for r in table.rows] == [{"ja": "A"}, {"ja": "B"}]


def test_a_table_without_a_header_or_a_name_column(tmp_path: Path) -> None:
    table = read_initiatives(write_csv(tmp_path, ["a,b,c", "1,2,3"], "utf-8"))
    (error,) = table.problems
    assert error.code == "missing_column" and "施策名" in error.message and table.rows == []
    table = read_initiatives(write_csv(tmp_path, ["番号,ゴール", "1,3"], "utf-8"))
    (error,) = table.problems
    assert (error.code, error.line) == ("missing_column", 1) and "name column" in error.message


def test_empty_missing_and_undecodable_files(tmp_path: Path) -> None:
    assert errors_of(read_initiatives(tmp_path / "none.csv"), "io")
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"\xef\xbb\xbf \r\n")
    assert [p.code for p in read_initiatives(empty).problems] == ["empty"]
    old = tmp_path / "plan.xls"
    old.write_bytes(b"\xd0\xcf\x11\xe0")
    (error,) = read_initiatives(old).problems
    assert error.code == "io" and ".xlsx" in error.message
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    (error,) = read_initiatives(broken).problems
    assert error.code == "xlsx" and str(tmp_path) not in error.message


def test_the_name_given_is_the_file_in_messages(tmp_path: Path) -> None:
    path = tmp_path / "upload-1234"
    path.write_text("番号,施策名,ゴール\n1,A,99\n", encoding="utf-8")
    table = read_initiatives(path, "施策一覧.csv")
    assert table.source == "施策一覧.csv" and table.errors[0].file == "施策一覧.csv"


def test_huge_files_are_refused_by_the_limit(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path, ["番号,施策名", *[f"{i},initiative {i}" for i in range(100)]], "utf-8"
    )
    book = write_xlsx(tmp_path / "big.xlsx", {"s": row_cells(0, ["番号", "施策名"])})
    script = (
        "import sys; from pathlib import Path; "
        "from localsdg.core.strategy.tables import read_initiatives; "
        "print([(p.code, p.file) for p in read_initiatives(Path(sys.argv[1])).problems])"
    )
    env = {**os.environ, "LOCALSDG_MAX_DATA_FILE_BYTES": "500"}
    for file in (path, book):
        result = subprocess.run(
            [sys.executable, "-c", script, str(file)],
            env=env,
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.strip() == repr([("too_large", file.name)])


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.binary(max_size=400), st.sampled_from(["x.csv", "x.xlsx", "x"]))
def test_any_bytes_give_problems_never_an_exception(tmp_path: Path, data: bytes, name: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    table = read_initiatives(path)
    assert all(p.code in PROBLEM_KINDS and p.message for p in table.problems)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.lists(st.text(max_size=12), max_size=6), max_size=8))
def test_any_cells_under_a_real_header_give_rows_and_problems(
    tmp_path: Path, cells: list[list[str]]
) -> None:
    path = tmp_path / "fuzz.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["番号", "施策名", "ゴール", "ターゲット", "予算額（千円）", "年度"])
        writer.writerows(cells)
    table = read_initiatives(path)
    assert all(p.file == "fuzz.csv" for p in table.problems)
    assert all(p.line is not None for p in table.errors)


# ---------------------------------------------------------------------------------------------
# Workbooks


def messy_workbook(path: Path) -> Path:
    """A plan as a policy office keeps it (rows and columns 0-based, as XlsxWriter counts)."""
    header = ["戦略", "施策番号", "施策名", "施策名（英語）", "所管局", "関連するSDGs"]
    header += [""] * 16 + ["予算額（千円）", "", "", "KPI", "目標値", "目標年度", "備考"]
    plan = [
        (0, 0, "令和6年度 長期戦略 施策一覧"),
        (1, 0, "（単位：千円）"),
        *row_cells(3, header),
        *row_cells(4, [str(i) for i in range(1, 18)], start=5),  # goal numbers under a group
        *row_cells(4, ["R5", "令和6年度", "FY2025"], start=22),  # fiscal years under 予算額
        *row_cells(5, [None, "1-1", "子育て支援", "Child care", "福祉局", None, "◎", None, "○"]),
        *row_cells(5, ["1,200", 1300, "-", "待機児童数", 0, "R8"], start=22),
        *row_cells(6, ["保育所数", 120, 2030], start=25),  # a second KPI on the row below
        *row_cells(7, [None, "1-2", "教育の充実", None, "教育庁", None, None, "●", "✓"]),
        (7, 22, 100),
        # row 8 (sheet row 9) is a spacer
        *row_cells(9, ["2 安全なまち", "2-1", "防災", None, "総務局"]),
        (9, 15, "○"),
        (9, 16, "x"),
        (9, 17, "18"),  # not a mark
        (10, 0, "※1 予算額は当初予算"),
        (11, 0, "注）金額は千円単位"),
        *row_cells(12, [None, None, "合計"]),
        (12, 22, 1300),
    ]
    return write_xlsx(
        path,
        {
            "表紙": [(0, 0, "東京都 長期戦略")],
            "施策一覧": plan,
            "別表": row_cells(0, ["番号", "施策名"]),
        },
        merge=[("施策一覧", 5, 0, 7, 0, "1 子供の笑顔"), ("施策一覧", 3, 5, 3, 21, "関連するSDGs")],
        formula=[("施策一覧", 7, 23, "=22+1", 23)],
    )


def test_a_messy_workbook(tmp_path: Path) -> None:
    table = read_initiatives(messy_workbook(tmp_path / "plan.xlsx"))
    assert (table.source, table.sheet, table.header_line) == ("plan.xlsx", "施策一覧", 4)
    assert table.columns["goal_1"] == table.columns["goals"] == "関連するSDGs / 1"
    assert "targets" not in table.columns and table.columns["kpi_target"] == "目標値"
    assert table.columns["budget_2024_千円"] == "予算額（千円） / 令和6年度"
    first, second, third = table.rows
    # Merged strategy cell: the value arrives on its first row and carries down.
    assert [r.strategy for r in table.rows] == ["1 子供の笑顔", "1 子供の笑顔", "2 安全なまち"]
    assert (first.line, first.code) == (6, "1-1")
    assert first.name == {"ja": "子育て支援", "en": "Child care"}
    assert first.goals == (GoalLink(2, "primary"), GoalLink(4))  # ◎ primary, ○ related
    assert first.budgets == (
        Budget(2023, Decimal(1_200_000), unit="千円"),
        Budget(2024, Decimal(1_300_000), unit="千円"),
    )
    assert first.kpis == (
        Kpi("待機児童数", target_value=Decimal(0), target_year=2026),
        Kpi("保育所数", target_value=Decimal(120), target_year=2030),
    )
    assert second.goals == (GoalLink(3), GoalLink(4)) and second.line == 8
    assert third.line == 10 and third.goals == (GoalLink(11), GoalLink(12))
    ignored = [p for p in table.problems if p.code == "sheet_ignored"]
    assert [(p.level, p.file) for p in ignored] == [
        ("warning", "plan.xlsx [表紙]"),
        ("warning", "plan.xlsx [別表]"),
    ]
    formula, mark = table.errors
    assert (formula.code, formula.file, formula.line) == ("formula", "plan.xlsx [施策一覧]", 8)
    assert formula.column == "予算額（千円） / 令和6年度" and "X8" in formula.message
    assert (mark.code, mark.line, mark.column) == ("invalid_cell", 10, "関連するSDGs / 13")
    assert "'18'" in mark.message and "◎" in mark.message
    assert len(table.problems) == 4  # the footnotes, the total and the spacer pass silently
    assert [p.line for p in table.problems] == [None, None, 8, 10]  # top to bottom


def test_mark_columns_headed_in_every_way(tmp_path: Path) -> None:
    headers = ["No.", "Name", "SDG1", "Goal 2", "ゴール3", "目標4", "5 ジェンダー平等を実現しよう"]
    cells = row_cells(0, headers) + row_cells(1, ["1", "A", "✔", "◎", "〇", "1", "x"])
    table = read_initiatives(write_xlsx(tmp_path / "marks.xlsx", {"Sheet1": cells}))
    assert not table.problems
    assert table.rows[0].goals == (
        GoalLink(1),
        GoalLink(2, "primary"),
        GoalLink(3),
        GoalLink(4),
        GoalLink(5),
    )


def test_budget_columns_per_year_in_every_writing(tmp_path: Path) -> None:
    headers = ["番号", "施策名", "2023年度予算（千円）", "令和6年度", "FY2025 budget (million yen)"]
    headers += ["R8補正予算", "2024年度決算額（億円）"]
    cells = row_cells(0, headers) + row_cells(1, ["1", "A", "1,000", "５００", "2.5", 7, "0.5"])
    table = read_initiatives(write_xlsx(tmp_path / "budgets.xlsx", {"予算": cells}))
    assert not table.problems
    assert [(b.fiscal_year, b.kind, b.amount, b.unit) for b in table.rows[0].budgets] == [
        (2023, "initial", Decimal(1_000_000), "千円"),
        (2024, "initial", Decimal(500), ""),
        (2024, "settled", Decimal(50_000_000), "億円"),
        (2025, "initial", Decimal(2_500_000), "million yen"),
        (2026, "supplementary", Decimal(7), ""),
    ]


def test_an_unknown_unit_in_a_budget_header_is_an_error(tmp_path: Path) -> None:
    cells = row_cells(0, ["番号", "施策名", "予算額（千ドル円）", "年度"])
    cells += row_cells(1, ["1", "A", 5, 2024])
    table = read_initiatives(write_xlsx(tmp_path / "unit.xlsx", {"s": cells}))
    (error,) = table.errors
    assert (error.code, error.line, error.column) == ("invalid_unit", 1, "予算額（千ドル円）")


def test_a_workbook_without_any_table(tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "none.xlsx", {"a": [(0, 0, "memo")], "b": []})
    table = read_initiatives(book)
    assert [(p.level, p.code) for p in table.problems] == [
        ("warning", "sheet_ignored"),
        ("warning", "sheet_ignored"),
        ("error", "missing_column"),
    ]


def test_a_header_further_down_than_the_search_is_not_found(tmp_path: Path) -> None:
    cells = [(i, 0, f"note {i}") for i in range(30)] + row_cells(30, ["番号", "施策名"])
    table = read_initiatives(write_xlsx(tmp_path / "deep.xlsx", {"s": cells}))
    assert [p.code for p in table.errors] == ["missing_column"]
    cells = [(i, 0, f"note {i}") for i in range(29)] + row_cells(29, ["番号", "施策名"])
    cells += row_cells(30, ["1", "A"])
    table = read_initiatives(write_xlsx(tmp_path / "deep.xlsx", {"s": cells}))
    assert table.header_line == 30 and table.rows[0].line == 31


@pytest.mark.parametrize("text", ["=1+2", "0001", "1.50", "TRUE"])
def test_texts_stay_as_written(tmp_path: Path, text: str) -> None:
    cells = row_cells(0, ["番号", "施策名"]) + [(1, 0, "1")]
    path = tmp_path / "texts.xlsx"
    with xlsxwriter.Workbook(str(path), {"strings_to_formulas": False}) as workbook:
        sheet = workbook.add_worksheet()
        for row, col, value in cells:
            sheet.write(row, col, value)
        sheet.write_string(1, 1, text)
    table = read_initiatives(path)
    assert not table.problems and table.rows[0].name == {"ja": text}


def test_the_docs_list_every_accepted_header_name() -> None:
    docs = (ROOT / "docs" / "strategy-tables.md").read_text(encoding="utf-8")
    aliases = docs.split("## The header row")[1].split("\n## ")[0]
    for field, names in HEADER_ALIASES.items():
        (line,) = [line for line in aliases.splitlines() if line.startswith(f"| `{field}` |")]
        assert line.split("|")[2].strip().split(", ") == list(names), field


def test_header_names_in_other_spellings(tmp_path: Path) -> None:
    headers = ["ＮＯ．", "名称", "英語名", "予算額 千円", "FY", "KPI 2", "kpi_2_target"]
    cells = row_cells(0, headers) + row_cells(1, ["1", "公園", "Parks", "12", "R6", "Trees", 5])
    table = read_initiatives(write_xlsx(tmp_path / "names.xlsx", {"s": cells}))
    assert not table.problems
    assert list(table.columns) == [
        "code", "name_ja", "name_en", "budget", "fiscal_year", "kpi_2", "kpi_2_target",
    ]  # fmt: skip
    (row,) = table.rows
    assert row.name == {"ja": "公園", "en": "Parks"}
    assert row.budgets == (Budget(2024, Decimal(12_000), unit="千円"),)
    assert row.kpis == (Kpi("Trees", target_value=Decimal(5)),)
