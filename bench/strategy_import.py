"""Initiatives-table import: a 5,000-row plan workbook (and the same table as CSV) stored in a plan.

The tables are generated deterministically and written with the tidy writers of
`localsdg.core.strategy.writers`: Japanese names, 15 strategies, 1-3 goals and 1-3 targets,
1-2 KPIs and 2-3 budget lines per initiative. A fresh instance is made like every benchmark
instance (see run.py); each step then runs in a child process of its own with that
instance's settings, so that its peak memory is its own:

- the baseline: reading the file with `read_initiatives` alone;
- a full import (read + preview + apply) into an empty plan;
- a re-import of the same file, in which every row is unchanged;
- a re-import of a copy in which every tenth row changed (description, a budget amount,
  a KPI target, one target replaced by another).

The end-to-end figure is `localsdg strategy import` of the workbook into another empty plan,
process start-up included.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path
from typing import Any

from localsdg.core.framework import load_framework
from localsdg.core.strategy.model import Budget, GoalLink, InitiativeRow, Kpi, TargetLink
from localsdg.core.strategy.writers import initiatives_csv, initiatives_xlsx

ROOT = Path(__file__).resolve().parents[1]
ROWS = 5_000
CHANGED_EVERY = 10  # one row in ten differs in the changed copy
SEED = 20240401
TARGET = "import under 5 s"
TARGET_SECONDS = 5.0

# (name, the goals its initiatives serve, the subjects of its initiatives)
STRATEGIES = [
    ("子供の笑顔のための戦略", (1, 3, 4), ("子育て支援", "保育サービス", "放課後の居場所づくり")),
    ("女性の活躍推進戦略", (5, 8, 10), ("女性の就業支援", "男女共同参画", "育児と仕事の両立")),
    ("長寿社会実現戦略", (3, 10, 11), ("介護予防", "地域包括ケア", "高齢者の社会参加")),
    ("誰もが輝く働き方実現戦略", (4, 8, 10), ("職業訓練", "テレワークの普及", "障害者雇用")),
    ("安全・安心なまちづくり戦略", (1, 11, 13), ("豪雨対策", "密集市街地の改善", "無電柱化")),
    ("都市機能を高める戦略", (9, 11, 17), ("公共交通の充実", "道路網の整備", "駅周辺の再開発")),
    ("水と緑溢れる東京戦略", (6, 14, 15), ("緑地の保全", "河川の水質改善", "生物多様性の保全")),
    (
        "ゼロエミッション東京戦略",
        (7, 12, 13),
        ("再生可能エネルギーの導入", "省エネ住宅", "食品ロスの削減"),
    ),
    (
        "文化・エンターテインメント都市戦略",
        (4, 8, 11),
        ("文化財の保存", "芸術文化の振興", "観光振興"),
    ),
    (
        "スポーツフィールド東京戦略",
        (3, 4, 11),
        ("地域スポーツの振興", "パラスポーツの普及", "健康づくり"),
    ),
    ("多摩・島しょ振興戦略", (8, 9, 14), ("多摩地域の産業振興", "島しょの交通確保", "森林の整備")),
    (
        "国際金融・経済都市戦略",
        (8, 9, 17),
        ("スタートアップ支援", "中小企業の経営支援", "金融の誘致"),
    ),
    (
        "デジタルトランスフォーメーション戦略",
        (9, 16, 17),
        ("行政手続のデジタル化", "オープンデータ", "通信環境の整備"),
    ),
    ("行政の構造改革戦略", (16, 17, 12), ("行政評価の推進", "公共施設の適正配置", "働き方改革")),
    ("持続可能な食と農の戦略", (2, 12, 15), ("都市農業の振興", "地産地消の推進", "食育の推進")),
]
AREAS = ["区部", "多摩地域", "島しょ地域", "都心部", "臨海部", "住宅地域", "商業地域", "郊外"]
ACTIONS = ["の推進", "の充実", "の強化", "の拡大", "への支援", "の整備", "の促進", "の見直し"]
DEPARTMENTS = [
    "子供政策連携室", "福祉局", "保健医療局", "産業労働局", "環境局", "建設局", "都市整備局",
    "港湾局", "交通局", "総務局", "デジタルサービス局", "生活文化スポーツ局", "教育庁",
]  # fmt: skip
METRICS = [("実施件数", "件"), ("参加者数", "人"), ("整備率", "%"), ("利用者数", "人"),
           ("削減量", "t"), ("満足度", "%")]  # fmt: skip


def targets_by_goal() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for target in load_framework().targets:
        found.setdefault(target.goal, []).append(target.code)
    return found


def initiative(n: int, pick: random.Random, targets: dict[int, list[str]]) -> InitiativeRow:
    """The ``n``-th initiative of the plan (1-based), the same for the same ``n`` and seed."""
    s = n % len(STRATEGIES)
    strategy, strategy_goals, subjects = STRATEGIES[s]
    subject = subjects[n % len(subjects)]
    name = f"{AREAS[n % len(AREAS)]}における{subject}{ACTIONS[(n // 7) % len(ACTIONS)]}（{n}）"
    department = DEPARTMENTS[n % len(DEPARTMENTS)]
    goals = sorted(pick.sample(strategy_goals, pick.randint(1, 3)))
    codes = sorted({pick.choice(targets[goal]) for goal in goals for _ in range(2)})[:3]
    kpis = []
    for k in range(pick.randint(1, 2)):
        metric, unit = METRICS[(n + k) % len(METRICS)]
        baseline = Decimal(pick.randint(10, 900))
        kpis.append(
            Kpi(
                f"{subject}の{metric}",
                unit=unit,
                baseline_value=baseline,
                baseline_year=2020,
                target_value=baseline * 2,
                target_year=2030,
                direction="increase",
            )  # fmt: skip
        )
    budgets = [
        Budget(year, Decimal(pick.randint(1_000, 5_000_000)) * 1000, unit="千円")
        for year in (2024, 2025)
    ]
    if n % 3 == 0:
        budgets.append(Budget(2023, Decimal(pick.randint(1_000, 5_000_000)) * 1000, unit="千円",
                              kind="settled"))  # fmt: skip
    return InitiativeRow(
        line=n + 1,
        code=f"{s + 1}-{n // len(STRATEGIES) // 50 + 1}-{n}",
        name={"ja": name},
        strategy=f"戦略{s + 1} {strategy}",
        description={"ja": f"{name}に向けて、{department}が関係機関と連携して取り組みます。"},
        department={"ja": department},
        goals=tuple(GoalLink(g, "primary" if i == 0 else "secondary") for i, g in enumerate(goals)),
        targets=tuple(
            TargetLink(c, "primary" if i == 0 else "secondary") for i, c in enumerate(codes)
        ),  # fmt: skip
        budgets=tuple(budgets),
        kpis=tuple(kpis),
        start_year=2021 + n % 4,
        end_year=2030,
        status="ongoing" if n % 5 else "planned",
        url=f"https://www.example.lg.jp/seisaku/{n}.html" if n % 4 == 0 else "",
    )


def changed(row: InitiativeRow, targets: dict[int, list[str]]) -> InitiativeRow:
    """The row as a revision of the plan writes it: new text, amount, KPI target and target."""
    first, *rest = row.budgets
    budget = replace(first, amount=first.amount + 1_000_000)
    kpi = row.kpis[0]
    kpi = replace(kpi, target_value=(kpi.target_value or Decimal(0)) + 5)
    goal = row.goals[0].number
    spare = next(code for code in targets[goal] if code not in {t.code for t in row.targets})
    kept = row.targets[:-1] if len(row.targets) > 1 else row.targets
    return replace(
        row,
        description={"ja": row.description["ja"] + "令和6年度に内容を見直しました。"},
        budgets=(budget, *rest),
        kpis=(kpi, *row.kpis[1:]),
        targets=(*kept, TargetLink(spare)),
    )


def plan_rows() -> tuple[list[InitiativeRow], list[InitiativeRow]]:
    """The plan's initiatives, and the same with every tenth one changed."""
    pick = random.Random(SEED)
    targets = targets_by_goal()
    rows = [initiative(n, pick, targets) for n in range(1, ROWS + 1)]
    revised = [changed(r, targets) if n % CHANGED_EVERY == 0 else r for n, r in enumerate(rows, 1)]
    return rows, revised


def write_tables(folder: Path) -> dict[str, Path]:
    rows, revised = plan_rows()
    files = {
        "xlsx": ("plan.xlsx", initiatives_xlsx(rows)),
        "csv": ("plan.csv", initiatives_csv(rows)),
        "xlsx_changed": ("plan-revised.xlsx", initiatives_xlsx(revised)),
        "csv_changed": ("plan-revised.csv", initiatives_csv(revised)),
    }
    paths = {}
    for key, (name, content) in files.items():
        paths[key] = folder / name
        paths[key].write_bytes(content)
    return paths


# --- Steps, each in a child process with the instance's settings -----------------------------


def child(step: str, path: str, plan_slug: str) -> dict[str, object]:
    """Runs inside the instance: time one step, report its figures and the peak memory."""
    import resource
    import time

    import django

    django.setup()
    from django.db import connection

    from localsdg.core.strategy.tables import read_initiatives
    from localsdg.orgs.models import Organisation
    from localsdg.strategy import imports
    from localsdg.strategy.models import Plan

    org = Organisation.objects.get(slug="bench")
    figures: dict[str, object] = {}
    if step == "plan":
        Plan.objects.create(organisation=org, slug=plan_slug, name_ja="ベンチマーク計画",
                            name_en="Bench plan", start_year=2021, end_year=2030)  # fmt: skip
        return figures
    if step == "read":
        timings = []
        for _round in range(3):
            start = time.perf_counter()
            table = read_initiatives(Path(path))
            timings.append(time.perf_counter() - start)
        assert len(table.rows) == ROWS and not table.errors, table.errors[:3]
        figures["seconds"] = round(min(timings), 3)
    else:
        plan = Plan.objects.get(organisation=org, slug=plan_slug)
        statements: list[str] = []

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            statements.append(sql)  # counted cheaply: a debug cursor would format every query
            return execute(sql, params, many, context)

        start = time.perf_counter()
        table = read_initiatives(Path(path))
        read = time.perf_counter()
        with connection.execute_wrapper(count):
            preview = imports.preview(plan, table)
            previewed = time.perf_counter()
            preview_queries = len(statements)
            written = imports.apply(preview)
        applied = time.perf_counter()
        assert preview.ok and written == ROWS, preview.errors[:3]
        figures |= {
            "seconds": round(applied - start, 3),
            "read_seconds": round(read - start, 3),
            "preview_seconds": round(previewed - read, 3),
            "apply_seconds": round(applied - previewed, 3),
            "preview_queries": preview_queries,
            "apply_queries": len(statements) - preview_queries,
            "new": preview.count("new"),
            "changed": preview.count("changed"),
            "unchanged": preview.count("unchanged"),
            "new_strategies": len(preview.new_strategies),
            "warnings": len(preview.warnings),
        }
    figures["peak_rss_mb"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    return figures


def step(env: dict[str, str], name: str, path: Path | str, plan: str = "") -> dict[str, object]:
    code = (
        "import json, sys; sys.path.insert(0, sys.argv[1]); "
        "from bench.strategy_import import child; "
        "print('RESULT', json.dumps(child(*sys.argv[2:])))"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), name, str(path), plan],
        env=env | {"PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")])},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if done.returncode != 0 or "RESULT" not in done.stdout:
        raise SystemExit(f"strategy import benchmark step {name} failed:\n{done.stderr}")
    return json.loads(done.stdout.rsplit("RESULT", 1)[1])  # type: ignore[no-any-return]


def with_ratio(figures: dict[str, object], read: float) -> dict[str, object]:
    seconds = float(figures["seconds"])  # type: ignore[arg-type]
    return figures | {"ratio_to_read": round(seconds / read, 1) if read else None}


def bench_format(env: dict[str, str], kind: str, paths: dict[str, Path]) -> dict[str, object]:
    plan = f"bench-{kind}"
    step(env, "plan", "", plan)
    read = step(env, "read", paths[kind])
    base = float(read["seconds"])  # type: ignore[arg-type]
    return {
        "file_bytes": paths[kind].stat().st_size,
        "read_seconds": read["seconds"],
        "read_peak_rss_mb": read["peak_rss_mb"],
        "import_into_empty_plan": with_ratio(step(env, "import", paths[kind], plan), base),
        "reimport_unchanged": with_ratio(step(env, "import", paths[kind], plan), base),
        "reimport_10_percent_changed": with_ratio(
            step(env, "import", paths[f"{kind}_changed"], plan), base
        ),
    }


def bench_strategy_import(work: Path) -> dict[str, object]:
    from bench.run import instance, run

    folder = work / "strategy-tables"
    folder.mkdir()
    paths = write_tables(folder)
    env = instance(work / "strategy-instance")
    env["DJANGO_SETTINGS_MODULE"] = "localsdg.settings"
    results: dict[str, object] = {"initiatives": ROWS, "strategies": len(STRATEGIES)}
    for kind in ("xlsx", "csv"):
        results[kind] = bench_format(env, kind, paths)
    step(env, "plan", "", "bench-command")
    seconds, peak = run("strategy", "import", str(paths["xlsx"]), "--org", "bench",
                        "--plan", "bench-command", env=env)  # fmt: skip
    results["command_xlsx_into_empty_plan"] = {
        "seconds": round(seconds, 3),
        "peak_rss_mb": round(peak / 2**20, 1),
        "under_5_s": seconds < TARGET_SECONDS,  # start-up and output included
    }
    imports = [
        results[kind][scenario]  # type: ignore[index]
        for kind in ("xlsx", "csv")
        for scenario in (
            "import_into_empty_plan",
            "reimport_unchanged",
            "reimport_10_percent_changed",
        )
    ]
    results["baseline"] = "read_initiatives of the same file alone (best of 3)"
    results["target"] = TARGET + " (read + preview + apply, every scenario, both formats)"
    results["meets_target"] = all(float(item["seconds"]) < TARGET_SECONDS for item in imports)
    return results
