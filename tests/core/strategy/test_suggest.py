"""Target suggestions: ranking quality on a hand-made set of initiatives, properties that hold
for any text, matched words as the user wrote them, and the synonym table's checks.

The quality figure is recall@5 over ``data/suggest-cases.csv``: for each initiative, the share
of the targets a careful person would map that appear among the first five suggestions,
averaged over initiatives. The set was written by hand from knowledge of the SDG targets; it is
not golden public data, so no test here skips.
"""

from __future__ import annotations

import csv
import functools
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from localsdg.core.framework import load_framework
from localsdg.core.strategy.suggest import (
    MAX_TEXT_LENGTH,
    Suggestion,
    SynonymDataError,
    SynonymEntry,
    TargetSuggester,
    load_synonyms,
    parse_synonyms,
    suggest_targets,
)

CASES = Path(__file__).parent / "data" / "suggest-cases.csv"
TARGET_CODES = [t.code for t in load_framework().targets]

# Measured on the set when the ranking was last changed: 0.876 over all 110 initiatives
# (English 0.934, Japanese 0.815; the third marked "holdout" and left out of every tuning
# decision: 0.852). Each threshold sits about three cases below its figure, so that a real
# regression fails while adding one good synonym row or a case does not need a new number.
RECALL_AT_5 = 0.85
RECALL_AT_5_BY_LANGUAGE = {"en": 0.90, "ja": 0.78}
# Without the synonym table the same ranking measured 0.68 (English) and 0.46 (Japanese).
SYNONYM_GAIN = {"en": 0.15, "ja": 0.25}


@dataclass(frozen=True)
class Case:
    line: int
    lang: str
    split: str
    targets: tuple[str, ...]
    text: str


@functools.cache
def cases() -> tuple[Case, ...]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    return tuple(
        Case(line, row["lang"], row["set"], tuple(row["targets"].split()), row["text"])
        for line, row in enumerate(rows, start=2)
    )


def recall_at_5(suggester: TargetSuggester, lang: str | None = None) -> float:
    shares = []
    for case in cases():
        if lang is None or case.lang == lang:
            found = {s.code for s in suggester.suggest(case.text, case.lang)}
            shares.append(sum(code in found for code in case.targets) / len(case.targets))
    return sum(shares) / len(shares)


@functools.cache
def packaged() -> TargetSuggester:
    return TargetSuggester(load_framework(), load_synonyms())


# ---------------------------------------------------------------------------------------------
# The evaluation set and the quality it measures


def test_the_evaluation_set_is_well_formed() -> None:
    known = set(TARGET_CODES)
    assert len(cases()) >= 60
    assert {c.lang for c in cases()} == {"en", "ja"}
    assert {c.split for c in cases()} == {"dev", "holdout"}
    for case in cases():
        where = f"{CASES.name} line {case.line}"
        assert case.text.strip(), where
        assert 1 <= len(case.targets) <= 3, where
        assert set(case.targets) <= known, f"{where}: {case.targets}"
        assert len(set(case.targets)) == len(case.targets), where
    texts = [c.text for c in cases()]
    assert len(set(texts)) == len(texts)


def test_recall_at_5_over_the_evaluation_set() -> None:
    assert recall_at_5(packaged()) >= RECALL_AT_5


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_recall_at_5_in_each_language(lang: str) -> None:
    assert recall_at_5(packaged(), lang) >= RECALL_AT_5_BY_LANGUAGE[lang]


@pytest.mark.parametrize("lang", ["en", "ja"])
def test_the_synonym_table_earns_its_place(lang: str) -> None:
    bare = TargetSuggester(load_framework(), ())
    assert recall_at_5(packaged(), lang) - recall_at_5(bare, lang) >= SYNONYM_GAIN[lang]


# ---------------------------------------------------------------------------------------------
# Examples that editors type


def codes(suggestions: list[Suggestion]) -> list[str]:
    return [s.code for s in suggestions]


def test_undergrounding_power_lines_points_to_resilient_infrastructure() -> None:
    found = suggest_targets("無電柱化の推進", "ja")
    assert "9.1" in codes(found)
    assert found[0].matched == ("無電柱化",)


def test_urban_green_points_to_green_public_spaces_first() -> None:
    found = suggest_targets("都市の緑を守り育てる", "ja")
    assert found[0].code == "11.7"
    assert "緑" in found[0].matched
    # 守り and 育てる are verbs: a lone kanji before kana other than a particle is not a word.
    assert not any(word in {"守", "育"} for s in found for word in s.matched)


def test_zero_emission_vehicles_are_matched_as_one_phrase() -> None:
    found = suggest_targets("Promote zero-emission vehicles", "en")
    assert {"11.6", "13.2"} <= set(codes(found))
    assert all(s.matched == ("zero-emission vehicles",) for s in found)


def test_japanese_words_that_only_english_texts_use_are_bridged() -> None:
    # No Japanese target text says 温室効果ガス; the English indicators do.
    found = suggest_targets("温室効果ガス排出量の削減", "ja")
    assert found[0].code == "13.2"
    assert found[0].matched[0] == "温室効果ガス"


def test_matched_words_are_shown_as_written() -> None:
    wide = suggest_targets("ＺＥＶの普及")
    narrow = suggest_targets("ZEVの普及")
    assert [(s.code, s.score) for s in wide] == [(s.code, s.score) for s in narrow]
    assert wide[0].matched == ("ＺＥＶ",)
    # The bigrams of one Japanese word come back as that word, katakana included.
    assert suggest_targets("再生可能エネルギーの導入")[0].matched == ("再生可能エネルギー",)
    assert suggest_targets("パートナーシップ制度")[0].matched[0] == "パートナーシップ"


def test_matched_lists_the_strongest_word_first() -> None:
    found = suggest_targets("Reduce food waste in households and restaurants", "en")
    assert found[0].code == "12.3"
    # "food" is rarer in the framework than "waste", and "reduce" is everywhere.
    assert found[0].matched == ("food", "waste", "Reduce")


def test_half_width_katakana_reads_like_full_width() -> None:
    assert codes(suggest_targets("ﾌｰﾄﾞﾊﾞﾝｸ")) == codes(suggest_targets("フードバンク"))
    assert suggest_targets("ﾌｰﾄﾞﾊﾞﾝｸ")[0].matched == ("ﾌｰﾄﾞﾊﾞﾝｸ",)


def test_the_language_is_checked_but_does_not_narrow_the_search() -> None:
    text = "DX推進とオープンデータ"
    assert suggest_targets(text, "ja") == suggest_targets(text) == suggest_targets(text, "en")
    with pytest.raises(ValueError, match=r"'fr' is not one of the framework's \(en, ja\)"):
        suggest_targets(text, "fr")


def test_limit() -> None:
    text = "Climate change education in schools"
    assert suggest_targets(text, limit=0) == []
    assert len(suggest_targets(text, limit=12)) == 12
    assert suggest_targets(text, limit=3) == suggest_targets(text, limit=12)[:3]
    with pytest.raises(ValueError, match="limit must be zero or more, not -1"):
        suggest_targets(text, limit=-1)


@pytest.mark.parametrize("text", ["", "   ", "。、！？", "the of and", "ですます", "2030", "推進"])
def test_a_text_with_nothing_to_match_gives_no_suggestion(text: str) -> None:
    assert suggest_targets(text) == []


def test_only_the_start_of_a_very_long_text_is_read() -> None:
    filler = "- " * (MAX_TEXT_LENGTH // 2)
    assert suggest_targets(filler + "無電柱化") == []
    assert codes(suggest_targets("無電柱化" + filler)) == codes(suggest_targets("無電柱化"))


def test_a_new_suggester_gives_the_same_answers() -> None:
    fresh = TargetSuggester(load_framework(), load_synonyms())
    for case in cases()[:20]:
        assert fresh.suggest(case.text) == suggest_targets(case.text)


# ---------------------------------------------------------------------------------------------
# Properties for any text

VOCABULARY = sorted(
    {word for case in cases() for word in case.text.replace("（", " ").split()}
    | {phrase for entry in load_synonyms() for phrase in entry.phrases}
)
texts = st.one_of(
    st.text(max_size=200),
    st.lists(st.sampled_from(VOCABULARY), max_size=8).map(" ".join),
    st.lists(st.sampled_from(VOCABULARY) | st.text(max_size=5), max_size=8).map("".join),
)


@settings(max_examples=300, deadline=None)
@given(text=texts, limit=st.integers(min_value=0, max_value=20))
def test_any_text_gives_valid_ranked_suggestions(text: str, limit: int) -> None:
    found = suggest_targets(text, limit=limit)
    assert len(found) <= limit
    assert len({s.code for s in found}) == len(found)
    # Sorted by score; equal scores keep the framework's order.
    keys = [(s.score, -TARGET_CODES.index(s.code)) for s in found]
    assert all(first > second for first, second in zip(keys, keys[1:], strict=False))
    for suggestion in found:
        assert suggestion.score > 0
        assert suggestion.matched
        assert all(word and word in text for word in suggestion.matched)
    assert suggest_targets(text, limit=limit) == found


# ---------------------------------------------------------------------------------------------
# The synonym table

HEADER = "phrases,ja,en,comment\n"


def test_every_row_of_the_packaged_table_reaches_the_framework() -> None:
    """A row whose vocabulary matches no framework text, or whose phrase is never found,
    would be dead weight that looks like it works."""
    bare = TargetSuggester(load_framework(), ())
    for entry in load_synonyms():
        where = f"suggest-synonyms.csv line {entry.line}"
        assert bare.suggest(entry.ja), f"{where}: no Japanese word of {entry.ja!r} matches"
        assert bare.suggest(entry.en), f"{where}: no English word of {entry.en!r} matches"
        for phrase in entry.phrases:
            found = suggest_targets(phrase)
            assert any(phrase in s.matched for s in found), f"{where}: {phrase!r}"


def test_a_row_stands_for_its_vocabulary() -> None:
    entry = SynonymEntry(2, ("ぽかぽか事業",), "再生可能エネルギー", "renewable energy", "test")
    with_row = TargetSuggester(load_framework(), [entry])
    assert TargetSuggester(load_framework(), ()).suggest("ぽかぽか事業") == []
    found = with_row.suggest("ぽかぽか事業の推進")
    assert found[0].code == "7.2"
    assert found[0].matched == ("ぽかぽか事業",)


def test_a_phrase_inside_a_longer_one_gives_way() -> None:
    entries = parse_synonyms(
        (HEADER + "虐待,暴力,violence,short\n児童虐待,子供 虐待,children abuse,long\n").encode()
    )
    found = TargetSuggester(load_framework(), entries).suggest("児童虐待の防止")
    assert found[0].code == "16.2"
    assert found[0].matched == ("児童虐待",)


def test_the_packaged_table_has_a_reason_on_every_row() -> None:
    entries = load_synonyms()
    assert len(entries) >= 100
    assert all(entry.comment for entry in entries)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            b"phrase,ja,en\n",
            "suggest-synonyms.csv line 1: the header must be phrases,ja,en,comment",
        ),
        (HEADER.encode() + b"a,b,c\n", "suggest-synonyms.csv line 2: 3 columns, expected 4"),
        (
            HEADER.encode() + "再エネ||太陽光,再生可能エネルギー,renewable energy,x\n".encode(),
            "suggest-synonyms.csv line 2, column phrases: an empty phrase",
        ),
        (
            HEADER.encode() + "再エネ,再生可能エネルギー,,x\n".encode(),
            "suggest-synonyms.csv line 2, column en: empty",
        ),
        (
            HEADER.encode() + "、,再生可能エネルギー,renewable energy,x\n".encode(),
            "suggest-synonyms.csv line 2, column phrases: '、' has no word to match",
        ),
        (
            HEADER.encode() + b"flood,a,b,c\n\nfloods|levee,a,b,c\n",
            "suggest-synonyms.csv line 4, column phrases: 'floods' matches the same words as "
            "'flood' on line 2",
        ),
        (HEADER.encode() + "再エネ".encode("shift_jis") + b",a,b,c\n", "not UTF-8 text"),
    ],
)
def test_a_malformed_table_is_refused_with_its_place(content: bytes, message: str) -> None:
    with pytest.raises(SynonymDataError) as caught:
        parse_synonyms(content)
    assert message in str(caught.value)
