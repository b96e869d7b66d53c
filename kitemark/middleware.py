"""Who may keep a copy of a response: browsers, shared caches, or nobody."""

from django.http import FileResponse
from django.shortcuts import render

from .refusals import Refused

PRIVATE = "private, no-store"

# The public pages, by URL name, and for how many seconds a copy may be reused. The
# verification page changes when an award is revoked, so its copies are kept briefly.
PUBLIC_PAGES = {
    "public:home": 300,
    "public:accessibility": 300,
    "certificates:register": 300,
    "certificates:verify": 60,
    "certificates:badge": 300,
}


def _signed_in(request):
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated


def _is_file(response):
    return isinstance(response, FileResponse) or response.has_header("Content-Disposition")


def _public_max_age(request, response):
    match = getattr(request, "resolver_match", None)
    if match is None or request.method not in ("GET", "HEAD") or response.status_code != 200:
        return None
    return PUBLIC_PAGES.get(match.view_name)


class CacheControlMiddleware:
    """Every response to a signed-in user, and every file (a PDF, a plaque, evidence, an
    export), is `private, no-store`: it may hold personal data, and neither the browser
    nor a cache on the way may keep it. The public pages may be kept for a few minutes:
    by shared caches too when the response sets no cookie (the badge), by the visitor's
    own browser only when it does (an HTML page renews the visitor's CSRF cookie and
    carries their token, which must never be handed to another visitor). Everything
    else is left as the view made it.

    Listed before the session, CSRF and authentication middleware, so that it sees the
    cookies they set and has the last word on every view's answer; static files, which
    WhiteNoise serves before it, keep their own long-lived headers.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if _signed_in(request) or _is_file(response):
            response["Cache-Control"] = PRIVATE
            del response["Expires"]
            return response
        max_age = _public_max_age(request, response)
        if max_age is not None and not response.has_header("Cache-Control"):
            scope = "private" if response.cookies else "public"
            response["Cache-Control"] = f"{scope}, max-age={max_age}"
        return response


class RefusedMiddleware:
    """A refusal that no view caught (kitemark.refusals.Refused) is answered with its
    message on a 409 page, never a server error: the person learns why, and nothing was
    changed (a service refuses before it writes, or its transaction is rolled back)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, Refused):
            return None
        return render(request, "409.html", {"message": exception.message}, status=409)
