"""`make load`: requests per second and tail latency of public pages under `localsdg serve`.

The demo is loaded into a fresh instance and served by `localsdg serve` (gunicorn, two workers)
on 127.0.0.1; wrk requests a goal page and an indicator page for a bounded time. Each page is
measured three ways with the same server and worker count:

- dynamic with the public page cache off (every request renders the page),
- dynamic with the page cache on (the default),
- the same page from the static export (`localsdg export-site`) served by gunicorn + WhiteNoise,
  the ceiling for this server on this machine.

The figures go into bench/results.json under "load", with the ratios to the static ceiling.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results.json"
BIN = Path(sys.executable).parent
WORKERS = 2
CONNECTIONS = 8
SECONDS = 10
PAGES = {
    "goal_en": "/en/goals/11/",
    "goal_ja": "/ja/goals/11/",
    "indicator_en": "/en/organisations/tokyo/indicators/11-6-2/",
    "indicator_ja": "/ja/organisations/tokyo/indicators/11-6-2/",
}
TARGET = "goal and indicator pages at >= 300 requests/s with p99 under 100 ms (page cache on)"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def localsdg(*args: str, env: dict[str, str]) -> None:
    done = subprocess.run([str(BIN / "localsdg"), *args], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"`localsdg {' '.join(args)}` failed:\n{done.stdout}\n{done.stderr}")


def wait_until_up(port: int, server: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if server.poll() is not None:
            raise SystemExit(f"the server on port {port} stopped while starting")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/en/", timeout=2) as answer:
                if answer.status == 200:
                    return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"the server on port {port} did not answer")


@contextmanager
def serving(command: list[str], port: int, env: dict[str, str]) -> Iterator[None]:
    server = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        wait_until_up(port, server)
        yield
    finally:
        server.terminate()
        server.wait(timeout=30)


def wrk(url: str, seconds: int = SECONDS) -> dict[str, float]:
    """Run wrk against one URL; requests/s and latency percentiles in ms."""
    done = subprocess.run(
        ["wrk", "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--latency", url],
        capture_output=True,
        text=True,
        check=True,
    )
    out = done.stdout
    if "Non-2xx or 3xx responses" in out:
        raise SystemExit(f"wrk saw error answers from {url}:\n{out}")
    figures = {"requests_per_second": float(re.search(r"Requests/sec:\s+([\d.]+)", out)[1])}
    for percent in ("50", "90", "99"):
        value, unit = re.search(rf"^\s+{percent}%\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]
        figures[f"p{percent}_ms"] = round(float(value) * scale, 2)
    return figures


def measure(port: int, paths: dict[str, str]) -> dict[str, dict[str, float]]:
    results = {}
    for name, path in paths.items():
        url = f"http://127.0.0.1:{port}{path}"
        wrk(url, seconds=2)  # warm the workers (and the cache, when on)
        results[name] = wrk(url)
    return results


def serve_dynamic(env: dict[str, str], port: int, cache_seconds: int) -> dict[str, dict]:
    env = env | {"LOCALSDG_PAGE_CACHE_SECONDS": str(cache_seconds)}
    command = [str(BIN / "localsdg"), "serve", "--port", str(port), "--workers", str(WORKERS)]
    with serving(command, port, env):
        return measure(port, PAGES)


def serve_static(site: Path, env: dict[str, str], port: int) -> dict[str, dict]:
    command = [
        str(BIN / "gunicorn"),
        "--workers",
        str(WORKERS),
        "--bind",
        f"127.0.0.1:{port}",
        "--access-logfile",
        "-",
        "bench.static_site:application",
    ]
    with serving(command, port, env | {"STATIC_SITE_ROOT": str(site)}):
        return measure(port, PAGES)


def bench_load(work: Path) -> dict[str, object]:
    if shutil.which("wrk") is None:
        return {"skipped": "wrk is not installed (make load installs it)"}
    env = {k: v for k, v in os.environ.items() if not k.startswith("LOCALSDG_")}
    env |= {
        "LOCALSDG_DATA_DIR": str(work / "instance"),
        "LOCALSDG_HTTPS": "false",
        "LOCALSDG_ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    localsdg("demo", "--no-serve", env=env)
    site = work / "site"
    localsdg("export-site", str(site), env=env)
    uncached = serve_dynamic(env, free_port(), cache_seconds=0)
    cached = serve_dynamic(env, free_port(), cache_seconds=600)
    static = serve_static(site, env, free_port())
    ratios = {
        name: {
            "cached_to_static": round(
                cached[name]["requests_per_second"] / static[name]["requests_per_second"], 3
            ),
            "uncached_to_static": round(
                uncached[name]["requests_per_second"] / static[name]["requests_per_second"], 3
            ),
        }
        for name in PAGES
    }
    meets = all(
        cached[name]["requests_per_second"] >= 300 and cached[name]["p99_ms"] < 100
        for name in PAGES
    )
    return {
        "pages": PAGES,
        "server": f"localsdg serve (gunicorn, {WORKERS} sync workers), 127.0.0.1",
        "load": f"wrk, 1 thread, {CONNECTIONS} connections, {SECONDS} s per page after 2 s warm-up",
        "dynamic_page_cache_off": uncached,
        "dynamic_page_cache_on": cached,
        "static_export_same_server": static,
        "ratio_to_static": ratios,
        "target": TARGET,
        "meets_target": meets,
    }


def main() -> int:
    results: dict[str, object] = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    with tempfile.TemporaryDirectory(prefix="localsdg-load-") as folder:
        results["load"] = bench_load(Path(folder))
    results["load_when"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(json.dumps(results["load"], indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
