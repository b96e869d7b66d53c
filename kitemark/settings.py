"""Settings come from the environment (django-environ).

With nothing set, the service runs on one machine: SQLite, Celery tasks inline,
email to the console. See README.md for every variable.
"""

import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)


def _fail(message: str) -> None:
    # One line, no traceback: the operator only needs to know what to set.
    sys.stderr.write(f"Configuration error: {message}\n")
    raise SystemExit(1)


DEBUG = env.bool("DEBUG", default=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        _fail("SECRET_KEY is not set. Set SECRET_KEY to a long random string when DEBUG=false.")
    SECRET_KEY = "django-insecure-local-development-only-key-do-not-use-in-production"  # noqa: S105

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=[])
if not ALLOWED_HOSTS:
    if not DEBUG:
        _fail(
            "ALLOWED_HOSTS is not set. Set ALLOWED_HOSTS to the site's host names, comma-separated."
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver", "[::1]"]

SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[SITE_URL])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "crispy_forms",
    "crispy_bootstrap5",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_filters",
    "django_tables2",
    "accounts",
    "jobs",
    "organisations",
    "assessments",
    "panels",
    "certificates",
    "audit",
    "console",
    "portal",
    "checkins",
    "recognition",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside the session and CSRF middleware, so it sees the cookies they set.
    "kitemark.middleware.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "kitemark.middleware.RefusedMiddleware",
    "audit.middleware.AuditMiddleware",
]

ROOT_URLCONF = "kitemark.urls"
WSGI_APPLICATION = "kitemark.wsgi.application"

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
                "csp.context_processors.nonce",
                "accounts.context_processors.navigation",
                "assessments.context_processors.scoring_numbers",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Connections last ten minutes (health checks catch one the server dropped): every new
    # connection must prepare its statements again, see below.
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=600)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
    # Values travel as parameters, so a query's text is the same on every request and
    # psycopg can prepare it on the (persistent) connection from its second run: PostgreSQL
    # then skips parsing and often planning it. psycopg's own default, a fifth run, would
    # leave the statements of any page a worker serves fewer than five times a connection's
    # life unprepared: most pages, at a council's traffic. Set DB_PREPARE_THRESHOLD to an empty
    # value behind a transaction-mode pooler such as PgBouncer < 1.21, which cannot keep
    # them.
    prepare_threshold = env.str("DB_PREPARE_THRESHOLD", default="1")
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        server_side_binding=True,
        prepare_threshold=int(prepare_threshold) if prepare_threshold else None,
    )

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writes wait for each other instead of failing. A deferred transaction
    # that reads and then writes cannot take the write lock while another connection
    # holds it, and SQLite refuses it at once ("database is locked", a 500) whatever the
    # timeout; IMMEDIATE takes the lock at BEGIN, where waiting works, and a writer waits
    # up to 20 seconds for the one before it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(transaction_mode="IMMEDIATE", timeout=20)

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

CACHES = {"default": env.cache("CACHE_URL", default="locmemcache://kitemark")}
REDIS_CACHE = CACHES["default"]["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
if REDIS_CACHE:
    # The same backend, keeping its Redis client rather than building one per call.
    CACHES["default"]["BACKEND"] = "kitemark.cache.RedisCache"

# Sessions live in the database. With Redis, the cache every process shares in
# docker-compose.yml, Django's cached_db engine reads them from the cache and writes
# through to both: that saves the session query on every signed-in page and never serves
# an out-of-date session. A per-process cache (the embedded default) must not hold
# sessions: a sign-out in one process would leave the session alive in another's copy.
SESSION_ENGINE = (
    "django.contrib.sessions.backends.cached_db"
    if REDIS_CACHE
    else "django.contrib.sessions.backends.db"
)

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    # Axes first so a locked-out login is refused before the password is checked.
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "accounts.backends.EmailOrUsernameBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "public:home"

# Lockout is keyed by username *and* IP so one pupil cannot lock out a whole school.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_FORM_FIELD = "username"
# Every spelling of a login (case, surrounding spaces) counts towards one lockout.
AXES_USERNAME_CALLABLE = "accounts.logins.lockout_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# The fewest young people on a panel, and present for its scoring (documented in README.md).
PANEL_MIN_YOUNG_PEOPLE = env.int("PANEL_MIN_YOUNG_PEOPLE", default=2)

# Sessions: idle and absolute timeouts (seconds). Documented in README.md.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=30 * 60)
SESSION_COOKIE_AGE = env.int("SESSION_ABSOLUTE_TIMEOUT", default=12 * 60 * 60)
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
TIME_ZONE = "Europe/London"
# The service is in English only. With translation off Django skips its
# internationalisation machinery on every request (LANGUAGE_CODE still picks the
# British date and number formats).
USE_I18N = False
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
# Evidence and plaques are private: stored outside every public URL and served
# only through views that check permission. There is deliberately no MEDIA_URL.
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(BASE_DIR / "private")))
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_ROOT), "base_url": None},
    },
    "staticfiles": {"BACKEND": "kitemark.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_PERMISSIONS = 0o640
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Kitemark <kitemark@example.org>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Celery. With no broker, tasks run inline so the embedded default needs no Redis.
CELERY_BROKER_URL = env.str("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = False
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SOFT_TIME_LIMIT = 120
CELERY_TASK_TIME_LIMIT = 180
CELERY_TIMEZONE = TIME_ZONE
# Publishing must fail fast when the broker is down: the job stays pending in
# the database and the sweep re-queues it, so the user never waits or sees an error.
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_BROKER_TRANSPORT_OPTIONS = {"max_retries": 0, "socket_connect_timeout": 2}
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    "requeue-pending-jobs": {"task": "jobs.tasks.sweep_pending_jobs", "schedule": 300.0},
    "daily-reminders": {
        "task": "certificates.tasks.daily_sweep",
        "schedule": crontab(hour=6, minute=0),
    },
    "evidence-retention": {
        "task": "assessments.tasks.apply_retention",
        "schedule": crontab(hour=2, minute=30),
    },
    "verify-audit-chain": {
        "task": "audit.tasks.verify_audit",
        "schedule": crontab(hour=3, minute=0),
    },
    "lapse-resubmissions": {
        "task": "assessments.tasks.lapse_overdue_resubmissions",
        "schedule": crontab(hour=0, minute=15),
    },
}

# The scheme's own settings.
EVIDENCE_MAX_FILE_BYTES = env.int("EVIDENCE_MAX_FILE_MB", default=25) * 1024 * 1024
EVIDENCE_MAX_APPLICATION_BYTES = env.int("EVIDENCE_MAX_APPLICATION_MB", default=250) * 1024 * 1024
EVIDENCE_MAX_IMAGE_PIXELS = env.int("EVIDENCE_MAX_IMAGE_PIXELS", default=40_000_000)
EVIDENCE_MAX_ZIP_ENTRIES = env.int("EVIDENCE_MAX_ZIP_ENTRIES", default=500)
EVIDENCE_MAX_ZIP_UNPACKED_BYTES = env.int("EVIDENCE_MAX_ZIP_UNPACKED_MB", default=200) * 1024 * 1024
INVITATION_VALID_DAYS = 7
EXPIRY_REMINDER_MONTHS = env.list("EXPIRY_REMINDER_MONTHS", cast=int, default=[6, 3, 1])
RESUBMISSION_REMINDER_WEEKS = env.list("RESUBMISSION_REMINDER_WEEKS", cast=int, default=[4, 1])
# Check-ins fall due this many months after the award date (checkins/schedule.py).
CHECKIN_MONTHS = env.list("CHECKIN_MONTHS", cast=int, default=[12, 24])
CELEBRATION_YEAR_START_MONTH = env.int("CELEBRATION_YEAR_START_MONTH", default=1)
# Evidence files are deleted this long after an award expires, or after an outcome
# that was not an award (not awarded, withdrawn). Scores and outcomes are kept.
RETENTION_AFTER_EXPIRY_DAYS = env.int("RETENTION_AFTER_EXPIRY_DAYS", default=365)
RETENTION_AFTER_OUTCOME_DAYS = env.int("RETENTION_AFTER_OUTCOME_DAYS", default=365)
JOB_MAX_ATTEMPTS = env.int("JOB_MAX_ATTEMPTS", default=5)

# Security headers. CSP: no inline script anywhere; scripts carry a nonce or come from 'self'.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Only behind a proxy that overwrites X-Forwarded-For may the audit log trust it.
AUDIT_TRUST_X_FORWARDED_FOR = env.bool("AUDIT_TRUST_X_FORWARDED_FOR", default=False)

RATELIMIT_VIEW = "kitemark.views.ratelimited"
RATELIMIT_ENABLE = env.bool("RATELIMIT_ENABLE", default=True)
SILENCED_SYSTEM_CHECKS = env.list("SILENCED_SYSTEM_CHECKS", default=[])

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
