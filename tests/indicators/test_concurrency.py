"""Two imports of the same indicator at once: one after the other, never mixed, always undoable.

The threaded test runs against the test database itself (SQLite in the default run, PostgreSQL
under ``scripts/with-postgres``); the process test runs two ``localsdg import`` commands on one
SQLite file in WAL mode, as operators would.
"""

from __future__ import annotations

import csv
import logging
import re
import subprocess
import threading
import time
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test import Client

from localsdg.api import keys
from localsdg.core.formats.registry import get_format
from localsdg.core.framework import load_framework
from localsdg.indicators import releases
from localsdg.indicators.models import DataRelease, Observation
from localsdg.orgs.models import Organisation
from localsdg.search.models import SearchEntry
from tests.test_cli import BIN, clean_environment, run

HEADER = "indicator,unit,period,value\n"


def write_rows(path: Path, rows: list[tuple[str, int, float]]) -> Path:
    path.write_text(HEADER + "".join(f"{c},%,{y},{v}\n" for c, y, v in rows), encoding="utf-8")
    return path


def rows_for(codes: list[str], years: range, offset: float) -> list[tuple[str, int, float]]:
    return [(code, year, offset + year % 100) for code in codes for year in years]


def stored(org: Organisation) -> set[tuple[str, str, float]]:
    return set(
        Observation.objects.filter(series__indicator__organisation=org).values_list(
            "series__indicator__code", "period", "value"
        )
    )


def as_stored(rows: list[tuple[str, int, float]]) -> set[tuple[str, str, float]]:
    return {(code, str(year), float(value)) for code, year, value in rows}


def import_file(org: Organisation, path: Path) -> DataRelease | None:
    result = releases.preview(org, get_format("csv").read(path))
    assert result.ok, result.errors
    return releases.apply(org, result, source_name=path.name)


@pytest.mark.django_db(transaction=True)
def test_two_threads_importing_one_indicator(tmp_path: Path) -> None:
    """Both previews are made before either import is stored, the worst case."""
    org = Organisation.objects.create(slug="race-threads", name_en="Race")
    codes = ["1-2-1", "11-6-2"]
    base = rows_for(codes, range(2000, 2010), 1)
    files = {
        "a": rows_for(codes, range(2000, 2020), 100),
        "b": rows_for(codes, range(2005, 2025), 200),
    }
    first = import_file(org, write_rows(tmp_path / "base.csv", base))
    assert first is not None and stored(org) == as_stored(base)
    previewed = threading.Barrier(2, timeout=60)
    outcome: dict[str, object] = {}

    def work(name: str) -> None:
        try:
            path = write_rows(tmp_path / f"{name}.csv", files[name])
            result = releases.preview(org, get_format("csv").read(path))
            previewed.wait()
            outcome[name] = releases.apply(org, result, source_name=path.name)
        except releases.ReleaseConflict as error:
            outcome[name] = error
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            outcome[name] = f"unexpected {type(error).__name__}: {error}"
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(name,)) for name in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert all(not t.is_alive() for t in threads)
    assert all(isinstance(o, DataRelease | releases.ReleaseConflict) for o in outcome.values()), (
        outcome
    )
    made = sorted((o for o in outcome.values() if isinstance(o, DataRelease)), key=lambda r: r.pk)
    assert made, outcome
    last = next(name for name, o in outcome.items() if o == made[-1])
    assert stored(org) == as_stored(files[last])
    for release in reversed(made):
        releases.rollback(release)
    assert stored(org) == as_stored(base)
    releases.rollback(first)
    assert stored(org) == set()


def another_connection_waits_for_a_lock() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # the view is cached per transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND pid <> pg_backend_pid() AND wait_event_type = 'Lock'"
        )
        return bool(cursor.fetchone()[0])


@pytest.mark.django_db(transaction=True)
def test_an_api_import_that_loses_the_race_gets_409(tmp_path: Path) -> None:
    """One import holds the organisation's data while an API import previews and then waits."""
    if connection.vendor != "postgresql":
        pytest.skip(
            "needs a database whose readers do not wait for writers; the SQLite test database "
            "is in memory with a shared cache (the process test covers SQLite)"
        )
    org = Organisation.objects.create(slug="race-api", name_en="Race")
    _key, plain = keys.create_key(org, "race")
    a = rows_for(["1-2-1"], range(2000, 2010), 100)
    holding = threading.Event()
    trouble: list[Exception] = []

    def hold() -> None:
        try:
            with releases.locked(org):
                import_file(org, write_rows(tmp_path / "a.csv", a))
                holding.set()
                while not another_connection_waits_for_a_lock():
                    time.sleep(0.02)
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            trouble.append(error)
        finally:
            holding.set()
            connections.close_all()

    thread = threading.Thread(target=hold)
    thread.start()
    assert holding.wait(timeout=60)
    body = HEADER + "".join(f"1-2-1,%,{year},{year % 100 + 200}\n" for year in range(2000, 2010))
    response = Client().post(
        "/api/v1/organisations/race-api/imports",
        {"file": SimpleUploadedFile("b.csv", body.encode()), "format": "csv", "dry_run": "false"},
        HTTP_AUTHORIZATION=f"Bearer {plain}",
    )
    thread.join(timeout=60)
    assert not trouble and not thread.is_alive()
    assert response.status_code == 409, response.content
    assert response["Content-Type"].startswith("application/json")
    assert response.json()["error"]["code"] == "conflict"
    assert "nothing was stored" in response.json()["error"]["message"]
    assert stored(org) == as_stored(a) and DataRelease.objects.filter(organisation=org).count() == 1


@pytest.mark.django_db
def test_an_outdated_preview_is_refused_and_nothing_is_written(orgs, tmp_path: Path) -> None:
    org = orgs["hachioji"]
    base = rows_for(["1-2-1"], range(2000, 2010), 1)
    import_file(org, write_rows(tmp_path / "base.csv", base))
    a = rows_for(["1-2-1"], range(2000, 2020), 100)
    b = rows_for(["1-2-1"], range(2005, 2025), 200)
    preview_a = releases.preview(org, get_format("csv").read(write_rows(tmp_path / "a.csv", a)))
    preview_b = releases.preview(org, get_format("csv").read(write_rows(tmp_path / "b.csv", b)))
    stored_a = releases.apply(org, preview_a, source_name="a.csv")
    count = DataRelease.objects.count()
    with pytest.raises(releases.ReleaseConflict, match="changed since the preview"):
        releases.apply(org, preview_b, source_name="b.csv")
    assert DataRelease.objects.count() == count and stored(org) == as_stored(a)
    releases.rollback(stored_a)
    assert stored(org) == as_stored(base)


@pytest.mark.django_db
def test_a_change_to_another_indicator_does_not_outdate_a_preview(orgs, tmp_path: Path) -> None:
    org = orgs["hachioji"]
    mine = rows_for(["1-2-1"], range(2000, 2005), 1)
    other = rows_for(["11-6-2"], range(2000, 2005), 5)
    waiting = releases.preview(org, get_format("csv").read(write_rows(tmp_path / "m.csv", mine)))
    import_file(org, write_rows(tmp_path / "o.csv", other))
    release = releases.apply(org, waiting, source_name="m.csv")
    assert release is not None and release.added == len(mine)
    assert stored(org) == as_stored(mine) | as_stored(other)


@pytest.mark.django_db
def test_a_failing_search_reindex_is_one_line_and_keeps_the_release(
    orgs, tmp_path: Path, caplog, django_capture_on_commit_callbacks
) -> None:
    org = orgs["tokyo"]
    entries = set(SearchEntry.objects.filter(organisation=org).values_list("pk", flat=True))
    assert entries, "the demo's published organisation should be in the search index"
    # A slug that is no valid URL part: the index entries (which carry URLs) cannot be built.
    Organisation.objects.filter(pk=org.pk).update(slug="to kyo")
    org.refresh_from_db()
    path = write_rows(tmp_path / "pm.csv", rows_for(["11-6-2"], range(2000, 2003), 1))
    with caplog.at_level(logging.WARNING), django_capture_on_commit_callbacks(execute=True):
        release = import_file(org, path)
    assert release is not None and DataRelease.objects.filter(pk=release.pk).exists()
    lines = [r for r in caplog.records if "search reindex" in r.getMessage()]
    assert len(lines) == 1, [r.getMessage() for r in lines]
    assert lines[0].exc_info is None and "\n" not in lines[0].getMessage()
    assert "localsdg search reindex" in lines[0].getMessage()
    assert set(SearchEntry.objects.filter(organisation=org).values_list("pk", flat=True)) == entries


def exported(data_dir: Path, tmp_path: Path, name: str) -> set[tuple[str, str, float]]:
    out = tmp_path / name
    result = run("export", "csv", str(out), "--org", "race", data_dir=data_dir)
    assert result.returncode == 0, result.stderr
    with (out / "observations.csv").open(encoding="utf-8") as handle:
        return {(r["indicator"], r["period"], float(r["value"])) for r in csv.DictReader(handle)}


def test_two_import_processes_at_once(tmp_path: Path) -> None:
    data_dir = tmp_path / "instance"
    for args in (["migrate"], ["org", "create", "race", "--name-en", "Race"]):
        assert run(*args, data_dir=data_dir).returncode == 0
    # Enough indicators that storing takes a while, so the two imports overlap.
    codes = [i.code.replace(".", "-") for i in load_framework().indicators[:60]]
    base = rows_for(codes, range(1900, 1950), 1)
    files = {
        "a": rows_for(codes, range(1900, 2100), 100),
        "b": rows_for(codes, range(1920, 2120), 200),
    }
    made = run("import", "csv", str(write_rows(tmp_path / "base.csv", base)), "--org", "race",
               data_dir=data_dir)  # fmt: skip
    assert made.returncode == 0, made.stderr
    first = int(re.search(r"Data release #(\d+)", made.stdout).group(1))
    environment = clean_environment() | {"LOCALSDG_DATA_DIR": str(data_dir), "COLUMNS": "200"}
    processes = {
        name: subprocess.Popen(
            [
                str(BIN),
                "import",
                "csv",
                str(write_rows(tmp_path / f"{name}.csv", rows)),
                "--org",
                "race",
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=environment,
        )  # fmt: skip
        for name, rows in files.items()
    }
    answers = {name: (p.wait(timeout=120), *p.communicate()) for name, p in processes.items()}
    numbers = {}
    for name, (code, out, err) in answers.items():
        assert "Traceback" not in err, err
        if code == 0:
            numbers[name] = int(re.search(r"Data release #(\d+)", out).group(1))
        else:
            assert code == 1 and err.count("\n") == 1 and err.startswith("Error: "), err
            assert "changed since the preview" in err or "still being stored" in err, err
    assert numbers, answers
    last = max(numbers, key=numbers.get)
    assert exported(data_dir, tmp_path, "after") == as_stored(files[last])
    for number in sorted(numbers.values(), reverse=True):
        undone = run("data", "rollback", str(number), data_dir=data_dir)
        assert undone.returncode == 0, undone.stderr
    assert exported(data_dir, tmp_path, "restored") == as_stored(base)
    assert run("data", "rollback", str(first), data_dir=data_dir).returncode == 0
