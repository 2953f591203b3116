"""The one settings module. Every knob comes from a ``LOCALSDG_*`` environment variable.

The defaults are production-safe: DEBUG off, HTTPS-only cookies and HSTS on. The demo turns
HTTPS off explicitly because it is served on plain http://127.0.0.1. See docs/settings.md.
"""

import os
import secrets
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={value!r} is not a boolean (use true or false)")


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    try:
        return int(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number") from None


def default_data_dir() -> Path:
    xdg = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(xdg) / "localsdg"


DATA_DIR = Path(os.environ.get("LOCALSDG_DATA_DIR") or default_data_dir()).expanduser().resolve()


def load_secret_key() -> str:
    """Use the configured key, or one generated once and kept in the data directory.

    A per-instance key on disk means there is never a shared default key in production.
    """
    configured = os.environ.get("LOCALSDG_SECRET_KEY", "")
    if configured:
        return configured
    path = DATA_DIR / "secret.key"
    if not path.exists():
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(64))
        path.chmod(0o600)
    return path.read_text().strip()


def database_config() -> dict[str, object]:
    url = os.environ.get("LOCALSDG_DATABASE_URL", "")
    if not url:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        url = f"sqlite:///{DATA_DIR / 'localsdg.sqlite3'}"
    wrong = ImproperlyConfigured(
        f"LOCALSDG_DATABASE_URL must be a sqlite:///path or postgres://user@host/name URL, "
        f"not {url.split('://')[0]!r}"
    )
    try:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    except ValueError:
        raise wrong from None
    engine = str(config.get("ENGINE", ""))
    if engine == "django.db.backends.sqlite3":
        config["CONN_MAX_AGE"] = 0
        config["OPTIONS"] = {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    elif engine != "django.db.backends.postgresql":
        raise wrong
    return config


DEBUG = env_bool("LOCALSDG_DEBUG", False)
SECRET_KEY = load_secret_key()
ALLOWED_HOSTS = env_list("LOCALSDG_ALLOWED_HOSTS", "localhost,127.0.0.1")
HTTPS = env_bool("LOCALSDG_HTTPS", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "simple_history",
    "axes",
    "csp",
    "django_countries",
    "localsdg.orgs",
    "localsdg.framework",
    "localsdg.web",
    "localsdg.indicators",
    "localsdg.assessment",
    "localsdg.portal",
    "localsdg.api",
    "localsdg.search",
    "localsdg.board",
    "localsdg.engagement",
    "localsdg.strategy",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "localsdg.api.middleware.ApiHeadersMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
    "localsdg.web.cache.PublicPageCacheMiddleware",
]

ROOT_URLCONF = "localsdg.urls"
WSGI_APPLICATION = "localsdg.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "localsdg.web.context.site",
            ],
        },
    },
]

DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "manage:dashboard"
LOGOUT_REDIRECT_URL = "portal:home"

# Login throttling: five failures for one username from one address lock it for 15 minutes.
AXES_FAILURE_LIMIT = env_int("LOCALSDG_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("ja", "日本語")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = os.environ.get("LOCALSDG_TIME_ZONE", "Asia/Tokyo")

# Country names come from django-countries in every language. In English, the UN's short names
# replace the colloquial ones where they differ for a UN member state, as an engagement record
# read next to UN documents should name them; the Japanese names stay the usual ones
# (docs/engagement.md lists each and why).
COUNTRIES_OVERRIDE = {
    "BN": _("Brunei Darussalam"),
    "BO": _("Bolivia (Plurinational State of)"),
    "FM": _("Micronesia (Federated States of)"),
    "IR": _("Iran (Islamic Republic of)"),
    "KP": _("Democratic People's Republic of Korea"),
    "KR": _("Republic of Korea"),
    "LA": _("Lao People's Democratic Republic"),
    "MD": _("Republic of Moldova"),
    "RU": _("Russian Federation"),
    "SY": _("Syrian Arab Republic"),
    "TZ": _("United Republic of Tanzania"),
    "VE": _("Venezuela (Bolivarian Republic of)"),
    "VN": _("Viet Nam"),
}

# Shared by every server process (the public page cache keeps its generation number here).
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(DATA_DIR / "cache"),
        "OPTIONS": {"MAX_ENTRIES": 20000},
    }
}
# Seconds an anonymous public page is kept; 0 turns the page cache off.
LOCALSDG_PAGE_CACHE_SECONDS = env_int("LOCALSDG_PAGE_CACHE_SECONDS", 600)

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_URL = "/media/"
MEDIA_ROOT = DATA_DIR / "media"
# Largest accepted upload (engagement documents and photos), in megabytes.
LOCALSDG_UPLOAD_MAX_MB = env_int("LOCALSDG_UPLOAD_MAX_MB", 20)
# Data files uploaded for import (web and API): the largest upload, what a zip may unpack to (in
# bytes really written), how many files it may hold, how much more than its compressed size a
# file in it may unpack to, and how long an upload waits for confirmation before it is removed.
LOCALSDG_MAX_UPLOAD_BYTES = env_int("LOCALSDG_MAX_UPLOAD_BYTES", 100 * 1024 * 1024)
LOCALSDG_MAX_UNPACKED_BYTES = env_int("LOCALSDG_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)
LOCALSDG_MAX_ZIP_MEMBERS = env_int("LOCALSDG_MAX_ZIP_MEMBERS", 20_000)
LOCALSDG_MAX_ZIP_RATIO = env_int("LOCALSDG_MAX_ZIP_RATIO", 100)
LOCALSDG_UPLOAD_EXPIRY_HOURS = env_int("LOCALSDG_UPLOAD_EXPIRY_HOURS", 24)
for _limit in (
    "LOCALSDG_MAX_UPLOAD_BYTES",
    "LOCALSDG_MAX_UNPACKED_BYTES",
    "LOCALSDG_MAX_ZIP_MEMBERS",
    "LOCALSDG_MAX_ZIP_RATIO",
    "LOCALSDG_UPLOAD_EXPIRY_HOURS",
):
    if globals()[_limit] <= 0:
        raise ImproperlyConfigured(f"{_limit}={globals()[_limit]} must be greater than 0")
# Engagement history grouped by calendar years or by Japanese fiscal years (April to March).
LOCALSDG_ENGAGEMENT_YEARS = os.environ.get("LOCALSDG_ENGAGEMENT_YEARS", "") or "calendar"
if LOCALSDG_ENGAGEMENT_YEARS not in {"calendar", "fiscal"}:
    raise ImproperlyConfigured(
        f"LOCALSDG_ENGAGEMENT_YEARS={LOCALSDG_ENGAGEMENT_YEARS!r} must be calendar or fiscal"
    )
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if env_bool("LOCALSDG_STATIC_MANIFEST", not DEBUG)
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}

# Security. With HTTPS on (the default) this is clean under `manage.py check --deploy`.
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS and env_bool("LOCALSDG_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("LOCALSDG_HSTS_SECONDS", 31536000) if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS and env_bool("LOCALSDG_HSTS_PRELOAD", True)
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("LOCALSDG_BEHIND_PROXY", False) else None
)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = env_list("LOCALSDG_CSRF_TRUSTED_ORIGINS", "")

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        # Only the privacy-mode YouTube player (embedded engagement videos) may be framed.
        "frame-src": ["https://www.youtube-nocookie.com"],
    }
}

SILENCED_SYSTEM_CHECKS: list[str] = []

# The organisation whose portal is the site's home page; the first hub when empty.
LOCALSDG_HOME_ORG = os.environ.get("LOCALSDG_HOME_ORG", "")
LOCALSDG_SITE_NAME = os.environ.get("LOCALSDG_SITE_NAME", "") or _("LocalSDG")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOCALSDG_LOG_LEVEL", "WARNING")},
}
