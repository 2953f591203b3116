"""Fixtures shared by the Django tests: the demo data set is the test fixture.

The tests never use the developer's data folder: unless ``LOCALSDG_DATA_DIR`` is already set (as
``make test`` does), a fresh folder is made for the run before the settings are read, and removed
at the end. pytest loads this file before Django when ``DJANGO_SETTINGS_MODULE`` is not in the
pytest configuration; that is why the settings module is named here and not in pyproject.toml.
"""

import atexit
import os
import shutil
import sys
import tempfile
from pathlib import Path

import pytest


def _own_data_dir() -> None:
    """Give this run a data folder of its own when none is set.

    It must happen before Django reads the settings: they compute every path from it at once
    and write ``secret.key`` into it.
    """
    if os.environ.get("LOCALSDG_DATA_DIR"):
        return
    if "django.conf" in sys.modules and sys.modules["django.conf"].settings.configured:
        raise pytest.UsageError(
            "Django settings were loaded before tests/conftest.py could choose a data folder; "
            "set LOCALSDG_DATA_DIR, or remove DJANGO_SETTINGS_MODULE from the environment and "
            "the pytest configuration"
        )
    folder = Path(tempfile.mkdtemp(prefix="localsdg-tests-"))
    os.environ["LOCALSDG_DATA_DIR"] = str(folder)
    # Parallel workers inherit the variable and share the folder; only the process that made it
    # removes it, when it exits (also when the run stops early).
    atexit.register(shutil.rmtree, folder, ignore_errors=True)


_own_data_dir()
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "localsdg.settings")

import django  # noqa: E402 - the data folder must be chosen before Django reads the settings
from django.conf import settings as django_settings  # noqa: E402


def _own_page_cache() -> None:
    """Each pytest-xdist worker keeps its own file cache: the workers share the data folder, and
    one worker's data change would otherwise clear the other's cached pages in mid-test."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if worker:
        django_settings.CACHES["default"]["LOCATION"] += f"-{worker}"


_own_page_cache()
django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from localsdg.demo import load_demo  # noqa: E402
from localsdg.orgs.models import Organisation  # noqa: E402

DEMO_PASSWORD = "Demo-password-for-tests-42"
REPO_ROOT = Path(__file__).resolve().parents[1]
GOLDEN = REPO_ROOT.parent / "shared" / "golden"


@pytest.fixture(autouse=True)
def _test_server_settings(settings):
    """Tests speak plain HTTP and render templates without a collected static manifest.

    The HTTPS settings themselves are checked by `manage.py check --deploy` in tests/test_cli.py.
    """
    settings.SECURE_SSL_REDIRECT = False
    settings.SECURE_HSTS_SECONDS = 0
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _default_language(settings):
    """Each test starts in the default language: a request to /ja/ leaves Japanese active in the
    thread, and a test must not depend on which test ran before it."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Each test starts with an empty cache: rolled-back test data must not live on in it."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Load the demo once into the test database; each test runs in a rolled-back transaction."""
    with django_db_blocker.unblock():
        load_demo(password=DEMO_PASSWORD)


@pytest.fixture
def demo(db):
    """The demo data set (loaded once per session by ``django_db_setup``)."""
    return Organisation.objects.all()


@pytest.fixture
def orgs(demo) -> dict[str, Organisation]:
    return {org.slug: org for org in Organisation.objects.all()}


@pytest.fixture
def user(demo):
    def get(username: str):
        return get_user_model().objects.get(username=username)

    return get
