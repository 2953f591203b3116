"""Target suggestion benchmark: quality (recall@5) and time per suggestion.

Both are measured on the hand-made evaluation set `tests/core/strategy/data/suggest-cases.csv`
(initiatives in Japanese and English with the targets a careful person would map). The
baseline, measured in the same run on the same texts, is plain word overlap: lower-cased
English words and character bigrams of any non-Latin text, each target scored by how many
distinct input tokens its English and Japanese texts contain (no weighting, stemming, stop
words or synonyms), ties in the framework's order. Time is per call of `suggest_targets`
after warm-up; building the index once is reported on its own.
"""

from __future__ import annotations

import csv
import re
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CASES = ROOT / "tests" / "core" / "strategy" / "data" / "suggest-cases.csv"
ROUNDS = 20  # timed passes over every case
Suggest = Callable[[str, str], list[str]]
TOKEN = re.compile(r"[a-z0-9]{2,}|[^\W\da-z_]{2,}")


def read_cases() -> list[dict[str, str]]:
    with CASES.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def tokens(text: str) -> set[str]:
    """Plain tokens: English words, and bigrams of every run of other letters."""
    found: set[str] = set()
    for match in TOKEN.finditer(text.lower()):
        word = match.group()
        if word.isascii():
            found.add(word)
        else:
            found.update(word[i : i + 2] for i in range(len(word) - 1))
    return found


class Overlap:
    """The baseline: count of distinct input tokens found in each target's texts."""

    def __init__(self) -> None:
        from localsdg.core.framework import load_framework

        targets = load_framework().targets
        self.codes = [t.code for t in targets]
        self.texts = [tokens(" ".join(t.title.values())) for t in targets]

    def suggest(self, text: str, limit: int = 5) -> list[str]:
        query = tokens(text)
        scores = [len(query & words) for words in self.texts]
        ranked = sorted((p for p, s in enumerate(scores) if s), key=lambda p: (-scores[p], p))
        return [self.codes[p] for p in ranked[:limit]]


def recall(cases: list[dict[str, str]], suggest: Suggest) -> dict[str, float]:
    """recall@5 over all cases, per language and per split of the set."""
    shares: dict[str, list[float]] = {}
    for case in cases:
        expected = case["targets"].split()
        found = set(suggest(case["text"], case["lang"]))
        share = sum(code in found for code in expected) / len(expected)
        for key in ("all", case["lang"], case["set"]):
            shares.setdefault(key, []).append(share)
    return {key: round(sum(v) / len(v), 3) for key, v in sorted(shares.items())}


def timed(cases: list[dict[str, str]], suggest: Suggest) -> list[float]:
    """Milliseconds per call, over ROUNDS passes of every case."""
    timings = []
    for _round in range(ROUNDS):
        for case in cases:
            start = time.perf_counter()
            suggest(case["text"], case["lang"])
            timings.append((time.perf_counter() - start) * 1000)
    return timings


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def bench_suggest() -> dict[str, object]:
    from localsdg.core.framework import load_framework
    from localsdg.core.strategy.suggest import (
        MAX_TEXT_LENGTH,
        TargetSuggester,
        load_synonyms,
        suggest_targets,
    )

    cases = read_cases()
    load_framework()
    start = time.perf_counter()
    TargetSuggester(load_framework(), load_synonyms())
    build = time.perf_counter() - start
    baseline = Overlap()

    def ours(text: str, lang: str) -> list[str]:
        return [s.code for s in suggest_targets(text, lang)]

    def naive(text: str, lang: str) -> list[str]:
        return baseline.suggest(text)

    ours("warm up", "en")
    quality, naive_quality = recall(cases, ours), recall(cases, naive)
    timings, naive_timings = timed(cases, ours), timed(cases, naive)
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    base50 = percentile(naive_timings, 0.5)
    # The worst case: a pasted text as long as the part that is read (MAX_TEXT_LENGTH).
    long_text = ("。".join(case["text"] for case in cases) * 10)[:MAX_TEXT_LENGTH]
    long_timings = timed([{"text": long_text, "lang": "ja"}], ours)
    return {
        "cases": len(cases),
        "recall_at_5": quality,
        "index_build_seconds": round(build, 3),
        "calls": len(timings),
        "p50_ms": round(p50, 3),
        "p95_ms": round(p95, 3),
        "max_ms": round(max(timings), 3),
        "longest_text_chars": len(long_text),
        "longest_text_p50_ms": round(percentile(long_timings, 0.5), 2),
        "baseline": "plain word overlap with the target texts (no weights, stems or synonyms)",
        "baseline_recall_at_5": naive_quality,
        "baseline_p50_ms": round(base50, 3),
        "baseline_p95_ms": round(percentile(naive_timings, 0.95), 3),
        "ratio_p50_to_baseline": round(p50 / base50, 2) if base50 else None,
        "target": "p95 under 10 ms per suggestion",
        "meets_target": p95 < 10,
    }
