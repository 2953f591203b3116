"""The suite runs on the database the environment names (SQLite, or PostgreSQL in CI)."""

import os

import pytest
from django.db import connection


@pytest.mark.django_db
def test_suite_runs_on_the_configured_database() -> None:
    url = os.environ.get("LOCALSDG_DATABASE_URL", "")
    expected = "postgresql" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
    assert connection.vendor == expected
