"""Search benchmark: `search_page` over 10,000 local indicators in a fresh SQLite instance.

The instance is made like every benchmark instance (`localsdg migrate`, `localsdg org create`,
see run.py); a child process with that instance's settings then creates the indicators with
generated English and Japanese names and metadata, indexes them, and times a mix of queries
(English words, Japanese words of one or two characters and of three or more, codes in both
spellings) in both languages. The baseline, measured in the same child, answers the same
queries with a naive Python substring scan over the same titles and texts held in memory.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
INDICATORS = 10_000

SUBJECTS = [
    (
        "Share of renewable energy in electricity consumption",
        "電力消費に占める再生可能エネルギーの割合",
    ),
    ("Unemployment rate", "失業率"),
    ("Annual mean concentration of fine particulate matter", "微小粒子状物質の年平均濃度"),
    ("Greenhouse gas emissions", "温室効果ガス排出量"),
    ("Proportion of seats held by women in the assembly", "議会の議席に占める女性の割合"),
    ("Public green space per resident", "住民一人当たりの公園面積"),
    ("Household waste recycling rate", "家庭ごみのリサイクル率"),
    ("Water supply coverage", "水道普及率"),
    ("Participation rate in early childhood education", "幼児教育への参加率"),
    ("Number of traffic accident deaths", "交通事故死者数"),
    ("Share of elderly people living alone", "一人暮らし高齢者の割合"),
    ("Forest area as a proportion of total land area", "森林面積の割合"),
    ("Childcare waiting list", "保育所待機児童数"),
    ("Number of tourists from abroad", "訪日外国人旅行者数"),
    ("Food loss and waste", "食品ロス量"),
    ("Share of buses with step-free access", "ノンステップバスの導入率"),
    ("Disaster preparedness training participants", "防災訓練の参加者数"),
    ("Average commuting time", "平均通勤時間"),
    ("Energy consumption of public buildings", "公共施設のエネルギー消費量"),
    ("Share of residents who feel safe at night", "夜間に安心して歩ける住民の割合"),
]
QUALIFIERS = [
    ("", ""), ("by sex", "（男女別）"), ("by age group", "（年齢階級別）"),
    ("by ward", "（区別）"), ("in municipal facilities", "（市有施設）"),
    ("per 1,000 households", "（1,000世帯当たり）"), ("among young people", "（若年層）"),
    ("in industrial areas", "（工業地域）"),
]  # fmt: skip
AREAS = [
    ("Shinjuku", "新宿"), ("Hachioji", "八王子"), ("Okutama", "奥多摩"), ("Mitaka", "三鷹"),
    ("Setagaya", "世田谷"), ("Machida", "町田"), ("Chofu", "調布"), ("Nerima", "練馬"),
]  # fmt: skip

QUERIES = [
    "renewable energy", "unemployment", "waste", "water", "education", "accident", "forest",
    "tourists", "households", "safe at night", "Setagaya", "greenhouse gas", "recycling rate",
    "水", "森", "教育", "女性", "保育", "区別", "町田",
    "再生可能", "失業率", "温室効果ガス", "公園面積", "交通事故死者数", "一人暮らし", "訪日外国人",
    "11.6", "11-6-2", "7.2.1", "3", "indicator_3-9-1", "5-5-1-b1", "12.3", "1.a",
]  # fmt: skip
ROUNDS = 8  # QUERIES x 2 languages x ROUNDS timed searches


def populate(slug: str) -> float:
    """Create INDICATORS published indicators for ``slug`` and index them; seconds to index."""
    import time

    from localsdg.core.codes import parse_code
    from localsdg.core.framework import load_framework
    from localsdg.indicators.models import Indicator
    from localsdg.orgs.models import Organisation
    from localsdg.search.indexing import reindex_org

    org = Organisation.objects.get(slug=slug)
    codes = [parse_code(i.code).dashed for i in load_framework().indicators if not i.same_as]
    rows = []
    for n in range(INDICATORS):
        subject = SUBJECTS[n % len(SUBJECTS)]
        qualifier = QUALIFIERS[(n // len(SUBJECTS)) % len(QUALIFIERS)]
        area = AREAS[(n // 7) % len(AREAS)]
        code = f"{codes[n % len(codes)]}-{'abcdefgh'[n // len(codes) % 8]}{n // (8 * len(codes))}"
        rows.append(
            Indicator(
                organisation=org,
                code=code,
                name_en=f"{subject[0]} {qualifier[0]} ({area[0]})".replace("  ", " "),
                name_ja=f"{area[1]}の{subject[1]}{qualifier[1]}",
                unit_en="%",
                is_published=True,
                reporting_status="reported",
                metadata={
                    "en": {"definition": f"{subject[0]} measured every year in {area[0]}."},
                    "ja": {"definition": f"{area[1]}で毎年測定する{subject[1]}。"},
                },
            )
        )
    Indicator.objects.bulk_create(rows, batch_size=1000)
    start = time.perf_counter()
    reindex_org(org)
    return time.perf_counter() - start


def naive(entries: list[tuple[str, str, str, str]], query: str) -> list[str]:
    """The baseline: every word as a substring of the title or text, best title match first."""
    from localsdg.search.indexing import normalise

    words = normalise(query).split()
    found = [
        (title.find(words[0]) if words[0] in title else 10_000, len(title), key, code)
        for code, title, body, key in entries
        if all(w in title or w in body for w in words)
    ]
    return [row[3] for row in sorted(found)[:50]]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def child(slug: str) -> dict[str, object]:
    """Runs inside the instance's settings: populate, then time search and baseline."""
    import time

    import django

    django.setup()
    from localsdg.search.models import SearchEntry
    from localsdg.search.queries import search_page

    index_seconds = populate(slug)
    plan = [(q, lang) for _round in range(ROUNDS) for lang in ("en", "ja") for q in QUERIES]
    search_page("warm up", "en")
    timings, totals = [], {}
    for query, lang in plan:
        start = time.perf_counter()
        page = search_page(query, lang)
        timings.append((time.perf_counter() - start) * 1000)
        totals[f"{lang}:{query}"] = page.total
    entries = {
        lang: list(
            SearchEntry.objects.filter(language=lang).values_list(
                "code", "norm_title", "body", "sort_key"
            )
        )
        for lang in ("en", "ja")
    }
    baseline = []
    for query, lang in plan:
        start = time.perf_counter()
        naive(entries[lang], query)
        baseline.append((time.perf_counter() - start) * 1000)
    p50, p95 = percentile(timings, 0.5), percentile(timings, 0.95)
    base50 = percentile(baseline, 0.5)
    slowest = max(range(len(plan)), key=timings.__getitem__)
    return {
        "indicators": INDICATORS,
        "entries": SearchEntry.objects.count(),
        "index_seconds": round(index_seconds, 2),
        "queries": len(plan),
        "p50_ms": round(p50, 2),
        "p95_ms": round(p95, 2),
        "max_ms": round(max(timings), 2),
        "slowest_query": f"{plan[slowest][1]}:{plan[slowest][0]}",
        "baseline": "naive Python substring scan over the same entries held in memory",
        "baseline_p50_ms": round(base50, 2),
        "baseline_p95_ms": round(percentile(baseline, 0.95), 2),
        "ratio_p50_to_baseline": round(p50 / base50, 2) if base50 else None,
        "hits_per_query": {k: totals[k] for k in list(totals)[: len(QUERIES) * 2]},
        "target": "p95 under 50 ms",
        "meets_target": p95 < 50,
    }


def bench_search(work: Path) -> dict[str, object]:
    from bench.run import instance

    env = instance(work / "search-instance")
    env["DJANGO_SETTINGS_MODULE"] = "localsdg.settings"
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); from bench.search import child; "
        "print('RESULT', json.dumps(child('bench')))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT)],
        env=env | {"PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0 or "RESULT" not in done.stdout:
        raise SystemExit(f"search benchmark failed:\n{done.stdout}\n{done.stderr}")
    return json.loads(done.stdout.rsplit("RESULT", 1)[1])
