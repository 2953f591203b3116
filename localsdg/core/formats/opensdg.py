"""Open SDG data repositories: ``data/indicator_<id>.csv`` plus metadata in several layouts.

Repositories in the wild mix layouts: ``meta/<id>.yml`` or ``.md`` (YAML front matter),
translations in ``meta/<lang>/``, ``indicator-config/<id>.yml``, UN defaults in
``global-meta/<id>.md`` and key/value ``csv-meta/<id>.csv`` files mapped to keys by
``metadata-mapping.csv``. The reader merges all of them; the writer writes the plain layout
(``data/`` and ``meta/``), which every Open SDG site can build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any, Final

import polars as pl
import yaml

from localsdg.core.codes import MAX_GOAL, indicator_id
from localsdg.core.formats.dimensions import dimensions_expr
from localsdg.core.formats.limits import quoted
from localsdg.core.formats.metadata import (
    as_text,
    read_front_matter,
    read_key_values,
    read_mapping,
    read_yaml,
)
from localsdg.core.formats.model import (
    DataSet,
    IndicatorMeta,
    LinkKind,
    OnDuplicate,
    Problem,
    ReportingStatus,
)
from localsdg.core.formats.pipeline import (
    RAW_COLUMNS,
    check_indicator,
    concat_raw,
    finish,
    target_codes,
)
from localsdg.core.formats.textio import LINE, read_csv_frame
from localsdg.core.formats.tidy import (
    check_names,
    csv_bytes,
    expanded,
    ordered_dimensions,
    written_order,
)
from localsdg.core.periods import looks_like_sentence

__all__ = ["read_opensdg", "opensdg_files", "DEFAULT_LANGUAGE", "STATUS_MAP"]

DEFAULT_LANGUAGE: Final = "en"  # language of untranslated metadata (meta/<id>.yml etc.)
# Special data columns (matched case-insensitively) -> model column.
SPECIAL: Final = {"year": "period", "value": "value", "units": "unit", "series": "series"}
FLAG_COLUMNS: Final = ("obs_status", "observation status")
FOOTNOTE_COLUMNS: Final = ("comment_obs", "observation comment")
STATUS_MAP: Final[dict[str, ReportingStatus]] = {
    "complete": "reported",
    "inprogress": "in_progress",
    "notstarted": "exploring",
    "notapplicable": "not_applicable",
}
NAME_KEYS: Final = ("indicator_name", "graph_title", "indicator_available")
# The sample data of the Open SDG data-starter template, shipped for every indicator.
STARTER_HEADER: Final = ["Year", "Group", "Value"]
STARTER_ROWS: Final = [
    ("2015", "A", "1"), ("2015", "B", "3"), ("2015", "", "2"),
    ("2016", "A", "1"), ("2016", "B", "3"), ("2016", "", "2"),
]  # fmt: skip
_TRANSLATION_KEY = re.compile(r"^[a-z_]+\.[0-9a-z.-]+-title$")
_LANGUAGE_DIR = re.compile(r"^[a-z]{2,3}(?:[-_][A-Za-z]{2,4})?$")


def _is_placeholder(frame: pl.DataFrame) -> bool:
    """Recognise the data-starter sample by its content (header and rows), whatever the bytes."""
    if [c for c in frame.columns if c != LINE] != STARTER_HEADER or frame.height != len(
        STARTER_ROWS
    ):
        return False
    rows = frame.select(pl.col(STARTER_HEADER).fill_null("").str.strip_chars()).rows()
    return rows == STARTER_ROWS


def _roles(frame: pl.DataFrame) -> tuple[dict[str, str], list[str]]:
    """Which column is Year, Value, Units, …; every other column is a disaggregation."""
    roles: dict[str, str] = {}
    dims: list[str] = []
    for column in frame.columns:
        low = column.lower()
        role = SPECIAL.get(low) or ("flags" if low in FLAG_COLUMNS else None)
        role = role or ("footnote" if low in FOOTNOTE_COLUMNS else None)
        if column == LINE:
            continue
        if role is None or role in roles:
            dims.append(column)
        else:
            roles[role] = column
    return roles, dims


def _data_raw(
    frame: pl.DataFrame, code: str, name: str
) -> tuple[pl.DataFrame | None, list[str], list[Problem]]:
    """Map one data file's columns to raw observations; returns its dimension columns."""
    roles, dims = _roles(frame)
    missing = [c for c, role in (("Year", "period"), ("Value", "value")) if role not in roles]
    if missing:
        header = ", ".join(quoted(c, 40) for c in frame.columns[:-1][:20])
        message = f"required column {missing[0]!r} is missing (header: {header})"
        return None, [], [Problem("error", message, name, 1, missing[0], "missing_column", code)]

    def col(role: str) -> pl.Expr:
        return pl.col(roles[role]) if role in roles else pl.lit("")

    raw = frame.select(
        indicator=pl.lit(code), series=col("series"), unit=col("unit"),
        dimensions=dimensions_expr(dims), period=col("period"), value=col("value"),
        flags=col("flags"), footnote=col("footnote"), source=pl.lit(name), line=pl.col(LINE),
    )  # fmt: skip
    return raw.select(RAW_COLUMNS), dims, []


def data_file_id(file: Path) -> str | None:
    """The indicator id in a data file's name, or None when the name names no indicator.

    Open SDG's default is ``indicator_<id>.csv``; sites may configure a pattern without the
    prefix (``1-2-1.csv``). Other files (``archived-11-c-1.csv``, ``demo_13.2.csv``) are not data.
    """
    stem = file.stem
    if stem.startswith("indicator_"):
        return stem
    return stem if re.match(r"^[0-9]{1,2}-[0-9A-Za-z]", stem) else None


def _is_sentence_file(frame: pl.DataFrame, roles: dict[str, str]) -> bool:
    """A file whose only content is a sentence in Year ("There is no data for this indicator
    yet", "This is a non-statistical indicator") is a placeholder, not bad data."""
    if "period" not in roles or frame.is_empty():
        return False
    year = pl.col(roles["period"]).fill_null("").str.strip_chars()
    value = pl.col(roles["value"]).fill_null("").str.strip_chars() if "value" in roles else None
    sentence = looks_like_sentence(year)
    empty = (value == "") if value is not None else pl.lit(True)
    return bool(frame.select((sentence & empty).all()).item())


def _tagged(problems: list[Problem], code: str) -> list[Problem]:
    """Problems of one indicator's file name that indicator, so it can be skipped alone."""
    return [p if p.indicator else replace(p, indicator=code) for p in problems]


def _read_file(
    root: Path, file: Path
) -> tuple[pl.DataFrame | None, str, list[str], bool, list[Problem]]:
    """(raw frame, code, dimensions, is placeholder, problems) of one data file."""
    name = file.relative_to(root).as_posix()
    code, reason = check_indicator(data_file_id(file) or "")
    if reason:
        message = f"unknown SDG indicator code: {reason}"
        return None, "", [], False, [Problem("error", message, name, code="unknown_code")]
    frame, problems = read_csv_frame(file, name)
    if frame is None:
        return None, code, [], False, _tagged(problems, code)
    if _is_placeholder(frame) or _is_sentence_file(frame, _roles(frame)[0]):
        return None, code, [], True, _tagged(problems, code)
    raw, columns, more = _data_raw(frame, code, name)
    return raw, code, columns, False, _tagged(problems + more, code)


def _read_data(
    root: Path,
) -> tuple[list[pl.DataFrame], dict[str, list[str]], list[str], list[Problem]]:
    frames: list[pl.DataFrame] = []
    dims: dict[str, list[str]] = {}
    placeholders: list[str] = []
    problems: list[Problem] = []
    for file in sorted((root / "data").glob("*.csv")):
        if data_file_id(file) is None:
            message = (
                "not named indicator_<id>.csv or <id>.csv: it belongs to no indicator; ignored"
            )
            problems.append(Problem("warning", message, f"data/{file.name}", code="file_ignored"))
            continue
        raw, code, columns, placeholder, more = _read_file(root, file)
        problems += more
        if placeholder:
            placeholders.append(file.relative_to(root).as_posix())
        if raw is not None:
            frames.append(raw)
            dims[code] = columns
    return frames, dims, placeholders, problems


def read_opensdg(path: Path, *, on_duplicate: OnDuplicate = "error") -> DataSet:
    """Read an Open SDG data repository folder (data and every metadata layout)."""
    if not path.exists():
        return DataSet(problems=[Problem("error", "no such folder", str(path), code="io")])
    if not path.is_dir() or not (path / "data").is_dir():
        message = "an Open SDG repository is a folder with a data/ folder of indicator_*.csv files"
        return DataSet(problems=[Problem("error", message, str(path), code="io")])
    frames, dims, placeholders, problems = _read_data(path)
    observations, dropped, more = finish(concat_raw(frames), on_duplicate)
    problems += more
    metadata, more = _read_metadata(path)
    problems += more
    indicators = {}
    for code in sorted(set(dims) | set(metadata) | set(observations["indicator"].unique())):
        indicators[code] = _indicator(code, metadata.get(code, {}), dims.get(code, []))
    return DataSet(observations, indicators, problems, placeholders, dropped)


# --------------------------------------------------------------------------------------------
# Metadata


def _metadata_files(root: Path) -> list[tuple[Path, str, str]]:
    """(file, language, kind) in merge order: later files override earlier keys."""
    found: list[tuple[Path, str, str]] = []
    found += [(f, DEFAULT_LANGUAGE, "md") for f in sorted(root.glob("global-meta/*.md"))]
    found += [(f, DEFAULT_LANGUAGE, "yml") for f in sorted(root.glob("indicator-config/*.yml"))]
    for pattern, kind in (("*.yml", "yml"), ("*.yaml", "yml"), ("*.md", "md")):
        found += [(f, DEFAULT_LANGUAGE, kind) for f in sorted(root.glob(f"meta/{pattern}"))]
    for folder in sorted(p for p in root.glob("meta/*") if p.is_dir()):
        if _LANGUAGE_DIR.match(folder.name):
            for pattern, kind in (("*.yml", "yml"), ("*.yaml", "yml"), ("*.md", "md")):
                found += [(f, folder.name, kind) for f in sorted(folder.glob(pattern))]
    found += [(f, DEFAULT_LANGUAGE, "csv") for f in sorted(root.glob("csv-meta/*.csv"))]
    return found


def _read_metadata(root: Path) -> tuple[dict[str, dict[str, dict[str, Any]]], list[Problem]]:
    """{indicator: {language: {key: value}}} merged over every metadata file."""
    problems: list[Problem] = []
    mapping: dict[str, str] = {}
    if (root / "metadata-mapping.csv").is_file():
        mapping, problems = read_mapping(root / "metadata-mapping.csv", "metadata-mapping.csv")
    result: dict[str, dict[str, dict[str, Any]]] = {}
    for file, lang, kind in _metadata_files(root):
        name = file.relative_to(root).as_posix()
        code, reason = check_indicator(file.stem)
        if reason:
            message = f"not an indicator metadata file ({reason}); ignored"
            problems.append(Problem("warning", message, name, code="metadata_ignored"))
            continue
        if kind == "yml":
            data, more = read_yaml(file, name)
        elif kind == "md":
            data, more = read_front_matter(file, name)
        else:
            data, more = read_key_values(file, name, mapping)
        problems += _tagged(more, code)
        result.setdefault(code, {}).setdefault(lang, {}).update(data)
    return result, problems


def _first(values: dict[str, dict[str, str]], key: str) -> str:
    """A key's value in the default language, else in the first language that has it."""
    langs = [DEFAULT_LANGUAGE, *sorted(values)]
    return next((values[lang][key] for lang in langs if values.get(lang, {}).get(key)), "")


def _name(values: dict[str, str]) -> str:
    for key in NAME_KEYS:
        text = values.get(key, "")
        if text and not _TRANSLATION_KEY.match(text):
            return text
    return ""


def _indicator(code: str, raw: dict[str, dict[str, Any]], dims: list[str]) -> IndicatorMeta:
    """Map Open SDG metadata keys to the model; every key is also kept in ``metadata``."""
    texts = {
        lang: {k: as_text(v) for k, v in values.items() if as_text(v) != ""}
        for lang, values in raw.items()
    }
    texts = {lang: values for lang, values in texts.items() if values}
    names = {lang: _name(values) for lang, values in texts.items() if _name(values)}
    status = _first(texts, "reporting_status").strip().lower().replace("_", "").replace(" ", "")
    organisations = {
        lang: values["source_organisation_1"]
        for lang, values in texts.items()
        if values.get("source_organisation_1")
    }
    return IndicatorMeta(
        code=code,
        names=names,
        unit=_first(texts, "computation_units"),
        reporting_status=STATUS_MAP.get(status),
        source_organisation=organisations,
        source_url=_first(texts, "source_url_1"),
        links=_own_id_links(code, texts),
        dimensions=list(dims),
        metadata=texts,
    )


def _own_id_links(code: str, texts: dict[str, dict[str, str]]) -> list[tuple[str, LinkKind]]:
    """Where a publisher's own id (10-x-1, 7-1) belongs: the target or goal its metadata
    (``target_id``, ``sdg_goal``) names, else its id's; an SDG code keeps its default links."""
    parsed = indicator_id(code)
    if parsed.sdg is not None and parsed.target_code in target_codes():
        return []
    target = _first(texts, "target_id").strip().replace("-", ".")
    if target in target_codes():
        return [(target.replace(".", "-"), "supplementary")]
    goal = _first(texts, "sdg_goal").strip()
    if goal.isdigit() and 1 <= int(goal) <= MAX_GOAL:
        return [(str(int(goal)), "supplementary")]
    if parsed.target_code in target_codes():
        return [(str(parsed.target_code).replace(".", "-"), "supplementary")]
    return [(str(parsed.goal), "supplementary")]


# --------------------------------------------------------------------------------------------
# Writer

RESERVED: Final = ("Year", "Value", "Units", "Series", *FLAG_COLUMNS, *FOOTNOTE_COLUMNS)


def _data_frame(data: DataSet, code: str, obs: pl.DataFrame) -> pl.DataFrame:
    """One indicator's data file: Year, [Series], [Units], dims, [GeoCode], attributes, Value."""
    sub = DataSet(obs, {code: data.indicators[code]} if code in data.indicators else {})
    dims = ordered_dimensions(sub, obs)
    declared = data.indicators[code].dimensions if code in data.indicators else []
    if not any(d.lower() == "geocode" for d in declared):  # GeoCode last unless placed
        dims = [d for d in dims if d.lower() != "geocode"] + [
            d for d in dims if d.lower() == "geocode"
        ]
    check_names(dims, RESERVED, "opensdg")
    columns: list[pl.Expr] = [pl.col("period").alias("Year")]
    for column, header in (("series", "Series"), ("unit", "Units")):
        if (obs[column] != "").any():
            columns.append(pl.col(column).alias(header))
    columns += expanded(obs, dims)[:-1]
    for column, header in (("flags", "OBS_STATUS"), ("footnote", "COMMENT_OBS")):
        if (obs[column] != "").any():
            columns.append(pl.col(column).alias(header))
    columns.append(expanded(obs, [])[-1].alias("Value"))
    return obs.select(columns)


def _meta_documents(meta: IndicatorMeta) -> dict[str, dict[str, str]]:
    """Per language, the keys to write: the kept metadata plus the mapped fields."""
    docs = {lang: dict(values) for lang, values in meta.metadata.items()}
    default = docs.setdefault(DEFAULT_LANGUAGE, {})
    for lang, name in meta.names.items():
        doc = docs.setdefault(lang, {})
        if _name(doc) != name:
            doc["indicator_name"] = name
    for lang, organisation in meta.source_organisation.items():
        docs.setdefault(lang, {})["source_organisation_1"] = organisation
    reverse = {v: k for k, v in STATUS_MAP.items()}
    fields = {
        "computation_units": meta.unit,
        "source_url_1": meta.source_url,
        "reporting_status": reverse.get(meta.reporting_status, "") if meta.reporting_status else "",
    }
    for key, value in fields.items():
        if value and _first(docs, key) != value:
            default[key] = value
    return {lang: doc for lang, doc in docs.items() if doc or lang == DEFAULT_LANGUAGE}


def opensdg_files(data: DataSet) -> Iterator[tuple[str, bytes]]:
    """``data/indicator_<id>.csv`` and ``meta/[<lang>/]<id>.yml`` of a repository, one at a
    time (path in the repository, bytes), so a large repository is never whole in memory."""
    obs = written_order(data)
    for (code,), group in obs.group_by(["indicator"], maintain_order=True):
        yield f"data/indicator_{code}.csv", csv_bytes(_data_frame(data, str(code), group))
    for code, meta in sorted(data.indicators.items()):
        for lang, doc in _meta_documents(meta).items():
            folder = "meta" if lang == DEFAULT_LANGUAGE else f"meta/{lang}"
            text = yaml.safe_dump(doc, allow_unicode=True, sort_keys=True, width=10**6)
            yield f"{folder}/{code}.yml", text.encode("utf-8")
