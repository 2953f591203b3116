"""Sanity checks for `localsdg check`: configuration, database, migrations, framework data.

Each check returns a line saying what is fine, or raises ``HealthError`` with one line saying
what is wrong and what to do about it.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor

from localsdg.framework.models import GlobalIndicator, Goal, Target


class HealthError(Exception):
    pass


def safe_database_name() -> str:
    db = settings.DATABASES["default"]
    if str(db["ENGINE"]).endswith("sqlite3"):
        return f"SQLite at {db['NAME']}"
    host = db.get("HOST") or "local socket"
    return f"PostgreSQL database {db.get('NAME')!r} on {host}:{db.get('PORT') or 5432}"


def check_system() -> str:
    errors = [m for m in checks.run_checks() if m.level >= checks.ERROR]
    if errors:
        raise HealthError(f"configuration error {errors[0].id}: {errors[0].msg}")
    return "configuration is valid"


def check_database() -> str:
    try:
        connection.ensure_connection()
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        reason = " ".join(str(exc).split()) or type(exc).__name__
        raise HealthError(f"cannot use the {safe_database_name()}: {reason}") from None
    return f"database reachable ({safe_database_name()})"


def check_migrations() -> str:
    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    if pending:
        raise HealthError(f"{len(pending)} database migrations are pending: run `localsdg migrate`")
    return "database schema is up to date"


def check_framework() -> str:
    counts = (Goal.objects.count(), Target.objects.count(), GlobalIndicator.objects.count())
    if counts[0] != 17 or counts[1] != 169:
        found = f"{counts[0]} goals, {counts[1]} targets"
        raise HealthError(f"SDG framework incomplete ({found}): run `localsdg migrate`")
    return f"SDG framework loaded ({counts[0]} goals, {counts[1]} targets, {counts[2]} indicators)"


def check_data_dir() -> str:
    path = settings.DATA_DIR
    probe = path / ".write-check"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise HealthError(f"data directory {path} is not writable: {exc.strerror}") from None
    return f"data directory {path} is writable"


CHECKS: list[Callable[[], str]] = [
    check_system,
    check_data_dir,
    check_database,
    check_migrations,
    check_framework,
]


def run_checks() -> Iterator[str]:
    for check in CHECKS:
        yield check()
