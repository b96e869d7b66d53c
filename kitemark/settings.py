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
    # Two-factor for staff (accounts/two_factor.py): TOTP devices and backup codes.
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "accounts",
    "jobs",
    "organisations",
    "assessments",
    "panels",
    "certificates",
    "audit",
    "console",
    "portal",
    "training",
    "credentials",
    "corsheaders",
    "api",
    "operations",
    "scheme",
    "enquiries",
    "checkins",
    "recognition",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Answers CORS (and its preflight) for the public API only: settings.CORS_URLS_REGEX.
    "corsheaders.middleware.CorsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Outside the session and CSRF middleware, so it sees the cookies they set.
    "kitemark.middleware.CacheControlMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SessionTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
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
                "scheme.context_processors.scheme",
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
    # Single sign-on for participation staff; answers only when OIDC_ISSUER is set.
    "accounts.sso.StaffOIDCBackend",
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
# Single sign-on's callback checks no password (accounts/logins.py: is_single_sign_on).
AXES_WHITELIST_CALLABLE = "accounts.logins.is_single_sign_on"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_IPWARE_META_PRECEDENCE_ORDER = ["REMOTE_ADDR"]

# Staff sign-in (README.md, "Running it in production"). Single sign-on with OpenID
# Connect (mozilla-django-oidc) is on when OIDC_ISSUER and OIDC_RP_CLIENT_ID are set; the
# provider's endpoints come from its discovery document. An SSO user is matched to an
# existing staff account by a verified email; OIDC_CREATE_USER lets an unknown address in
# as a new participation staff account.
OIDC_ISSUER = env.str("OIDC_ISSUER", default="").rstrip("/")
OIDC_RP_CLIENT_ID = env.str("OIDC_RP_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env.str("OIDC_RP_CLIENT_SECRET", default="")
OIDC_RP_SIGN_ALGO = env.str("OIDC_RP_SIGN_ALGO", default="RS256")
OIDC_RP_SCOPES = env.str("OIDC_RP_SCOPES", default="openid email profile")
OIDC_CREATE_USER = env.bool("OIDC_CREATE_USER", default=False)
OIDC_EMAIL_VERIFIED_CLAIM = env.str("OIDC_EMAIL_VERIFIED_CLAIM", default="email_verified")
OIDC_MFA_AMR_VALUES = env.list("OIDC_MFA_AMR_VALUES", default=["mfa"])
OIDC_USE_PKCE = True
OIDC_TIMEOUT = env.int("OIDC_TIMEOUT", default=10)
OIDC_AUTHENTICATION_CALLBACK_URL = "accounts:sso_callback"
LOGIN_REDIRECT_URL_FAILURE = "accounts:login"
# Two-factor (TOTP, with backup codes) for participation staff, superusers and admin-site
# accounts; on by default in production (DEBUG=false), off in the demo.
STAFF_REQUIRE_2FA = env.bool("STAFF_REQUIRE_2FA", default=not DEBUG)
OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Kitemark")
# The admin never shows an authenticator's key, its QR code or backup codes (accounts/admin.py).
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

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
    "training-sweep": {"task": "training.tasks.sweep", "schedule": 900.0},
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
# Working with Teenagers: how long a freed place is held for the next person waiting, and
# how long after the three-month follow-up bookings are anonymised.
TRAINING_OFFER_HOURS = env.int("TRAINING_OFFER_HOURS", default=48)
TRAINING_RETENTION_DAYS = env.int("TRAINING_RETENTION_DAYS", default=365)
# The council's logo and the plaque signature (scheme settings): the largest file, and
# the most pixels on either side of a PNG.
SCHEME_IMAGE_MAX_BYTES = env.int("SCHEME_IMAGE_MAX_KB", default=1024) * 1024
SCHEME_IMAGE_MAX_SIDE = env.int("SCHEME_IMAGE_MAX_SIDE", default=4000)

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

# Open Badges credentials (credentials/keys.py). The Ed25519 signing key as PEM text, or a
# file holding it; never stored in the database. To rotate, set a new key: every key used
# before stays published. Required when DEBUG is false; a development run derives one.
CREDENTIAL_SIGNING_KEY = env.str("CREDENTIAL_SIGNING_KEY", default="")
CREDENTIAL_SIGNING_KEY_FILE = env.str("CREDENTIAL_SIGNING_KEY_FILE", default="")
if not DEBUG and not (CREDENTIAL_SIGNING_KEY or CREDENTIAL_SIGNING_KEY_FILE):
    _fail(
        "CREDENTIAL_SIGNING_KEY (or CREDENTIAL_SIGNING_KEY_FILE) is not set. "
        "Make a key with: manage.py credential_key"
    )
CREDENTIAL_ISSUER_NAME = env.str("CREDENTIAL_ISSUER_NAME", default="")
CREDENTIAL_ISSUER_EMAIL = env.str("CREDENTIAL_ISSUER_EMAIL", default="")

# The open API (api/). The public register and issuer profile: rate-limited per client
# address, and any site may GET them (django-cors-headers).
API_PUBLIC_RATE = env.str("API_PUBLIC_RATE", default="60/m")
CORS_ALLOW_ALL_ORIGINS = True
CORS_URLS_REGEX = r"^/api/(v1/register/|v1/issuer$|openapi\.json$)"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False
# The rate limit counts per REMOTE_ADDR, never per a client's X-Forwarded-For.
NINJA_NUM_PROXIES = 0
# Running it in production (README.md, "Running it in production").
# Backups: `manage.py backup` writes archives here (they hold personal data).
BACKUP_DIR = Path(env.str("BACKUP_DIR", default=str(BASE_DIR / "backups")))

# Monitoring (README.md, "Running it in production"). Error reports: opt-in with SENTRY_DSN.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
SENTRY_ENVIRONMENT = env.str("SENTRY_ENVIRONMENT", default="production")
SENTRY_RELEASE = env.str("SENTRY_RELEASE", default="")
SENTRY_TRACES_SAMPLE_RATE = env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0)
# Metrics: /metrics/ answers only with this bearer token or from these addresses (CIDR
# allowed); with neither set it is not found and no latency is measured.
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")
METRICS_ALLOWED_IPS = env.list("METRICS_ALLOWED_IPS", default=[])
if METRICS_TOKEN or METRICS_ALLOWED_IPS:
    MIDDLEWARE.insert(0, "operations.middleware.MetricsMiddleware")
# /health/ answers 503 when the last reminder sweep or the oldest pending job is older.
HEALTH_MAX_SWEEP_AGE_HOURS = env.int("HEALTH_MAX_SWEEP_AGE_HOURS", default=26)
HEALTH_MAX_PENDING_JOB_MINUTES = env.int("HEALTH_MAX_PENDING_JOB_MINUTES", default=60)
HEALTH_CHECKS = {
    "reminder_sweep": "operations.health.reminder_sweep_check",
    "oldest_pending_job": "operations.health.oldest_pending_job_check",
}
# Logs: a request id on every record (and in the jobs a request queues); JSON lines in
# production (LOG_JSON, on whenever DEBUG=false).
MIDDLEWARE.insert(0, "operations.middleware.RequestIdMiddleware")
LOG_JSON = env.bool("LOG_JSON", default=not DEBUG)
LOGGING["filters"] = {"request_id": {"()": "operations.logs.RequestIdFilter"}}
LOGGING["handlers"]["console"]["filters"] = ["request_id"]
if LOG_JSON:
    LOGGING["formatters"] = {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "format": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    }
    LOGGING["handlers"]["console"]["formatter"] = "json"
    # The worker keeps this configuration instead of installing its own plain handler.
    CELERY_WORKER_HIJACK_ROOT_LOGGER = False

# Email through GOV.UK Notify instead of EMAIL_URL's SMTP: EMAIL_BACKEND=notify.
_email_backend = env.str("EMAIL_BACKEND", default="")
if _email_backend == "notify":
    EMAIL_BACKEND = "operations.notify.NotifyEmailBackend"
elif _email_backend:
    EMAIL_BACKEND = _email_backend
NOTIFY_API_KEY = env.str("NOTIFY_API_KEY", default="")
NOTIFY_TEMPLATE_ID = env.str("NOTIFY_TEMPLATE_ID", default="")
NOTIFY_FILE_TEMPLATE_ID = env.str("NOTIFY_FILE_TEMPLATE_ID", default=NOTIFY_TEMPLATE_ID)
NOTIFY_REPLY_TO_ID = env.str("NOTIFY_REPLY_TO_ID", default="")
NOTIFY_BASE_URL = env.str("NOTIFY_BASE_URL", default="https://api.notifications.service.gov.uk")
if _email_backend == "notify" and not (NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID):
    _fail("EMAIL_BACKEND=notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID.")

# Private files in S3-compatible object storage (django-storages) instead of PRIVATE_ROOT:
# set AWS_STORAGE_BUCKET_NAME (and the endpoint and keys for MinIO or another provider).
AWS_STORAGE_BUCKET_NAME = env.str("AWS_STORAGE_BUCKET_NAME", default="")
PRIVATE_FILES_REDIRECT = env.bool("PRIVATE_FILES_REDIRECT", default=False)
PRIVATE_FILES_URL_SECONDS = env.int("PRIVATE_FILES_URL_SECONDS", default=60)
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "access_key": env.str("AWS_ACCESS_KEY_ID", default="") or None,
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default="") or None,
            "addressing_style": env.str("AWS_S3_ADDRESSING_STYLE", default="") or None,
            "signature_version": "s3v4",
            # Private: no public ACL, every URL signed and short-lived, never overwritten.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": PRIVATE_FILES_URL_SECONDS,
            "file_overwrite": False,
        },
    }

# Behind a load balancer that overwrites X-Forwarded-For (AUDIT_TRUST_X_FORWARDED_FOR), the
# per-address rate limits count each client, not the balancer's one address.
if AUDIT_TRUST_X_FORWARDED_FOR:
    RATELIMIT_IP_META_KEY = "audit.services.ratelimit_ip"
