"""Follow-up work runs once per transaction, after commit, and never after a rollback."""

import pytest
from django.db import transaction

from localsdg.web.transactions import on_commit_once

pytestmark = pytest.mark.django_db


def test_work_asked_for_many_times_runs_once(django_capture_on_commit_callbacks):
    runs: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            on_commit_once("a", lambda: runs.append("a"))
        on_commit_once("b", lambda: runs.append("b"))
    assert sorted(runs) == ["a", "b"]
    with django_capture_on_commit_callbacks(execute=True):
        on_commit_once("a", lambda: runs.append("a again"))
    assert runs[-1] == "a again"


def test_a_rollback_drops_the_work_and_leaves_nothing_behind(django_capture_on_commit_callbacks):
    runs: list[str] = []
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                on_commit_once("x", lambda: runs.append("lost"))
                raise RuntimeError
        except RuntimeError:
            pass
        on_commit_once("x", lambda: runs.append("kept"))
    assert runs == ["kept"]
