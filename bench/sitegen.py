"""Static export of a portal with the Bristol Open SDG repository (~260 indicators) in 2 languages.

A fresh instance imports the repository, publishes every indicator, then `localsdg export-site`
runs three times: cold, again with nothing changed, and after one indicator's name changed.
Baseline from the same run: copying the produced tree with shutil.copytree (the floor of
writing the files at all).
"""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from bench.run import GOLDEN, instance, run

PUBLISH = """
import sys
from localsdg.cli import setup
setup(None)
from django.db import transaction
from localsdg.indicators.models import Indicator
with transaction.atomic():
    for indicator in Indicator.objects.all():
        indicator.is_published = True
        indicator.save()
"""

RENAME = """
from localsdg.cli import setup
setup(None)
from localsdg.indicators.models import Indicator
indicator = Indicator.objects.order_by("code").first()
indicator.name_en = indicator.name_en + " (renamed)"
indicator.save()
"""


def python(code: str, env: dict[str, str]) -> None:
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"bench step failed:\n{done.stderr}")


def export(out: Path, env: dict[str, str]) -> tuple[float, dict[str, object]]:
    seconds, _peak = run("export-site", str(out), env=env)
    manifest = json.loads((out / ".localsdg-site.json").read_text())
    return seconds, manifest["files"]


def changed_files(out: Path, since: float) -> int:
    return sum(1 for p in out.rglob("*") if p.is_file() and p.stat().st_mtime > since)


def bench_export(work: Path) -> dict[str, object]:
    repo = GOLDEN / "opensdg-repos" / "bristol"
    if not repo.is_dir():
        return {"skipped": f"golden data absent: {repo}"}
    env = instance(work / "sitegen-instance")
    run("import", "opensdg", str(repo), "--org", "bench", "--on-duplicate", "last", env=env)
    python(PUBLISH, env)
    out = work / "site"
    cold, files = export(out, env)
    pages = sum(name.endswith(".html") for name in files)
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    mark = time.time()
    time.sleep(0.05)
    warm, _ = export(out, env)
    unchanged_writes = changed_files(out, mark) - 1  # the manifest is always rewritten
    python(RENAME, env)
    mark = time.time()
    time.sleep(0.05)
    edited, _ = export(out, env)
    edit_writes = changed_files(out, mark) - 1
    start = time.perf_counter()
    shutil.copytree(out, work / "site-copy")
    copy = time.perf_counter() - start
    return {
        "indicators": sum("/indicators/" in n and n.endswith("index.html") for n in files) // 2,
        "pages": pages,
        "files": len(files),
        "bytes": size,
        "cold_seconds": round(cold, 2),
        "unchanged_seconds": round(warm, 2),
        "unchanged_files_written": unchanged_writes,
        "one_edit_seconds": round(edited, 2),
        "one_edit_files_written": edit_writes,
        "copytree_seconds": round(copy, 3),
        "ratio_cold_to_copytree": round(cold / copy, 1),
        "target": "cold export under 15 s",
        "meets_target": cold < 15,
    }
