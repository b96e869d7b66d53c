from django.urls import NoReverseMatch, reverse

# (label, url name) per role. Links whose page does not exist yet are left out.
_NAV = {
    "staff": [
        ("Dashboard", "assessments:staff_dashboard"),
        ("Applications", "assessments:staff_applications"),
        ("Cycles", "assessments:staff_cycles"),
        ("Panel members", "panels:staff_members"),
        ("Awards", "certificates:staff_awards"),
        ("Celebration", "certificates:celebration"),
        ("Reports", "assessments:staff_reports"),
        ("Audit log", "audit:log"),
    ],
    "panel": [("My interviews", "panels:dashboard")],
    "organisation": [("Dashboard", "organisations:dashboard")],
    "anonymous": [("Award holders", "certificates:register")],
}


def _links(items, current_path):
    links = []
    for label, name in items:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        links.append({"label": label, "url": url, "current": current_path == url})
    return links


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        role = "anonymous"
    elif user.is_participation_staff:
        role = "staff"
    elif user.is_panel_member:
        role = "panel"
    else:
        role = "organisation"
    return {"nav_role": role, "nav_links": _links(_NAV[role], request.path)}
