"""Initiatives tables as staff keep them: read from CSV or Excel, written back tidy.

A city's long-term plan lives in workbooks with a title above the header, Japanese or English
header names, SDGs as a list or as 17 mark columns, budgets per fiscal year with the unit in
the header, merged cells, spacer rows and footnotes. :func:`read_initiatives` understands
those (``docs/strategy-tables.md`` lists every accepted writing) and returns every row with
every problem, each naming the file, the line as Excel or a text editor shows it, the column
header as written and the reason; nothing raises on bad input. :func:`initiatives_csv` and
:func:`initiatives_xlsx` write the tidy form that reads back to the same rows.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Final

from localsdg.core.formats.model import Problem
from localsdg.core.strategy.cells import NONE_MARKS, nfkc
from localsdg.core.strategy.grid import (
    SHEET_ERRORS,
    Grid,
    Row,
    csv_grid,
    is_workbook,
    open_workbook,
)
from localsdg.core.strategy.headers import HEADER_SEARCH_ROWS, Column, Layout, find_layout
from localsdg.core.strategy.model import InitiativeTable
from localsdg.core.strategy.rows import CONTINUATION_FIELDS, STRATEGY_FIELDS, Draft, RowReader
from localsdg.core.strategy.writers import initiatives_csv, initiatives_xlsx

__all__ = ["read_initiatives", "initiatives_csv", "initiatives_xlsx"]

# A footnote row starts with one of these: ※1, 注, 注1:, (注), Note:, Notes 1.
NOTE: Final = re.compile(
    r"(?:※|\*|注\s*[0-9]*\s*[:).、\s]|\(注[0-9]*\)|注記|notes?\s*[0-9]*\s*[:.])", re.I
)
TOTAL_WORDS: Final = frozenset({"合計", "計", "小計", "総計", "total", "subtotal", "grand total"})
OTHER_WORKBOOKS: Final = frozenset({".xls", ".xlsb", ".ods", ".numbers"})
PROBE_ROWS: Final = 200  # sheet rows read to look for a header before a sheet is read whole
MAX_FORMULA_PROBLEMS: Final = 20
GOAL_SOURCES: Final = {
    "goals": frozenset({"goals", "primary_goals", "goal_mark"}),
    "targets": frozenset({"targets", "primary_targets"}),
}


def read_initiatives(path: Path, name: str | None = None) -> InitiativeTable:
    """Read an initiatives table from a ``.csv`` file or an ``.xlsx`` workbook.

    ``name`` is the file name used in messages (an upload's own name); it defaults to the
    file's name, never its folder. Of a workbook, the first sheet with a header row is read.
    """
    source = name or path.name
    table = InitiativeTable(source)
    suffix = Path(source).suffix.lower()
    if not path.is_file():
        table.problems.append(Problem("error", "no such file", source, code="io"))
    elif suffix in OTHER_WORKBOOKS:
        message = f"{suffix} files are not read: save the workbook as .xlsx (or as CSV)"
        table.problems.append(Problem("error", message, source, code="io"))
    elif is_workbook(path, source):
        grid = _workbook_grid(path, source, table.problems)
        if grid is not None:
            _read_grid(grid, table)
    else:
        grid, problems = csv_grid(path, source)
        table.problems += problems
        if grid is not None:
            _read_grid(grid, table)
    return table


def _workbook_grid(path: Path, source: str, problems: list[Problem]) -> Grid | None:
    """The first sheet with a header row, read whole; the other sheets are reported ignored."""
    book, opened = open_workbook(path, source)
    problems += opened
    if book is None:
        return None
    chosen: Grid | None = None
    for sheet in book.sheets:
        where = f"{source} [{sheet}]"
        if chosen is not None:
            message = (
                f"sheet {sheet!r} was not read: only the first sheet with an initiatives table "
                f"({chosen.sheet!r}) is read"
            )
            problems.append(Problem("warning", message, where, code="sheet_ignored"))
            continue
        try:
            probe = book.grid(sheet, PROBE_ROWS)
            if find_layout(probe.rows, where) is not None:
                chosen = book.grid(sheet)
                continue
        except SHEET_ERRORS as error:
            message = f"sheet {sheet!r} cannot be read: {str(error).splitlines()[0][:200]}"
            problems.append(Problem("error", message, where, code="xlsx"))
            continue
        message = f"sheet {sheet!r} has no header row of an initiatives table; ignored"
        problems.append(Problem("warning", message, where, code="sheet_ignored"))
    if chosen is None and not any(p.level == "error" for p in problems):
        problems.append(_no_header(source))
    return chosen


def _no_header(file: str) -> Problem:
    message = (
        f"no header row found in the first {HEADER_SEARCH_ROWS} non-blank rows: expected a row "
        "with an initiative name or number column (施策名, 番号, name, code) and at least one "
        "more known column (see the accepted header names)"
    )
    return Problem("error", message, file, code="missing_column")


def _read_grid(grid: Grid, table: InitiativeTable) -> None:
    layout = find_layout(grid.rows, grid.file)
    if layout is None:
        table.problems.append(_no_header(grid.file))
        return
    table.sheet = grid.sheet
    table.header_line = layout.header_line
    table.columns = _column_names(layout.columns)
    table.problems += layout.problems
    if not any(column.field == "name" for column in layout.columns):
        message = (
            "the header row has no initiative name column: expected one of 施策名, 事業名, "
            "取組名, 名称 or name"
        )
        problems = [Problem("error", message, grid.file, layout.header_line, "", "missing_column")]
        table.problems += problems
        return
    body = grid.rows[layout.start :]
    table.problems += _formula_problems(grid, layout) + _ignored_columns(grid, layout, body)
    reader = RowReader(layout.columns, grid.file)
    table.rows = [draft.row() for draft in _drafts(body, layout, reader, table.problems)]
    table.problems += reader.problems
    # Top to bottom, as staff fix them; the file's and the sheets' own problems first.
    table.problems.sort(key=lambda problem: problem.line or 0)
    if not table.rows:
        message = "the table has a header row but no initiative rows"
        table.problems.append(Problem("warning", message, grid.file, code="no_rows"))


def _column_names(columns: list[Column]) -> dict[str, str]:
    """{field: header as written}; "goals" and "targets" are there whenever some column gives
    goals or targets (mark columns, a primary goal column), since they say what a table maps."""
    names = {column.key: column.header for column in columns}
    for field, sources in GOAL_SOURCES.items():
        first = next((c for c in columns if c.field in sources), None)
        if first is not None:
            names.setdefault(field, first.header)
    return names


def _formula_problems(grid: Grid, layout: Layout) -> list[Problem]:
    used = {column.index: column for column in layout.columns}
    problems = []
    for line, position, reference in grid.formulas:
        if line >= layout.header_line and position in used:
            message = (
                f"cell {reference} holds a formula; replace formulas with their values (copy, "
                "paste values) before importing"
            )
            header = used[position].header
            problems.append(Problem("error", message, grid.file, line, header, "formula"))
    return problems[:MAX_FORMULA_PROBLEMS]


def _ignored_columns(grid: Grid, layout: Layout, body: list[Row]) -> list[Problem]:
    """One warning per column with values that no known header name describes."""
    problems = []
    for position in layout.ignored:
        filled = [line for line, cells in body if position < len(cells) and cells[position]]
        if not filled:
            continue
        header = layout.header[position] if position < len(layout.header) else ""
        if header:
            message = f"column {header!r} is not a known column; its values are not read"
        else:
            message = f"column {position + 1} has no header but holds values; they are not read"
        column = header or f"column {position + 1}"
        problems.append(Problem("warning", message, grid.file, filled[0], column, "column_ignored"))
    return problems


def _skipped(cells: list[str], identity: list[Column]) -> bool:
    """Footnotes (※, 注, Note:), totals (合計, 小計, total) and a repeated header row."""
    first = next((i for i, cell in enumerate(cells) if cell), None)
    if first is None:
        return True
    named = [c for c in identity if c.field == "name" and c.index != first and _at(cells, c)]
    if NOTE.match(nfkc(cells[first])) and not named:
        return True
    words = [cells[first]] + [_at(cells, c) for c in identity]
    if any(nfkc(word).lower() in TOTAL_WORDS for word in words):
        return True
    return bool(identity) and all(_at(cells, c) == c.header for c in identity)


def _at(cells: list[str], column: Column) -> str:
    return cells[column.index] if column.index < len(cells) else ""


def _strategy(cells: dict[Column, str]) -> tuple[str, dict[str, str]]:
    """(strategy as written, its names per language); "-" means "no strategy"."""
    texts = {c: t for c, t in cells.items() if c.field in STRATEGY_FIELDS}
    if all(nfkc(text) in NONE_MARKS for text in texts.values()):
        return "", {}
    texts = {c: t for c, t in texts.items() if nfkc(t) not in NONE_MARKS}
    names = {c.lang: t for c, t in texts.items() if c.field == "strategy_name"}
    code = next((t for c, t in texts.items() if c.field == "strategy_code"), "")
    return code or next(iter(names.values()), ""), names


def _drafts(
    body: list[Row], layout: Layout, reader: RowReader, problems: list[Problem]
) -> list[Draft]:
    """The initiatives of the table body, in order, rows of one initiative folded together."""
    identity = [c for c in layout.columns if c.field in {"code", "name"}]
    drafts: dict[tuple[str, tuple[tuple[str, str], ...]], Draft] = {}
    codes: dict[str, Draft] = {}
    strategy: tuple[str, dict[str, str]] = ("", {})
    previous: Draft | None = None
    for line, row in body:
        if _skipped(row, identity):
            continue
        cells = reader.cells(line, row)
        if any(c.field in STRATEGY_FIELDS for c in cells):
            strategy = _strategy(cells)
        fields = {c.field for c in cells} - STRATEGY_FIELDS
        if "name" not in fields:
            _nameless(line, cells, fields, previous, reader, problems)
            continue
        draft = reader.read(line, cells)
        draft.strategy, draft.strategy_name = strategy[0], dict(strategy[1])
        known = drafts.get(draft.identity)
        if known is not None:
            _conflicts(line, known.absorb(draft), known.line, reader, problems)
            previous = known
            continue
        if draft.code and draft.code in codes:
            other = codes[draft.code]
            message = (
                f"the code {draft.code!r} is already used on line {other.line} by another "
                "initiative; each initiative needs its own code"
            )
            code_column = next(c.header for c in identity if c.field == "code")
            problems.append(
                Problem("error", message, reader.file, line, code_column, "duplicate_conflict")
            )
        drafts[draft.identity] = draft
        codes.setdefault(draft.code, draft)
        previous = draft
    return list(drafts.values())


def _nameless(
    line: int,
    cells: dict[Column, str],
    fields: set[str],
    previous: Draft | None,
    reader: RowReader,
    problems: list[Problem],
) -> None:
    """A row without a name: a spacer or strategy heading (skipped), more KPIs, budgets or
    goals of the initiative above (added to it), or anything else (skipped with a warning)."""
    if not fields or fields == {"code"}:
        return
    code = next((t for c, t in cells.items() if c.field == "code"), "")
    if fields <= CONTINUATION_FIELDS | {"code"} and previous and code in ("", previous.code):
        extra = reader.read(line, {c: t for c, t in cells.items() if c.field != "code"})
        extra.strategy_name = {}
        _conflicts(line, previous.absorb(extra), previous.line, reader, problems)
        return
    message = "this row has no initiative name; it was skipped"
    problems.append(Problem("warning", message, reader.file, line, code="row_skipped"))


def _conflicts(
    line: int, conflicts: list[str], first: int, reader: RowReader, problems: list[Problem]
) -> None:
    for conflict in conflicts:
        message = f"this row adds to the initiative of line {first}, but {conflict}"
        problems.append(Problem("error", message, reader.file, line, code="duplicate_conflict"))
