"""The official SDG framework (goals, targets, global indicators) as read-only data.

The texts live in YAML files beside this module (``data/``); this module loads them once, checks
that they are consistent, and answers lookups by any code spelling that
:func:`localsdg.core.codes.parse_code` accepts. Which framework revision the data describes, and
where every text comes from, is written in ``data/meta.yml`` and ``SOURCES.md``.

Lookups raise :class:`UnknownCode` (a ``KeyError``) for a well-formed code that the framework does
not contain, :class:`WithdrawnCode` (a subclass) for an indicator a revision deleted, and
:class:`~localsdg.core.codes.InvalidCode` (a ``ValueError``) for text that is not a code at all.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Any

import yaml

from localsdg.core.codes import InvalidCode, Kind, SdgCode, SortKey, parse_code

__all__ = [
    "Alias",
    "Framework",
    "FrameworkDataError",
    "GlobalIndicator",
    "Goal",
    "LanguageStats",
    "Target",
    "UnknownCode",
    "WithdrawnCode",
    "contrast_ratio",
    "load_framework",
    "relative_luminance",
    "text",
    "text_colour_for",
]

REFERENCE_LANGUAGE = "en"
WHITE = "#FFFFFF"
NEAR_BLACK = "#1A1A1A"
_MAX_ALIAS_HOPS = 10

try:  # the C loader is several times faster; fall back when libyaml is missing
    _Loader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - depends on how PyYAML was built
    _Loader = yaml.SafeLoader


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


class FrameworkDataError(ValueError):
    """The packaged data files are inconsistent; the message names the file and the record."""


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
        raise UnknownCode(original, f"is not in the SDG framework ({self.revision_short})")

    @property
    def revision_short(self) -> str:
        return str(_meta().get("revision_short", self.revision))


def _article(kind: str) -> str:
    return f"an {kind}" if kind[0] in "aeiou" else f"a {kind}"


# ---------------------------------------------------------------------------------------------
# Loading


def _read(name: str) -> Any:
    """Parse one packaged YAML file."""
    resource = resources.files(__package__).joinpath("data", *name.split("/"))
    try:
        return yaml.load(resource.read_text(encoding="utf-8"), Loader=_Loader)
    except (OSError, yaml.YAMLError) as error:
        raise FrameworkDataError(f"framework data file {name}: {error}") from error


@functools.cache
def _meta() -> dict[str, Any]:
    meta = _read("meta.yml")
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


def _translations(languages: Iterable[str], kind: str) -> dict[str, dict[str, Any]]:
    """Per language, the records of one kind (goals/targets/indicators) keyed by dotted code."""
    result: dict[str, dict[str, Any]] = {}
    for lang in languages:
        if lang == REFERENCE_LANGUAGE:
            continue
        data = _read(f"i18n/{lang}.yml") or {}
        records = data.get(kind) or {}
        result[lang] = {_translation_key(code, lang): _as_record(v) for code, v in records.items()}
    return result


def _translation_key(code: Any, lang: str) -> str:
    """Refuse unquoted dotted codes: YAML would read 1.10 as the number 1.1."""
    if isinstance(code, float):
        raise FrameworkDataError(f"i18n/{lang}.yml: quote the code {code!r} so it stays text")
    return str(code)


def _check_keys(translations: Mapping[str, Mapping[str, Any]], known: set[str], kind: str) -> None:
    """Every translated text must belong to a record of this revision."""
    for lang, records in translations.items():
        unknown = sorted(set(records) - known)
        if unknown:
            raise FrameworkDataError(f"i18n/{lang}.yml: unknown {kind} codes {unknown}")


def _as_record(value: Any) -> dict[str, Any]:
    """A translation entry may be a plain string (the title) or a mapping of fields."""
    return value if isinstance(value, dict) else {"title": value}


def _load_goals(languages: tuple[str, ...]) -> tuple[Goal, ...]:
    translations = _translations(languages, "goals")
    raws = _read("goals.yml")
    _check_keys(translations, {str(raw["number"]) for raw in raws}, "goal")
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


def _load_targets(languages: tuple[str, ...], goals: set[int]) -> tuple[Target, ...]:
    translations = _translations(languages, "targets")
    raws = _read("targets.yml")
    _check_keys(translations, {str(raw["code"]) for raw in raws}, "target")
    targets = []
    for raw in raws:
        code = _check_code(raw["code"], "target", "targets.yml")
        if code.goal not in goals:
            raise FrameworkDataError(f"targets.yml: {code} belongs to no known goal")
        title = _titles(raw["title"], translations, code.dotted, "title")
        targets.append(Target(code.dotted, code.goal, title, code.sort_key))
    return tuple(sorted(targets, key=lambda t: t.sort_key))


def _load_indicators(languages: tuple[str, ...], targets: set[str]) -> tuple[GlobalIndicator, ...]:
    translations = _translations(languages, "indicators")
    raws = {str(raw["code"]): raw for raw in _read("indicators.yml")}
    _check_keys(translations, set(raws), "indicator")
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


def _load_aliases(indicators: set[str]) -> tuple[Alias, ...]:
    aliases = []
    for raw in _read("aliases.yml") or []:
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
    meta = _meta()
    languages = tuple(str(lang) for lang in meta.get("languages", [REFERENCE_LANGUAGE]))
    goals = _load_goals(languages)
    targets = _load_targets(languages, {g.number for g in goals})
    indicators = _load_indicators(languages, {t.code for t in targets})
    aliases = _load_aliases({i.code for i in indicators})
    revision = " ".join(str(meta["revision"]).split())
    return Framework(revision, languages, goals, targets, indicators, aliases)
