"""Reading Open SDG metadata files: YAML, Markdown with YAML front matter, key/value CSV.

Errors become :class:`Problem` objects naming the file and the line the YAML parser stopped at;
a malformed file never raises.
"""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

import yaml

from localsdg.core.formats.model import Problem
from localsdg.core.formats.textio import decode

__all__ = ["read_yaml", "read_front_matter", "read_key_values", "as_text"]

try:  # the C loader is several times faster; fall back when libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


def _text(path: Path, name: str) -> tuple[str | None, list[Problem]]:
    try:
        data = path.read_bytes()
    except OSError as error:
        return None, [Problem("error", f"cannot read the file: {error.strerror}", name, code="io")]
    return decode(data, name)


def _load(text: str, name: str, first_line: int) -> tuple[dict[str, Any], list[Problem]]:
    """Parse YAML text that must be a mapping (or empty)."""
    try:
        loaded = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = first_line + mark.line if mark is not None else None
        reason = getattr(error, "problem", None) or str(error).splitlines()[0]
        message = f"malformed YAML: {reason}"
        return {}, [Problem("error", message, name, line, code="yaml")]
    if loaded is None:
        return {}, []
    if not isinstance(loaded, dict):
        message = f"the YAML must be a mapping of keys to values, not a {type(loaded).__name__}"
        return {}, [Problem("error", message, name, first_line, code="yaml")]
    return {str(k): v for k, v in loaded.items()}, []


def read_yaml(path: Path, name: str) -> tuple[dict[str, Any], list[Problem]]:
    text, problems = _text(path, name)
    if text is None:
        return {}, problems
    data, more = _load(text, name, 1)
    return data, problems + more


def read_front_matter(path: Path, name: str) -> tuple[dict[str, Any], list[Problem]]:
    """Markdown with YAML between ``---`` lines; a non-empty body becomes ``page_content``."""
    text, problems = _text(path, name)
    if text is None:
        return {}, problems
    lines = text.splitlines()
    if not lines or lines[0].strip() != "---":
        return _without_front_matter(text, name, problems)
    end = next((i for i, line in enumerate(lines[1:], 1) if line.strip() == "---"), None)
    if end is None:
        message = "the YAML front matter is not closed by a second '---' line"
        return {}, [*problems, Problem("error", message, name, 1, code="front_matter")]
    data, more = _load("\n".join(lines[1:end]), name, 2)
    body = "\n".join(lines[end + 1 :]).strip()
    if body and "page_content" not in data:
        data["page_content"] = body
    return data, problems + more


def _without_front_matter(
    text: str, name: str, problems: list[Problem]
) -> tuple[dict[str, Any], list[Problem]]:
    """Some repositories save plain YAML as ``.md``; accept it when it parses as a mapping."""
    data, more = _load(text, name, 1)
    if more or not data:
        message = "a Markdown metadata file must start with a '---' line (YAML front matter)"
        return {}, [*problems, Problem("error", message, name, 1, code="front_matter")]
    message = "no '---' front matter; the whole file was read as YAML metadata"
    return data, [*problems, Problem("warning", message, name, 1, code="front_matter")]


def read_key_values(
    path: Path, name: str, mapping: dict[str, str]
) -> tuple[dict[str, Any], list[Problem]]:
    """A two-column CSV of label,value rows; labels are mapped to keys (unmapped kept as is)."""
    text, problems = _text(path, name)
    if text is None:
        return {}, problems
    data: dict[str, Any] = {}
    for row in csv.reader(io.StringIO(text)):
        if len(row) >= 2 and row[0].strip() and row[1].strip():
            label = row[0].strip()
            data[mapping.get(label, label)] = row[1].strip()
    return data, problems


def read_mapping(path: Path, name: str) -> tuple[dict[str, str], list[Problem]]:
    """``metadata-mapping.csv``: label,key rows (a header row, if any, maps harmlessly)."""
    data, problems = read_key_values(path, name, {})
    return {k: str(v) for k, v in data.items()}, problems


def as_text(value: Any) -> str:
    """Metadata values are kept as text; structured values as one-line YAML."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value
    if isinstance(value, int | float | date | datetime):
        return str(value)
    dumped: str = yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10**6)
    return dumped.strip()
