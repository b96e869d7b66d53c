import os


def _real_stack_configured():
    # The same test as the `real_stack` fixture in tests/conftest.py.
    return bool(os.environ.get("CELERY_BROKER_URL")) and "postgres" in os.environ.get(
        "DATABASE_URL", ""
    )


# The real-worker test is collected only in the PostgreSQL + Redis pass (run there with
# `-m real_stack`); elsewhere it is not collected at all rather than skipped.
collect_ignore = [] if _real_stack_configured() else ["test_real_worker.py"]
