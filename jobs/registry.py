"""Job kinds map to plain functions; a Celery task only looks the handler up and calls it."""

_handlers = {}


def register(kind):
    def decorator(func):
        _handlers[kind] = func
        return func

    return decorator


def handler_for(kind):
    try:
        return _handlers[kind]
    except KeyError:
        raise LookupError(f"No handler registered for job kind {kind!r}") from None
