"""The Japanese target texts through the `localsdg` command, run as an operator runs it."""

from __future__ import annotations

import csv
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "localsdg"
TABLE = Path(__file__).resolve().parents[2] / "localsdg/core/framework/data/sdg-targets-ja.csv"
MIGRATION = "0003_japanese_target_texts"


def run(*args: str, data_dir: Path) -> subprocess.CompletedProcess[str]:
    """A real process with an operator's environment: no settings left over from the tests."""
    environment = {
        k: v for k, v in os.environ.items() if not k.startswith(("LOCALSDG_", "DJANGO_"))
    }
    environment |= {"LOCALSDG_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env=environment, timeout=300
    )


def japanese_text(code: str) -> str:
    with TABLE.open(encoding="utf-8", newline="") as handle:
        return next(row["title_ja"] for row in csv.DictReader(handle) if row["target"] == code)


def test_stats_report_169_of_169_japanese_targets(tmp_path: Path) -> None:
    result = run("framework", "stats", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {
        cells[0]: cells[1:]
        for line in result.stdout.splitlines()
        if (cells := [c.strip() for c in line.strip("│ ").split("│")]) and len(cells) == 5
    }
    assert rows["ja"] == ["17/17", "169/169", "0/247", "43.0 %"]
    assert rows["en"] == ["17/17", "169/169", "247/247", "100.0 %"]
    sources = result.stdout.split("Sources of the translated texts:")[1]
    assert "ja targets: sdg-targets-ja.csv: Ministry of Foreign Affairs of Japan" in sources
    assert "Standard Terms of Use" in sources
    assert "ja indicators: none yet" in sources


def query(data_dir: Path, sql: str, *params: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(data_dir / "localsdg.sqlite3") as connection:
        return connection.execute(sql, params).fetchall()


def search_entry(data_dir: Path, code: str) -> tuple[object, ...]:
    rows = query(
        data_dir,
        "SELECT title, title_lang FROM search_searchentry "
        "WHERE kind = 'target' AND language = 'ja' AND code = ?",
        code,
    )
    assert len(rows) == 1
    return rows[0]


@pytest.fixture(scope="module")
def migrated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data_dir = tmp_path_factory.mktemp("instance")
    result = run("migrate", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def test_a_new_installation_has_the_japanese_texts(migrated: Path) -> None:
    titles = query(
        migrated, "SELECT json_extract(title, '$.ja') FROM framework_target WHERE code = '11.6'"
    )
    assert titles == [(japanese_text("11.6"),)]
    assert search_entry(migrated, "11.6") == (japanese_text("11.6"), "ja")


def test_an_existing_installation_gets_them_on_migrate(migrated: Path) -> None:
    """An installation migrated before the texts existed: English-only rows and index."""
    with sqlite3.connect(migrated / "localsdg.sqlite3") as connection:
        connection.execute("UPDATE framework_target SET title = json_remove(title, '$.ja')")
        connection.execute(
            "DELETE FROM django_migrations WHERE app = 'framework' AND name = ?", (MIGRATION,)
        )
    assert run("search", "reindex", data_dir=migrated).returncode == 0
    assert search_entry(migrated, "11.6")[1] == "en"

    result = run("migrate", data_dir=migrated)
    assert result.returncode == 0, result.stderr
    assert f"Applying framework.{MIGRATION}... OK" in result.stdout
    missing = query(
        migrated,
        "SELECT count(*) FROM framework_target WHERE json_extract(title, '$.ja') IS NULL",
    )
    assert missing == [(0,)]
    assert search_entry(migrated, "11.6") == (japanese_text("11.6"), "ja")
    assert search_entry(migrated, "1.1") == (japanese_text("1.1"), "ja")
    indicators = query(
        migrated,
        "SELECT count(*) FROM framework_globalindicator "
        "WHERE json_extract(title, '$.ja') IS NOT NULL",
    )
    assert indicators == [(0,)]
