"""The tidy initiatives table: writing rows as CSV or xlsx and reading them back gives the same
rows, the bytes are the same for the same rows, and the header is the documented one."""

from __future__ import annotations

import csv
import io
from dataclasses import replace
from datetime import UTC, datetime
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from localsdg.core.framework import load_framework
from localsdg.core.strategy.cells import plain_decimal
from localsdg.core.strategy.model import Budget, GoalLink, InitiativeRow, Kpi, TargetLink
from localsdg.core.strategy.tables import initiatives_csv, initiatives_xlsx, read_initiatives

TARGETS = [t.code for t in load_framework().targets]
# Texts as staff type them: Japanese and Latin letters, digits, spaces, punctuation, line breaks
# (never a leading ※ or a lone dash, which a table reads as a footnote or "none").
ALPHABET = "abcXYZ施策子育て支援教育防災環境都市みらいアイウ0123456789 -()/,;'\"&=\n"
TEXT = (
    st.text(ALPHABET, min_size=1, max_size=15)
    .map(str.strip)
    .filter(lambda t: t not in {"", "-", "--"} and not t.startswith("-"))
)
UNITS = {"": 1, "円": 1, "千円": 1000, "百万円": 10**6, "億円": 10**8, "thousand yen": 1000}
# KPI values, also with more digits than a spreadsheet number keeps (written as text).
DECIMAL = st.builds(
    lambda whole, places: Decimal(whole).scaleb(-places),
    st.integers(-(10**18), 10**18),
    st.integers(0, 12),
)


def texts(min_size: int = 0) -> st.SearchStrategy[dict[str, str]]:
    return st.dictionaries(st.sampled_from(["ja", "en"]), TEXT, min_size=min_size, max_size=2)


@st.composite
def budgets(draw: st.DrawFn) -> tuple[Budget, ...]:
    keys = draw(
        st.lists(
            st.tuples(
                st.integers(2015, 2035), st.sampled_from(["initial", "supplementary", "settled"])
            ),
            unique=True,
            max_size=4,
        )
    )
    found = []
    for year, kind in sorted(
        keys, key=lambda k: (k[0], ["initial", "supplementary", "settled"].index(k[1]))
    ):
        unit = draw(st.sampled_from(sorted(UNITS)))
        published = Decimal(draw(st.integers(0, 10**9))).scaleb(-draw(st.integers(0, 2)))
        found.append(Budget(year, plain_decimal(published * UNITS[unit]), unit=unit, kind=kind))
    return tuple(found)


KPI = st.builds(
    Kpi,
    name=TEXT,
    unit=st.one_of(st.just(""), st.sampled_from(["%", "人", "t-CO2", "件"])),
    baseline_value=st.one_of(st.none(), DECIMAL),
    baseline_year=st.one_of(st.none(), st.integers(2000, 2030)),
    target_value=st.one_of(st.none(), DECIMAL),
    target_year=st.one_of(st.none(), st.integers(2020, 2050)),
    direction=st.sampled_from([None, "increase", "decrease", "maintain"]),
    indicator=st.one_of(st.just(""), st.sampled_from(["11-6-2-a", "3-9-1"])),
)


@st.composite
def initiative(draw: st.DrawFn, number: int) -> InitiativeRow:
    strategy = draw(st.one_of(st.just(""), TEXT))
    goals = draw(st.dictionaries(st.integers(1, 17), st.sampled_from(["primary", "secondary"])))
    targets = draw(
        st.dictionaries(st.sampled_from(TARGETS), st.sampled_from(["primary", "secondary"]))
    )
    name = draw(texts(min_size=1))
    return InitiativeRow(
        line=number + 2,
        code=f"{number + 1}{draw(st.sampled_from(['', '-1', '.2', 'a']))}",
        name=name,
        strategy=strategy,
        strategy_name=draw(texts()) if strategy else {},
        description=draw(texts()),
        department=draw(texts()),
        goals=tuple(GoalLink(n, r) for n, r in sorted(goals.items())),
        targets=tuple(
            TargetLink(c, r) for c, r in sorted(targets.items(), key=lambda i: TARGETS.index(i[0]))
        ),
        budgets=draw(budgets()),
        kpis=tuple(draw(st.lists(KPI, max_size=3))),
        start_year=draw(st.one_of(st.none(), st.integers(1990, 2040))),
        end_year=draw(st.one_of(st.none(), st.integers(2020, 2060))),
        status=draw(st.sampled_from([None, "planned", "ongoing", "completed", "stopped"])),
        url=draw(st.sampled_from(["", "https://example.org/plan", "http://city.example.jp/a?b=1"])),
    )


@st.composite
def tables(draw: st.DrawFn) -> list[InitiativeRow]:
    return [draw(initiative(i)) for i in range(draw(st.integers(1, 6)))]


SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SETTINGS
@given(tables())
def test_csv_round_trip(tmp_path: Path, rows: list[InitiativeRow]) -> None:
    path = tmp_path / "initiatives.csv"
    path.write_bytes(initiatives_csv(rows))
    table = read_initiatives(path)
    assert table.problems == []
    # A CSV line is the physical line: a text with a line break takes more than one.
    assert [replace(r, line=0) for r in table.rows] == [replace(r, line=0) for r in rows]
    breaks = [sum(str(cell).count("\n") for cell in _texts_of(r)) for r in rows]
    assert [r.line for r in table.rows] == [2 + i + sum(breaks[:i]) for i in range(len(rows))]


def _texts_of(row: InitiativeRow) -> list[str]:
    texts = [row.code, row.strategy, row.url]
    for mapping in (row.name, row.strategy_name, row.department, row.description):
        texts += mapping.values()
    return texts + [k.name for k in row.kpis] + [k.unit for k in row.kpis]


@SETTINGS
@given(tables())
def test_xlsx_round_trip(tmp_path: Path, rows: list[InitiativeRow]) -> None:
    path = tmp_path / "initiatives.xlsx"
    path.write_bytes(initiatives_xlsx(rows))
    table = read_initiatives(path)
    assert table.problems == []
    assert table.sheet == "initiatives"
    assert table.rows == rows


ROW = InitiativeRow(
    line=2,
    code="1-1",
    name={"ja": "子育て支援", "en": "Child care"},
    strategy="1",
    strategy_name={"ja": "子供の笑顔"},
    goals=(GoalLink(3), GoalLink(11, "primary")),
    targets=(TargetLink("11.6", "primary"), TargetLink("11.a")),
    budgets=(
        Budget(2024, Decimal(1_234_000), unit="千円"),
        Budget(2024, Decimal(5), kind="settled"),
    ),
    kpis=(Kpi("待機児童数", "人", Decimal(120), 2022, Decimal(0), 2026, "decrease"),),
    start_year=2024,
    status="ongoing",
)


def test_the_tidy_header_and_cells() -> None:
    data = initiatives_csv([ROW, replace(ROW, line=3, code="1-2", strategy="", strategy_name={})])
    assert data.startswith(b"\xef\xbb\xbf") and b"\r\n" in data
    header, first, second = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert header == [
        "code", "name_ja", "name_en", "strategy_code", "strategy_name_ja", "strategy_name_en",
        "department_ja", "department_en", "description_ja", "description_en", "goals", "targets",
        "start_year", "end_year", "status", "url", "budget_fy2024 (千円)", "settled_fy2024",
        "kpi_1", "kpi_1_unit", "kpi_1_baseline", "kpi_1_baseline_year", "kpi_1_target",
        "kpi_1_target_year", "kpi_1_direction", "kpi_1_indicator",
    ]  # fmt: skip
    cells = dict(zip(header, first, strict=True))
    assert cells["goals"] == "3;11*" and cells["targets"] == "11.6*;11.a"
    assert cells["budget_fy2024 (千円)"] == "1234" and cells["settled_fy2024"] == "5"
    assert cells["kpi_1_direction"] == "decrease" and cells["start_year"] == "2024"
    # No strategy below a row with one is written "-", since a blank carries the one above.
    assert dict(zip(header, second, strict=True))["strategy_code"] == "-"


def test_xlsx_bytes_are_the_same_for_the_same_rows() -> None:
    assert initiatives_xlsx([ROW]) == initiatives_xlsx([ROW])
    stamp = datetime(2024, 4, 1, tzinfo=UTC)
    assert initiatives_xlsx([ROW], stamp) == initiatives_xlsx([ROW], stamp)
    assert initiatives_xlsx([ROW], stamp) != initiatives_xlsx([ROW])
    assert initiatives_csv([ROW]) == initiatives_csv([ROW])


def test_an_empty_export_reads_as_an_empty_table(tmp_path: Path) -> None:
    path = tmp_path / "empty.xlsx"
    path.write_bytes(initiatives_xlsx([]))
    table = read_initiatives(path)
    assert table.rows == [] and [p.code for p in table.problems] == ["no_rows"]
