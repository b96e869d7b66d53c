"""Settings for the benchmark server: kitemark's own settings plus the baseline URL.

Everything else (database, DEBUG, SECRET_KEY, ALLOWED_HOSTS ...) still comes from
the environment exactly as in production; bench.run sets those variables.
"""

from pathlib import Path

from kitemark.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
WSGI_APPLICATION = "bench.wsgi.application"

# The benchmark talks plain HTTP to 127.0.0.1, so cookies must not be marked Secure
# (a Secure session cookie would never be sent back and every user would be logged out).
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0

# Static files are not part of the measurement (locust fetches pages only).
STATIC_ROOT = Path(env.str("BENCH_DIR", default="/tmp/kitemark-bench")) / "static"  # noqa: F405, S108
STATIC_ROOT.mkdir(parents=True, exist_ok=True)

# The benchmark never sends real email (the reminder sweep queues a few thousand).
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"
