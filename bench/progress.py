"""Progress methods at national scale: 2,000 organisations x 250 indicators x 4 series x 16
years (32 million observations), with `opensdg` and `sdsn`.

Each measurement runs in a child process that reports its own peak memory. Baselines from the
same run: the floor (polars reading the data and grouping it by series) and a pandas
groupby-apply of the per-series reference implementation from the test suite. The pandas run is
measured on a 1/50 slice of the organisations and scaled up linearly (it would take far too long
on all of them); the results file says so.
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
ENTITIES, INDICATORS, SERIES, YEARS = 2000, 250, 4, 16
PANDAS_SLICE = 50  # pandas runs on ENTITIES / PANDAS_SLICE organisations

CHILD = """
import resource, sys, time
sys.path.insert(0, sys.argv[1])
from bench.progress import measure
seconds = measure(sys.argv[2], sys.argv[3])
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(f"RESULT {seconds} {peak}")
"""


def make_data(folder: Path) -> tuple[Path, Path]:
    """Synthetic series with trends of both signs, some gaps, and a spec for both methods."""
    rng = np.random.default_rng(2030)
    n = ENTITIES * INDICATORS * SERIES * YEARS
    series_index = np.repeat(np.arange(ENTITIES * INDICATORS * SERIES), YEARS)
    year = np.tile(np.arange(2010, 2010 + YEARS, dtype=np.float64), ENTITIES * INDICATORS * SERIES)
    trend = rng.normal(0, 1.0, ENTITIES * INDICATORS * SERIES)[series_index]
    value = 50 + trend * (year - 2010) + rng.normal(0, 2.0, n)
    value[rng.random(n) < 0.03] = np.nan
    per_series = INDICATORS * SERIES
    entity = pl.Series(np.char.add("org-", (series_index // per_series).astype(str)))
    indicator = pl.Series(np.char.add("ind-", ((series_index // SERIES) % INDICATORS).astype(str)))
    series = pl.Series(
        np.where(series_index % SERIES == 0, "", (series_index % SERIES).astype(str))
    )
    values = pl.DataFrame(
        {"entity": entity, "indicator": indicator, "series": series, "year": year, "value": value}
    ).with_columns(pl.col("value").fill_nan(None))
    values_path = folder / "values.parquet"
    values.write_parquet(values_path)
    ids = np.arange(INDICATORS)
    spec = pl.DataFrame(
        {
            "indicator": [f"ind-{i}" for i in ids],
            "series": [""] * INDICATORS,
            "goal": (ids % 17 + 1).astype(np.int32),
            "direction": np.where(ids % 2 == 0, 1, -1).astype(np.int8),
            "target": np.where(ids % 3 == 0, np.nan, np.where(ids % 2 == 0, 80.0, 20.0)),
            "target_year": np.full(INDICATORS, 2030.0),
            "limit": np.where(ids % 5 == 0, 100.0, np.nan),
            "best": np.where(ids % 2 == 0, 100.0, 0.0),
            "worst": np.where(ids % 2 == 0, 0.0, 100.0),
            "green": np.where(ids % 2 == 0, 70.0, 30.0),
            "red": np.where(ids % 2 == 0, 40.0, 60.0),
        }
    ).with_columns(pl.col(["target", "limit"]).fill_nan(None))
    spec_path = folder / "spec.parquet"
    spec.write_parquet(spec_path)
    return values_path, spec_path


def measure(what: str, folder: str) -> float:
    """Seconds for one measurement, run inside a child process.

    Generating the data runs in a child too: Linux keeps a process's peak memory across exec,
    so a parent that had built the data would hand its peak to every measured child.
    """
    values_path, spec_path = Path(folder) / "values.parquet", Path(folder) / "spec.parquet"
    if what == "generate":
        start = time.perf_counter()
        make_data(Path(folder))
        return time.perf_counter() - start
    if what == "floor":
        start = time.perf_counter()
        pl.read_parquet(values_path).group_by(["entity", "indicator", "series"]).agg(
            pl.col("year").min().alias("first_year"),
            pl.col("year").max().alias("last_year"),
            pl.col("value").last(),
        )
        return time.perf_counter() - start
    if what.startswith("pandas-"):
        return pandas_apply(what.removeprefix("pandas-"), values_path, spec_path)
    from localsdg.core.progress import Options, get_method

    values, spec = pl.read_parquet(values_path), pl.read_parquet(spec_path)
    start = time.perf_counter()
    get_method(what).assess(values, spec, Options())
    return time.perf_counter() - start


def pandas_apply(method: str, values_path: Path, spec_path: Path) -> float:
    """The test suite's per-series reference implementation, applied with pandas groupby."""
    import pandas as pd

    sys.path.insert(0, str(ROOT))
    keep = [f"org-{i}" for i in range(ENTITIES // PANDAS_SLICE)]
    values = pl.read_parquet(values_path).filter(pl.col("entity").is_in(keep))
    frame = pd.DataFrame({c: values[c].to_numpy() for c in values.columns})
    spec = {row["indicator"]: row for row in pl.read_parquet(spec_path).iter_rows(named=True)}
    if method == "opensdg":
        from tests.core.progress.test_opensdg import reference_series

        def one(group: pd.DataFrame) -> str:
            sp = spec[group.name[1]]
            points = list(zip(group["year"], group["value"], strict=True))
            return reference_series(
                points, 2015.0, sp["direction"], sp["limit"], sp["target"], 2030.0
            ).status
    else:
        from tests.core.progress.test_sdsn import ref_row

        def one(group: pd.DataFrame) -> str:
            known = group.dropna(subset=["value"])
            latest = known.loc[known["year"].idxmax()] if len(known) else None
            value = None if latest is None else float(latest["value"])
            year = None if latest is None else float(latest["year"])
            return ref_row(value, year, spec[group.name[1]]).colour

    start = time.perf_counter()
    frame.groupby(["entity", "indicator", "series"]).apply(one, include_groups=False)
    return (time.perf_counter() - start) * PANDAS_SLICE


def child(what: str, folder: Path) -> tuple[float, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), what, str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        raise SystemExit(f"progress benchmark {what} failed:\n{done.stderr[-2000:]}")
    seconds, peak_kb = done.stdout.rsplit("RESULT", 1)[1].split()
    return float(seconds), int(peak_kb) / 1024


def bench_progress(work: Path) -> dict[str, object]:
    generate, _ = child("generate", work)
    floor, floor_mb = child("floor", work)
    results: dict[str, object] = {
        "observations": ENTITIES * INDICATORS * SERIES * YEARS,
        "generate_seconds": round(generate, 1),
        "floor_read_and_group_seconds": round(floor, 2),
        "floor_peak_rss_mb": round(floor_mb),
        "pandas": f"groupby-apply of the reference implementation on 1/{PANDAS_SLICE} of the "
        f"organisations, time scaled by {PANDAS_SLICE}",
        "target": "at least 20x faster than pandas, under 30 s and under 8 GB",
    }
    for method in ("opensdg", "sdsn"):
        seconds, peak = child(method, work)
        pandas_seconds, _ = child(f"pandas-{method}", work)
        results[method] = {
            "seconds": round(seconds, 2),
            "peak_rss_mb": round(peak),
            "ratio_to_floor": round(seconds / floor, 1),
            "pandas_seconds_scaled": round(pandas_seconds, 1),
            "speedup_over_pandas": round(pandas_seconds / seconds, 1),
            "meets_target": seconds < 30 and peak < 8 * 1024 and pandas_seconds / seconds >= 20,
        }
    return results
