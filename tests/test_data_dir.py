"""The tests never read or write the developer's data folder, however pytest is started."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings

from localsdg.settings import database_config, default_data_dir

ROOT = Path(__file__).resolve().parent.parent


def test_the_tests_use_their_own_data_folder() -> None:
    data_dir = Path(settings.DATA_DIR)
    default = default_data_dir().expanduser().resolve()
    assert data_dir != default, f"the tests run on the default data folder {default}"
    assert data_dir == Path(os.environ["LOCALSDG_DATA_DIR"]).expanduser().resolve()
    inside = {
        "MEDIA_ROOT": Path(settings.MEDIA_ROOT),
        "STATIC_ROOT": Path(settings.STATIC_ROOT),
        "the page cache": Path(settings.CACHES["default"]["LOCATION"]),
    }
    if not os.environ.get("LOCALSDG_DATABASE_URL"):
        # The database the settings name: during a test Django has swapped in its test database.
        inside["the database"] = Path(str(database_config()["NAME"]))
    outside = {name: path for name, path in inside.items() if not path.is_relative_to(data_dir)}
    assert outside == {}, f"not in the tests' data folder {data_dir}: {outside}"


def bare_environment(tmp_path: Path) -> dict[str, str]:
    """The environment of a developer's shell: no data folder, no settings module, no workers.

    ``XDG_DATA_HOME`` moves the default data folder into ``tmp_path`` so that the check can see
    whether anything was written there without risking the real one; ``TMPDIR`` shows whether
    the run's own folder is removed afterwards.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if name not in {"LOCALSDG_DATA_DIR", "DJANGO_SETTINGS_MODULE", "PYTEST_ADDOPTS"}
        and not name.startswith("PYTEST_XDIST")
    }
    (tmp_path / "tmp").mkdir()
    env["XDG_DATA_HOME"] = str(tmp_path / "xdg")
    env["TMPDIR"] = str(tmp_path / "tmp")
    return env


def test_a_bare_pytest_run_leaves_the_default_data_folder_alone(tmp_path: Path) -> None:
    pytest_command = Path(sys.executable).parent / "pytest"
    result = subprocess.run(
        [
            str(pytest_command),
            f"{Path(__file__).relative_to(ROOT)}::test_the_tests_use_their_own_data_folder",
            "-q",
            "-p",
            "no:cacheprovider",
        ],
        cwd=ROOT,
        env=bare_environment(tmp_path),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "1 passed" in result.stdout
    assert not (tmp_path / "xdg").exists(), sorted(map(str, (tmp_path / "xdg").rglob("*")))
    assert list((tmp_path / "tmp").iterdir()) == [], "the run's data folder was not removed"
