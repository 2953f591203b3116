"""LocalSDG benchmarks: `make bench` runs them and writes bench/results.json.

Figures are reported with a baseline measured in the same run (the machine is shared and noisy),
so the ratios are what to compare between runs:

- tidy CSV import of 1,000,000 observations (500 indicators x 20 series x 100 periods) into a
  fresh SQLite instance through `localsdg import`, against reading the same file with polars
  alone (the floor), with the peak memory of the import process;
- import of every indicator of the Bristol Open SDG repository in ../shared/golden/, against
  the start-up time of the `localsdg` command itself;
- import of a 5,000-row initiatives workbook (and CSV) into a plan, fresh and again, against
  reading the same file alone (bench/strategy_import.py);
- the SDGs Board over 20,000 initiatives of 63 organisations, on SQLite and on PostgreSQL
  (scripts/with-postgres), against a naive implementation in plain Python (bench/board.py).
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
GOLDEN = ROOT.parent / "shared" / "golden"
RESULTS = ROOT / "bench" / "results.json"


def make_tidy_csv(path: Path, indicators: int = 500, series: int = 20, periods: int = 100) -> int:
    """A tidy CSV with indicators x series x periods rows of valid local indicator codes."""
    from localsdg.core.codes import parse_code
    from localsdg.core.framework import load_framework

    globals_ = [parse_code(i.code).dashed for i in load_framework().indicators if not i.same_as]
    codes = [f"{code}-{suffix}" for suffix in "abc" for code in globals_][:indicators]
    frame = (
        pl.DataFrame({"indicator": codes})
        .join(pl.DataFrame({"Area": [f"ward-{n:02d}" for n in range(series)]}), how="cross")
        .join(pl.DataFrame({"period": [str(1921 + n) for n in range(periods)]}), how="cross")
    )
    frame = frame.with_columns(
        unit=pl.lit("%"),
        value=(pl.int_range(pl.len()) % 997 / 10).round(1),
    ).select("indicator", "unit", "Area", "period", "value")
    frame.write_csv(path)
    return frame.height


# Runs the `localsdg` command in a child that reports its own peak memory when it ends.
CHILD = """
import resource, sys
from localsdg.cli import app
try:
    app(sys.argv[1:])
finally:
    print("PEAK_RSS_KB", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
"""


def run(*args: str, env: dict[str, str]) -> tuple[float, int]:
    """Wall time and peak resident memory (bytes) of one `localsdg` process."""
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-c", CHILD, *args], env=env, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise SystemExit(f"`localsdg {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}")
    peak_kb = int(done.stderr.rsplit("PEAK_RSS_KB", 1)[1].split()[0])
    return elapsed, peak_kb * 1024


def instance(folder: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALSDG_")}
    env["LOCALSDG_DATA_DIR"] = str(folder)
    run("migrate", env=env)
    run("org", "create", "bench", "--name-en", "Bench", env=env)
    return env


def bench_million(work: Path) -> dict[str, object]:
    csv = work / "million.csv"
    rows = make_tidy_csv(csv)
    start = time.perf_counter()
    pl.read_csv(csv, infer_schema=False)
    floor = time.perf_counter() - start
    env = instance(work / "million-instance")
    seconds, peak = run("import", "csv", str(csv), "--org", "bench", env=env)
    return {
        "observations": rows,
        "file_bytes": csv.stat().st_size,
        "polars_read_seconds": round(floor, 3),
        "import_seconds": round(seconds, 3),
        "ratio_to_polars_read": round(seconds / floor, 1),
        "import_peak_rss_mb": round(peak / 2**20, 1),
        "target": "import under 20 s and under 1.5 GB peak memory",
        "meets_target": seconds < 20 and peak < 1.5 * 2**30,
    }


def bench_bristol(work: Path) -> dict[str, object]:
    repo = GOLDEN / "opensdg-repos" / "bristol"
    if not repo.is_dir():
        return {"skipped": f"golden data absent: {repo}"}
    env = instance(work / "bristol-instance")
    startup, _ = run("--help", env=env)
    seconds, peak = run(
        "import", "opensdg", str(repo), "--org", "bench", "--on-duplicate", "last", env=env
    )
    return {
        "command_startup_seconds": round(startup, 3),
        "import_seconds": round(seconds, 3),
        "ratio_to_startup": round(seconds / startup, 1),
        "import_peak_rss_mb": round(peak / 2**20, 1),
        "target": "import under 5 s",
        "meets_target": seconds < 5,
    }


def machine() -> dict[str, object]:
    return {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "processor": platform.machine(),
        "cpus": os.cpu_count(),
        "polars": pl.__version__,
    }


def main() -> int:
    only = sys.argv[1:]  # e.g. `python bench/run.py progress` runs one group
    results: dict[str, object] = {"machine": machine(), "when": time.strftime("%Y-%m-%dT%H:%M:%S")}
    if RESULTS.exists() and only:
        results = json.loads(RESULTS.read_text()) | results
    with tempfile.TemporaryDirectory(prefix="localsdg-bench-") as folder:
        work = Path(folder)
        if not only or "import" in only:
            results["import_tidy_csv_1m"] = bench_million(work)
            results["import_bristol_repository"] = bench_bristol(work)
        if not only or "progress" in only:
            from bench.progress import bench_progress

            (work / "progress").mkdir()
            results["progress_32m"] = bench_progress(work / "progress")
        if not only or "search" in only:
            from bench.search import bench_search

            results["search_10k"] = bench_search(work)
        if not only or "sitegen" in only:
            from bench.sitegen import bench_export

            results["static_export_bristol"] = bench_export(work)
        if not only or "suggest" in only:
            from bench.suggest import bench_suggest

            results["suggest_targets"] = bench_suggest()
        if not only or "strategy_import" in only:
            from bench.strategy_import import bench_strategy_import

            results["strategy_import_5k"] = bench_strategy_import(work)
        if not only or "board" in only:
            from bench.board import bench_board

            results["board_20k"] = bench_board(work)
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
