"""Settings for newsarchive. Everything comes from environment variables with safe defaults;
README.md lists every variable (tests/test_docs.py checks that)."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


# The data directory holds the SQLite file, the search index and the generated secret key.
DATA_DIR = Path(os.environ.get("NEWSARCHIVE_DATA_DIR") or BASE_DIR / "var").resolve()
DATA_DIR.mkdir(parents=True, exist_ok=True)
INDEX_DIR = DATA_DIR / "index"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once and reused by every process."""
    if os.environ.get("SECRET_KEY"):
        return os.environ["SECRET_KEY"]
    path = DATA_DIR / "secret_key"
    try:
        return path.read_text().strip()
    except FileNotFoundError:
        pass
    key = secrets.token_urlsafe(50)
    # O_EXCL: if two processes start at once, exactly one writes and both read its key.
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    with os.fdopen(fd, "w") as fh:
        fh.write(key)
    return key


SECRET_KEY = _secret_key()
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.syndication",
    "django.contrib.sitemaps",
    "django_htmx",
    # Before django_tasks_db: its `db_worker` command is replaced by ours (a heartbeat, and dead workers'
    # jobs run again: articles/management/commands/db_worker.py).
    "articles",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # NUL characters and oversized uploads get a clear 4xx before any view (or the CSRF check) reads them.
    "articles.middleware.RequestLimitsMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # After authentication: a private archive needs a signed-in user or, on feeds/API/exports, a token.
    "articles.access.AccessMiddleware",
]

ROOT_URLCONF = "newsarchive.urls"
WSGI_APPLICATION = "newsarchive.wsgi.application"

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
                "django.template.context_processors.csp",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{DATA_DIR / 'newsarchive.sqlite3'}",
        conn_max_age=60,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the web processes read while the worker and imports write;
    # IMMEDIATE transactions avoid "database is locked" upgrades mid-transaction.
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 30,
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = DATA_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)  # whitenoise warns about a missing directory before collectstatic
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        # Manifest storage needs collectstatic first (make run does it); tests use plain storage.
        "BACKEND": os.environ.get(
            "NEWSARCHIVE_STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage",
        ),
    },
}

TASKS = {
    "default": {
        "BACKEND": "django_tasks_db.DatabaseBackend",
        # "default": index jobs (one worker: the only index writer); "imports": large uploads.
        "QUEUES": ["default", "imports"],
    }
}

# Uploads: the upload form accepts many files; each is read whole, so cap the request. Pasted text has
# the same documented limit as files (NEWSARCHIVE_MAX_UPLOAD_BYTES); a request over it, or with more
# files than this, gets the upload form back with the reason (articles.middleware).
NEWSARCHIVE_MAX_UPLOAD_BYTES = int(os.environ.get("NEWSARCHIVE_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
DATA_UPLOAD_MAX_MEMORY_SIZE = NEWSARCHIVE_MAX_UPLOAD_BYTES
FILE_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FILES = 200

# Security: safe defaults; production behind TLS sets NEWSARCHIVE_HTTPS=true.
HTTPS = env_bool("NEWSARCHIVE_HTTPS", False)
SESSION_COOKIE_SECURE = HTTPS
CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = HTTPS
SECURE_HSTS_SECONDS = 31536000 if HTTPS else 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = HTTPS
SECURE_HSTS_PRELOAD = HTTPS
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if HTTPS else None
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("NEWSARCHIVE_LOG_LEVEL", "WARNING")},
}

# Search page sizes.
NEWSARCHIVE_PAGE_SIZE = 20

# Access: a public archive serves everyone; a private one needs a signed-in user (pages) or a
# personal token (feeds, API, exports). Pages send anonymous visitors to the sign-in page.
NEWSARCHIVE_PUBLIC = env_bool("NEWSARCHIVE_PUBLIC", True)
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "articles:search"
LOGOUT_REDIRECT_URL = "articles:search"

# Exports stream at most this many matches of a search; the rest is reported as cut.
NEWSARCHIVE_EXPORT_MAX = int(os.environ.get("NEWSARCHIVE_EXPORT_MAX", 10000))
NEWSARCHIVE_POSTINGS_CACHE_MB = int(os.environ.get("NEWSARCHIVE_POSTINGS_CACHE_MB", 64))
# The search engine (articles.search.ENGINES); an unknown name stops start-up with a clear message.
# The PostgreSQL engine stops a search statement past this many seconds, with a note on the page.
NEWSARCHIVE_SEARCH_TIMEOUT = float(os.environ.get("NEWSARCHIVE_SEARCH_TIMEOUT", "10"))
NEWSARCHIVE_SEARCH_BACKEND = os.environ.get("NEWSARCHIVE_SEARCH_BACKEND", "whoosh").strip().lower()
# The PostgreSQL engine's web workers read the search rows into memory for at most this many seconds
# before they serve (1 s per 100k articles, measured); what is left is read when it first matches.
NEWSARCHIVE_SEARCH_WARM_UP = float(os.environ.get("NEWSARCHIVE_SEARCH_WARM_UP", "20"))
# The PostgreSQL engine matches a search on this many connections at once, each taking its share of the
# search table's partitions (articles.search.postgres.parallel); 1 matches on the request's connection only.
NEWSARCHIVE_SEARCH_PARALLEL = max(1, int(os.environ.get("NEWSARCHIVE_SEARCH_PARALLEL", "2")))

# A task worker or an import that has not said it is alive for this many seconds (on another host;
# on this one a dead process is seen at once) is taken for dead: its job is queued again.
NEWSARCHIVE_WORKER_LEASE = float(os.environ.get("NEWSARCHIVE_WORKER_LEASE", 30))

# Saved searches' e-mail digests (manage.py send_alerts). Links in e-mails need the site's address.
NEWSARCHIVE_SITE_URL = os.environ.get("NEWSARCHIVE_SITE_URL", "").strip().rstrip("/")
DEFAULT_FROM_EMAIL = os.environ.get("NEWSARCHIVE_EMAIL_FROM") or "newsarchive@localhost"
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Django 6.1's MAILERS (its EMAIL_* settings are deprecated), filled from the usual EMAIL_* variables.
if os.environ.get("EMAIL_HOST"):
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": os.environ["EMAIL_HOST"],
                "port": int(os.environ.get("EMAIL_PORT") or 587),
                "username": os.environ.get("EMAIL_HOST_USER", ""),
                "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
                "use_tls": env_bool("EMAIL_USE_TLS", True),
                "timeout": 30,
            },
        }
    }
else:
    # Without a mail server, digests are printed (send_alerts says so). That is a deliberate choice of
    # the deployment, so Django's deploy check against console mail (mail.E001) does not apply here.
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
    SILENCED_SYSTEM_CHECKS = ["mail.E001"]
