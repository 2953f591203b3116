"""The `localsdg` command, run as an operator runs it: a real process on a real data folder."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

BIN = Path(sys.executable).parent / "localsdg"
MANAGE = Path(__file__).resolve().parents[1] / "manage.py"


def clean_environment() -> dict[str, str]:
    """The environment of an operator's shell: no settings left over from the test run."""
    return {k: v for k, v in os.environ.items() if not k.startswith(("LOCALSDG_", "DJANGO_"))}


def run(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = clean_environment() | {"LOCALSDG_DATA_DIR": str(data_dir), **env}
    return subprocess.run(
        [str(BIN), *args], capture_output=True, text=True, env=environment, timeout=120
    )


@pytest.fixture(scope="module")
def instance(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("instance")
    result = run("migrate", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def test_help_lists_every_command(tmp_path: Path) -> None:
    out = run("--help", data_dir=tmp_path).stdout
    for command in ["demo", "serve", "migrate", "createadmin", "framework", "org", "check"]:
        assert command in out


def test_framework_stats(tmp_path: Path) -> None:
    result = run("framework", "stats", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "17 goals" in result.stdout and "169 targets" in result.stdout
    assert "Revision:" in result.stdout
    assert "ja" in result.stdout and "en" in result.stdout


def test_org_create_and_list(instance: Path) -> None:
    assert (
        run(
            "org",
            "create",
            "kanto",
            "--name-en",
            "Kanto Hub",
            "--name-ja",
            "関東",
            data_dir=instance,
        ).returncode
        == 0
    )
    created = run(
        "org",
        "create",
        "sumida",
        "--name-en",
        "Sumida City",
        "--name-ja",
        "墨田区",
        "--hub",
        "kanto",
        "--kind",
        "ward",
        data_dir=instance,
    )
    assert created.returncode == 0, created.stderr
    listing = run("org", "list", data_dir=instance).stdout
    assert "sumida" in listing and "墨田区" in listing and "kanto" in listing


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["org", "create", "Bad Slug", "--name-en", "X"], "slug"),
        (["org", "create", "targets", "--name-en", "X"], "a word the site's addresses use"),
        (
            ["org", "create", "ok-slug", "--name-en", "X", "--hub", "nowhere"],
            "no organisation 'nowhere'",
        ),
    ],
)
def test_org_create_errors_are_one_line(instance: Path, args: list[str], message: str) -> None:
    result = run(*args, data_dir=instance)
    assert result.returncode == 1
    assert message in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert len(result.stderr.strip().splitlines()) == 1


def test_check_passes_on_a_migrated_instance(instance: Path) -> None:
    result = run("check", data_dir=instance)
    assert result.returncode == 0, result.stderr
    assert "SDG framework loaded (17 goals, 169 targets" in result.stdout


def test_check_reports_pending_migrations(tmp_path: Path) -> None:
    result = run("check", data_dir=tmp_path)
    assert result.returncode == 1
    assert "migrations are pending" in result.stderr


@pytest.mark.parametrize(
    "url",
    ["postgres://nobody@127.0.0.1:1/none", "mysql://x@y/z", "not a url"],
)
def test_wrong_database_url_is_one_clear_line(tmp_path: Path, url: str) -> None:
    result = run("check", data_dir=tmp_path, LOCALSDG_DATABASE_URL=url)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error:")
    assert "database" in lines[0].lower() or "DATABASE_URL" in lines[0]


def test_data_dirs_are_independent(tmp_path: Path, instance: Path) -> None:
    other = tmp_path / "other"
    assert run("migrate", data_dir=other).returncode == 0
    assert "sumida" not in run("org", "list", data_dir=other).stdout
    assert (other / "localsdg.sqlite3").exists()


def test_sqlite_runs_in_wal_mode(instance: Path) -> None:
    import sqlite3

    with sqlite3.connect(instance / "localsdg.sqlite3") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_createadmin(instance: Path) -> None:
    result = run(
        "createadmin", "root-admin", "--password", "a-Long-enough-pass-99", data_dir=instance
    )
    assert result.returncode == 0, result.stderr
    again = run(
        "createadmin", "root-admin", "--password", "a-Long-enough-pass-99", data_dir=instance
    )
    assert again.returncode == 1 and "already exists" in again.stderr
    weak = run("createadmin", "weak", "--password", "123", data_dir=instance)
    assert weak.returncode == 1 and "password rejected" in weak.stderr


def test_demo_without_serving_prints_credentials(tmp_path: Path) -> None:
    result = run("demo", "--no-serve", data_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    for username in ["tokyo-admin", "tokyo-editor", "tokyo-viewer", "shinjuku-admin", "superuser"]:
        assert username in result.stdout


def test_deploy_check_is_clean_with_production_settings(tmp_path: Path) -> None:
    environment = clean_environment() | {
        "LOCALSDG_DATA_DIR": str(tmp_path),
        "LOCALSDG_SECRET_KEY": "k" * 10 + "-production-secret-" + "x9Y8z7" * 8,
        "LOCALSDG_ALLOWED_HOSTS": "sdg.example.org",
        "DJANGO_SETTINGS_MODULE": "localsdg.settings",
    }
    result = subprocess.run(
        [sys.executable, str(MANAGE), "check", "--deploy", "--fail-level", "WARNING"],
        capture_output=True,
        text=True,
        env=environment,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_demo_serves_portal_and_compressed_static_files(tmp_path: Path) -> None:
    """What `make demo` does: load the demo, then serve it with the production server."""
    import time
    import urllib.request

    port = free_port()
    server = subprocess.Popen(
        [str(BIN), "demo", "--port", str(port), "--workers", "1"],
        env=clean_environment() | {"LOCALSDG_DATA_DIR": str(tmp_path)},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        for _ in range(120):
            try:
                html = urllib.request.urlopen(f"{base}/ja/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.5)
        else:
            pytest.fail("the demo server did not answer within a minute")
        assert html.count('class="goal-tile goal-') == 17
        css_path = html.split('rel="stylesheet" href="')[1].split('"')[0]
        assert (
            css_path.startswith("/static/localsdg/site.")
            and css_path != "/static/localsdg/site.css"
        )
        request = urllib.request.Request(base + css_path, headers={"Accept-Encoding": "gzip, br"})
        with urllib.request.urlopen(request, timeout=5) as response:
            assert response.headers["Content-Encoding"] in {"gzip", "br"}
            assert "max-age" in response.headers["Cache-Control"]
        goal = urllib.request.urlopen(f"{base}/ja/goals/11/", timeout=5).read().decode()
        assert "住み続けられるまちづくりを" in goal
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_serve_refuses_an_unmigrated_database(tmp_path: Path) -> None:
    result = run("serve", "--port", str(free_port()), data_dir=tmp_path)
    assert result.returncode == 1
    assert "migrations are pending: run `localsdg migrate`" in result.stderr


MIXED_CSV = (
    "indicator,unit,period,value\n"
    "1-2-1,%,2020,10\n1-2-1,%,2021,9.5\n11-6-2,x,2020,ten\n11-6-2,x,2021,3\n18.1.1,x,2020,1\n"
)


def test_import_skip_invalid_stores_the_valid_indicators(instance: Path, tmp_path: Path) -> None:
    """One broken indicator blocks a file by default; --skip-invalid stores the others."""
    wide = {"COLUMNS": "250"}  # the tables are not wrapped, so their rows can be read back
    assert run("org", "create", "skipper", "--name-en", "S", data_dir=instance).returncode == 0
    path = tmp_path / "mixed.csv"
    path.write_text(MIXED_CSV, encoding="utf-8")
    refused = run("import", "csv", str(path), "--org", "skipper", data_dir=instance, **wide)
    assert refused.returncode == 1
    assert refused.stderr == f"Error: 2 errors in {path}: nothing was stored\n"

    stored = run(
        "import", "csv", str(path), "--org", "skipper", "--skip-invalid", data_dir=instance, **wide
    )
    assert stored.returncode == 0, stored.stderr
    assert "Skipped as invalid (2)" in stored.stdout
    rows = [line for line in stored.stdout.splitlines() if "mixed.csv │" in line]
    assert any("11-6-2" in r and "line 4, column value: value 'ten' is not" in r for r in rows)
    assert any("18.1.1" in r and "unknown SDG indicator code" in r for r in rows)
    assert "Data release #" in stored.stdout
    assert "2 added, 0 changed, 0 removed. 2 skipped (listed above" in stored.stdout

    listing = run("data", "releases", "--org", "skipper", data_dir=instance, **wide)
    assert "18.1.1, 11-6-2" in listing.stdout
    out = tmp_path / "out"
    assert run("export", "csv", str(out), "--org", "skipper", data_dir=instance).returncode == 0
    exported = (out / "observations.csv").read_text(encoding="utf-8")
    assert "1-2-1" in exported and "11-6-2" not in exported

    broken = tmp_path / "broken.csv"
    broken.write_text("indicator,unit,period,value\n11-6-2,x,2020,ten\n", encoding="utf-8")
    nothing = run(
        "import", "csv", str(broken), "--org", "skipper", "--skip-invalid", data_dir=instance
    )
    assert nothing.returncode == 1
    assert (
        nothing.stderr == f"Error: every indicator in {broken} has errors (1 skipped): "
        "nothing was stored\n"
    )


def test_import_on_duplicate_is_a_choice(instance: Path, tmp_path: Path) -> None:
    """error (the default) refuses a row given twice; last keeps the later one; any other
    word is refused before anything is read, naming the option and its three values."""
    assert run("org", "create", "twice", "--name-en", "T", data_dir=instance).returncode == 0
    path = tmp_path / "twice.csv"
    path.write_text("indicator,unit,period,value\n1-2-1,%,2020,10\n1-2-1,%,2020,12\n")
    refused = run("import", "csv", str(path), "--org", "twice", data_dir=instance)
    assert refused.returncode == 1 and "nothing was stored" in refused.stderr

    args = ["import", "csv", str(path), "--org", "twice", "--on-duplicate"]
    kept = run(*args, "last", data_dir=instance)
    assert kept.returncode == 0, kept.stderr
    assert "Data release #" in kept.stdout and "1 added" in kept.stdout

    wrong = run(*args, "newest", data_dir=instance, COLUMNS="200")
    assert wrong.returncode == 2 and "Traceback" not in wrong.stderr
    assert "--on-duplicate" in wrong.stderr and "'newest' is not one of" in wrong.stderr
    assert all(f"'{word}'" in wrong.stderr for word in ("error", "first", "last"))
    assert "error|first|last" in run("import", "--help", data_dir=instance, COLUMNS="200").stdout


@pytest.fixture(scope="module")
def demo_instance(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("demo-instance")
    result = run("demo", "--no-serve", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    return data_dir


def test_strategy_export_then_import_changes_nothing(demo_instance: Path, tmp_path: Path) -> None:
    """An exported plan imports back unchanged, from the CSV and from the workbook alike."""
    wide = {"COLUMNS": "250"}
    out = tmp_path / "plans"
    exported = run("strategy", "export", str(out), "--org", "tokyo", data_dir=demo_instance)
    assert exported.returncode == 0, exported.stderr
    assert sorted(p.name for p in out.iterdir()) == [
        "future-tokyo.csv", "future-tokyo.xlsx", "next-plan-draft.csv", "next-plan-draft.xlsx",
    ]  # fmt: skip
    for name in ("future-tokyo.csv", "future-tokyo.xlsx"):
        again = run("strategy", "import", str(out / name), "--org", "tokyo",
                    "--plan", "future-tokyo", data_dir=demo_instance, **wide)  # fmt: skip
        assert again.returncode == 0, again.stderr
        assert "42 initiatives: 0 new, 0 changed, 42 unchanged; 0 new strategies." in again.stdout


def test_strategy_import_refuses_a_table_with_errors(demo_instance: Path, tmp_path: Path) -> None:
    wide = {"COLUMNS": "250"}
    table = tmp_path / "bad.csv"
    table.write_text("施策番号,施策名,ゴール\nX-1,新しい施策,18\n", encoding="utf-8")
    refused = run("strategy", "import", str(table), "--org", "tokyo", "--plan", "future-tokyo",
                  data_dir=demo_instance, **wide)  # fmt: skip
    assert refused.returncode == 1
    assert refused.stderr == f"Error: 1 error in {table}: nothing was stored\n"
    assert "bad.csv, line 2, column ゴール" in refused.stdout
    unknown = run("strategy", "import", str(table), "--org", "tokyo", data_dir=demo_instance)
    assert unknown.returncode == 1
    assert "tokyo has several plans or none: name one with --plan" in unknown.stderr
    dry = tmp_path / "good.csv"
    dry.write_text("施策番号,施策名,ゴール\nX-1,新しい施策,11\n", encoding="utf-8")
    preview = run("strategy", "import", str(dry), "--org", "tokyo", "--plan", "future-tokyo",
                  "--dry-run", data_dir=demo_instance, **wide)  # fmt: skip
    assert preview.returncode == 0, preview.stderr
    assert (
        "1 initiatives: 1 new" in preview.stdout
        and "Dry run: nothing was stored." in preview.stdout
    )
