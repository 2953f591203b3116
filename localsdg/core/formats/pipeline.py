"""The one normalisation pipeline every reader ends with.

Readers only map their columns to the raw observation columns (all text); this module parses
periods and values, checks indicator codes against the SDG framework, resolves duplicates and
turns every failed check into :class:`Problem` objects. One place means one set of rules and
one wording of every message, whatever the file format.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Final

import polars as pl

from localsdg.core.codes import InvalidCode, indicator_id
from localsdg.core.formats.model import (
    OBSERVATION_KEY,
    OBSERVATION_SCHEMA,
    Level,
    OnDuplicate,
    Problem,
    empty_observations,
)
from localsdg.core.formats.values import parse_values
from localsdg.core.framework import load_framework
from localsdg.core.periods import (
    MAX_PERIOD_CHARS,
    PERIOD_EXAMPLES,
    mark_flags,
    mark_footnote,
    parse_periods,
    ranges_in_context,
)

__all__ = [
    "RAW_COLUMNS",
    "MAX_ROW_PROBLEMS",
    "check_indicator",
    "comparable",
    "finish",
    "target_codes",
]

RAW_COLUMNS: Final = [
    "indicator", "series", "unit", "dimensions", "period", "value", "flags", "footnote",
    "source", "line",
]  # fmt: skip
MAX_ROW_PROBLEMS: Final = 20  # per file and kind of problem; the rest are summarised
_TEXT = [c for c in RAW_COLUMNS if c != "line"]


@lru_cache(maxsize=4096)
def check_indicator(text: str) -> tuple[str, str]:
    """Return (indicator code, "") or ("", reason) for an indicator id from a file.

    An SDG code whose target exists keeps its canonical dashed spelling (``1.a.1`` -> ``1-a-1``);
    a number that is not a global indicator under an existing target is a local indicator
    (``1-2-12``). Any other id that starts with a goal and a dash is the publisher's own
    (``10-x-1``, ``7-1``) and is kept as written; see :func:`localsdg.core.codes.indicator_id`.
    """
    try:
        parsed = indicator_id(text)
    except InvalidCode as error:
        return "", str(error)
    if parsed.sdg is not None and parsed.target_code not in target_codes():
        if "." in text:  # a dotted SDG code under no target is a mistake, not a local id
            return "", f"{text!r}: target {parsed.target_code} does not exist in the SDG framework"
        return text.strip().removeprefix("indicator_"), ""
    return parsed.code, ""


@lru_cache(maxsize=1)
def target_codes() -> frozenset[str]:
    """The dotted codes of every target in the framework."""
    return frozenset(t.code for t in load_framework().targets)


def _row_problems(
    bad: pl.DataFrame, level: str, kind: str, column: str, message: pl.Expr
) -> list[Problem]:
    """Problems for flagged rows: up to MAX_ROW_PROBLEMS per file and indicator, then one
    summary that still names the indicator (so that indicator alone can be skipped)."""
    if bad.is_empty():
        return []
    rows = bad.select("source", "line", "indicator", message.alias("m"))
    problems: list[Problem] = []
    for (source, indicator), group in rows.group_by(["source", "indicator"], maintain_order=True):
        for _, line, code, text in group.head(MAX_ROW_PROBLEMS).iter_rows():
            problems.append(_problem(level, text, str(source), line, column, kind, code))
        rest = group.height - MAX_ROW_PROBLEMS
        if rest > 0:
            more = f"{rest} more rows have the same problem ({kind})"
            problems.append(_problem(level, more, str(source), None, column, kind, str(indicator)))
    return problems


def _problem(
    level: str, message: str, file: str, line: int | None, column: str, kind: str, indicator: str
) -> Problem:
    lvl: Level = "error" if level == "error" else "warning"
    return Problem(lvl, message, file, line, column, kind, indicator)


def _quoted(column: str) -> pl.Expr:
    return pl.lit("'") + pl.col(column) + pl.lit("'")


def _check_indicators(raw: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """Map each distinct indicator text to its canonical id (once per distinct text)."""
    texts = raw.get_column("indicator").unique().to_list()
    checked = {t: check_indicator(t) for t in texts}
    codes = {t: checked[t][0] for t in texts}
    reasons = {t: checked[t][1] for t in texts}
    joined = raw.with_columns(  # replace_strict keeps the row order (a join might not)
        _code=pl.col("indicator").replace_strict(codes, return_dtype=pl.String),
        _reason=pl.col("indicator").replace_strict(reasons, return_dtype=pl.String),
    )
    bad = joined.filter(pl.col("_reason") != "")
    bad = bad.unique(["source", "indicator"], keep="first", maintain_order=True)
    message = pl.lit("unknown SDG indicator code: ") + pl.col("_reason")
    problems = _row_problems(bad, "error", "unknown_code", "indicator", message)
    out = joined.with_columns(indicator=pl.col("_code")).drop("_code")
    return out.with_columns(_bad=pl.col("_bad") | (pl.col("_reason") != "")).drop(
        "_reason"
    ), problems


def _check_values(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    parsed = parse_values(frame.get_column("value"))
    frame = frame.drop("value").hstack(parsed)
    issue = pl.col("value_issue")
    problems = _empty_summary(frame.filter(issue == "empty"))
    problems += _row_problems(
        frame.filter(issue == "missing"), "warning", "missing_value", "value",
        pl.lit("missing value ") + _quoted("value_text") + pl.lit(" stored as empty (no number)"),
    )  # fmt: skip
    problems += _row_problems(
        frame.filter(issue == "normalised"), "warning", "normalised_value", "value",
        pl.lit("number ") + _quoted("value_text") + pl.lit(" read as ")
        + pl.col("value").cast(pl.String) + pl.lit("; write plain digits to avoid this warning"),
    )  # fmt: skip
    problems += _row_problems(
        frame.filter(issue == "invalid"), "error", "invalid_value", "value",
        pl.lit("value ") + _quoted("value_text")
        + pl.lit(" is not a number or a known missing-value marker (n/a, -, x, …)"),
    )  # fmt: skip
    frame = frame.filter(issue != "empty").with_columns(_bad=pl.col("_bad") | (issue == "invalid"))
    value_text = pl.when(issue == "").then(pl.lit("")).otherwise(pl.col("value_text"))
    return frame.with_columns(value_text=value_text).drop("value_issue"), problems


def _empty_summary(empty: pl.DataFrame) -> list[Problem]:
    """One warning per file for rows with an empty value cell: they are not observations."""
    problems = []
    for (source,), group in empty.group_by(["source"], maintain_order=True):
        lines = ", ".join(str(x) for x in group.get_column("line").head(10).to_list())
        more = " …" if group.height > 10 else ""
        message = f"{group.height} rows with an empty value were skipped (lines {lines}{more})"
        problems.append(Problem("warning", message, str(source), None, "value", "empty_value"))
    return problems


def _check_periods(frame: pl.DataFrame) -> tuple[pl.DataFrame, list[Problem]]:
    """Parse periods; a publisher's mark after one (``2019*``, ``[Note 5]``) joins the flags or
    the footnote, while the period text stays as written."""
    frame = frame.with_columns(period=pl.col("period").str.strip_chars())
    frame = frame.hstack(parse_periods(frame.get_column("period")))
    frame = ranges_in_context(frame, ["source", "indicator"])
    kind, mark, period = pl.col("period_kind"), pl.col("period_mark"), pl.col("period")
    too_long = (
        pl.lit("period ")
        + _quoted("period").str.slice(0, MAX_PERIOD_CHARS + 1)
        + pl.lit(f"…' is longer than {MAX_PERIOD_CHARS} characters, the most a period may have")
    )
    unknown = (
        pl.lit("period ")
        + _quoted("period")
        + pl.lit(f" is not a period (expected e.g. {PERIOD_EXAMPLES})")
    )
    problems = _row_problems(
        frame.filter(kind.is_null()), "error", "invalid_period", "period",
        pl.when(period.str.len_chars() > MAX_PERIOD_CHARS).then(too_long).otherwise(unknown),
    )  # fmt: skip
    problems += _row_problems(
        frame.filter(kind == "range"), "warning", "period_range", "period",
        pl.lit("period ") + _quoted("period") + pl.lit(" covers several years; it is kept as a "
        "range from its first to its last year"),
    )  # fmt: skip
    if frame.select((mark != "").any()).item():  # skip the string work when nothing is marked
        frame = frame.with_columns(
            flags=mark_flags(pl.col("flags"), mark),
            footnote=mark_footnote(pl.col("footnote"), mark),
        )
    frame = frame.drop("period_mark")
    return frame.with_columns(_bad=pl.col("_bad") | kind.is_null()), problems


def _duplicates(
    frame: pl.DataFrame, on_duplicate: OnDuplicate
) -> tuple[pl.DataFrame, pl.DataFrame, list[Problem]]:
    """Merge identical duplicates; report, or resolve by order, conflicting ones."""
    frame = frame.with_row_index("_order")
    content = pl.struct("value", "value_text", "flags", "footnote")
    frame = frame.with_columns(
        _n=pl.len().over(OBSERVATION_KEY), _variants=content.n_unique().over(OBSERVATION_KEY)
    )
    dups = frame.filter(pl.col("_n") > 1)
    keep_last = on_duplicate == "last"
    pick = pl.col("_order").max() if keep_last else pl.col("_order").min()
    kept_order = pick.over(OBSERVATION_KEY)
    problems = _duplicate_problems(dups, on_duplicate)
    conflict = pl.col("_variants") > 1
    keep = (pl.col("_n") == 1) | (pl.col("_order") == kept_order)
    if on_duplicate == "error":
        keep = (pl.col("_n") == 1) | (
            pl.col("_order") == pl.col("_order").min().over(OBSERVATION_KEY)
        )
    dropped = frame.filter(~keep & conflict) if on_duplicate != "error" else frame.clear()
    cols = list(OBSERVATION_SCHEMA)
    return frame.filter(keep).select(cols), dropped.select(cols), problems


def _duplicate_problems(dups: pl.DataFrame, on_duplicate: OnDuplicate) -> list[Problem]:
    if dups.is_empty():
        return []
    groups = (
        dups.sort("_order")
        .group_by(OBSERVATION_KEY, maintain_order=True)
        .agg(pl.col("source"), pl.col("line"), pl.col("_variants").first())
    )
    problems: list[Problem] = []
    for row in groups.iter_rows(named=True):
        problems.append(_duplicate_problem(row, on_duplicate))
    return problems


def _duplicate_problem(row: dict[str, object], on_duplicate: OnDuplicate) -> Problem:
    sources = list(row["source"])  # type: ignore[call-overload]
    lines = list(row["line"])  # type: ignore[call-overload]
    places = ", ".join(
        f"line {line}" if src == sources[0] else f"{src} line {line}"
        for src, line in zip(sources, lines, strict=True)
    )
    what = (
        f"indicator {row['indicator']}, period {row['period']!r}"
        + (f", series {row['series']!r}" if row["series"] else "")
        + (f", unit {row['unit']!r}" if row["unit"] else "")
        + (f", disaggregation {row['dimensions']!r}" if row["dimensions"] else ", total")
    )
    file, line, indicator = str(sources[0]), int(lines[0]), str(row["indicator"])
    if row["_variants"] == 1:
        message = f"identical duplicate rows merged ({what}; {places})"
        return Problem("warning", message, file, line, "", "duplicate_identical", indicator)
    if on_duplicate == "error":
        message = (
            f"conflicting duplicate rows with different values ({what}; {places}); fix the file "
            "or import with on_duplicate first/last"
        )
        return Problem("error", message, file, line, "", "duplicate_conflict", indicator)
    message = f"conflicting duplicate rows ({what}; {places}); kept the {on_duplicate} one"
    return Problem("warning", message, file, line, "", "duplicate_dropped", indicator)


def finish(
    raw: pl.DataFrame, on_duplicate: OnDuplicate = "error"
) -> tuple[pl.DataFrame, pl.DataFrame, list[Problem]]:
    """Turn raw text observations into (observations, dropped duplicates, problems).

    ``raw`` has the columns RAW_COLUMNS (``line`` Int64, the rest text; nulls mean blank).
    Rows with errors are left out of the observations; the problems say why.
    """
    if raw.is_empty():
        return empty_observations(), empty_observations(), []
    text = [pl.col(c).cast(pl.String).fill_null("").str.strip_chars() for c in _TEXT]
    frame = raw.select(*text, pl.col("line").cast(pl.Int64), _bad=pl.lit(False))
    frame, problems = _check_indicators(frame)
    frame, more = _check_values(frame)
    problems += more
    frame, more = _check_periods(frame)
    problems += more
    frame = frame.filter(~pl.col("_bad"))
    frame = frame.with_columns(pl.col(c).cast(t) for c, t in OBSERVATION_SCHEMA.items())
    observations, dropped, more = _duplicates(frame, on_duplicate)
    return observations, dropped, problems + more


def comparable(observations: pl.DataFrame) -> pl.DataFrame:
    """Observations in a form two imports can be compared by: sorted, without file positions.

    ``value_text`` of a number only records how it was spelt (e.g. ``1,234``), so it is blanked.
    """
    value_text = pl.when(pl.col("value").is_null()).then(pl.col("value_text")).otherwise(pl.lit(""))
    cols = [c for c in OBSERVATION_SCHEMA if c not in ("source", "line")]
    return observations.with_columns(value_text=value_text).select(cols).sort(cols, nulls_last=True)


def concat_raw(frames: Iterable[pl.DataFrame]) -> pl.DataFrame:
    """Stack per-file raw frames (each already in RAW_COLUMNS order)."""
    items = [f.select(RAW_COLUMNS) for f in frames]
    if not items:
        return pl.DataFrame(schema={c: pl.Int64 if c == "line" else pl.String for c in RAW_COLUMNS})
    return pl.concat(items, how="vertical")
