"""Reading the framework data files: YAML records, CSV tables of texts, and where texts come from.

A translation that is published as a table (one row per target, as a ministry prints it) is
kept as that table, byte for byte, so that it can be compared with its source again at any
time. Its texts are stored exactly as given: no Unicode normalisation, no trimming. Checking is
strict instead, because a slip in such a file (a lost quote, a row pasted twice) would otherwise
show up as a wrong text on a public page: every error names the file, the line, the column and
the reason.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any

import yaml

from localsdg.core.codes import InvalidCode, Kind, parse_code

__all__ = [
    "BLOCKS",
    "DataFiles",
    "FrameworkDataError",
    "TextSource",
    "parse_text_table",
    "text_sources",
]

REFERENCE_LANGUAGE = "en"
BLOCKS = ("goals", "targets", "indicators")
# Blocks that may come from a CSV table, and the kind of code in its key column.
TABLE_KEYS: Mapping[str, Kind] = {"targets": "target", "indicators": "indicator"}

try:  # the C loader is several times faster; fall back when libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


class FrameworkDataError(ValueError):
    """The data files are inconsistent; the message names the file, the line or record, and why."""


def _error(name: str, reason: str, line: int | None = None, column: str = "") -> FrameworkDataError:
    where = f"framework data file {name}"
    if line is not None:
        where += f", line {line}"
    if column:
        where += f", column {column}"
    return FrameworkDataError(f"{where}: {reason}")


# ---------------------------------------------------------------------------------------------
# The data folder


@dataclass(frozen=True)
class DataFiles:
    """A folder of framework data: the packaged ``data/`` or a copy of it being checked."""

    root: Traversable | Path

    @classmethod
    def packaged(cls) -> DataFiles:
        return cls(resources.files(__package__).joinpath("data"))

    def _file(self, name: str) -> Traversable | Path:
        return self.root.joinpath(*name.split("/"))

    def read_yaml(self, name: str) -> Any:
        """Parse one YAML file; a missing or malformed file names itself in the error."""
        try:
            return yaml.load(self._file(name).read_text(encoding="utf-8"), Loader=_Loader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
            raise _error(name, str(error)) from error

    def read_bytes(self, name: str) -> bytes:
        try:
            return self._file(name).read_bytes()
        except OSError as error:
            raise _error(name, f"cannot be read ({error.strerror or error})") from error


# ---------------------------------------------------------------------------------------------
# CSV tables of texts


def _decode(data: bytes, name: str) -> str:
    """UTF-8 text (a byte-order mark, as spreadsheet programs write one, is allowed)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start : error.start + 1].hex().upper()
        raise _error(name, f"not UTF-8 text (byte 0x{byte})", line) from error


def _rows(content: str, name: str) -> list[tuple[int, list[str]]]:
    """The non-blank rows with the line each starts on (a quoted text may span lines)."""
    reader = csv.reader(io.StringIO(content, newline=""), strict=True)
    rows: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            if row:
                rows.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:  # reported at the line where the broken row starts
        reason = "a quote opened in this row is never closed"
        if "end of data" not in str(error):
            reason = f"not valid CSV ({error})"
        raise _error(name, reason, start) from error
    return rows


def _column_indexes(header: list[str], name: str, columns: Sequence[str]) -> list[int]:
    missing = [column for column in columns if column not in header]
    if missing:
        found = ", ".join(header)
        raise _error(name, f"the header has no column {missing[0]!r} (it has: {found})", 1)
    duplicated = sorted({column for column in header if header.count(column) > 1})
    if duplicated:
        raise _error(name, f"the header names the column {duplicated[0]!r} twice", 1)
    return [header.index(column) for column in columns]


def _table_code(value: str, kind: Kind, known: set[str], name: str, where: tuple[int, str]) -> str:
    """A code exactly as the framework writes it (dotted), and one the framework contains."""
    line, column = where
    try:
        code = parse_code(value)
    except InvalidCode as error:
        raise _error(name, str(error), line, column) from error
    if code.kind != kind or code.is_local or code.dotted != value:
        raise _error(name, f"{value!r} is not a dotted {kind} code such as 11.6", line, column)
    if value not in known:
        raise _error(name, f"{kind} {value} is not in the SDG framework", line, column)
    return value


def _text_problem(text: str) -> str | None:
    """Why a text cannot be stored as it is, or None. The text itself is never altered."""
    if not text.strip():
        return "is empty"
    if text != text.strip():
        return "has spaces at its start or end"
    for char in text:
        if char in "\r\n":
            return "contains a line break (is a quote left open?)"
        if unicodedata.category(char) == "Cc":
            return f"contains a control character (U+{ord(char):04X})"
    return None


def parse_text_table(
    data: bytes, *, name: str, kind: Kind, column: str, expected: Sequence[str]
) -> dict[str, str]:
    """The texts of a CSV table keyed by code: every code of ``expected`` exactly once.

    The key column is named after the kind (``target``); the text column is ``column``
    (``title_ja``). Other columns are documentation of the texts' provenance and are not read.
    ``name`` is how errors name the file (never a server path).
    """
    rows = _rows(_decode(data, name), name)
    if not rows:
        raise _error(name, f"is empty; a header with the columns {kind} and {column} is expected")
    (_, header), body = rows[0], rows[1:]
    key_index, text_index = _column_indexes(header, name, (kind, column))
    known = set(expected)
    texts: dict[str, str] = {}
    first_line: dict[str, int] = {}
    for line, row in body:
        if len(row) != len(header):
            reason = f"the row has {len(row)} fields, the header has {len(header)}"
            raise _error(name, reason, line)
        code = _table_code(row[key_index], kind, known, name, (line, kind))
        if code in texts:
            reason = f"{kind} {code} appears twice (first on line {first_line[code]})"
            raise _error(name, reason, line, kind)
        problem = _text_problem(row[text_index])
        if problem:
            raise _error(name, f"the text of {kind} {code} {problem}", line, column)
        texts[code] = row[text_index]
        first_line[code] = line
    missing = [code for code in expected if code not in texts]
    if missing:
        shown = ", ".join(missing[:10]) + (" …" if len(missing) > 10 else "")
        reason = f"{len(missing)} of the {len(expected)} {kind}s have no row: {shown}"
        raise _error(name, reason)
    return {code: texts[code] for code in expected}


# ---------------------------------------------------------------------------------------------
# Where the texts of each language come from


@dataclass(frozen=True)
class TextSource:
    """The published source of one block of texts (goals, targets, indicators) in one language.

    ``attribution`` holds the credit lines the source asks for, in the source's own language,
    to be shown verbatim wherever the texts are shown or passed on.
    """

    language: str
    block: str
    file: str
    source: str
    licence: str = ""
    attribution: tuple[str, ...] = ()

    @property
    def is_table(self) -> bool:
        return self.file.endswith(".csv")


def _required_text(raw: Mapping[str, Any], key: str, where: str) -> str:
    value = raw.get(key)
    if not isinstance(value, str) or not value.strip():
        raise _error("meta.yml", f"{where}: {key!r} must be a non-empty text")
    return " ".join(value.split())


def _text_source(lang: str, block: str, raw: Any) -> TextSource:
    where = f"texts.{lang}.{block}"
    if not isinstance(raw, dict):
        raise _error("meta.yml", f"{where} must be a mapping with 'source' (and 'file')")
    file = str(raw.get("file") or f"i18n/{lang}.yml")
    if file.endswith(".csv") and block not in TABLE_KEYS:
        raise _error("meta.yml", f"{where}: only {' and '.join(TABLE_KEYS)} can come from a CSV")
    if not file.endswith((".csv", f"i18n/{lang}.yml")):
        raise _error("meta.yml", f"{where}: 'file' must be a .csv table or i18n/{lang}.yml")
    attribution = raw.get("attribution") or []
    if isinstance(attribution, str):
        attribution = [attribution]
    return TextSource(
        language=lang,
        block=block,
        file=file,
        source=_required_text(raw, "source", where),
        licence=" ".join(str(raw.get("licence") or "").split()),
        attribution=tuple(str(line).strip() for line in attribution if str(line).strip()),
    )


def text_sources(meta: Mapping[str, Any], languages: Sequence[str]) -> tuple[TextSource, ...]:
    """The ``texts`` record of meta.yml: per language other than English, per block, its source."""
    raw = meta.get("texts") or {}
    if not isinstance(raw, dict):
        raise _error("meta.yml", "'texts' must be a mapping of languages")
    sources = []
    for lang, blocks in raw.items():
        if lang not in languages or lang == REFERENCE_LANGUAGE:
            raise _error("meta.yml", f"texts: {lang!r} is not one of the translated languages")
        for block, entry in (blocks or {}).items():
            if block not in BLOCKS:
                raise _error("meta.yml", f"texts.{lang}: {block!r} is not one of {BLOCKS}")
            sources.append(_text_source(str(lang), str(block), entry))
    return tuple(sources)
