"""The header of an initiatives table: which row it is, and what each column holds.

Staff tables put a title and notes above the header, write it in Japanese or English, add
units in brackets (``予算額（千円）``), spread the SDGs over 17 mark columns and budgets over
one column per fiscal year, sometimes under a group header on the row above. All header names
are matched after NFKC normalisation, lower-casing, and removing brackets, spaces and
punctuation; the accepted names are :data:`HEADER_ALIASES`, the one list to extend.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, replace
from typing import Final

from localsdg.core.formats.limits import MAX_HEADER_CHARS, quoted
from localsdg.core.formats.model import Problem
from localsdg.core.framework import load_framework
from localsdg.core.strategy.cells import (
    YEN,
    Unit,
    find_fiscal_year,
    find_unit_note,
    nfkc,
    parse_unit,
)
from localsdg.core.strategy.model import BudgetKind

__all__ = [
    "HEADER_ALIASES",
    "HEADER_SEARCH_ROWS",
    "LANGUAGE_FIELDS",
    "Column",
    "Layout",
    "classify",
    "find_layout",
    "header_key",
]

Row = tuple[int, list[str]]  # (line or sheet row number, cell texts; "" for a blank cell)

HEADER_SEARCH_ROWS: Final = 30  # the header is looked for among this many non-blank rows

# field -> the header names that mean it (any language, any case, full- or half-width).
HEADER_ALIASES: Final[dict[str, tuple[str, ...]]] = {
    "code": ("施策番号", "事業番号", "取組番号", "番号", "No.", "No", "code", "施策コード",
             "事業コード", "ID", "整理番号", "通し番号", "initiative code", "number"),
    "name": ("施策名", "事業名", "取組名", "施策", "事業", "取組", "名称", "施策名称", "事業名称",
             "取組名称", "主な取組", "name", "initiative", "initiative name", "project",
             "project name", "title"),
    "strategy_code": ("戦略番号", "政策番号", "柱番号", "strategy code", "strategy no",
                      "strategy number"),
    "strategy_name": ("戦略", "戦略名", "政策の柱", "施策の柱", "柱", "基本戦略", "政策",
                      "strategy", "strategy name", "pillar", "policy area"),
    "description": ("概要", "内容", "事業概要", "施策概要", "取組概要", "取組内容", "事業内容",
                    "説明", "description", "summary", "overview", "details"),
    "department": ("所管局", "担当局", "担当課", "所管", "所管課", "所管部署", "担当部署",
                   "所管部局", "担当部局", "担当", "department", "bureau", "responsible",
                   "responsible department", "division"),
    "goals": ("関連するSDGs", "関連SDGs", "SDGs", "SDGsゴール", "SDGゴール", "ゴール",
              "関連ゴール", "関連するゴール", "該当ゴール", "goals", "goal", "sdgs", "sdg",
              "sdg goals", "related sdgs", "related goals"),
    "primary_goals": ("主たるゴール", "主なゴール", "主要ゴール", "メインゴール", "主たるSDGs",
                      "primary goal", "primary goals", "main goal", "main goals"),
    "targets": ("ターゲット", "関連ターゲット", "関連するターゲット", "SDGsターゲット",
                "targets", "target", "sdg targets", "related targets"),
    "primary_targets": ("主たるターゲット", "主なターゲット", "primary target",
                        "primary targets", "main target"),
    "budget": ("予算額", "予算", "当初予算", "当初予算額", "事業費", "budget", "budget amount",
               "initial budget"),
    "budget_supplementary": ("補正予算", "補正予算額", "補正", "supplementary budget",
                             "supplementary"),
    "budget_settled": ("決算", "決算額", "settled", "settlement", "actual expenditure",
                       "expenditure"),
    "fiscal_year": ("年度", "予算年度", "会計年度", "fiscal year", "FY", "year"),
    "start_year": ("開始年度", "開始年", "start year", "start fiscal year", "start"),
    "end_year": ("終了年度", "終了年", "end year", "end fiscal year", "end"),
    "period": ("実施期間", "期間", "事業期間", "計画期間", "period"),
    "status": ("状況", "進捗状況", "実施状況", "ステータス", "status"),
    "url": ("URL", "リンク", "ホームページ", "ウェブサイト", "link", "web", "website"),
    "kpi": ("KPI", "指標", "成果指標", "KPI名", "指標名", "評価指標", "kpi name", "indicator",
            "performance indicator"),
    "kpi_unit": ("単位", "指標の単位", "KPI単位", "unit", "kpi unit"),
    "kpi_baseline": ("現状値", "基準値", "現在値", "baseline", "baseline value",
                     "current value"),
    "kpi_baseline_year": ("基準年度", "現状値年度", "基準年", "baseline year"),
    "kpi_target": ("目標値", "target value", "kpi target"),
    "kpi_target_year": ("目標年度", "目標年", "target year"),
    "kpi_direction": ("方向", "目指す方向", "方向性", "direction"),
    "kpi_indicator": ("指標コード", "指標番号", "指標ID", "indicator code", "indicator id",
                      "local indicator"),
}  # fmt: skip
# Names that carry their language in the word itself.
_LANGUAGE_ALIASES: Final = {
    "英語名": ("name", "en"), "英名": ("name", "en"), "和名": ("name", "ja"),
}  # fmt: skip
LANGUAGE_FIELDS: Final = frozenset({"name", "strategy_name", "description", "department"})
IDENTITY_FIELDS: Final = frozenset({"code", "name"})
BUDGET_KINDS: Final[dict[str, BudgetKind]] = {
    "budget": "initial",
    "budget_supplementary": "supplementary",
    "budget_settled": "settled",
}
# Part names after a numbered KPI (``KPI 2 unit``, ``kpi_2_target``, ``指標2単位``).
_KPI_PARTS: Final = {
    "": "kpi", "name": "kpi", "名": "kpi", "unit": "kpi_unit", "単位": "kpi_unit",
    "baseline": "kpi_baseline", "現状値": "kpi_baseline", "基準値": "kpi_baseline",
    "baselineyear": "kpi_baseline_year", "基準年度": "kpi_baseline_year",
    "target": "kpi_target", "目標値": "kpi_target", "targetyear": "kpi_target_year",
    "目標年度": "kpi_target_year", "direction": "kpi_direction", "方向": "kpi_direction",
    "indicator": "kpi_indicator", "code": "kpi_indicator", "コード": "kpi_indicator",
}  # fmt: skip
_EN = frozenset({"en", "eng", "english", "英語", "英文", "英"})
_JA = frozenset({"ja", "jp", "jpn", "japanese", "日本語", "和文", "和"})
_BRACKETED = re.compile(r"[(\[【〔<《]([^)\]】〕>》]*)[)\]】〕>》]")
_LANG_SUFFIX = re.compile(r"[\s_\-./]+(en|english|ja|jp|japanese)$")
_PUNCTUATION = re.compile(r"[\s_\-.:：/・#'\"]+")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u3400-\u9fff]")
_GOAL_HEADER = re.compile(r"(?:sdgs?|goals?|ゴール|目標)?0?([0-9]{1,2})(?![0-9])(.*)")
_KPI_NUMBERED = re.compile(r"(kpi|指標|成果指標)([1-9][0-9]?)(.*)")
_UNIT_WORDS = re.compile(r"円|yen|jpy|単位|unit|usd|eur|\$|€")
_JA_UNIT_SUFFIX = re.compile(r"(千|万|百万|千万|億)?円$")


def _compact(text: str) -> str:
    return _PUNCTUATION.sub("", text)


def header_key(text: str) -> str:
    """A header name as it is matched: NFKC, lower case, no brackets, spaces or punctuation."""
    return _compact(_BRACKETED.sub(" ", nfkc(text).lower()))


@functools.cache
def _aliases() -> dict[str, tuple[str, str]]:
    """{matched key: (field, language or "")}; a language given by the word itself wins."""
    index = {header_key(n): (f, "") for f, names in HEADER_ALIASES.items() for n in names}
    index.update({header_key(n): v for n, v in _LANGUAGE_ALIASES.items()})
    return index


@functools.cache
def _goal_titles() -> dict[str, int]:
    """{compact official short title: goal}, for mark columns headed "1 貧困をなくそう"."""
    return {
        header_key(title): goal.number
        for goal in load_framework().goals
        for title in goal.short_title.values()
    }


@dataclass(frozen=True)
class Column:
    """One understood column: its position, the header as written, and what it holds."""

    index: int
    header: str
    field: str  # a HEADER_ALIASES key (budget kinds folded into "budget"), or "goal_mark"
    lang: str = ""  # for LANGUAGE_FIELDS
    goal: int = 0  # for goal_mark columns
    year: int | None = None  # a budget column's fiscal year, or a KPI value's year
    kind: BudgetKind = "initial"
    unit: Unit = YEN  # a budget column's money unit
    note: str = ""  # a KPI value column's unit written in the header, e.g. "目標値（%）"
    group: int = 1  # KPI number, for tables with several KPIs per row

    @property
    def key(self) -> str:
        """The name this column has in ``InitiativeTable.columns``: ``name_ja``, ``goal_3``,
        ``budget_2024_千円``, ``kpi_target`` (the first KPI), ``kpi_2_target``."""
        if self.field in LANGUAGE_FIELDS:
            return f"{self.field}_{self.lang}"
        if self.field == "goal_mark":
            return f"goal_{self.goal}"
        if self.field == "budget":
            kind = "" if self.kind == "initial" else f"_{self.kind}"
            year = f"_{self.year}" if self.year else ""
            unit = f"_{self.unit.text}" if self.year and self.unit.text else ""
            return f"budget{kind}{year}{unit}"
        if self.field.startswith("kpi") and self.group > 1:
            return f"kpi_{self.group}{self.field[3:]}"
        return self.field


def _language(written: str, notes: list[str], base: str) -> tuple[str, str]:
    """(language, base without a language suffix): marks first, else the header's script."""
    for note in notes:
        if note.strip() in _EN:
            return "en", base
        if note.strip() in _JA:
            return "ja", base
    if match := _LANG_SUFFIX.search(base):
        return ("en" if match.group(1) in {"en", "english"} else "ja"), base[: match.start()]
    return ("ja" if _JAPANESE.search(written) else "en"), base


def _unit_of(notes: list[str]) -> tuple[Unit | None, str]:
    """The money unit among bracketed notes; a reason when a note looks like a unit but is not."""
    for note in notes:
        unit = parse_unit(note)
        if unit is not None:
            return unit, ""
        if _UNIT_WORDS.search(note):
            return None, (
                f"the unit {quoted(note)} is not understood: expected 円, 千円, 百万円, 億円, "
                "thousand yen or million yen"
            )
    return None, ""


def _year_of(notes: list[str]) -> int | None:
    for note in notes:
        year, rest = find_fiscal_year(note)
        if year is not None and not _compact(rest):
            return year
    return None


def classify(
    index: int, written: str, group: str = "", sheet_unit: Unit = YEN
) -> tuple[Column | None, str]:
    """What a column holds by its header (and the group header above it, for two-row headers).

    Returns None for a header that names nothing known, and a reason when the header names a
    budget whose unit cannot be understood.
    """
    text = nfkc(written).lower()
    if not text or len(written) > MAX_HEADER_CHARS:
        return None, ""
    notes = _BRACKETED.findall(text)
    lang, base = _language(written, notes, _BRACKETED.sub(" ", text).strip())
    key = _compact(base)
    column = Column(index, f"{group} / {written}" if group else written, "", lang)
    context = _Context(notes, group, sheet_unit)
    if found := _alias(key):
        return _aliased(replace(column, field=found[0], lang=found[1] or lang), context)
    if (suffix := _JA_UNIT_SUFFIX.search(key)) and suffix.start():
        stem = _aliases().get(key[: suffix.start()], ("", ""))[0]
        if stem in BUDGET_KINDS:  # "予算額 千円": a unit without brackets
            context = _Context([*notes, suffix.group(0)], group, sheet_unit)
            return _budget(replace(column, field=stem), context, _year_of(notes))
    if goal := _goal_column(key):
        return replace(column, field="goal_mark", goal=goal), ""
    if numbered := _kpi_column(key):
        return replace(column, field=numbered[0], group=numbered[1]), ""
    return _budget_of_year(column, base, context)


@dataclass(frozen=True)
class _Context:
    """What besides its name a header's meaning depends on."""

    notes: list[str]  # its bracketed parts
    group: str  # the group header above it, for a two-row header
    sheet_unit: Unit  # the money unit a note above the table gives


def _alias(key: str) -> tuple[str, str] | None:
    """(field, language or "") of a known name; a 英語/英文 prefix makes it English."""
    if found := _aliases().get(key):
        return found
    stem = key.removeprefix("英語").removeprefix("英文")
    found = _aliases().get(stem) if stem != key else None
    return (found[0], found[1] or "en") if found else None


def _aliased(column: Column, context: _Context) -> tuple[Column, str]:
    """A column named by an alias: budgets and KPI values read their brackets too."""
    notes = context.notes
    if column.field in BUDGET_KINDS:
        return _budget(column, context, _year_of(notes))
    if column.field in {"kpi_baseline", "kpi_target"}:
        unit = next((n.strip() for n in notes if find_fiscal_year(n)[0] is None), "")
        return replace(column, year=_year_of(notes), note=unit), ""
    return column, ""


def _budget_of_year(column: Column, base: str, context: _Context) -> tuple[Column | None, str]:
    """A budget column named by its fiscal year: ``令和6年度``, ``2024年度予算``, ``FY2024``."""
    year, rest = find_fiscal_year(base)
    if year is None:
        return None, ""
    word = _JA_UNIT_SUFFIX.sub("", _compact(rest))
    kind = _aliases().get(word, ("", ""))[0] if word else "budget"
    if kind not in BUDGET_KINDS:
        return None, ""
    if unit_note := _JA_UNIT_SUFFIX.search(_compact(rest)):
        context = _Context([*context.notes, unit_note.group(0)], context.group, context.sheet_unit)
    return _budget(replace(column, field=kind), context, year)


def _goal_column(key: str) -> int:
    """The goal a mark column is headed by: ``1``, ``ゴール1``, ``SDG1``, ``1 貧困をなくそう``."""
    match = _GOAL_HEADER.fullmatch(key)
    if match is None:
        return 0
    goal, rest = int(match.group(1)), match.group(2)
    if not 1 <= goal <= 17 or (rest and _goal_titles().get(rest) != goal):
        return 0
    return goal


def _kpi_column(key: str) -> tuple[str, int] | None:
    """(field, KPI number) for ``KPI 2``, ``kpi_2_unit``, ``指標2``, ``目標値2``."""
    if match := _KPI_NUMBERED.fullmatch(key):
        part = _KPI_PARTS.get(match.group(3))
        return (part, int(match.group(2))) if part else None
    stem = key.rstrip("0123456789")
    found = _aliases().get(stem)
    number = key[len(stem) :]
    if number[:1] in set("123456789") and len(number) <= 2 and found and found[0].startswith("kpi"):
        return found[0], int(key[len(stem) :])
    return None


def _budget(column: Column, context: _Context, year: int | None) -> tuple[Column, str]:
    """A budget column: kind from its word, unit from its brackets, the group or the sheet."""
    unit, reason = _unit_of(context.notes)
    kind = BUDGET_KINDS[column.field]
    if context.group:
        group_column, _ = classify(-1, context.group)
        if group_column is not None and group_column.field == "budget" and kind == "initial":
            kind = group_column.kind
        if unit is None and not reason:
            unit, reason = _unit_of(_BRACKETED.findall(nfkc(context.group).lower()))
    unit = unit or context.sheet_unit
    return replace(column, field="budget", year=year, kind=kind, unit=unit), reason


@dataclass
class Layout:
    """Where a table's header is and how its columns were understood."""

    header_line: int
    start: int  # index (in the non-blank rows) of the first row after the header
    columns: list[Column]  # the columns used, the first of each key
    header: list[str]  # header texts as written, per position (combined for two-row headers)
    ignored: list[int]  # positions of columns whose header names nothing known
    problems: list[Problem]


def _recognised(cells: list[str]) -> list[Column]:
    return [c for i, cell in enumerate(cells) if cell and (c := classify(i, cell)[0])]


def _is_header(cells: list[str]) -> bool:
    found = _recognised(cells)
    return len(found) >= 2 and any(c.field in IDENTITY_FIELDS for c in found)


def _is_subheader(cells: list[str]) -> bool:
    """A second header row: only header names, among them goal numbers or fiscal years."""
    filled = [cell for cell in cells if cell]
    found = _recognised(cells)
    return (
        len(filled) >= 2
        and len(found) == len(filled)
        and any(c.field == "goal_mark" or (c.field == "budget" and c.year) for c in found)
    )


def _sheet_unit(rows: list[Row]) -> Unit:
    """The unit a note above the table gives (``（単位：千円）``), else yen."""
    for _line, cells in rows:
        for cell in cells:
            if cell and (unit := find_unit_note(cell)) is not None:
                return unit
    return YEN


def _group_of(header: list[str], position: int) -> str:
    """The group header over a sub-header cell: its own cell, else the nearest one to the left
    (a merged cell keeps its text in its first column), when that names goals or budgets."""
    for j in range(position, -1, -1):
        if header[j]:
            column = classify(j, header[j])[0]
            if column is None or column.field in {"goals", "primary_goals", "budget"}:
                return header[j]
            return ""
    return ""


def find_layout(rows: list[Row], file: str) -> Layout | None:
    """The header among the first non-blank rows, or None when there is none."""
    for position, (_line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if _is_header(cells):
            return _layout(rows, position, file)
    return None


def _layout(rows: list[Row], position: int, file: str) -> Layout:
    line, header = rows[position]
    unit = _sheet_unit(rows[: position + 1])
    start = position + 1
    texts, groups = list(header), [""] * len(header)
    if start < len(rows) and _is_subheader(rows[start][1]):
        sub = rows[start][1] + [""] * max(0, len(header) - len(rows[start][1]))
        header = header + [""] * max(0, len(sub) - len(header))
        groups = [_group_of(header, j) if sub[j] else "" for j in range(len(sub))]
        texts = [sub[j] or header[j] for j in range(len(sub))]
        start += 1
    problems: list[Problem] = []
    columns: list[Column] = []
    seen: dict[str, Column] = {}
    ignored: list[int] = []
    written: list[str] = []
    for j, text in enumerate(texts):
        column, reason = classify(j, text, groups[j], unit) if text else (None, "")
        written.append(column.header if column else text)
        if len(text) > MAX_HEADER_CHARS:
            message = (
                f"the name of column {j + 1} is {len(text):,} characters long; at most "
                f"{MAX_HEADER_CHARS} are accepted (setting LOCALSDG_MAX_HEADER_CHARS)"
            )
            problems.append(Problem("error", message, file, line, text, "too_long"))
        if reason:
            problems.append(Problem("error", reason, file, line, written[-1], "invalid_unit"))
        if column is None:
            ignored.append(j)
        elif column.key in seen:
            message = (
                f"column {quoted(text)} holds the same field as column "
                f"{quoted(seen[column.key].header)}; only the first one is read"
            )
            problems.append(
                Problem("warning", message, file, line, column.header, "duplicate_column")
            )
        else:
            seen[column.key] = column
            columns.append(column)
    return Layout(line, start, columns, written, ignored, problems)
