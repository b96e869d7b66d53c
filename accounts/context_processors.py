import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

# (label, url name) per role.
_NAV = {
    "staff": [
        ("Dashboard", "console:staff_dashboard"),
        ("Applications", "console:staff_applications"),
        ("Cycles", "console:staff_cycles"),
        ("Panel members", "console:staff_members"),
        ("Awards", "console:staff_awards"),
        ("Celebration", "console:celebration"),
        ("Reports", "console:staff_reports"),
        ("Audit log", "audit:log"),
        ("Training", "console:training_sessions"),
    ],
    "panel": [
        ("My interviews", "panels:dashboard"),
        ("My training", "training:trainer"),
        ("My record", "recognition:my_record"),
    ],
    # A young trainer who is not on the panel: no panel pages, which would refuse them.
    "trainer": [("My training", "training:trainer"), ("My record", "recognition:my_record")],
    "organisation": [("Dashboard", "portal:dashboard")],
    "anonymous": [("Award holders", "certificates:register")],
}

# The links every page's header and footer carry (base.html), by the name the layout uses.
_LAYOUT = {
    "home": "public:home",
    "accessibility": "public:accessibility",
    "login": "accounts:login",
    "signup": "accounts:signup",
    "logout": "accounts:logout",
}


@functools.cache
def _role_links(role, script_prefix, root_urlconf, urlconf):
    """(label, url) of each link a role's menu shows. URLs only change with the code (and
    the URL configuration and prefix, which are part of the key), so they are worked out
    once per process rather than reversed on every page."""
    return tuple((label, reverse(name)) for label, name in _NAV[role])


@functools.cache
def _layout_urls(script_prefix, root_urlconf, urlconf):
    """The layout's URLs, reversed once per process like the menu's: every page shows them."""
    return {key: reverse(name) for key, name in _LAYOUT.items()}


def _links(role, current_path):
    return [
        {"label": label, "url": url, "current": current_path == url}
        for label, url in _role_links(
            role, get_script_prefix(), settings.ROOT_URLCONF, get_urlconf()
        )
    ]


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        role = "anonymous"
    elif user.is_participation_staff:
        role = "staff"
    elif user.is_young_trainer_only:
        role = "trainer"
    elif user.is_panel_member:
        role = "panel"
    else:
        role = "organisation"
    return {
        "nav_role": role,
        "nav_links": _links(role, request.path),
        "layout_urls": _layout_urls(get_script_prefix(), settings.ROOT_URLCONF, get_urlconf()),
    }
