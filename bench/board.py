"""SDGs Board benchmark: 20,000 initiatives of 63 organisations, on SQLite and on PostgreSQL.

Each half runs in a child process with a fresh data folder of its own (the PostgreSQL half under
``scripts/with-postgres``, which starts a throwaway cluster and sets ``LOCALSDG_DATABASE_URL``).
The child migrates, creates a published hub and 62 published members (Tokyo and its wards,
cities, towns and villages), one published plan each with strategies, and 20,000 initiatives
(the hub 2,000, the members 100-500 each) with Japanese and English names and descriptions
drawn from a policy vocabulary, departments, statuses, years, 1-4 goal and 1-4 target mappings
with roles and 1-3 budget lines, all with ``bulk_create``; then it builds the search index.

Measured, on the functions the page and the API call:

- the first request after a data change (the Board's index is built again, and the search
  index's entries of the language are loaded on the first text query);
- a fixed mix of queries in both languages (no filter; text of one or two characters, longer
  words, English words, two words, SDG codes; one facet; several facets; text with facets;
  the budget and name orders; deep pages): ``board_result`` with the heat map, as the page
  asks for it (the API's answer is the same without the heat map). Each request's text match
  is made afresh (the Board keeps the latest matches with its index; the figures with them
  kept are reported too, as ``warm``);
- ``select`` with ``facet_counts`` alone (the search and every facet count);
- the whole HTTP page through Django's test client, for one round of the mix.

The target is judged on ``board_result`` with the heat map and every text match made afresh.
The baseline, timed in the same child over one round of the mix, is a naive implementation: plain
Python over a list of one dict per initiative (the same texts the search index holds),
filtering each request by looping over every initiative, counting every facet and the heat map
by looping again, a substring test per word, and sorting the results. Its totals are compared
with the Board's, so the two answer the same question.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
import time
from collections.abc import Callable, Mapping, Sequence
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
INITIATIVES = 20_000
HUB_INITIATIVES = 2_000
MEMBER_RANGE = (100, 500)
SEED = 20261202
ROUNDS = 4  # the query mix is timed this many times, in a shuffled order each round
TARGET = "p95 under 50 ms (SQLite and PostgreSQL)"
TARGET_MS = 50.0

HUB = ("tokyo", "Tokyo Metropolitan Government", "東京都", "prefecture")
# (slug, English name, Japanese name, kind): the 62 municipalities of Tokyo.
MEMBERS = [
    *(
        (slug, f"{en} City", f"{ja}区", "ward")
        for slug, en, ja in [
            ("chiyoda", "Chiyoda", "千代田"), ("chuo", "Chuo", "中央"), ("minato", "Minato", "港"),
            ("shinjuku", "Shinjuku", "新宿"), ("bunkyo", "Bunkyo", "文京"),
            ("taito", "Taito", "台東"), ("sumida", "Sumida", "墨田"), ("koto", "Koto", "江東"),
            ("shinagawa", "Shinagawa", "品川"), ("meguro", "Meguro", "目黒"),
            ("ota", "Ota", "大田"), ("setagaya", "Setagaya", "世田谷"),
            ("shibuya", "Shibuya", "渋谷"), ("nakano", "Nakano", "中野"),
            ("suginami", "Suginami", "杉並"), ("toshima", "Toshima", "豊島"),
            ("kita", "Kita", "北"), ("arakawa", "Arakawa", "荒川"),
            ("itabashi", "Itabashi", "板橋"), ("nerima", "Nerima", "練馬"),
            ("adachi", "Adachi", "足立"), ("katsushika", "Katsushika", "葛飾"),
            ("edogawa", "Edogawa", "江戸川"),
        ]
    ),
    *(
        (slug, f"{en} City", f"{ja}市", "city")
        for slug, en, ja in [
            ("hachioji", "Hachioji", "八王子"), ("tachikawa", "Tachikawa", "立川"),
            ("musashino", "Musashino", "武蔵野"), ("mitaka", "Mitaka", "三鷹"),
            ("ome", "Ome", "青梅"), ("fuchu", "Fuchu", "府中"), ("akishima", "Akishima", "昭島"),
            ("chofu", "Chofu", "調布"), ("machida", "Machida", "町田"),
            ("koganei", "Koganei", "小金井"), ("kodaira", "Kodaira", "小平"),
            ("hino", "Hino", "日野"), ("higashimurayama", "Higashimurayama", "東村山"),
            ("kokubunji", "Kokubunji", "国分寺"), ("kunitachi", "Kunitachi", "国立"),
            ("fussa", "Fussa", "福生"), ("komae", "Komae", "狛江"),
            ("higashiyamato", "Higashiyamato", "東大和"), ("kiyose", "Kiyose", "清瀬"),
            ("higashikurume", "Higashikurume", "東久留米"),
            ("musashimurayama", "Musashimurayama", "武蔵村山"), ("tama", "Tama", "多摩"),
            ("inagi", "Inagi", "稲城"), ("hamura", "Hamura", "羽村"),
            ("akiruno", "Akiruno", "あきる野"), ("nishitokyo", "Nishitokyo", "西東京"),
        ]
    ),
    *(
        (slug, f"{en} Town", f"{ja}町", "town")
        for slug, en, ja in [
            ("mizuho", "Mizuho", "瑞穂"), ("hinode", "Hinode", "日の出"),
            ("okutama", "Okutama", "奥多摩"), ("oshima", "Oshima", "大島"),
            ("hachijo", "Hachijo", "八丈"),
        ]
    ),
    *(
        (slug, f"{en} Village", f"{ja}村", "village")
        for slug, en, ja in [
            ("hinohara", "Hinohara", "檜原"), ("toshima-village", "Toshima", "利島"),
            ("niijima", "Niijima", "新島"), ("kozushima", "Kozushima", "神津島"),
            ("miyake", "Miyake", "三宅"), ("mikurajima", "Mikurajima", "御蔵島"),
            ("aogashima", "Aogashima", "青ヶ島"), ("ogasawara", "Ogasawara", "小笠原"),
        ]
    ),
]  # fmt: skip

# (Japanese, English, the goals it serves)
SUBJECTS = [
    ("防災", "disaster prevention", (11, 13, 1)),
    ("子育て支援", "childcare support", (1, 3, 4)),
    ("脱炭素", "decarbonisation", (7, 13, 12)),
    ("高齢者の見守り", "watching over older people", (3, 10, 11)),
    ("水道施設の更新", "renewal of water facilities", (6, 9, 11)),
    ("河川の水質改善", "water quality of rivers", (6, 14, 15)),
    ("再生可能エネルギーの導入", "renewable energy", (7, 13, 9)),
    ("食品ロスの削減", "food loss reduction", (2, 12, 13)),
    ("地域包括ケア", "community-based care", (3, 10, 11)),
    ("待機児童の解消", "childcare waiting lists", (4, 5, 8)),
    ("女性の就業支援", "employment of women", (5, 8, 10)),
    ("公共交通の充実", "public transport", (9, 11, 13)),
    ("緑地の保全", "protection of green spaces", (11, 15, 13)),
    ("ごみの減量とリサイクル", "waste reduction and recycling", (11, 12, 14)),
    ("中小企業の経営支援", "support for small businesses", (8, 9, 17)),
    ("行政手続のデジタル化", "digital administrative procedures", (9, 16, 17)),
    ("多文化共生", "multicultural community", (10, 16, 17)),
    ("障害者の社会参加", "participation of people with disabilities", (8, 10, 11)),
    ("学校教育の充実", "school education", (4, 10, 5)),
    ("健康づくり", "health promotion", (3, 2, 11)),
    ("都市農業の振興", "urban agriculture", (2, 12, 15)),
    ("耐震化", "earthquake resistance", (11, 9, 13)),
    ("観光振興", "tourism promotion", (8, 11, 12)),
    ("省エネ住宅", "energy-efficient housing", (7, 11, 13)),
]
AREAS = [
    ("区部", "the ward area"), ("多摩地域", "the Tama area"), ("島しょ地域", "the islands"),
    ("都心部", "the city centre"), ("臨海部", "the waterfront"), ("住宅地域", "residential areas"),
    ("商業地域", "shopping districts"), ("郊外", "the suburbs"),
]  # fmt: skip
ACTIONS = [
    ("の推進", "Promoting"), ("の充実", "Improving"), ("の強化", "Strengthening"),
    ("の拡大", "Expanding"), ("への支援", "Supporting"), ("の整備", "Developing"),
    ("の促進", "Encouraging"), ("の見直し", "Reviewing"),
]  # fmt: skip
DEPARTMENTS = [
    ("総務部", "General Affairs Department"), ("企画政策部", "Policy Planning Department"),
    ("危機管理部", "Crisis Management Department"),
    ("子ども家庭部", "Children and Families Department"),
    ("福祉部", "Welfare Department"), ("健康部", "Health Department"),
    ("環境部", "Environment Department"), ("都市整備部", "Urban Development Department"),
    ("産業振興部", "Industry Promotion Department"), ("教育委員会", "Board of Education"),
    ("水道局", "Bureau of Waterworks"), ("交通局", "Bureau of Transportation"),
]  # fmt: skip
STRATEGIES = [
    ("安全・安心なまちづくり", "A safe and secure city"),
    ("子どもと子育て家庭への支援", "Support for children and families"),
    ("誰もが活躍できる社会", "A society where everyone can take part"),
    ("長寿社会の実現", "A society of long and healthy lives"),
    ("ゼロエミッションへの挑戦", "Towards zero emissions"),
    ("水と緑あふれる環境", "Water and green spaces"),
    ("活力ある地域経済", "A lively local economy"),
    ("デジタルで変わる行政", "Digital public services"),
    ("学びと文化の充実", "Learning and culture"),
    ("持続可能な行財政運営", "Sustainable public finances"),
]
STATUSES = ["planned", "ongoing", "ongoing", "ongoing", "completed", "stopped", ""]

# The query mix: each entry is the GET parameters of one request, asked in both languages;
# a department is given by its number in DEPARTMENTS (as shown in the page's language).
TEXTS = [
    "防災", "水", "子育て", "脱炭素", "高齢者", "再生可能エネルギー", "地域包括ケア",
    "disaster", "water", "recycling", "decarbonisation", "older people", "防災 臨海部",
    "renewable energy", "11.6", "13", "7.2.1",
]  # fmt: skip
MIX: list[dict[str, Any]] = [
    {},
    *({"q": [text]} for text in TEXTS),
    {"goal": ["11"]},
    {"org": ["setagaya"]},
    {"status": ["ongoing"]},
    {"year": ["2025"]},
    {"budget": ["100m-1b"]},
    {"target": ["11.5"]},
    {"role": ["primary"]},
    {"department": [6]},
    {"goal": ["11", "13"], "status": ["ongoing"]},
    {"org": ["tokyo"], "goal": ["3"], "year": ["2024"]},
    {"goal": ["7"], "role": ["primary"], "budget": ["1b-10b"]},
    {"org": ["hachioji", "machida", "tama"], "department": [2], "status": ["ongoing", "planned"]},
    {"q": ["防災"], "goal": ["11"]},
    {"q": ["水"], "status": ["ongoing"], "year": ["2026"]},
    {"q": ["子育て"], "org": ["tokyo"]},
    {"q": ["water"], "goal": ["6"], "role": ["primary"]},
    {"q": ["recycling"], "budget": ["10m-100m", "100m-1b"]},
    {"sort": ["budget"]},
    {"sort": ["name"]},
    {"q": ["防災"], "sort": ["budget"]},
    {"goal": ["3"], "sort": ["name"]},
    {"page": ["200"]},
    {"page": ["400"]},
    {"sort": ["name"], "page": ["300"]},
    {"sort": ["budget"], "page": ["250"]},
    {"q": ["水"], "page": ["20"]},
]
LANGS = ("en", "ja")


def member_sizes(pick: random.Random) -> list[int]:
    """Initiatives per member: uneven, each in MEMBER_RANGE, adding up to the rest of the total."""
    low, high = MEMBER_RANGE
    sizes = [pick.randint(low, high) for _member in MEMBERS]
    wanted = INITIATIVES - HUB_INITIATIVES
    while sum(sizes) != wanted:
        i = pick.randrange(len(sizes))
        if sum(sizes) < wanted and sizes[i] < high:
            sizes[i] += 1
        elif sum(sizes) > wanted and sizes[i] > low:
            sizes[i] -= 1
    return sizes


def budget_lines(pk: int, pick: random.Random) -> list[dict[str, Any]]:
    """1-3 lines; the amount spans every bucket (a line may be the only one and not initial)."""
    year = pick.randint(2021, 2026)
    base = Decimal(int(10 ** pick.uniform(6, 11.3)))
    lines = [{"fiscal_year": year, "kind": "initial", "amount": base}]
    if pick.random() < 0.4:
        lines.append({"fiscal_year": year, "kind": "supplementary", "amount": base / 10})
    if pick.random() < 0.4:
        lines.append({"fiscal_year": year - 1, "kind": "settled", "amount": base * 9 / 10})
    if pick.random() < 0.08:  # no initial budget at all
        lines = [{"fiscal_year": year - 1, "kind": "settled", "amount": base}]
    return [line | {"initiative_id": pk} for line in lines]


def populate() -> dict[str, Any]:
    """Create the organisations, plans, strategies and initiatives; index them."""
    from localsdg.framework.models import Target
    from localsdg.orgs.models import Organisation
    from localsdg.search.indexing import rebuild_all
    from localsdg.strategy.models import (
        BudgetLine,
        GoalMapping,
        Initiative,
        Plan,
        Strategy,
        TargetMapping,
    )

    pick = random.Random(SEED)
    targets: dict[int, list[str]] = {}
    for code, goal in Target.objects.order_by("sort_key").values_list("code", "goal_id"):
        targets.setdefault(goal, []).append(code)
    started = time.perf_counter()
    slug, name_en, name_ja, kind = HUB
    hub = Organisation.objects.create(
        slug=slug, name_en=name_en, name_ja=name_ja, kind=kind, is_published=True
    )
    members = Organisation.objects.bulk_create(
        Organisation(slug=s, name_en=en, name_ja=ja, kind=k, hub=hub, is_published=True)
        for s, en, ja, k in MEMBERS
    )
    orgs = [hub, *members]
    sizes = [HUB_INITIATIVES, *member_sizes(pick)]
    plans = Plan.objects.bulk_create(
        Plan(
            organisation=org,
            slug="sdgs-plan",
            name_en=f"{org.name_en} Comprehensive Plan",
            name_ja=f"{org.name_ja}総合計画",
            start_year=2021 + n % 4,
            end_year=2030 + n % 3,
            is_published=True,
        )
        for n, org in enumerate(orgs)
    )
    strategies = Strategy.objects.bulk_create(
        Strategy(plan=plan, number=str(s + 1), name_ja=ja, name_en=en, order=s)
        for plan in plans
        for s, (ja, en) in enumerate(STRATEGIES)
    )
    by_plan: dict[int, list[Strategy]] = {}
    for strategy in strategies:
        by_plan.setdefault(strategy.plan_id, []).append(strategy)
    rows, subjects = [], []
    for plan, size in zip(plans, sizes, strict=True):
        for n in range(size):
            s = pick.randrange(len(SUBJECTS))
            subject_ja, subject_en, _goals = SUBJECTS[s]
            other_ja, other_en, _ = SUBJECTS[(s + pick.randint(1, 5)) % len(SUBJECTS)]
            area_ja, area_en = AREAS[pick.randrange(len(AREAS))]
            action_ja, action_en = ACTIONS[pick.randrange(len(ACTIONS))]
            dept_ja, dept_en = DEPARTMENTS[pick.randrange(len(DEPARTMENTS))]
            start = pick.choice([None, 2021, 2022, 2023, 2024, 2025, 2026])
            end = None if start is None or pick.random() < 0.2 else start + pick.randint(0, 8)
            subjects.append(s)
            rows.append(
                Initiative(
                    plan=plan,
                    strategy=by_plan[plan.pk][s % len(STRATEGIES)],
                    code=f"{s % len(STRATEGIES) + 1}-{n + 1}",
                    name_ja=f"{area_ja}における{subject_ja}{action_ja}",
                    name_en=f"{action_en} {subject_en} in {area_en}",
                    description_ja=(
                        f"{area_ja}で{subject_ja}に取り組み、あわせて{other_ja}を進めます。"
                        "住民や事業者と連携し、成果を毎年度公表します。"
                    ),
                    description_en=(
                        f"Work on {subject_en} in {area_en}, together with {other_en}. "
                        "Carried out with residents and businesses; results published every year."
                    ),
                    department_ja=dept_ja,
                    department_en=dept_en,
                    start_year=start,
                    end_year=end,
                    status=pick.choice(STATUSES),
                    is_published=True,
                    order=n,
                )
            )
    initiatives = Initiative.objects.bulk_create(rows, batch_size=2000)
    goal_rows, target_rows, budget_rows = [], [], []
    for initiative, s in zip(initiatives, subjects, strict=True):
        served = list(SUBJECTS[s][2])
        goals = pick.sample(served, min(len(served), pick.randint(1, 4)))
        if len(goals) < pick.randint(1, 4):
            goals.append(pick.choice([g for g in range(1, 18) if g not in goals]))
        for k, goal in enumerate(goals):
            role = "primary" if k == 0 or pick.random() < 0.15 else "secondary"
            goal_rows.append(GoalMapping(initiative=initiative, goal_id=goal, role=role))
        codes = {pick.choice(targets[pick.choice(goals)]) for _ in range(pick.randint(1, 4))}
        for k, code in enumerate(sorted(codes)):
            role = "primary" if k == 0 and pick.random() < 0.6 else "secondary"
            target_rows.append(TargetMapping(initiative=initiative, target_id=code, role=role))
        budget_rows += [BudgetLine(**line) for line in budget_lines(initiative.pk, pick)]
    GoalMapping.objects.bulk_create(goal_rows, batch_size=5000)
    TargetMapping.objects.bulk_create(target_rows, batch_size=5000)
    BudgetLine.objects.bulk_create(budget_rows, batch_size=5000)
    created = time.perf_counter() - started
    started = time.perf_counter()
    entries = rebuild_all()
    return {
        "organisations": len(orgs),
        "initiatives": len(initiatives),
        "initiatives_per_org": {"hub": sizes[0], "members_min": min(sizes[1:]),
                                "members_max": max(sizes[1:])},
        "goal_mappings": len(goal_rows),
        "target_mappings": len(target_rows),
        "budget_lines": len(budget_rows),
        "create_seconds": round(created, 2),
        "search_index_entries": entries,
        "search_index_seconds": round(time.perf_counter() - started, 2),
    }  # fmt: skip


def requests() -> list[tuple[str, dict[str, list[str]]]]:
    """The mix in both languages, as (language, GET parameters)."""
    found = []
    for lang in LANGS:
        for params in MIX:
            given = dict(params)
            if "department" in given:
                given["department"] = [
                    DEPARTMENTS[n][0 if lang == "ja" else 1] for n in given["department"]
                ]
            found.append((lang, given))
    return found


def percentile(values: Sequence[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def summary(timings: Sequence[float]) -> dict[str, float | int]:
    return {
        "requests": len(timings),
        "p50_ms": round(percentile(timings, 0.5), 2),
        "p95_ms": round(percentile(timings, 0.95), 2),
        "max_ms": round(max(timings), 2),
    }


def timed(
    plan: Sequence[tuple[str, dict[str, list[str]]]],
    answer: Callable[[str, dict[str, list[str]]], object],
    before: Callable[[], None] = lambda: None,
) -> tuple[list[float], list[object]]:
    """Milliseconds of ``answer`` for every request of ``plan`` (``before`` runs untimed)."""
    timings, answers = [], []
    for lang, params in plan:
        before()
        start = time.perf_counter()
        answers.append(answer(lang, params))
        timings.append((time.perf_counter() - start) * 1000)
    return timings, answers


# The naive baseline --------------------------------------------------------------------------

ROLE_NAMES = ("primary", "secondary")
BUCKETS = [
    ("10b-plus", Decimal(10_000_000_000)), ("1b-10b", Decimal(1_000_000_000)),
    ("100m-1b", Decimal(100_000_000)), ("10m-100m", Decimal(10_000_000)),
]  # fmt: skip


def naive_items() -> list[dict[str, Any]]:
    """One dict per published initiative, in the lists' order, with the search index's texts."""
    from localsdg.board.index import board_index
    from localsdg.search.models import Kind, SearchEntry

    texts: dict[tuple[str, int], tuple[str, str]] = {}
    entries = SearchEntry.objects.filter(kind=Kind.INITIATIVE, initiative__isnull=False)
    for pk, lang, title, body in entries.values_list(
        "initiative_id", "language", "norm_title", "body"
    ):
        texts[lang, pk] = (title, body)
    items = []
    for row, record in enumerate(board_index().records):
        bucket = "none"
        if record.budget is not None:
            bucket = next((key for key, low in BUCKETS if record.budget >= low), "under-10m")
        items.append(
            {
                "pk": record.pk,
                "row": row,
                "org": record.org.slug,
                "goals": dict(record.goals),
                "targets": dict(record.targets),
                "department": {lang: record.department(lang).text for lang in LANGS},
                "status": record.status or "none",
                "years": set(record.fiscal_years),
                "budget": record.budget,
                "bucket": bucket,
                "name": {lang: record.name(lang).text.casefold() for lang in LANGS},
                "text": {lang: texts.get((lang, record.pk), ("", "")) for lang in LANGS},
            }
        )
    return items


def naive_passes(item: dict[str, Any], q: Mapping[str, Any], lang: str, leave: set[str]) -> bool:
    """Whether ``item`` passes every filter of ``q`` except those named in ``leave``."""
    roles = q["role"] or ROLE_NAMES
    if "text" not in leave and q["words"] is not None:
        title, body = item["text"][lang]
        mapped = q["code_goal"] is not None and item["goals"].get(q["code_goal"]) is not None
        mapped = mapped or (q["code_target"] is not None and q["code_target"] in item["targets"])
        words = q["words"]
        if not mapped and not (words and all(w in title or w in body for w in words)):
            return False
    if "org" not in leave and q["org"] and item["org"] not in q["org"]:
        return False
    goals, targets = item["goals"], item["targets"]
    if "goal" not in leave and q["goal"] and not any(goals.get(g) in roles for g in q["goal"]):
        return False
    if (
        "target" not in leave
        and q["target"]
        and not any(targets.get(code) in roles for code in q["target"])
    ):
        return False
    if (
        "role" not in leave
        and q["role"]
        and not q["goal"]
        and not q["target"]
        and not any(role in q["role"] for role in goals.values())
    ):
        return False
    if (
        "department" not in leave
        and q["department"]
        and item["department"][lang] not in q["department"]
    ):
        return False
    if "status" not in leave and q["status"] and item["status"] not in q["status"]:
        return False
    if "year" not in leave and q["year"] and not item["years"] & q["year"]:
        return False
    return not ("budget" not in leave and q["budget"] and item["bucket"] not in q["budget"])


def naive_query(params: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    from localsdg.core.codes import InvalidCode, parse_code
    from localsdg.search.queries import parse_query

    text = " ".join(params.get("q", []))
    parsed = parse_query(text) if text else None
    goal = target = None
    if parsed is not None and parsed.code:
        try:
            code = parse_code(parsed.code)
            goal = code.goal if code.kind == "goal" else None
            target = None if code.kind == "goal" else f"{code.goal}.{code.target}"
        except InvalidCode:
            pass
    return {
        "words": parsed.text_words if parsed is not None else None,
        "code_goal": goal,
        "code_target": target,
        "org": set(params.get("org", [])),
        "goal": [int(g) for g in params.get("goal", [])],
        "target": list(params.get("target", [])),
        "role": tuple(params.get("role", [])),
        "department": set(params.get("department", [])),
        "status": set(params.get("status", [])),
        "year": {int(y) for y in params.get("year", [])},
        "budget": set(params.get("budget", [])),
        "sort": (params.get("sort") or ["relevance"])[0],
        "page": int((params.get("page") or ["1"])[0]),
    }


def naive_answer(items: list[dict[str, Any]], lang: str, params: Mapping[str, Any]) -> Any:
    """The Board's answer the plain way: loop to filter, loop again per facet, sort, slice."""
    q = naive_query(params)
    roles = q["role"] or ROLE_NAMES
    results = [item for item in items if naive_passes(item, q, lang, set())]
    counts: dict[str, dict[Any, int]] = {}
    for facet, leave in [
        ("org", {"org"}), ("goal", {"goal", "role"}), ("target", {"target", "role"}),
        ("department", {"department"}), ("status", {"status"}), ("year", {"year"}),
        ("budget", {"budget"}), ("role", {"goal", "target", "role"}),
    ]:  # fmt: skip
        found: dict[Any, int] = {}
        for item in items:
            if not naive_passes(item, q, lang, leave):
                continue
            if facet == "goal":
                values: Any = [g for g, role in item["goals"].items() if role in roles]
            elif facet == "target":
                values = [t for t, role in item["targets"].items() if role in roles]
            elif facet == "role":
                values = set(item["goals"].values())
            elif facet == "year":
                values = item["years"]
            elif facet == "department":
                values = [item["department"][lang]]
            else:
                values = [item[{"budget": "bucket"}.get(facet, facet)]]
            for value in values:
                found[value] = found.get(value, 0) + 1
        counts[facet] = found
    heat: dict[tuple[str, int], int] = {}
    for item in items:
        if naive_passes(item, q, lang, {"org", "goal", "role"}):
            for goal, role in item["goals"].items():
                if role in roles:
                    heat[item["org"], goal] = heat.get((item["org"], goal), 0) + 1
    if q["sort"] == "budget":
        results.sort(key=lambda item: (item["budget"] is None, -(item["budget"] or 0)))
    elif q["sort"] == "name":
        results.sort(key=lambda item: item["name"][lang])
    elif q["words"]:
        first = q["words"][0]

        def rank(item: dict[str, Any]) -> tuple[int, int, int]:
            title, body = item["text"][lang]
            at = title.find(first)
            in_title = all(word in title for word in q["words"])
            return (0 if in_title else 1, at if at >= 0 else 10_000, len(title))

        results.sort(key=rank)
    start = (q["page"] - 1) * 50
    page = [item["pk"] for item in results[start : start + 50]]
    return len(results), page, counts, heat


# The child: one database --------------------------------------------------------------------


def child() -> dict[str, Any]:
    """Runs inside the instance's settings: migrate, populate, then time everything."""
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import setup_test_environment

    from localsdg.board.index import board_index
    from localsdg.board.results import board_result
    from localsdg.board.select import facet_counts, select
    from localsdg.web.cache import invalidate

    setup_test_environment()  # the test client's host name is allowed
    call_command("migrate", interactive=False, verbosity=0)
    made = populate()
    vendor = connection.vendor
    with connection.cursor() as cursor:
        cursor.execute("SELECT sqlite_version()" if vendor == "sqlite" else "SHOW server_version")
        version = cursor.fetchone()[0]

    def page(lang: str, params: dict[str, list[str]]) -> object:
        return board_result(params, lang, with_heatmap=True)

    def counts(lang: str, params: dict[str, list[str]]) -> object:
        from django.utils import translation

        with translation.override(lang):
            selection = select(params, lang)
            return selection.total, facet_counts(selection)

    # The first request after a data change, three times (a new generation each time).
    first_en, first_ja, builds = [], [], []
    for _ in range(3):
        invalidate()
        start = time.perf_counter()
        board_index()
        builds.append(time.perf_counter() - start)
        invalidate()
        start = time.perf_counter()
        page("en", {"q": ["disaster"]})
        first_en.append(time.perf_counter() - start)
        start = time.perf_counter()
        page("ja", {"q": ["防災"]})
        first_ja.append(time.perf_counter() - start)

    mix = requests()
    shuffle = random.Random(SEED)
    plan = []
    for _round in range(ROUNDS):
        order = list(mix)
        shuffle.shuffle(order)
        plan += order
    for lang, params in mix:  # each language's entries loaded, every path run once
        page(lang, params)
    index = board_index()
    forget = index.matches.clear
    load_before = os.getloadavg()[0]
    cold, results = timed(plan, page, before=forget)
    warm, _answers = timed(plan, page)
    counted, _answers = timed(plan, counts, before=forget)

    # The whole page over HTTP, at each state's canonical address (one round of the mix).
    client = Client()
    addresses = [(lang, board_result(p, lang).url) for lang, p in mix]
    http_plan = [(lang, {"url": [url]}) for lang, url in addresses]

    def get(lang: str, params: dict[str, list[str]]) -> object:
        response = client.get(params["url"][0], secure=True)
        if response.status_code != 200:
            raise SystemExit(f"{params['url'][0]} answered {response.status_code}")
        return len(response.content)

    for lang, params in http_plan:
        get(lang, params)
    http, _answers = timed(http_plan, get, before=forget)

    load_after = os.getloadavg()[0]
    items = naive_items()
    first_round = plan[: len(mix)]  # the naive answer takes long: one round of the mix
    baseline, naive = timed(first_round, lambda lang, params: naive_answer(items, lang, params))
    agree = sum(
        result.total == answer[0]  # type: ignore[attr-defined,index]
        for result, answer in zip(results, naive, strict=False)
    )
    p95, base95 = percentile(cold, 0.95), percentile(baseline, 0.95)
    slowest = max(range(len(plan)), key=cold.__getitem__)
    totals = {
        f"{lang}:{json.dumps(params, ensure_ascii=False)}": result.total  # type: ignore[attr-defined]
        for (lang, params), result in list(zip(plan, results, strict=True))
        if "q" in params and len(params) == 1
    }
    return {
        "database": f"{vendor} {version}",
        **made,
        "index_build_ms": round(1000 * min(builds), 1),
        "first_request_after_change_ms": {
            "en_text": round(1000 * min(first_en), 1),
            "ja_text": round(1000 * min(first_ja), 1),
        },
        "board_result_with_heatmap": summary(cold),
        "board_result_with_heatmap_warm": summary(warm),
        "select_and_facet_counts": summary(counted),
        "http_page": summary(http),
        "load_average_while_timed": [round(load_before, 2), round(load_after, 2)],
        "slowest_request": f"{plan[slowest][0]}:{json.dumps(plan[slowest][1], ensure_ascii=False)}",
        "baseline": "naive Python over one dict per initiative: a loop to filter, a loop per "
        "facet and for the heat map, substring tests, a sort",
        "baseline_result": summary(baseline),
        "ratio_p95_to_baseline": round(p95 / base95, 3) if base95 else None,
        "baseline_totals_agree": f"{agree}/{len(first_round)}",
        "hits_per_text_query": dict(sorted(totals.items())),
        "meets_target": p95 < TARGET_MS,
    }


CODE = (
    "import json, sys; sys.path.insert(0, sys.argv[1]); from bench.board import child; "
    "print('RESULT', json.dumps(child(), ensure_ascii=False))"
)


def run_child(folder: Path, wrapper: Sequence[str] = ()) -> dict[str, Any]:
    """The child in a fresh data folder (under ``wrapper``, e.g. scripts/with-postgres)."""
    shutil.rmtree(folder, ignore_errors=True)
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALSDG_")}
    env |= {
        "LOCALSDG_DATA_DIR": str(folder),
        "LOCALSDG_PAGE_CACHE_SECONDS": "0",  # time the page's work, not the page cache
        "LOCALSDG_STATIC_MANIFEST": "0",  # no collectstatic in the fresh folder
        "DJANGO_SETTINGS_MODULE": "localsdg.settings",
        "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]),
    }
    done = subprocess.run(
        [*wrapper, sys.executable, "-c", CODE, str(ROOT)],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0 or "RESULT" not in done.stdout:
        raise SystemExit(f"board benchmark failed:\n{done.stdout[-3000:]}\n{done.stderr[-5000:]}")
    result: dict[str, Any] = json.loads(done.stdout.rsplit("RESULT", 1)[1])
    return result


def postgres_available() -> str:
    """Why the PostgreSQL half cannot run here, or "" when it can."""
    bins = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    return "" if bins else "PostgreSQL server binaries not found (/usr/lib/postgresql/*/bin)"


def bench_board(work: Path) -> dict[str, Any]:
    results: dict[str, Any] = {"sqlite": run_child(work / "board-sqlite")}
    missing = postgres_available()
    if missing:
        results["postgresql"] = {"skipped": missing, "meets_target": False}
    else:
        wrapper = [str(ROOT / "scripts" / "with-postgres")]
        results["postgresql"] = run_child(work / "board-postgresql", wrapper)
    return {
        **results,
        "target": TARGET,
        "meets_target": all(results[db]["meets_target"] for db in ("sqlite", "postgresql")),
    }


if __name__ == "__main__":  # one half alone: python bench/board.py sqlite|postgresql
    import tempfile

    with tempfile.TemporaryDirectory(prefix="localsdg-bench-") as folder:
        half = sys.argv[1] if len(sys.argv) > 1 else "sqlite"
        wrapper = [str(ROOT / "scripts" / "with-postgres")] if half == "postgresql" else []
        print(json.dumps(run_child(Path(folder) / half, wrapper), indent=2, ensure_ascii=False))
