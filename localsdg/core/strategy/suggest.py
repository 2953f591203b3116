"""Suggest the SDG targets that an initiative's text most likely serves, for a person to decide.

Editors map each initiative of a long-term plan to SDG targets by hand; reading 169 targets for
every initiative is slow. :func:`suggest_targets` ranks the targets for a name or a description
(Japanese or English) and says which of the words matched, so the editor checks a short list
instead. A suggestion is never applied on its own.

How it ranks: BM25 over the framework's own texts. Each target is one document per language made
of its text, its goal's titles and its global indicators' texts (weighted lower: they carry
vocabulary such as "particulate matter" that the target texts lack). English is read as words
(lower-cased, stop words removed, a light suffix stemmer); Japanese as character bigrams of
kanji and katakana runs, so no dictionary or morphological analyser is needed. A hand-kept table
(``data/suggest-synonyms.csv``) maps common local-government policy words that the SDG texts do
not use (無電柱化, 待機児童, ZEV) to SDG vocabulary in both languages; those words count a little
less than the text's own words. Everything is built once per process and then costs
well under a millisecond per query.
"""

from __future__ import annotations

import csv
import functools
import io
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from importlib import resources

from localsdg.core.framework import Framework, load_framework

__all__ = [
    "MAX_TEXT_LENGTH",
    "SYNONYMS_FILE",
    "Suggestion",
    "SynonymDataError",
    "SynonymEntry",
    "TargetSuggester",
    "default_suggester",
    "load_synonyms",
    "parse_synonyms",
    "suggest_targets",
]

SYNONYMS_FILE = "suggest-synonyms.csv"
SYNONYM_COLUMNS = ("phrases", "ja", "en", "comment")
# Only the start of a very long text is read, so that one suggestion stays fast whatever is
# pasted; an initiative's name and description fit many times over.
MAX_TEXT_LENGTH = 2000

# BM25 parameters (the usual values) and the weights of each kind of text and match.
K1 = 1.2
B = 0.75
GOAL_WEIGHT = 0.4
INDICATOR_WEIGHT = 0.8
SYNONYM_WEIGHT = 0.8

# ---------------------------------------------------------------------------------------------
# Results


@dataclass(frozen=True)
class Suggestion:
    """A target worth a look, how strongly the text points to it, and the words that matched.

    ``score`` is the BM25 sum, rounded to four decimals: it ranks targets for one text and
    means nothing across texts. ``matched`` holds the input's own words as written (Japanese
    words joined back from their bigrams), the one that contributed most first.
    """

    code: str
    score: float
    matched: tuple[str, ...]


class SynonymDataError(ValueError):
    """The synonym table is malformed; the message names the file, line, column and reason."""


@dataclass(frozen=True)
class SynonymEntry:
    """One row of the synonym table: the policy words and the SDG vocabulary they stand for."""

    line: int
    phrases: tuple[str, ...]
    ja: str
    en: str
    comment: str


# ---------------------------------------------------------------------------------------------
# Text normalisation

# Variant characters that the framework's Japanese texts and local texts spell both ways.
_FOLDS = str.maketrans({"靭": "靱", "ヵ": "カ", "ヶ": "ケ"})


@dataclass(frozen=True)
class _Text:
    """A text normalised for matching, with the span of the original behind every character.

    ``norm`` is NFKC-normalised, case-folded (only where that keeps the length) and folded for
    variant characters, so "ＺＥＶ" and "zev" match; ``starts``/``ends`` let a match be shown as the
    user wrote it.
    """

    original: str
    norm: str
    starts: tuple[int, ...]
    ends: tuple[int, ...]

    def surface(self, start: int, end: int) -> str:
        return self.original[self.starts[start] : self.ends[end - 1]].strip()


# One character with the combining marks that follow it (ｶﾞ, e + U+0301), normalised together.
_CLUSTER = re.compile(
    "(?s).[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a"
    "\ufe20-\ufe2f\uff9e\uff9f]*"
)


@functools.lru_cache(maxsize=8192)
def _fold(piece: str) -> str:
    """NFKC, variant folds, and lower case wherever lower-casing keeps the length."""
    folded = unicodedata.normalize("NFKC", piece).translate(_FOLDS)
    return "".join(c.lower() if len(c.lower()) == 1 else c for c in folded)


def _normalise(original: str) -> _Text:
    if original.isascii():
        span = tuple(range(len(original)))
        return _Text(original, original.lower(), span, tuple(i + 1 for i in span))
    chars: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    for match in _CLUSTER.finditer(original):
        piece, start, end = _fold(match.group()), match.start(), match.end()
        chars.append(piece)
        starts.extend([start] * len(piece))
        ends.extend([end] * len(piece))
    return _Text(original, "".join(chars), tuple(starts), tuple(ends))


# ---------------------------------------------------------------------------------------------
# Words: English


def _word_list(text: str) -> frozenset[str]:
    """The whitespace-separated words of a block, so long word lists read as prose."""
    return frozenset(text.split())


# "well-being" is one word: its halves are stop words or everywhere ("as well as").
_WORD = re.compile(r"well[- ]?being|[a-z0-9\u00df-\u00f6\u00f8-\u024f]+")

_STOP_WORDS = _word_list(
    """
    a about above across after again against all also am among an and any are as at be been
    before being below between both but by can could did do does doing down during each either
    etc every few for from further had has have having he her here hers him his how i if in
    into is it its itself just may me might more most much must my no nor not of off on once
    only or other others our out over own per same she should so some such than that the their
    them then there these they this those through to too under until up upon very via was we
    well were what when where which while who whom why will with within would you your
    ensure achieve increase enhance strengthen promote promotion support improve improvement
    implement implementation including include particular particularly significantly
    substantially progressively measure project programme program initiative scheme city town
    municipal municipality local new make making take provide provision develop development
    relevant appropriate effective level levels respectively use using based toward towards
    """
)

# Irregular plurals that a suffix stemmer cannot reach.
_IRREGULAR = {"women": "woman", "men": "man", "children": "child", "people": "people"}


def _stem(word: str) -> str:
    """A light suffix stemmer: plurals, -ing, -ed, then a final -e, so reduce/reduced/reducing
    and vehicle/vehicles meet. Deliberately weaker than Porter: short words stay untouched."""
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if len(word) <= 3 or not word.isalpha():
        return word
    word = _strip_plural(word)
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = _undouble(word[: -len(suffix)])
            break
    if word.endswith("e") and len(word) > 4:
        word = word[:-1]
    return word


def _strip_plural(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("sses"):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def _undouble(stem: str) -> str:
    if len(stem) > 3 and stem[-1] == stem[-2] and stem[-1] not in "lsz":
        return stem[:-1]
    return stem


_STOP_STEMS = frozenset(_stem(word) for word in _STOP_WORDS)


@dataclass(frozen=True)
class _Word:
    stem: str
    start: int
    end: int


def _words(norm: str) -> list[_Word]:
    """Every Latin-script word with its stem, stop words included (phrases may contain them)."""
    return [
        _Word(_stem(m.group().replace("-", "").replace(" ", "")), m.start(), m.end())
        for m in _WORD.finditer(norm)
    ]


def _is_content(stem: str) -> bool:
    return len(stem) > 1 and not stem.isdigit() and stem not in _STOP_STEMS


# ---------------------------------------------------------------------------------------------
# Words: Japanese

_RUN = re.compile(
    r"[\u3005-\u3007\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u30a1-\u30fa\u30fc-\u30ff]+"
)

# Bigrams that every local plan uses for any subject ("promotion", "enhancement", "the city"):
# as query words they would pull towards whichever targets happen to use them.
_STOP_BIGRAMS = _word_list(
    """
    推進 促進 事業 取組 充実 強化 実施 施策 本市 本町 本村 整備 向上 構築 策定 支援 活用
    検討 確保 対策 創出 形成 展開 拡充 体制 制度 運営 導入 方針 目指
    """
)


_PARTICLES = frozenset("のをにがはとへでやもか")
# A katakana bigram that starts with a long-vowel mark or a small kana is the middle of a word
# (the ット of ネットワーク); the bigram before it already carries the word.
_KANA_TAILS = frozenset("ーッャュョァィゥェォヮ")


def _bigrams(run: str, start: int) -> Iterator[tuple[str, int, int]]:
    for i in range(len(run) - 1):
        yield run[i : i + 2], start + i, start + i + 2


def _is_verb_stem(norm: str, end: int) -> bool:
    """A lone kanji followed by kana other than a particle is a verb or adjective stem
    (守り, 育てる, 高める), which says nothing about the subject; 緑を, 水の are nouns."""
    after = norm[end : end + 1]
    return "\u3041" <= after <= "\u309f" and after not in _PARTICLES


def _ja_query_terms(norm: str) -> Iterator[tuple[str, int, int]]:
    """Bigrams of each kanji/katakana run; a run of one noun character stands for itself."""
    for match in _RUN.finditer(norm):
        run, start = match.group(), match.start()
        if len(run) == 1:
            if not _is_verb_stem(norm, start + 1):
                yield run, start, start + 1
            continue
        for gram, begin, end in _bigrams(run, start):
            if gram not in _STOP_BIGRAMS and gram[0] not in _KANA_TAILS:
                yield gram, begin, end


def _ja_index_terms(norm: str) -> Iterator[str]:
    """Bigrams and single characters, so a one-character query word (水, 森) finds them too."""
    for match in _RUN.finditer(norm):
        run = match.group()
        yield from run
        for gram, _begin, _end in _bigrams(run, 0):
            yield gram


def _index_terms(text: str) -> Iterator[str]:
    norm = _normalise(text).norm
    yield from (w.stem for w in _words(norm) if _is_content(w.stem))
    yield from _ja_index_terms(norm)


def _query_terms(norm: str) -> Iterator[tuple[str, int, int]]:
    for word in _words(norm):
        if _is_content(word.stem):
            yield word.stem, word.start, word.end
    yield from _ja_query_terms(norm)


def _channel(term: str) -> str:
    """Which language's documents a term belongs to: Japanese terms are CJK, all others Latin."""
    return "ja" if _RUN.match(term) else "en"


# ---------------------------------------------------------------------------------------------
# The synonym table


def parse_synonyms(data: bytes, name: str = SYNONYMS_FILE) -> tuple[SynonymEntry, ...]:
    """Read the synonym table; any problem raises :class:`SynonymDataError` naming its place."""
    try:
        content = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise SynonymDataError(f"{name}: not UTF-8 text ({error.reason})") from error
    rows = csv.reader(io.StringIO(content, newline=""))
    header = next(rows, None)
    if header is None or tuple(h.strip() for h in header) != SYNONYM_COLUMNS:
        raise SynonymDataError(f"{name} line 1: the header must be {','.join(SYNONYM_COLUMNS)}")
    entries: list[SynonymEntry] = []
    seen: dict[str, tuple[int, str]] = {}
    for row in rows:
        if any(cell.strip() for cell in row):
            entries.append(_synonym_entry(row, rows.line_num, name, seen))
    return tuple(entries)


def _synonym_entry(
    row: list[str], line: int, name: str, seen: dict[str, tuple[int, str]]
) -> SynonymEntry:
    if len(row) != len(SYNONYM_COLUMNS):
        raise SynonymDataError(
            f"{name} line {line}: {len(row)} columns, expected {len(SYNONYM_COLUMNS)}"
        )
    cells = dict(zip(SYNONYM_COLUMNS, (cell.strip() for cell in row), strict=True))
    phrases = tuple(p.strip() for p in cells["phrases"].split("|"))
    if not all(phrases):
        raise SynonymDataError(f"{name} line {line}, column phrases: an empty phrase")
    for column in ("ja", "en", "comment"):
        if not cells[column]:
            raise SynonymDataError(f"{name} line {line}, column {column}: empty")
    for phrase in phrases:
        key = _phrase_key(phrase)
        if not key:
            raise SynonymDataError(
                f"{name} line {line}, column phrases: {phrase!r} has no word to match"
            )
        if key in seen:
            where, first = seen[key]
            raise SynonymDataError(
                f"{name} line {line}, column phrases: {phrase!r} matches the same words as "
                f"{first!r} on line {where}"
            )
        seen[key] = (line, phrase)
    return SynonymEntry(line, phrases, cells["ja"], cells["en"], cells["comment"])


def _phrase_key(phrase: str) -> str:
    """Latin-script phrases match as a sequence of stemmed words, all others as a substring."""
    norm = _normalise(phrase).norm
    if norm.isascii():
        return " ".join(w.stem for w in _words(norm))
    return norm.strip() if any(char.isalnum() for char in norm) else ""


@functools.cache
def load_synonyms() -> tuple[SynonymEntry, ...]:
    """The packaged, hand-made synonym table (read once per process)."""
    data = resources.files(__package__).joinpath("data", SYNONYMS_FILE).read_bytes()
    return parse_synonyms(data)


@dataclass(frozen=True)
class _Synonyms:
    """The table ready for matching: word-sequence phrases and substring phrases, each with
    the index terms of the vocabulary it stands for."""

    by_words: Mapping[tuple[str, ...], tuple[str, ...]]
    by_text: Mapping[str, tuple[str, ...]]
    longest_words: int


def _prepare_synonyms(entries: Iterable[SynonymEntry]) -> _Synonyms:
    by_words: dict[tuple[str, ...], tuple[str, ...]] = {}
    by_text: dict[str, tuple[str, ...]] = {}
    for entry in entries:
        norm = _normalise(f"{entry.ja} {entry.en}").norm
        terms = tuple(dict.fromkeys(term for term, _s, _e in _query_terms(norm)))
        for phrase in entry.phrases:
            key = _phrase_key(phrase)
            if key.isascii():
                by_words[tuple(key.split())] = terms
            else:
                by_text[key] = terms
    longest = max((len(words) for words in by_words), default=0)
    return _Synonyms(by_words, by_text, longest)


# ---------------------------------------------------------------------------------------------
# The index


def _target_texts(framework: Framework) -> list[list[tuple[str, float]]]:
    """Per target, its weighted texts in every language: target, goal titles, indicators."""
    result = []
    for target in framework.targets:
        goal = framework.goal(target.goal)
        texts = [(text, 1.0) for text in target.title.values()]
        texts += [(text, GOAL_WEIGHT) for text in goal.title.values()]
        texts += [(text, GOAL_WEIGHT) for text in goal.short_title.values()]
        for indicator in framework.indicators_of(target.code):
            texts += [(text, INDICATOR_WEIGHT) for text in indicator.title.values()]
        result.append(texts)
    return result


def _bags(texts: Sequence[tuple[str, float]]) -> dict[str, dict[str, float]]:
    """Weighted term frequencies of one target, per language channel."""
    bags: dict[str, dict[str, float]] = {"en": defaultdict(float), "ja": defaultdict(float)}
    for text, weight in texts:
        for term in _index_terms(text):
            bags[_channel(term)][term] += weight
    return bags


def _postings(framework: Framework) -> dict[str, tuple[tuple[int, float], ...]]:
    """BM25 weight of every term in every target, per language channel (its own lengths)."""
    bags = [_bags(texts) for texts in _target_texts(framework)]
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for channel in ("en", "ja"):
        lengths = [sum(bag[channel].values()) for bag in bags]
        average = sum(lengths) / len(lengths) or 1.0
        frequency: dict[str, int] = defaultdict(int)
        for bag in bags:
            for term in bag[channel]:
                frequency[term] += 1
        for position, bag in enumerate(bags):
            norm = K1 * (1 - B + B * lengths[position] / average)
            for term, tf in bag[channel].items():
                idf = math.log(1 + (len(bags) - frequency[term] + 0.5) / (frequency[term] + 0.5))
                postings[term].append((position, idf * tf * (K1 + 1) / (tf + norm)))
    return {term: tuple(entries) for term, entries in postings.items()}


# ---------------------------------------------------------------------------------------------
# Queries


@dataclass(frozen=True)
class _QueryTerm:
    term: str
    weight: float
    start: int  # span of the input word it came from, in the normalised text
    end: int


# A synonym phrase found in a text: its span in the normalised text and its vocabulary terms.
_Match = tuple[int, int, tuple[str, ...]]


def _synonym_matches(text: _Text, synonyms: _Synonyms) -> list[_Match]:
    """Every phrase of the table found in the text, as (start, end, vocabulary terms); a match
    inside a longer one (虐待 inside 児童虐待) gives way to it."""
    found: list[_Match] = []
    for phrase, terms in synonyms.by_text.items():
        start = text.norm.find(phrase)
        while start >= 0:
            found.append((start, start + len(phrase), terms))
            start = text.norm.find(phrase, start + 1)
    words = _words(text.norm)
    for i in range(len(words)):
        for size in range(1, min(synonyms.longest_words, len(words) - i) + 1):
            key = tuple(w.stem for w in words[i : i + size])
            if key in synonyms.by_words:
                found.append((words[i].start, words[i + size - 1].end, synonyms.by_words[key]))
    return _outermost(found)


def _outermost(found: list[_Match]) -> list[_Match]:
    """Drop every match that lies inside a longer one, in one sweep over the sorted matches:
    a match that could contain another sorts before it."""
    kept: list[_Match] = []
    reach, reach_span = -1, (-1, -1)
    for match in sorted(found, key=lambda m: (m[0], -m[1])):
        if match[1] <= reach and (match[0], match[1]) != reach_span:
            continue
        kept.append(match)
        if match[1] > reach:
            reach, reach_span = match[1], (match[0], match[1])
    return kept


def _query(text: _Text, synonyms: _Synonyms) -> list[_QueryTerm]:
    """The distinct terms of the text and of its synonyms, each once at its highest weight."""
    best: dict[str, _QueryTerm] = {}
    candidates = [_QueryTerm(t, 1.0, s, e) for t, s, e in _query_terms(text.norm)]
    for start, end, terms in _synonym_matches(text, synonyms):
        candidates += [_QueryTerm(term, SYNONYM_WEIGHT, start, end) for term in terms]
    for candidate in candidates:
        known = best.get(candidate.term)
        if known is None or candidate.weight > known.weight:
            best[candidate.term] = candidate
    return list(best.values())


def _joins(norm: str, previous_end: int, start: int) -> bool:
    """Whether a span continues the one before: it overlaps it, or touches it inside one
    kanji/katakana run (パー|トナー), where both are pieces of one word."""
    if start < previous_end:
        return True
    return start == previous_end and _RUN.fullmatch(norm[start - 1 : start + 1]) is not None


def _is_katakana(char: str) -> bool:
    return "\u30a1" <= char <= "\u30fa" or "\u30fc" <= char <= "\u30ff"


def _katakana_word(norm: str, start: int, end: int) -> tuple[int, int]:
    """Widen a span that starts or ends inside a katakana word to the whole word, so that the
    bigrams of パートナーシップ show as the word, not as パートナーシッ."""
    while 0 < start < len(norm) and _is_katakana(norm[start - 1]) and _is_katakana(norm[start]):
        start -= 1
    while end < len(norm) and _is_katakana(norm[end - 1]) and _is_katakana(norm[end]):
        end += 1
    return start, end


def _matched(text: _Text, contributions: Mapping[tuple[int, int], float]) -> tuple[str, ...]:
    """The input words behind a target's score, best first: the spans of one word (the
    bigrams of a Japanese word, a synonym phrase and the words in it) are joined back into the
    word as written."""
    merged: list[tuple[int, int, float]] = []
    for (start, end), value in sorted(contributions.items()):
        if merged and _joins(text.norm, merged[-1][1], start):
            first, last, total = merged[-1]
            merged[-1] = (first, max(last, end), total + value)
        else:
            merged.append((start, end, value))
    totals: dict[str, float] = {}
    for start, end, value in sorted(merged, key=lambda m: (-m[2], m[0])):
        surface = text.surface(*_katakana_word(text.norm, start, end))
        totals[surface] = totals.get(surface, 0.0) + value
    return tuple(sorted(totals, key=lambda s: -totals[s]))


class TargetSuggester:
    """Ranks the targets of one framework for a text, with one synonym table.

    Building it reads every text of the framework (about a tenth of a second); a query then
    only adds up precomputed weights. :func:`suggest_targets` keeps one for the packaged data.
    """

    def __init__(self, framework: Framework, synonyms: Iterable[SynonymEntry] = ()) -> None:
        self.languages = framework.languages
        self.codes = tuple(t.code for t in framework.targets)
        self._postings = _postings(framework)
        self._synonyms = _prepare_synonyms(synonyms)

    def suggest(self, text: str, lang: str | None = None, limit: int = 5) -> list[Suggestion]:
        """See :func:`suggest_targets`."""
        self._check_arguments(lang, limit)
        normalised = _normalise(text[:MAX_TEXT_LENGTH])
        scores = [0.0] * len(self.codes)
        contributions: dict[int, dict[tuple[int, int], float]] = defaultdict(dict)
        for term in _query(normalised, self._synonyms):
            for position, weight in self._postings.get(term.term, ()):
                value = term.weight * weight
                scores[position] += value
                spans = contributions[position]
                spans[(term.start, term.end)] = spans.get((term.start, term.end), 0.0) + value
        # Rounded before sorting, so that equal shown scores keep the framework's order.
        shown = [round(score, 4) for score in scores]
        ranked = sorted((p for p, s in enumerate(shown) if s > 0), key=lambda p: (-shown[p], p))
        return [
            Suggestion(self.codes[p], shown[p], _matched(normalised, contributions[p]))
            for p in ranked[:limit]
        ]

    def _check_arguments(self, lang: str | None, limit: int) -> None:
        if lang is not None and lang not in self.languages:
            languages = ", ".join(self.languages)
            raise ValueError(f"language {lang!r} is not one of the framework's ({languages})")
        if limit < 0:
            raise ValueError(f"limit must be zero or more, not {limit}")


@functools.cache
def default_suggester() -> TargetSuggester:
    """The suggester over the packaged framework and synonym table, built once per process."""
    return TargetSuggester(load_framework(), load_synonyms())


def suggest_targets(text: str, lang: str | None = None, limit: int = 5) -> list[Suggestion]:
    """The ``limit`` targets that ``text`` most likely serves, best first, with matched words.

    ``lang`` is the language the text is written in, when the caller knows it; it must be one
    of the framework's languages (a ``ValueError`` says which otherwise). It does not narrow the
    search: both languages' texts are always searched, since a Japanese text often carries
    English acronyms (ZEV, DX) and the synonym table bridges the two languages (searching only
    the text's own language measured lower). Targets with equal scores keep the framework's
    order. A text with nothing to match gives ``[]``; only its first ``MAX_TEXT_LENGTH``
    characters are read.
    """
    return default_suggester().suggest(text, lang, limit)
