"""The official SDG framework (goals, targets, global indicators) as read-only data.

The texts live in data files beside this module (``data/``: YAML, and CSV tables for texts
published as tables); this module loads them once, checks that they are consistent, and answers
lookups by any code spelling that :func:`localsdg.core.codes.parse_code` accepts. Which framework
revision the data describes, and where the texts of every language come from, is written in
``data/meta.yml`` (its ``texts`` record) and ``SOURCES.md``.

Lookups raise :class:`UnknownCode` (a ``KeyError``) for a well-formed code that the framework does
not contain, :class:`WithdrawnCode` (a subclass) for an indicator a revision deleted, and
:class:`~localsdg.core.codes.InvalidCode` (a ``ValueError``) for text that is not a code at all.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from importlib.resources.abc import Traversable
from pathlib import Path
from types import MappingProxyType
from typing import Any

from localsdg.core.codes import InvalidCode, Kind, SdgCode, SortKey, parse_code
from localsdg.core.framework.files import (
    REFERENCE_LANGUAGE,
    TABLE_KEYS,
    DataFiles,
    FrameworkDataError,
    TextSource,
    parse_text_table,
    text_sources,
)

__all__ = [
    "REFERENCE_LANGUAGE",
    "Alias",
    "Framework",
    "FrameworkDataError",
    "GlobalIndicator",
    "Goal",
    "LanguageStats",
    "Target",
    "TextSource",
    "UnknownCode",
    "WithdrawnCode",
    "contrast_ratio",
    "load_framework",
    "load_framework_from",
    "relative_luminance",
    "text",
    "text_colour_for",
]

WHITE = "#FFFFFF"
NEAR_BLACK = "#1A1A1A"
_MAX_ALIAS_HOPS = 10


class UnknownCode(KeyError):
    """A well-formed code that the framework does not contain (or of the wrong kind)."""

    def __init__(self, code: str, reason: str) -> None:
        self.code = code
        self.reason = reason
        super().__init__(f"{code!r} {reason}")

    def __str__(self) -> str:
        # KeyError would wrap the message in quotes; a plain sentence reads better in a CLI.
        return str(self.args[0])


class WithdrawnCode(UnknownCode):
    """An indicator code that a framework revision deleted without a successor."""

    def __init__(self, code: str, alias: Alias) -> None:
        self.alias = alias
        reason = f"was withdrawn by the {alias.revision}: {alias.note}"
        super().__init__(code, reason)


# ---------------------------------------------------------------------------------------------
# Records


def _frozen(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


@dataclass(frozen=True)
class Goal:
    """One of the 17 goals, with its official colour and a text colour readable on it."""

    number: int
    colour: str
    text_colour: str
    title: Mapping[str, str] = field(hash=False)
    short_title: Mapping[str, str] = field(hash=False)

    @property
    def code(self) -> str:
        return str(self.number)

    @property
    def sort_key(self) -> SortKey:
        return SdgCode(self.number).sort_key


@dataclass(frozen=True)
class Target:
    """One of the 169 targets; ``code`` is dotted (``11.6``)."""

    code: str
    goal: int
    title: Mapping[str, str] = field(hash=False)
    sort_key: SortKey = field(default=(0, 0, 0, ""), repr=False)


@dataclass(frozen=True)
class GlobalIndicator:
    """A listed global indicator; ``same_as`` names the first listing of a repeated indicator."""

    code: str
    target: str
    goal: int
    title: Mapping[str, str] = field(hash=False)
    same_as: str | None = None
    sort_key: SortKey = field(default=(0, 0, 0, ""), repr=False)

    @property
    def is_repeat(self) -> bool:
        return self.same_as is not None


@dataclass(frozen=True)
class Alias:
    """An old indicator code: ``new_code`` replaces it, or None when it was deleted."""

    old_code: str
    new_code: str | None
    revision: str
    note: str


@dataclass(frozen=True)
class LanguageStats:
    """How much of the framework has a real (not fallback) text in one language."""

    language: str
    goals_translated: int
    goals_total: int
    targets_translated: int
    targets_total: int
    indicators_translated: int
    indicators_total: int

    @property
    def translated(self) -> int:
        return self.goals_translated + self.targets_translated + self.indicators_translated

    @property
    def total(self) -> int:
        return self.goals_total + self.targets_total + self.indicators_total

    @property
    def percent(self) -> float:
        """Completeness over all goals, targets and listed indicators, 0-100, one decimal."""
        return round(100.0 * self.translated / self.total, 1) if self.total else 0.0


# ---------------------------------------------------------------------------------------------
# Colours


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    """WCAG 2 relative luminance of ``#RRGGBB``."""
    digits = hex_colour.lstrip("#")
    if len(digits) != 6:
        raise ValueError(f"{hex_colour!r} is not a #RRGGBB colour")
    r, g, b = (int(digits[i : i + 2], 16) for i in (0, 2, 4))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG 2 contrast ratio between two colours (1 to 21)."""
    high, low = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_colour_for(background: str) -> str:
    """White or near-black, whichever contrasts more with the background (WCAG AA needs 4.5)."""
    on_white = contrast_ratio(background, WHITE)
    on_dark = contrast_ratio(background, NEAR_BLACK)
    return WHITE if on_white >= on_dark else NEAR_BLACK


def text(mapping: Mapping[str, str], lang: str) -> tuple[str, bool]:
    """The text in ``lang``, or the English text with ``is_fallback=True`` when it is missing."""
    if lang in mapping:
        return mapping[lang], False
    return mapping[REFERENCE_LANGUAGE], lang != REFERENCE_LANGUAGE


# ---------------------------------------------------------------------------------------------
# The framework


@dataclass(frozen=True)
class Framework:
    """The whole framework, with lookups by any code spelling."""

    revision: str
    languages: tuple[str, ...]
    goals: tuple[Goal, ...]
    targets: tuple[Target, ...]
    indicators: tuple[GlobalIndicator, ...]
    aliases: tuple[Alias, ...]
    revision_short: str = ""
    # The published documents of the English texts and the indicator list (meta.yml).
    sources: tuple[str, ...] = ()
    # Where each block of texts in each language other than English comes from (meta.yml).
    text_sources: tuple[TextSource, ...] = ()
    _index: Mapping[str, Goal | Target | GlobalIndicator] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )
    _alias_index: Mapping[str, Alias] = field(
        default_factory=dict, repr=False, compare=False, hash=False
    )

    def __post_init__(self) -> None:
        index: dict[str, Goal | Target | GlobalIndicator] = {g.code: g for g in self.goals}
        index.update((t.code, t) for t in self.targets)
        index.update((i.code, i) for i in self.indicators)
        object.__setattr__(self, "_index", MappingProxyType(index))
        aliases = {a.old_code: a for a in self.aliases}
        object.__setattr__(self, "_alias_index", MappingProxyType(aliases))

    @property
    def unique_indicator_count(self) -> int:
        """Indicators counted once even when listed under several targets."""
        return sum(1 for i in self.indicators if i.same_as is None)

    def goal(self, number: int | str) -> Goal:
        """The goal by number (or any goal code spelling)."""
        code = str(number) if isinstance(number, int) else number
        found = self._lookup(code, "goal")
        assert isinstance(found, Goal)
        return found

    def target(self, code: str) -> Target:
        found = self._lookup(code, "target")
        assert isinstance(found, Target)
        return found

    def indicator(self, code: str) -> GlobalIndicator:
        """The global indicator, following aliases for codes that a revision renumbered."""
        found = self._lookup(code, "indicator")
        assert isinstance(found, GlobalIndicator)
        return found

    def resolve(self, code: str) -> Goal | Target | GlobalIndicator:
        """Whatever the code names: a goal, a target or a global indicator."""
        return self._lookup(code, None)

    def alias(self, code: str) -> Alias | None:
        """The alias record for an old code, if a revision deleted or renumbered it."""
        return self._alias_index.get(parse_code(code).dotted)

    def targets_of(self, goal: int) -> tuple[Target, ...]:
        number = self.goal(goal).number
        return tuple(t for t in self.targets if t.goal == number)

    def indicators_of(self, target_code: str) -> tuple[GlobalIndicator, ...]:
        code = self.target(target_code).code
        return tuple(i for i in self.indicators if i.target == code)

    def stats(self) -> list[LanguageStats]:
        """Translation completeness per configured language."""
        return [self._language_stats(lang) for lang in self.languages]

    def _language_stats(self, lang: str) -> LanguageStats:
        goals = sum(1 for g in self.goals if lang in g.title and lang in g.short_title)
        return LanguageStats(
            language=lang,
            goals_translated=goals,
            goals_total=len(self.goals),
            targets_translated=sum(1 for t in self.targets if lang in t.title),
            targets_total=len(self.targets),
            indicators_translated=sum(1 for i in self.indicators if lang in i.title),
            indicators_total=len(self.indicators),
        )

    def _lookup(self, text_code: str, kind: Kind | None) -> Goal | Target | GlobalIndicator:
        code = parse_code(text_code)
        if code.is_local:
            raise UnknownCode(
                text_code,
                f"is a local indicator id; its global indicator is {code.parent}",
            )
        if kind is not None and code.kind != kind:
            raise UnknownCode(
                text_code, f"is {_article(code.kind)} code, not {_article(kind)} code"
            )
        return self._follow(text_code, code.dotted)

    def _follow(self, original: str, dotted: str) -> Goal | Target | GlobalIndicator:
        """Find the record, following alias hops from old codes to current ones."""
        for _ in range(_MAX_ALIAS_HOPS):
            record = self._index.get(dotted)
            if record is not None:
                return record
            alias = self._alias_index.get(dotted)
            if alias is None:
                break
            if alias.new_code is None:
                raise WithdrawnCode(original, alias)
            dotted = alias.new_code
        raise UnknownCode(
            original, f"is not in the SDG framework ({self.revision_short or self.revision})"
        )

    def text_source(self, lang: str, block: str) -> TextSource | None:
        """The source of the ``block`` texts (goals, targets, indicators) in ``lang``, if any."""
        for source in self.text_sources:
            if (source.language, source.block) == (lang, block):
                return source
        return None


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


# ---------------------------------------------------------------------------------------------
# Loading


def _meta(data: DataFiles) -> dict[str, Any]:
    meta = data.read_yaml("meta.yml")
    if not isinstance(meta, dict) or "revision" not in meta:
        raise FrameworkDataError("framework data file meta.yml: 'revision' is missing")
    return meta


def _check_code(value: Any, kind: Kind, where: str) -> SdgCode:
    """Parse a code from a data file and insist on its kind and canonical dotted spelling."""
    try:
        code = parse_code(str(value))
    except InvalidCode as error:
        raise FrameworkDataError(f"{where}: {error}") from error
    if code.kind != kind or code.is_local or code.dotted != str(value):
        raise FrameworkDataError(f"{where}: {value!r} is not a dotted {kind} code")
    return code


def _titles(
    english: str, translations: Mapping[str, Mapping[str, Any]], key: str, field_name: str
) -> Mapping[str, str]:
    """Collect the real texts of one record: English plus every language that has one."""
    titles = {REFERENCE_LANGUAGE: english}
    for lang, records in translations.items():
        value = (records.get(key) or {}).get(field_name)
        if value:
            titles[lang] = str(value)
    return _frozen(titles)


@dataclass(frozen=True)
class _Sources:
    """What the loader needs to find every language's texts of one block."""

    data: DataFiles
    languages: tuple[str, ...]
    records: Mapping[tuple[str, str], TextSource]


def _translations(
    sources: _Sources, kind: str, expected: Sequence[str]
) -> dict[str, dict[str, Any]]:
    """Per language, the records of one kind (goals/targets/indicators) keyed by dotted code.

    Each language's texts of a kind come from exactly one place, the one its source record in
    meta.yml names: ``i18n/<language>.yml`` or a CSV table that must cover every code.
    """
    result: dict[str, dict[str, Any]] = {}
    for lang in sources.languages:
        if lang == REFERENCE_LANGUAGE:
            continue
        file = f"i18n/{lang}.yml"
        raw = (sources.data.read_yaml(file) or {}).get(kind) or {}
        records = {_translation_key(code, lang): _as_record(v) for code, v in raw.items()}
        _check_keys(file, records, set(expected), kind)
        source = sources.records.get((lang, kind))
        if source is not None and source.is_table:
            if records:
                raise FrameworkDataError(
                    f"{file}: {kind} texts are also read from {source.file}; keep one of them"
                )
            records = _table_records(sources.data, source, kind, expected)
        elif records and source is None:
            raise FrameworkDataError(
                f"{file}: there are {kind} texts, but meta.yml records no source for them "
                f"(texts: {lang}: {kind})"
            )
        elif source is not None and not records:
            raise FrameworkDataError(f"meta.yml: texts.{lang}.{kind} names {file}, which has none")
        result[lang] = records
    return result


def _table_records(
    data: DataFiles, source: TextSource, kind: str, expected: Sequence[str]
) -> dict[str, dict[str, Any]]:
    texts = parse_text_table(
        data.read_bytes(source.file),
        name=source.file,
        kind=TABLE_KEYS[kind],
        column=f"title_{source.language}",
        expected=expected,
    )
    return {code: {"title": title} for code, title in texts.items()}


def _translation_key(code: Any, lang: str) -> str:
    """Refuse unquoted dotted codes: YAML would read 1.10 as the number 1.1."""
    if isinstance(code, float):
        raise FrameworkDataError(f"i18n/{lang}.yml: quote the code {code!r} so it stays text")
    return str(code)


def _check_keys(file: str, records: Mapping[str, Any], known: set[str], kind: str) -> None:
    """Every translated text must belong to a record of this revision."""
    unknown = sorted(set(records) - known)
    if unknown:
        raise FrameworkDataError(f"{file}: unknown {kind[:-1]} codes {unknown}")


def _as_record(value: Any) -> dict[str, Any]:
    """A translation entry may be a plain string (the title) or a mapping of fields."""
    return value if isinstance(value, dict) else {"title": value}


def _load_goals(sources: _Sources) -> tuple[Goal, ...]:
    raws = sources.data.read_yaml("goals.yml")
    translations = _translations(sources, "goals", [str(raw["number"]) for raw in raws])
    goals = []
    for raw in raws:
        code = _check_code(raw["number"], "goal", "goals.yml")
        key = code.dotted
        goals.append(
            Goal(
                number=code.goal,
                colour=str(raw["colour"]).upper(),
                text_colour=text_colour_for(str(raw["colour"])),
                title=_titles(raw["title"], translations, key, "title"),
                short_title=_titles(raw["short_title"], translations, key, "short_title"),
            )
        )
    return tuple(sorted(goals, key=lambda g: g.number))


def _load_targets(sources: _Sources, goals: set[int]) -> tuple[Target, ...]:
    raws = sources.data.read_yaml("targets.yml")
    targets = []
    for raw in raws:
        code = _check_code(raw["code"], "target", "targets.yml")
        if code.goal not in goals:
            raise FrameworkDataError(f"targets.yml: {code} belongs to no known goal")
        targets.append((code, raw))
    targets.sort(key=lambda item: item[0].sort_key)
    translations = _translations(sources, "targets", [code.dotted for code, _raw in targets])
    return tuple(
        Target(
            code.dotted,
            code.goal,
            _titles(raw["title"], translations, code.dotted, "title"),
            code.sort_key,
        )
        for code, raw in targets
    )


def _load_indicators(sources: _Sources, targets: set[str]) -> tuple[GlobalIndicator, ...]:
    raws = {str(raw["code"]): raw for raw in sources.data.read_yaml("indicators.yml")}
    translations = _translations(sources, "indicators", list(raws))
    indicators = []
    for key, raw in raws.items():
        code = _check_code(key, "indicator", "indicators.yml")
        parent = str(code.parent)
        if parent not in targets:
            raise FrameworkDataError(f"indicators.yml: {code} belongs to no known target")
        same_as = _same_as(raw, raws)
        # A repeated indicator shares the texts of its first listing unless it has its own.
        title_key = code.dotted if _has_text(translations, code.dotted) else same_as or key
        title = _titles(raw["title"], translations, title_key, "title")
        indicators.append(GlobalIndicator(key, parent, code.goal, title, same_as, code.sort_key))
    return tuple(sorted(indicators, key=lambda i: i.sort_key))


def _has_text(translations: Mapping[str, Mapping[str, Any]], key: str) -> bool:
    return any(key in records for records in translations.values())


def _same_as(raw: Mapping[str, Any], raws: Mapping[str, Mapping[str, Any]]) -> str | None:
    """Validate a repeat marker: it must name a listed indicator that is itself not a repeat."""
    same_as = raw.get("same_as")
    if same_as is None:
        return None
    first = raws.get(str(same_as))
    if first is None or first.get("same_as") is not None:
        raise FrameworkDataError(
            f"indicators.yml: {raw['code']} says same_as {same_as!r}, "
            "which is not a first listing of an indicator"
        )
    return str(same_as)


def _load_aliases(data: DataFiles, indicators: set[str]) -> tuple[Alias, ...]:
    aliases = []
    for raw in data.read_yaml("aliases.yml") or []:
        old = _check_code(raw["old"], "indicator", "aliases.yml").dotted
        new = raw.get("new")
        if old in indicators:
            raise FrameworkDataError(f"aliases.yml: {old} is still a current indicator code")
        if new is not None and str(new) not in indicators:
            raise FrameworkDataError(f"aliases.yml: {old} points to unknown indicator {new}")
        aliases.append(Alias(old, None if new is None else str(new), raw["revision"], raw["note"]))
    return tuple(aliases)


@functools.cache
def load_framework() -> Framework:
    """Load, check and cache the packaged framework (loaded once per process)."""
    return load_framework_from(DataFiles.packaged().root)


def load_framework_from(folder: Traversable | Path) -> Framework:
    """Load and check the framework from a data folder laid out like the packaged ``data/``.

    Not cached: it serves to check a changed copy of the data files before it replaces the
    packaged one, with the same checks and the same error messages.
    """
    data = DataFiles(folder)
    meta = _meta(data)
    languages = tuple(str(lang) for lang in meta.get("languages", [REFERENCE_LANGUAGE]))
    records = text_sources(meta, languages)
    sources = _Sources(data, languages, {(s.language, s.block): s for s in records})
    goals = _load_goals(sources)
    targets = _load_targets(sources, {g.number for g in goals})
    indicators = _load_indicators(sources, {t.code for t in targets})
    aliases = _load_aliases(data, {i.code for i in indicators})
    return Framework(
        revision=" ".join(str(meta["revision"]).split()),
        languages=languages,
        goals=goals,
        targets=targets,
        indicators=indicators,
        aliases=aliases,
        revision_short=str(meta.get("revision_short", "")),
        sources=tuple(str(source) for source in meta.get("sources") or []),
        text_sources=records,
    )
