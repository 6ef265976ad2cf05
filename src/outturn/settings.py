"""Settings, read from the environment with safe defaults for the demo.

SQLite in ``OUTTURN_DATA_DIR`` by default; PostgreSQL when ``DATABASE_URL`` says so.
Production mode (``OUTTURN_PRODUCTION=1``) refuses to start with the demo secret or DEBUG on.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent

DEMO_SECRET_KEY = "outturn-demo-secret-key-not-for-production"  # noqa: S105


def env_bool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name}={raw!r}: expected one of 1/0, true/false, yes/no, on/off")


def env_secret(name: str, default: str) -> str:
    """A secret from ``NAME`` or from the file named by ``NAME_FILE`` (container secrets)."""
    file_path = os.environ.get(f"{name}_FILE")
    if file_path:
        return Path(file_path).read_text(encoding="utf-8").strip()
    return os.environ.get(name, default)


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


PRODUCTION = env_bool("OUTTURN_PRODUCTION", False)
DEBUG = env_bool("DEBUG", not PRODUCTION)
SECRET_KEY = env_secret("SECRET_KEY", DEMO_SECRET_KEY)

if PRODUCTION:
    if SECRET_KEY == DEMO_SECRET_KEY or len(SECRET_KEY) < 32:
        raise ImproperlyConfigured(
            "OUTTURN_PRODUCTION is on but SECRET_KEY is the demo key or shorter than 32 characters."
        )
    if DEBUG:
        raise ImproperlyConfigured("OUTTURN_PRODUCTION is on: set DEBUG=0.")

DATA_DIR = Path(os.environ.get("OUTTURN_DATA_DIR", "outturn-data")).resolve()

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

COUNCIL_NAME = os.environ.get("OUTTURN_COUNCIL_NAME", "")
COUNCIL_LOGO_URL = os.environ.get("OUTTURN_COUNCIL_LOGO_URL", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "govuk_frontend_django",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "outturn.accounts",
    "outturn.scorecard",
    "outturn.rounds",
    "outturn.planning",
    "outturn.transfer",
    "outturn.exception_reports",
    "outturn.reports",
    "outturn.web",
    "outturn.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy with a per-request nonce (policy in security_settings.py).
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # Last, as django-axes asks: it counts failed sign-ins and locks out repeated guessing.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
if os.environ.get("OIDC_RP_CLIENT_ID", "").strip():
    # The council's own accounts over OpenID Connect (configured in security_settings.py).
    AUTHENTICATION_BACKENDS.append("outturn.accounts.oidc.CouncilAccountBackend")

ROOT_URLCONF = "outturn.urls"
WSGI_APPLICATION = "outturn.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "outturn.web.context_processors.council",
            ],
        },
    },
]


def _database() -> dict[str, object]:
    url = os.environ.get("DATABASE_URL")
    if url:
        config: dict[str, object] = dict(dj_database_url.parse(url, conn_max_age=60))
    else:
        DATA_DIR.mkdir(parents=True, exist_ok=True)
        config = {"ENGINE": "django.db.backends.sqlite3", "NAME": str(DATA_DIR / "outturn.sqlite3")}
    if config["ENGINE"] == "django.db.backends.sqlite3":
        # WAL lets readers carry on while a round is being written; IMMEDIATE avoids
        # "database is locked" upgrades in concurrent writes.
        config["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
        # Opening a SQLite connection (and its PRAGMAs) costs milliseconds a request.
        config.setdefault("CONN_MAX_AGE", 60)
        config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": _database()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve straight from the package's static folders: no collectstatic step for the demo.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = DATA_DIR / "files"

LOGIN_URL = "web:accounts-sign-in"
LOGIN_REDIRECT_URL = "web:tasks"
LOGOUT_REDIRECT_URL = "web:home"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# The audit history is for reading: reverting a record in the admin would change a
# published figure without a restatement, or undo a workflow's state behind its services.
SIMPLE_HISTORY_REVERT_DISABLED = True

# Background work (imports, report builds, reminders) is queued in the database: the demo
# needs no extra server, and production runs `outturn db_worker` as its own process.
TASKS = {
    "default": {
        "BACKEND": os.environ.get("OUTTURN_TASK_BACKEND", "django_tasks_db.DatabaseBackend"),
        "QUEUES": ["default"],
    }
}

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "performance@outturn.invalid")

# Polars would use every core in every web worker; keep it modest.
os.environ.setdefault("POLARS_MAX_THREADS", os.environ.get("OUTTURN_POLARS_THREADS", "2"))

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Sign-in, OpenID Connect, rate limiting and security headers.
from outturn.security_settings import *  # noqa: E402, F403
