"""``localsdg.core`` never imports Django: every module of it imports in a process where Django
cannot be imported at all.

The module list is read at run time with ``pkgutil.walk_packages``, so a new module is checked the
day it is added. The check runs in a fresh interpreter: the test process itself has Django loaded.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter. A finder placed first on ``sys.meta_path`` refuses every ``django``
# import, so a core module that imports Django fails there with the name of the module; the end
# check of ``sys.modules`` catches an import that something swallowed. Loading the framework data
# runs the code paths that import lazily.
CHECK = r"""
import importlib, json, pkgutil, sys, traceback

class NoDjango:
    def find_spec(self, name, path=None, target=None):
        if name == "django" or name.startswith("django."):
            raise ImportError(f"localsdg.core must not import Django (it imported {name})")
        return None

sys.meta_path.insert(0, NoDjango())

import localsdg.core

failures, modules = {}, ["localsdg.core"]

def note(name):
    error = sys.exc_info()[1]
    frames = [f for f in traceback.extract_tb(error.__traceback__) if "localsdg" in f.filename]
    where = f" at {frames[-1].filename}:{frames[-1].lineno}" if frames else ""
    failures[name] = f"{type(error).__name__}: {error}{where}"

for info in pkgutil.walk_packages(localsdg.core.__path__, "localsdg.core.", onerror=note):
    modules.append(info.name)
    try:
        importlib.import_module(info.name)
    except Exception:
        note(info.name)

try:
    from localsdg.core.framework import load_framework
    load_framework()
except Exception:
    note("load_framework()")

loaded = sorted(m for m in sys.modules if m == "django" or m.startswith("django."))
print(json.dumps({"modules": modules, "failures": failures, "django": loaded}))
"""


def check_core(package_root: Path) -> dict[str, object]:
    """Import every core module found under ``package_root`` with Django blocked."""
    env = {**os.environ, "PYTHONPATH": str(package_root)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    result = subprocess.run(
        [sys.executable, "-c", CHECK],
        cwd=package_root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    report: dict[str, object] = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["modules"], "no module of localsdg.core was found"
    return report


def describe(report: dict[str, object]) -> str:
    failures = report["failures"]
    assert isinstance(failures, dict)
    lines = [f"{name}: {error}" for name, error in failures.items()]
    if report["django"]:
        lines.append(f"Django modules loaded: {report['django']}")
    return "localsdg.core imports Django:\n" + "\n".join(lines)


def test_every_core_module_imports_without_django() -> None:
    report = check_core(ROOT)
    assert not report["failures"] and not report["django"], describe(report)
    # The walk really saw the whole package, not only its top level.
    modules = report["modules"]
    assert isinstance(modules, list)
    found_on_disk = {
        ".".join(path.relative_to(ROOT).with_suffix("").parts).removesuffix(".__init__")
        for path in (ROOT / "localsdg" / "core").rglob("*.py")
    }
    assert found_on_disk <= set(modules), sorted(found_on_disk - set(modules))


def copy_of_core(tmp_path: Path) -> Path:
    """``localsdg/__init__.py`` and the whole of ``localsdg/core`` (code and data files)."""
    package = tmp_path / "localsdg"
    package.mkdir()
    shutil.copy(ROOT / "localsdg" / "__init__.py", package / "__init__.py")
    shutil.copytree(
        ROOT / "localsdg" / "core",
        package / "core",
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    return tmp_path


def test_the_check_fails_on_a_core_module_that_imports_django(tmp_path: Path) -> None:
    root = copy_of_core(tmp_path)
    periods = root / "localsdg" / "core" / "periods.py"
    periods.write_text(
        periods.read_text(encoding="utf-8") + "\nfrom django.conf import settings\n",
        encoding="utf-8",
    )
    report = check_core(root)
    failures = report["failures"]
    assert isinstance(failures, dict)
    assert "localsdg.core.periods" in failures
    assert "must not import Django (it imported django" in failures["localsdg.core.periods"]


def test_the_check_fails_on_a_django_import_inside_a_subpackage(tmp_path: Path) -> None:
    root = copy_of_core(tmp_path)
    module = root / "localsdg" / "core" / "progress" / "added_for_the_test.py"
    module.write_text("import django.db\n", encoding="utf-8")
    report = check_core(root)
    failures = report["failures"]
    assert isinstance(failures, dict)
    assert "localsdg.core.progress.added_for_the_test" in failures
