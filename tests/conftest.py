"""Fixtures shared by the Django tests: the demo data set is the test fixture."""

from pathlib import Path

import pytest
from django.contrib.auth import get_user_model

from localsdg.demo import load_demo
from localsdg.orgs.models import Organisation

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
