"""`localsdg apikey …` run as an operator runs it: real processes on a real data folder."""

import hashlib
import re
import sqlite3
from pathlib import Path

import pytest

from tests.test_cli import run


@pytest.fixture(scope="module")
def instance(tmp_path_factory) -> Path:
    data_dir = tmp_path_factory.mktemp("apikeys")
    assert run("migrate", data_dir=data_dir).returncode == 0
    created = run("org", "create", "nerima", "--name-en", "Nerima City", data_dir=data_dir)
    assert created.returncode == 0, created.stderr
    return data_dir


def stored_keys(data_dir: Path) -> list[tuple[str, str, str | None]]:
    with sqlite3.connect(data_dir / "localsdg.sqlite3") as db:
        return db.execute("SELECT prefix, key_hash, revoked FROM api_apikey").fetchall()


def test_create_list_and_revoke(instance: Path) -> None:
    created = run("apikey", "create", "--org", "nerima", "--name", "nightly", data_dir=instance)
    assert created.returncode == 0, created.stderr
    plain = re.search(r"lsdg_([0-9a-f]{8})_\S+", created.stdout)
    assert plain is not None
    prefix = plain.group(1)
    (row,) = [r for r in stored_keys(instance) if r[0] == prefix]
    assert row[1] == hashlib.sha256(plain.group(0).encode()).hexdigest() and row[2] is None
    listing = run("apikey", "list", "--org", "nerima", data_dir=instance)
    assert listing.returncode == 0 and prefix in listing.stdout and "nightly" in listing.stdout
    assert plain.group(0) not in listing.stdout and "active" in listing.stdout
    revoked = run("apikey", "revoke", prefix, data_dir=instance)
    assert revoked.returncode == 0, revoked.stderr
    assert [r for r in stored_keys(instance) if r[0] == prefix][0][2] is not None
    assert "revoked" in run("apikey", "list", "--org", "nerima", data_dir=instance).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["create", "--org", "nowhere", "--name", "x"], "there is no organisation 'nowhere'"),
        (["create", "--org", "nerima", "--name", " "], "--name must not be empty"),
        (["list", "--org", "nowhere"], "there is no organisation 'nowhere'"),
        (["revoke", "00000000"], "there is no API key with prefix '00000000'"),
    ],
)
def test_errors_are_one_line(instance: Path, args: list[str], message: str) -> None:
    result = run("apikey", *args, data_dir=instance)
    assert result.returncode == 1
    assert result.stderr.startswith(f"Error: {message}") and result.stderr.count("\n") == 1


def test_revoking_twice_is_an_error(instance: Path) -> None:
    created = run("apikey", "create", "--org", "nerima", "--name", "once", data_dir=instance)
    prefix = re.search(r"lsdg_([0-9a-f]{8})_", created.stdout).group(1)
    assert run("apikey", "revoke", prefix, data_dir=instance).returncode == 0
    again = run("apikey", "revoke", prefix, data_dir=instance)
    assert again.returncode == 1 and "already revoked" in again.stderr
