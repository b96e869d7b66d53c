"""The one check a view makes before it runs: sign-in, then a permission."""

from django.contrib.auth.decorators import login_required
from rules.contrib.views import permission_required as rules_permission_required


def permission_required(perm, fn=None):
    """Anonymous users go to the login page; signed-in users without `perm` (a `rules`
    permission, on the object `fn(request, *args, **kwargs)` returns, if given) get 403."""

    def decorator(view):
        return login_required(rules_permission_required(perm, fn=fn, raise_exception=True)(view))

    return decorator
