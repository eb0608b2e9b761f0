"""Settings, read from the environment.

EPLAN_ENV=production turns on everything a public deployment needs and refuses to start
without SECRET_KEY and ALLOWED_HOSTS. Anything else is a development or test machine.
DEBUG is off unless DEBUG=1 is given. DATABASE_URL selects PostgreSQL; without it an
SQLite file under var/ is used. See docs/deploy.md for every variable.
"""

import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name, default=None):
    return os.environ.get(name, default)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_int(name, default):
    value = os.environ.get(name)
    return int(value) if value not in (None, "") else default


def env_list(name, default=()):
    value = os.environ.get(name)
    if not value:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


EPLAN_ENV = env("EPLAN_ENV", "development")
PRODUCTION = EPLAN_ENV == "production"
DEBUG = env_bool("DEBUG", False)
if PRODUCTION and DEBUG:
    raise ImproperlyConfigured("DEBUG must be off when EPLAN_ENV=production.")

VAR_DIR = Path(env("EPLAN_VAR_DIR", BASE_DIR / "var"))
# The shared national reference data (never copied into this repository).
SHARED_DATA_DIR = Path(env("EPLAN_SHARED_DATA", BASE_DIR.parent / "shared" / "data"))

SECRET_KEY = env("SECRET_KEY")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured("SECRET_KEY must be set when EPLAN_ENV=production.")
    SECRET_KEY = "development-only-key-never-used-in-production-0d9f8a7c6b5e4d3c2b1a"  # noqa: S105

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [] if PRODUCTION else ["127.0.0.1", "localhost", "testserver"])
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must be set when EPLAN_ENV=production.")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "ninja",  # serves its Swagger UI from local static files, not a CDN
    "django_otp",  # second factor for staff (accounts.second_factor)
    "django_otp.plugins.otp_totp",
    # The domain, in the order data flows (see docs/architecture.md).
    "eplan.core",
    "eplan.registry",
    "eplan.accounts",
    "eplan.frameworks",
    "eplan.plans",
    "eplan.assessment",
    "eplan.reporting",
    "eplan.notices",
    "eplan.monitoring",
    "eplan.notifications",
    "eplan.ita",
    "eplan.dashboards",
    "eplan.opendata",
    "eplan.public",
    "eplan.api",
    "eplan.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "eplan.core.security.SecurityHeadersMiddleware",
    "eplan.core.middleware.RequestContextMiddleware",
    # Before the session reads its cookie: control characters out of every input (hole 8).
    "eplan.core.middleware.ControlCharactersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "eplan.core.middleware.ThaiFirstLocaleMiddleware",
    # Before the CSRF check reads the form: 413 in Thai for a body over the limit (hole 10).
    "eplan.core.middleware.RequestSizeMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "eplan.core.ratelimit.ApiRateLimitMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "eplan.accounts.middleware.FirstLoginMiddleware",
]

ROOT_URLCONF = "eplan.urls"
WSGI_APPLICATION = "eplan.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "eplan" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "eplan.core.context_processors.site",
                "eplan.accounts.context_processors.navigation",
                "eplan.notifications.context_processors.bell",
            ],
            "builtins": ["eplan.core.templatetags.thai"],
        },
    },
]

# Database: PostgreSQL in production (DATABASE_URL), SQLite file by default.
DATABASE_URL = env("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {
        "default": dj_database_url.parse(
            DATABASE_URL, conn_max_age=env_int("DB_CONN_MAX_AGE", 60), conn_health_checks=True
        )
    }
else:
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": VAR_DIR / "eplan.sqlite3",
            "OPTIONS": {
                # WAL lets readers continue while one request writes; IMMEDIATE avoids
                # "database is locked" upgrades in the middle of a transaction.
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
            },
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is given (shared by all app servers), memory otherwise.
REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "public:home"
LOGOUT_REDIRECT_URL = "public:home"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day, the links go to busy office mailboxes
SESSION_COOKIE_AGE = 60 * 60 * 10  # a working day
SESSION_COOKIE_HTTPONLY = True

# Login throttling (accounts.throttle): per username + client address, and per address alone.
# No limit by username alone, so nobody can lock an organisation out before a deadline.
LOGIN_FAILURE_WINDOW_MINUTES = env_int("LOGIN_FAILURE_WINDOW_MINUTES", 15)
LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_USERNAME_AND_ADDRESS", 10)
# An office behind one NAT address has many staff: keep the address-only limit generous.
LOGIN_FAILURE_LIMIT_PER_ADDRESS = env_int("LOGIN_FAILURE_LIMIT_PER_ADDRESS", 100)
# How many reverse proxies in front of the app append to X-Forwarded-For (0: trust none).
TRUSTED_PROXY_COUNT = env_int("TRUSTED_PROXY_COUNT", 0)
# Pairs (username, address) that logged in successfully within this many days are spared
# the per-address block and the per-username slow-down.
LOGIN_KNOWN_ADDRESS_DAYS = env_int("LOGIN_KNOWN_ADDRESS_DAYS", 90)
# Per username across every address: after this many failures in the window each attempt
# waits 1, 2, 4 … seconds after the last failure, at most LOGIN_SLOWDOWN_MAX_SECONDS; never a block.
LOGIN_SLOWDOWN_AFTER_FAILURES = env_int("LOGIN_SLOWDOWN_AFTER_FAILURES", 5)
LOGIN_SLOWDOWN_MAX_SECONDS = env_int("LOGIN_SLOWDOWN_MAX_SECONDS", 60)
# Personal API tokens: lifetime chosen at creation, in days.
API_TOKEN_MAX_DAYS = env_int("API_TOKEN_MAX_DAYS", 365)
API_TOKEN_DEFAULT_DAYS = env_int("API_TOKEN_DEFAULT_DAYS", 90)
# Second factor (TOTP): the name authenticator apps show beside the account.
OTP_TOTP_ISSUER = "E-Plan"

# Language and time: Thai first, English available; Bangkok time.
LANGUAGE_CODE = "th"
LANGUAGES = [("th", "ไทย"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "eplan" / "locale"]
TIME_ZONE = "Asia/Bangkok"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = Path(env("STATIC_ROOT", VAR_DIR / "static"))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
# Outside production, serve straight from the app folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = not PRODUCTION
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# E-mail: printed to the console unless an SMTP host is configured.
EMAIL_HOST = env("EMAIL_HOST", "")
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend" if EMAIL_HOST else "django.core.mail.backends.console.EmailBackend"
)
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "E-Plan <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Where people reach the site, for links in mail sent outside a request (the daily reminders).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000")

# Evidence attached to progress reports (PDF, images, office files), per file.
EVIDENCE_MAX_BYTES = env_int("EVIDENCE_MAX_BYTES", 10 * 1024 * 1024)
# The most items (projects, activities, measures) one plan may hold. Real plans have 20-150;
# at 300 a plan's PDF and its assessment page stay within one request (docs/operations.md).
PLAN_MAX_ITEMS = env_int("PLAN_MAX_ITEMS", 300)
# Form text and API bodies held in memory per request; files do not count (evidence and
# Excel files stream to disk and have their own limits). Over it: 413 (core.middleware).
DATA_UPLOAD_MAX_MEMORY_SIZE = env_int("DATA_UPLOAD_MAX_MEMORY_SIZE", 5 * 1024 * 1024)

# Rate limits (eplan.core.ratelimit): per signed-in user, per client address and, for the
# reset form, per account asked for; 429 with Retry-After beyond them. Counted in the
# database (table core_rate_counter), or in Redis when it is there: shared by every app
# server, never per process. Rates are "count/period": 6/m, 60/10m, 1000/d.
RATE_LIMIT_STORE = env("RATE_LIMIT_STORE", "cache" if REDIS_URL else "database")
RATE_LIMITS = {
    # Six mails a minute from one address, six an hour to one account from anywhere.
    "password_reset": {"methods": ["POST"], "address": "6/m", "field:identifier": "6/h"},
    # A flood guard only: wrong passwords are throttled by accounts.throttle. An office
    # behind one address logs in at nine; no limit per username, so nobody can lock one out.
    "login": {"methods": ["POST"], "address": "120/m"},
    "api": {"user": "600/m", "address": "1200/m"},
    "upload": {"methods": ["POST"], "user": "60/10m", "address": "300/10m"},
    # Every PDF and XLSX made on request (public PDFs of immutable documents come from the cache).
    "export": {"user": "30/m", "address": "60/m"},
}
# Public PDFs of submitted reports are kept this long in the cache (eplan.core.documents).
PUBLIC_DOCUMENT_CACHE_SECONDS = env_int("PUBLIC_DOCUMENT_CACHE_SECONDS", 7 * 24 * 3600)

# Security headers everywhere; the rest of the production hardening below.
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy and Permissions-Policy (eplan.core.security): scripts and styles
# from our own files only, nothing inline; data: images for the API docs' icons. Only
# features Chromium knows: an unknown one is an error in every page's console.
CONTENT_SECURITY_POLICY = {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'"],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "form-action": ["'self'"],
    "frame-ancestors": ["'none'"],
}
CSP_REPORT_ONLY = env_bool("CSP_REPORT_ONLY", False)
PERMISSIONS_POLICY = {
    feature: []
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
}
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
    SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
    if env_bool("BEHIND_TLS_PROXY", True):
        # The load balancer terminates TLS and says so in this header.
        SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    # /healthz is probed by the load balancer over plain HTTP inside the network.
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        # WeasyPrint logs every page it lays out.
        "weasyprint.progress": {"level": "WARNING"},
        "fontTools": {"level": "WARNING"},
    },
}

# The site's own words.
SITE_NAME = _("ระบบแผนปฏิบัติการป้องกันการทุจริตขององค์กรปกครองส่วนท้องถิ่น")
SITE_SHORT_NAME = "E-Plan"

NINJA_PAGINATION_PER_PAGE = 100
NINJA_MAX_PER_PAGE_SIZE = 1000

# Background jobs (eplan/jobs, docs/deploy.md): Django's Tasks API through the django-tasks
# backport, queued in the database (so SQLite under `make run` and PostgreSQL in production
# alike, no other service) and run by `manage.py db_worker` on any number of machines.
# Under pytest a job runs inside the request that asks for it and its file stays in memory;
# the queue's own tests switch to the database backend and run the worker.
TESTING = "pytest" in sys.modules
INSTALLED_APPS += ["django_tasks", "django_tasks_db", "eplan.jobs"]
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend" if TESTING else "django_tasks_db.DatabaseBackend"
        ),
        "QUEUES": ["default"],
    }
}
# The files jobs make (announcement PDFs, large plan PDFs): shared storage like MEDIA_ROOT,
# since the worker that writes a file and the app server that sends it may be two machines.
STORAGES["jobs"] = (
    {"BACKEND": "django.core.files.storage.InMemoryStorage"}
    if TESTING
    else {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": Path(env("JOBS_ROOT", MEDIA_ROOT / "jobs"))},
    }
)
# A running job not heard from for this long is taken to have lost its worker and is queued again.
JOBS_STALE_AFTER_SECONDS = env_int("JOBS_STALE_AFTER_SECONDS", 15 * 60)
# A plan of more items than this prints in the background (about 3 s at 50 items; 2,000 took 297 s).
PLAN_PDF_INLINE_MAX_ITEMS = env_int("PLAN_PDF_INLINE_MAX_ITEMS", 50)
