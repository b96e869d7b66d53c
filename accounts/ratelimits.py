"""Limits on the public forms that email an address anyone can type.

Password reset and sign-up each allow ADDRESS_RATE posts for one address, however it
is spelt, and IP_RATE posts from one client address. Over either limit the
project's RatelimitMiddleware answers with the "Too many requests" page, which is the
same whether or not an account uses the address.
"""

from django_ratelimit.decorators import ratelimit

ADDRESS_RATE = "5/h"
IP_RATE = "20/h"


def posted_email(group, request):
    """The address as login matches it: without surrounding spaces, case-folded."""
    return request.POST.get("email", "").strip().casefold()


def limit_per_address_and_ip(name):
    """Both limits on one view's POSTs, counted under `name` (class-based views all
    share one function name, so the group is named rather than derived from it)."""

    def decorate(view):
        view = ratelimit(
            group=f"{name}:address", key=posted_email, rate=ADDRESS_RATE, method="POST"
        )(view)
        return ratelimit(group=f"{name}:ip", key="ip", rate=IP_RATE, method="POST")(view)

    return decorate


def two_factor_rate(group, request):
    """As many two-factor codes per account as the login lockout allows failed passwords
    (AXES_FAILURE_LIMIT), per its cool-off time (AXES_COOLOFF_MINUTES)."""
    from django.conf import settings

    minutes = max(1, int(settings.AXES_COOLOFF_TIME.total_seconds() // 60))
    return f"{settings.AXES_FAILURE_LIMIT}/{minutes}m"


def limit_two_factor_codes(view):
    """Codes posted by one signed-in account (django-otp also slows each device down after
    each wrong code)."""
    return ratelimit(group="accounts:two_factor", key="user", rate=two_factor_rate, method="POST")(
        view
    )
