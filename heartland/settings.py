"""Heartland settings, read from the environment (django-environ).

With nothing set: SQLite (WAL) under ./var, Huey on SQLite, local-memory cache,
database sessions, console e-mail — a fresh machine needs nothing but Python.
`DATABASE_URL` and `REDIS_URL` switch to PostgreSQL and Redis. docs/operations.md
lists every variable.
"""
import sys
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
if (BASE_DIR / ".env").exists():
    environ.Env.read_env(BASE_DIR / ".env")

VAR_DIR = Path(env.str("HEARTLAND_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

# DEBUG on (the default: development, `make demo`, tests) serves plain http on localhost.
# DEBUG off is production: a secret key from the environment, and HTTPS (see Security below).
DEBUG = env.bool("DJANGO_DEBUG", default=True)
_INSECURE_DEV_KEY = "dev-only-insecure-key-do-not-use-in-production-0123456789abcdef"
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default=_INSECURE_DEV_KEY if DEBUG else "")
if not DEBUG and SECRET_KEY in ("", _INSECURE_DEV_KEY):
    raise environ.ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a secret of your own when DJANGO_DEBUG is off")
# Older keys still accepted for signatures (sessions, password resets) while a new key rolls out.
SECRET_KEY_FALLBACKS = env.list("DJANGO_SECRET_KEY_FALLBACKS", default=[])
# Production has no default host: until DJANGO_ALLOWED_HOSTS is set every request is refused
# (and `check --deploy` says so).
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "django_htmx",
    "huey.contrib.djhuey",
    "heartland.core",
    "heartland.accounts",
    "heartland.merchants",
    "heartland.catalog",
    "heartland.inventory",
    "heartland.markets",
    "heartland.payments",
    "heartland.checkout",
    "heartland.orders",
    "heartland.fulfillment",
    "heartland.customs",
    "heartland.ledger",
    "heartland.payouts",
    "heartland.search",
    "heartland.storefront",
    "heartland.portal",
    "heartland.sandbox_payments",
    "heartland.sandbox_customs",
    "heartland.sandbox_carrier",
    "heartland.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Static files (hashed names, precompressed .gz/.br), answered before anything else runs.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML/JSON; above every middleware that reads or writes the body (Django's order).
    "django.middleware.gzip.GZipMiddleware",
    "heartland.core.middleware.RefuseNulMiddleware",
    "heartland.storefront.middleware.PageCacheMiddleware",  # before sessions: a hit loads none
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "heartland.core.middleware.EnglishForStaffPagesMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "heartland.urls"
WSGI_APPLICATION = "heartland.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "heartland" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "heartland.storefront.context_processors.storefront",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'heartland.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        # IMMEDIATE: a write transaction takes the write lock at BEGIN, so two
        # writers queue on busy_timeout instead of failing mid-transaction.
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL;"
            "PRAGMA synchronous=NORMAL;"
            "PRAGMA foreign_keys=ON;"
            "PRAGMA cache_size=-20000;"
        ),
    }
    # Kept open between requests as on PostgreSQL: opening one runs the PRAGMAs above and reads the
    # schema again, some 4 ms of CPU per request under gunicorn (docs/performance.md).
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
else:
    DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache, sessions, tasks ----------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("HEARTLAND_CACHE_PREFIX", default="heartland"),
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.cache"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

# Tests run tasks immediately, in process.
HUEY_IMMEDIATE = env.bool("HUEY_IMMEDIATE", default="pytest" in sys.modules)
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "heartland",
        "immediate": HUEY_IMMEDIATE,
        "connection": {"url": REDIS_URL},
        "consumer": {"workers": 2, "worker_type": "thread"},
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "heartland",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": HUEY_IMMEDIATE,
        "consumer": {"workers": 2, "worker_type": "thread"},
    }

# Anonymous shoppers' pages from a cache invalidated on commit (docs/performance.md, "Page cache").
HEARTLAND_PAGE_CACHE = env.bool("HEARTLAND_PAGE_CACHE", default=True)

# --- Accounts (django-allauth) ----------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="optional")
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# Brute-force throttling: failed logins per IP and per account.
ACCOUNT_RATE_LIMITS = {
    "login_failed": env.str("HEARTLAND_LOGIN_FAILED_LIMIT", default="10/m/ip,5/5m/key"),
}
LOGIN_REDIRECT_URL = "/portal/"
LOGIN_URL = "/en/accounts/login/"  # merchants sign in in English; shoppers use /accounts/login/
ACCOUNT_LOGOUT_REDIRECT_URL = "/"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Heartland <no-reply@heartland.localhost>")
if env.str("EMAIL_URL", default=""):
    vars().update(env.email_url("EMAIL_URL"))

# --- I18N -----------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("zh-hant", "繁體中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "heartland" / "locale"]
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

# --- Static and media --------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("HEARTLAND_STATIC_ROOT", default=str(BASE_DIR / "static")))
# Production (DEBUG off) serves what `manage.py collectstatic` wrote: content-hashed names cached
# for ten years (immutable) and .gz/.br twins, by WhiteNoise or a CDN in front of it
# (docs/operations.md). Development and tests read the apps' static folders as they are.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
# While debugging (and in tests, which run with DEBUG forced off) WhiteNoise reads the apps' folders
# on each request instead of indexing a STATIC_ROOT that only collectstatic fills.
WHITENOISE_AUTOREFRESH = WHITENOISE_USE_FINDERS = DEBUG
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("HEARTLAND_MEDIA_ROOT", default=str(BASE_DIR / "media")))
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
HEARTLAND_MAX_IMAGE_BYTES = env.int("HEARTLAND_MAX_IMAGE_BYTES", default=8 * 1024 * 1024)
HEARTLAND_MAX_IMAGE_PIXELS = env.int("HEARTLAND_MAX_IMAGE_PIXELS", default=40_000_000)
HEARTLAND_RESERVATION_MINUTES = env.int("HEARTLAND_RESERVATION_MINUTES", default=15)
# Payments (docs/payments.md): the sandbox provider is on for development and the demo.
HEARTLAND_SANDBOX_ENABLED = env.bool("HEARTLAND_SANDBOX_ENABLED", default=DEBUG)
# A shopper has as long to pay as their stock is held.
HEARTLAND_PAYMENT_TIMEOUT = env.int("HEARTLAND_PAYMENT_TIMEOUT", default=HEARTLAND_RESERVATION_MINUTES * 60)
HEARTLAND_MAX_CSV_BYTES = env.int("HEARTLAND_MAX_CSV_BYTES", default=200 * 1024 * 1024)

# --- Security -----------------------------------------------------------------------------
# Identity numbers are encrypted with these Fernet keys (newest first). Unset: a key is
# generated under HEARTLAND_VAR_DIR (development and the demo only).
HEARTLAND_FERNET_KEYS = env.list("HEARTLAND_FERNET_KEYS", default=[])
HEARTLAND_LOOKUP_HASH_KEY = env.str("HEARTLAND_LOOKUP_HASH_KEY", default="")
HEARTLAND_ALLOW_LOCAL_KEYS = env.bool("HEARTLAND_ALLOW_LOCAL_KEYS", default=DEBUG)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
# Cached pages carry no token (storefront/static/storefront/csrf.js fills forms from the cookie); a
# shopper without JavaScript gets the action offered again with a fresh token.
CSRF_FAILURE_VIEW = "heartland.storefront.csrf_views.csrf_failure"
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# HTTPS: each on by default in production (DEBUG off) and off while debugging, so `make demo`
# and runserver work over plain http; each can be set on its own (docs/operations.md).
_HTTPS = not DEBUG
# Behind a proxy that terminates TLS and sets X-Forwarded-Proto (and strips it from clients).
if env.bool("DJANGO_SECURE_PROXY_SSL_HEADER", default=_HTTPS):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=_HTTPS)
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=_HTTPS)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=_HTTPS)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=31536000 if _HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=_HTTPS)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=_HTTPS)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "jieba": {"level": "WARNING"},
        "huey": {"level": "INFO", "propagate": False},  # the consumer logs through its own handler
    },
}
