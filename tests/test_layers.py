"""The layer rule of docs/development.md, enforced: every import points down.

The rule itself is the import-linter contract in ``pyproject.toml``; these tests run it on the
real package, and on copies with one forbidden import added to show that it does catch each kind
of fault.
"""

from __future__ import annotations

import ast
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "localsdg"
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def lint_imports(root: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(root)}
    return subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_every_import_points_down_the_layers() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def copy_of_the_package(tmp_path: Path) -> Path:
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    shutil.copytree(
        PACKAGE,
        tmp_path / "localsdg",
        ignore=lambda _dir, names: [
            n for n in names if not (n.endswith(".py") or "." not in n) or n == "__pycache__"
        ],
    )
    return tmp_path


@pytest.mark.parametrize(
    ("module", "line", "forbidden"),
    [
        ("indicators/pages.py", "from localsdg.portal import views", "localsdg.portal"),
        ("engagement/models.py", "import localsdg.portal.pages", "localsdg.portal"),
        ("web/parts.py", "from localsdg.indicators import models", "localsdg.indicators"),
        ("orgs/models.py", "import localsdg.engagement.models", "localsdg.engagement"),
        ("indicators/models.py", "import localsdg.engagement.models", "localsdg.engagement"),
        ("api/read.py", "from localsdg import urls", "localsdg.urls"),
        ("core/codes.py", "import django.db", "django"),
    ],
)
def test_the_rule_fails_on_an_import_that_points_up(
    tmp_path: Path, module: str, line: str, forbidden: str
) -> None:
    root = copy_of_the_package(tmp_path)
    target = root / "localsdg" / module
    target.write_text(target.read_text(encoding="utf-8") + f"\n{line}\n", encoding="utf-8")
    result = lint_imports(root)
    assert result.returncode != 0, result.stdout
    assert forbidden in result.stdout


# Imports inside functions only where Django must be set up first (the command line and the demo
# loader start before settings are configured) or where Django asks for them (``AppConfig.ready``).
FUNCTION_IMPORTS_ALLOWED = {"cli.py", "demo.py", "apps.py"}


def function_level_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for inner in ast.walk(node):
            if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("localsdg"):
                found.append(f"{path.relative_to(ROOT)}:{inner.lineno} {inner.module}")
    return found


def test_no_function_level_import_dodges_a_loop() -> None:
    found = [
        line
        for path in sorted(PACKAGE.rglob("*.py"))
        if path.name not in FUNCTION_IMPORTS_ALLOWED and "migrations" not in path.parts
        for line in function_level_imports(path)
    ]
    assert found == []
