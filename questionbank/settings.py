"""Settings for Question Bank, read from the environment with local-friendly defaults.

Everything that differs between a laptop and a production host is an
environment variable; nothing else should need editing.
"""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP

from questionbank.email_url import CONSOLE_BACKEND, mailer_from_url, smtp_mailer
from questionbank.staticfiles import add_static_headers

BASE_DIR = Path(__file__).resolve().parent.parent


TRUE_WORDS = {"1", "true", "yes", "on"}
FALSE_WORDS = {"0", "false", "no", "off"}


def env_bool(name: str, default: bool) -> bool:
    """A yes/no variable; a typo is an error rather than a silent False."""
    value = os.environ.get(name, "").strip().lower()
    if not value:
        return default
    if value not in TRUE_WORDS | FALSE_WORDS:
        raise ImproperlyConfigured(f"{name}={value!r} is not a yes/no value; use 1 or 0.")
    return value in TRUE_WORDS


def env_int(name: str, default: int, minimum: int = 0) -> int:
    value = os.environ.get(name, "").strip()
    if not value:
        return default
    try:
        number = int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a whole number.") from None
    if number < minimum:
        raise ImproperlyConfigured(f"{name}={number} must be at least {minimum}.")
    return number


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name, "").strip()
    try:
        return float(value) if value else default
    except ValueError:
        raise ImproperlyConfigured(f"{name}={value!r} is not a number.") from None


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", False)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY (or DEBUG=1 for a local run).")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    # Before staticfiles, so runserver serves the hashed, compressed files as production does.
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django_htmx",
    "axes",
    "accounts",
    "questions",
    "practice",
    "ninja",  # serves the API docs' Swagger UI from our own static files, not a CDN
    "api",
    "offline",
]

MIDDLEWARE = [
    # First, so that it sees the response every other middleware returns.
    "questionbank.cycles.release_request_cycles",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "questionbank.middleware.RefuseUnstorableInput",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "questions.middleware.ContentAutoSyncMiddleware",
    # Last, as django-axes asks: it turns a lockout raised while authenticating into our 429 page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "questionbank.urls"
WSGI_APPLICATION = "questionbank.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "questionbank.cycles.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
            "builtins": ["questions.templatetags.cards", "questions.templatetags.fixed_urls"],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("CONN_MAX_AGE", 60),
        conn_health_checks=True,
    )
}

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # IMMEDIATE transactions take the write lock up front, so concurrent
    # writers queue (up to the timeout) instead of failing mid-transaction.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
    # A file, not shared memory, so that tests with threads (and the live
    # server) see real SQLite locking rather than shared-cache table locks.
    # One per process, so two test runs at once never share a file.
    DATABASES["default"].setdefault(
        "TEST", {"NAME": str(Path(tempfile.gettempdir()) / f"questionbank-test-{os.getpid()}.sqlite3")}
    )

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "questions:home"
LOGOUT_REDIRECT_URL = "questions:home"
# A reset link works once, and for a day: long enough to find the mail, short for a mailbox left open.
PASSWORD_RESET_TIMEOUT = 24 * 3600

LANGUAGE_CODE = "en-us"
TIME_ZONE = "UTC"
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "questionbank.staticfiles.HashedStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_MIMETYPES = {".wasm": "application/wasm"}  # streaming compilation needs exactly this type
WHITENOISE_ADD_HEADERS_FUNCTION = add_static_headers

# Cards are trusted to be sanitised HTML, but nothing on the site needs inline
# scripts or styles, so the policy forbids them outright.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    # Every script is a file of our own; no nonce, so public pages are the same
    # bytes for every visitor and can be cached whole.
    "script-src": [CSP.SELF, CSP.WASM_UNSAFE_EVAL],  # Pyodide compiles WebAssembly, nothing else
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.NONE],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    # The web app manifest and the service worker (/sw.js), both from this origin.
    "manifest-src": [CSP.SELF],
    "worker-src": [CSP.SELF],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# HTTPS by default outside DEBUG. Behind a proxy that terminates TLS, set
# TRUST_X_FORWARDED_PROTO=1 so Django knows the original request was secure.
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SESSION_COOKIE_SAMESITE = "Lax"
if env_bool("TRUST_X_FORWARDED_PROTO", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

# Pages are cached per process by default (local memory), limits in the
# database so that every app server counts the same failures and requests;
# with REDIS_URL, Redis holds all of them. Pages get a cache of their own so
# that they never push the limits out.
if os.environ.get("REDIS_URL"):
    CACHES = {
        name: {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": name,
        }
        for name in ("default", "pages", "limits")
    }
else:
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "default"},
        # About 50 KB a page: a bounded few tens of MB per process.
        "pages": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages",
            "OPTIONS": {"MAX_ENTRIES": 1000},
        },
        # Created by `manage.py createcachetable` (make run, make serve; tests do it themselves).
        "limits": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "questionbank_limits",
            "OPTIONS": {"MAX_ENTRIES": 100_000},
        },
    }
# In the database (revocable everywhere at once), read with one fixed statement.
SESSION_ENGINE = "accounts.sessions"

# Mail (password resets, address confirmations): one EMAIL_URL, or the
# EMAIL_HOST family; printed to the console in DEBUG when neither names a host.
_email_timeout = env_int("EMAIL_TIMEOUT", 10, minimum=1)
if os.environ.get("EMAIL_URL"):
    MAILERS = {"default": mailer_from_url(os.environ["EMAIL_URL"], _email_timeout)}
elif DEBUG and not os.environ.get("EMAIL_HOST"):
    MAILERS = {"default": {"BACKEND": CONSOLE_BACKEND}}
else:
    MAILERS = {
        "default": smtp_mailer(
            os.environ.get("EMAIL_HOST", "localhost"),
            env_int("EMAIL_PORT", 25, minimum=1),
            os.environ.get("EMAIL_HOST_USER", ""),
            os.environ.get("EMAIL_HOST_PASSWORD", ""),
            use_tls=env_bool("EMAIL_USE_TLS", False),
            use_ssl=env_bool("EMAIL_USE_SSL", False),
            timeout=_email_timeout,
        )
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Question Bank <noreply@localhost>")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
}

# Question Bank's own settings.
QUESTIONBANK_CONTENT_DIR = Path(os.environ.get("QUESTIONBANK_CONTENT_DIR", BASE_DIR / "content")).resolve()
# Base URL that a card's path inside the content folder is appended to, for
# the "Edit this card" link (e.g. a repository's ".../edit/main/content/").
QUESTIONBANK_EDIT_URL = os.environ.get("QUESTIONBANK_EDIT_URL", "")
# A repository's new-issue page, for "Report a problem with this card" links
# (e.g. "https://github.com/ORG/REPO/issues/new"), which open the repository's
# issue form for card problems filled in; empty takes it from a GitHub
# QUESTIONBANK_EDIT_URL, and hides the links without one.
QUESTIONBANK_ISSUE_URL = os.environ.get("QUESTIONBANK_ISSUE_URL", "")
# The live site's address (e.g. "https://questions.example.org"): a static
# export points links that need a server (practising, a page it left out) at
# it; empty drops those links instead.
QUESTIONBANK_SITE_URL = os.environ.get("QUESTIONBANK_SITE_URL", "").rstrip("/")
# In DEBUG, pick up edited card files on the next request without a restart.
QUESTIONBANK_AUTO_SYNC = env_bool("QUESTIONBANK_AUTO_SYNC", DEBUG)
QUESTIONBANK_PAGE_SIZE = env_int("QUESTIONBANK_PAGE_SIZE", 20)
# How long a cached public page may live, and how often each process asks the
# database whether a sync elsewhere changed the bank (see questions/pagecache.py).
QUESTIONBANK_PAGE_CACHE_SECONDS = env_int("QUESTIONBANK_PAGE_CACHE_SECONDS", 24 * 3600)
QUESTIONBANK_BANK_VERSION_CHECK_SECONDS = env_float("QUESTIONBANK_BANK_VERSION_CHECK_SECONDS", 1)
# How many proxies in front of the app append to X-Forwarded-For (0: believe
# only REMOTE_ADDR). Limits and lockouts key on the address this yields.
QUESTIONBANK_TRUSTED_PROXIES = env_int("QUESTIONBANK_TRUSTED_PROXIES", 0)
# Abuse limits: failed log-ins per pair of account and address before a pause,
# and how often one person (or, for sign-up, one address) may post each form.
QUESTIONBANK_LOGIN_FAILURES = env_int("QUESTIONBANK_LOGIN_FAILURES", 5, minimum=1)
QUESTIONBANK_LOGIN_LOCKOUT_SECONDS = env_int("QUESTIONBANK_LOGIN_LOCKOUT_SECONDS", 900, minimum=1)
QUESTIONBANK_RATINGS_PER_MINUTE = env_int("QUESTIONBANK_RATINGS_PER_MINUTE", 120)
QUESTIONBANK_IMPORTS_PER_HOUR = env_int("QUESTIONBANK_IMPORTS_PER_HOUR", 10)
QUESTIONBANK_SIGNUPS_PER_HOUR = env_int("QUESTIONBANK_SIGNUPS_PER_HOUR", 10)
QUESTIONBANK_PASSWORD_CHANGES_PER_HOUR = env_int("QUESTIONBANK_PASSWORD_CHANGES_PER_HOUR", 10)
# Reset mails per address asking and per e-mail address asked for; e-mail changes per person.
QUESTIONBANK_PASSWORD_RESETS_PER_HOUR = env_int("QUESTIONBANK_PASSWORD_RESETS_PER_HOUR", 5)
QUESTIONBANK_EMAIL_CHANGES_PER_HOUR = env_int("QUESTIONBANK_EMAIL_CHANGES_PER_HOUR", 5)
QUESTIONBANK_QUIZZES_PER_HOUR = env_int("QUESTIONBANK_QUIZZES_PER_HOUR", 60)
QUESTIONBANK_TOKENS_PER_HOUR = env_int("QUESTIONBANK_TOKENS_PER_HOUR", 10)

AXES_FAILURE_LIMIT = QUESTIONBANK_LOGIN_FAILURES
AXES_COOLOFF_TIME = timedelta(seconds=QUESTIONBANK_LOGIN_LOCKOUT_SECONDS)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "accounts.lockout.normalised_username"
AXES_CLIENT_IP_CALLABLE = "accounts.addresses.client_ip"
AXES_LOCKOUT_CALLABLE = "accounts.lockout.locked_out"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
