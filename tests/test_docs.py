"""The documentation names everything a user can set, run or call.

Each test reads the source of truth at run time (the settings read in the code, the command-line
app, the API schema, the format and method registries) and the Markdown pages, so a new setting,
command, option, endpoint, format or method fails here until it is documented. The rules:

- settings: every ``LOCALSDG_*`` name in ``localsdg/`` has a row in the table of
  ``docs/settings.md`` (the first cell names it in backticks), and every row names one that is read;
- commands: every command is written as ``localsdg <command>`` in README.md or a page under docs/,
  and each of its options (one of its spellings, ``--serve`` or ``--no-serve``) is written in a
  passage that names the command: the same paragraph, list item, table row or command line, or
  the section under a heading that names it. An option that an environment variable can give is
  documented by naming the flag in that variable's row of ``docs/settings.md``;
- API: every operation of the OpenAPI schema is written as ``METHOD /api/v1/path`` in
  ``docs/api.md`` with its path template as the schema spells it, and every one written there
  exists;
- formats and progress methods: each registered name is in a heading of ``docs/data-formats.md``
  or ``docs/methods.md``, in backticks.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import typer

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "localsdg"
DOCS = ROOT / "docs"
SETTING = re.compile(r"LOCALSDG_[A-Z0-9_]+")
HEADING = re.compile(r"^#{1,6}\s")
FENCE = re.compile(r"^\s*(```|~~~)")
NEW_ITEM = re.compile(r"^\s*([-*+]|\d+\.)\s|^\s*\|")
HTTP_METHODS = {"get", "post", "put", "patch", "delete", "head", "options"}


def read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def doc_pages() -> list[Path]:
    return [ROOT / "README.md", *sorted(DOCS.rglob("*.md"))]


# Settings ----------------------------------------------------------------------------------------


def settings_in_code() -> dict[str, list[str]]:
    """Every ``LOCALSDG_*`` name in the package's Python files, with where it is written."""
    found: dict[str, list[str]] = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        for number, line in enumerate(read(path).splitlines(), start=1):
            for name in SETTING.findall(line):
                found.setdefault(name, []).append(f"{path.relative_to(ROOT)}:{number}")
    return found


def settings_table() -> dict[str, str]:
    """The rows of the tables in docs/settings.md, by each name their first cell gives."""
    rows: dict[str, str] = {}
    for line in read(DOCS / "settings.md").splitlines():
        cells = line.strip().strip("|").split("|")
        if not line.lstrip().startswith("|") or len(cells) < 2:
            continue
        for name in re.findall(r"`(LOCALSDG_[A-Z0-9_]+)`", cells[0]):
            rows[name] = line
    return rows


def test_the_scan_finds_settings() -> None:
    found = settings_in_code()
    assert "LOCALSDG_DATA_DIR" in found and len(found) > 10, sorted(found)


def test_every_setting_is_documented() -> None:
    documented = settings_table()
    missing = {
        name: where[0] for name, where in settings_in_code().items() if name not in documented
    }
    assert missing == {}, "settings read in localsdg/ without a row in docs/settings.md: " + (
        ", ".join(f"{name} (first at {where})" for name, where in sorted(missing.items()))
    )


def test_every_documented_setting_exists() -> None:
    stale = sorted(set(settings_table()) - set(settings_in_code()))
    assert stale == [], f"docs/settings.md documents settings nothing in localsdg/ reads: {stale}"


# Commands ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Passage:
    """A unit of a page: what must name the command (``names``) and where its options may be."""

    names: str
    text: str


def passages(text: str) -> Iterator[Passage]:
    """The units a command and its options must share: a paragraph, a list item, a table row or a
    command line in a code block (with its ``\\`` continuations); and a whole section, which
    names what its heading names."""
    heading = ""
    section: list[str] = []
    block: list[str] = []
    in_code = False
    for line in text.splitlines():
        if FENCE.match(line):
            yield from _flush(block)
            in_code = not in_code
        elif in_code:
            block.append(line)
            if not line.rstrip().endswith("\\"):
                yield from _flush(block)
        elif HEADING.match(line):
            yield from _flush(block)
            yield from _flush(section, heading)
            heading = line
        elif not line.strip() or NEW_ITEM.match(line):
            yield from _flush(block)
            block.append(line)
        else:
            block.append(line)
        section.append(line)
    yield from _flush(block)
    yield from _flush(section, heading)


def _flush(lines: list[str], names: str | None = None) -> Iterator[Passage]:
    text = "\n".join(lines).strip()
    lines.clear()
    if text:
        yield Passage(text if names is None else names, text)


def mentions(text: str, words: str) -> bool:
    """``words`` written as a whole: ``localsdg export`` is not in ``localsdg export-site``."""
    return re.search(rf"(?<![\w-]){re.escape(words)}(?![\w-])", text) is not None


@dataclass(frozen=True)
class CommandDoc:
    path: str  # "data releases"
    options: tuple[tuple[str, ...], ...]  # the spellings of each option
    envvars: tuple[str | None, ...]


def commands() -> list[CommandDoc]:
    """Every command of the ``localsdg`` app, groups walked down to the commands that run."""
    from localsdg.cli import app

    found: list[CommandDoc] = []

    def walk(command: Any, path: list[str]) -> None:
        subcommands = getattr(command, "commands", None)
        if subcommands:
            for name, sub in sorted(subcommands.items()):
                if not getattr(sub, "hidden", False):
                    walk(sub, [*path, name])
            return
        options = [p for p in command.params if p.param_type_name == "option" and not p.hidden]
        spellings = []
        for option in options:
            names = [*option.opts, *option.secondary_opts]
            spellings.append(tuple(n for n in names if n.startswith("--")) or tuple(names))
        envvars = tuple(o.envvar if isinstance(o.envvar, str) else None for o in options)
        found.append(CommandDoc(" ".join(path), tuple(spellings), envvars))

    walk(typer.main.get_command(app), [])
    return found


def command_passages() -> dict[str, list[tuple[str, str]]]:
    """For each command, the (page, passage text) pairs that name it as ``localsdg <command>``."""
    pages = {page.relative_to(ROOT).as_posix(): list(passages(read(page))) for page in doc_pages()}
    found: dict[str, list[tuple[str, str]]] = {}
    for command in commands():
        for page, page_passages in pages.items():
            for passage in page_passages:
                if mentions(passage.names, f"localsdg {command.path}"):
                    found.setdefault(command.path, []).append((page, passage.text))
    return found


def test_an_option_counts_only_in_a_passage_that_names_its_command() -> None:
    page = "\n".join(
        [
            "# Commands",
            "",
            "```sh",
            "localsdg serve [--workers 2]",
            "localsdg export-site OUTDIR \\",
            "    [--lang ja,en]",
            "```",
            "",
            "`localsdg check` verifies the setup. A second line of the same paragraph",
            "with `--fast`.",
            "",
            "Another paragraph with `--slow`.",
            "",
            "## Running `localsdg assess`",
            "",
            "Give `--method`.",
        ]
    )
    named: dict[str, str] = {}
    for passage in passages(page):
        for command in ("serve", "export-site", "check", "assess"):
            if mentions(passage.names, f"localsdg {command}"):
                named[command] = named.get(command, "") + "\n" + passage.text
    assert mentions(named["serve"], "--workers")
    assert mentions(named["export-site"], "--lang") and not mentions(
        named["export-site"], "--workers"
    )
    assert mentions(named["check"], "--fast") and not mentions(named["check"], "--slow")
    assert mentions(named["assess"], "--method")
    assert not mentions("localsdg export-site", "localsdg export")


def test_the_walk_finds_commands_and_options() -> None:
    found = {c.path: c for c in commands()}
    assert len(found) > 10 and "data releases" in found, sorted(found)
    assert ("--on-duplicate",) in found["import"].options


def test_every_command_is_documented() -> None:
    named = command_passages()
    missing = [c.path for c in commands() if c.path not in named]
    assert missing == [], "commands not written as `localsdg <command>` in README.md or docs/: " + (
        ", ".join(f"localsdg {path}" for path in missing)
    )


def option_is_documented(
    spellings: tuple[str, ...], envvar: str | None, texts: list[str], settings_rows: dict[str, str]
) -> bool:
    if envvar and any(mentions(settings_rows.get(envvar, ""), s) for s in spellings):
        return True
    return any(mentions(text, s) for text in texts for s in spellings)


def test_every_option_is_documented_next_to_its_command() -> None:
    named = command_passages()
    settings_rows = settings_table()
    missing = []
    for command in commands():
        texts = [passage for _page, passage in named.get(command.path, [])]
        for spellings, envvar in zip(command.options, command.envvars, strict=True):
            if not option_is_documented(spellings, envvar, texts, settings_rows):
                pages = sorted({page for page, _ in named.get(command.path, [])}) or ["no page"]
                missing.append(
                    f"localsdg {command.path} {'/'.join(spellings)} (the command is named in "
                    f"{', '.join(pages)})"
                )
    assert missing == [], (
        "options not written in a passage that names their command:\n" + "\n".join(missing)
    )


# API ---------------------------------------------------------------------------------------------


def api_operations() -> set[str]:
    """``METHOD /api/v1/path`` for every operation of the API's OpenAPI schema."""
    from localsdg.api.api import api

    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method in operations
        if method in HTTP_METHODS
    }


def documented_operations() -> set[str]:
    """Every ``METHOD /api/v1/path`` written in docs/api.md (the query string left off)."""
    pattern = r"\b(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) (/api/v1/[^\s`?#|)]*)"
    return {f"{method} {path}" for method, path in re.findall(pattern, read(DOCS / "api.md"))}


def test_the_schema_has_operations() -> None:
    operations = api_operations()
    assert "GET /api/v1/organisations" in operations and len(operations) > 10, operations


def test_every_api_operation_is_documented() -> None:
    missing = sorted(api_operations() - documented_operations())
    assert missing == [], f"API operations missing from docs/api.md: {missing}"


def test_every_documented_api_operation_exists() -> None:
    stale = sorted(documented_operations() - api_operations())
    assert stale == [], f"docs/api.md documents operations the API does not have: {stale}"


# Formats and progress methods --------------------------------------------------------------------


def headings_naming(page: Path) -> set[str]:
    """The names written in backticks in the headings of a page."""
    names: set[str] = set()
    in_code = False
    for line in read(page).splitlines():
        if FENCE.match(line):
            in_code = not in_code
        elif not in_code and HEADING.match(line):
            names.update(re.findall(r"`([^`]+)`", line))
    return names


def test_every_format_is_documented() -> None:
    from localsdg.core.formats.registry import FORMATS

    assert FORMATS
    missing = sorted(set(FORMATS) - headings_naming(DOCS / "data-formats.md"))
    assert missing == [], f"formats without a `name` heading in docs/data-formats.md: {missing}"


def test_every_progress_method_is_documented() -> None:
    from localsdg.core.progress import METHODS

    assert METHODS
    missing = sorted(set(METHODS) - headings_naming(DOCS / "methods.md"))
    assert missing == [], f"progress methods without a `name` heading in docs/methods.md: {missing}"
