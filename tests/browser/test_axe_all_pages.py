"""axe-core (WCAG 2.0/2.1/2.2 A and AA) on every page, for every role, in three states:
empty, populated, and showing form errors. The gate is zero violations.

The page list lives in tests/browser/site_map.py. test_crawl_is_complete walks every URL
pattern and fails if a page a role can open is not checked here (default deny).
"""

import pytest
from django.test import Client

from tests.accounts.factories import StaffFactory, UserFactory
from tests.assessments.factories import CycleFactory
from tests.browser import site_map
from tests.browser.conftest import assert_no_horizontal_scroll, axe_violations
from tests.organisations.factories import OrganisationFactory, member_of
from tests.panels.factories import PanelMemberFactory

# Pages whose main form is submitted empty (text cleared, boxes unticked) to show errors.
# (The submit page's error state, "You cannot submit yet", is its populated state: the
# seeded draft has one unanswered indicator. The start page's form is checked when empty:
# an organisation with a live application sees no form.)
# The value picks the form when the page has several; None means the first POST form in
# <main> that is not the sign-out form.
FORM_ERRORS = {
    "accounts:login": None,
    "accounts:signup": None,
    "accounts:password_reset": None,
    "accounts:password_change": None,
    "organisations:register": None,
    "organisations:edit": None,
    "organisations:invite": None,
    "assessments:evidence_upload": None,
    "console:staff_cycle_create": None,
    "console:staff_cycle_edit": None,
    "console:staff_detail": "form[action$='/return/']",
    "panels:my_conflicts": "form[method=post]",
    "checkins:panel_review": "form[method=post]",
    "panels:org_actions": None,
    "console:staff_member_create": None,
    "console:staff_member_edit": None,
    "console:staff_member_conflicts": "form[method=post]",
    "console:staff_assign": None,
    "console:staff_interview": None,
    "console:staff_revoke": None,
    "enquiries:ask": None,
    "console:staff_scheme_settings": None,
}
ERROR_MARKERS = ".invalid-feedback, .alert-danger, .text-danger, .errorlist, [role=alert]"


def _context(browser, live_server, user, width=1280, height=900):
    context = browser.new_context(viewport={"width": width, "height": height})
    context.set_default_timeout(10_000)
    if user is not None:
        client = Client()
        client.force_login(user)
        context.add_cookies(
            [
                {
                    "name": "sessionid",
                    "value": client.cookies["sessionid"].value,
                    "url": live_server.url,
                }
            ]
        )
    return context


class Checker:
    """Visits pages, runs axe and collects every violation (so one run reports them all)."""

    def __init__(self, live_server, role):
        self.base = live_server.url
        self.role = role
        self.problems = []
        self.checked = []

    def check(self, page, path, state):
        response = page.goto(self.base + path)
        where = f"{self.role} {state} {path}"
        if response is None or response.status != 200:
            self.problems.append(f"{where}: status {response.status if response else '?'}")
            return False
        self._axe(page, where)
        return True

    def _axe(self, page, where):
        self.checked.append(where)
        if page.locator("h1").count() != 1:
            self.problems.append(f"{where}: {page.locator('h1').count()} h1 elements")
        for violation in axe_violations(page):
            self.problems.append(f"{where}: {violation['id']} {violation['nodes']}")

    def check_errors(self, page, path, name):
        selector = FORM_ERRORS.get(name)
        if selector is None:
            form = page.locator("main form").filter(
                has=page.locator("button[type=submit], input[type=submit]")
            )
            form = form.and_(page.locator("form:not([action*='logout'])"))
            form = form.and_(page.locator("form[method=post], form[method=POST]")).first
        else:
            form = page.locator(f"main {selector}").first
        if form.count() == 0:
            self.problems.append(f"{self.role} errors {path}: no form to submit")
            return
        form.evaluate(
            """f => {
                f.noValidate = true;
                for (const el of f.querySelectorAll('input, textarea')) {
                    if (el.type === 'hidden' || el.readOnly || el.disabled) continue;
                    if (el.type === 'checkbox') { el.checked = false; continue; }
                    if (el.type === 'radio' || el.type === 'file' || el.type === 'submit') continue;
                    el.value = '';
                }
            }"""
        )
        where = f"{self.role} errors {path}"
        # Wait for the server's answer: a load-state check straight after the click
        # can still see the old page, before the browser has begun to navigate.
        with page.expect_navigation():
            form.locator("button[type=submit], input[type=submit]").first.click()
        if page.locator(ERROR_MARKERS).filter(visible=True).count() == 0:
            self.problems.append(f"{where}: no error message shown after an empty submit")
        self._axe(page, where)


def _report(checker):
    assert checker.problems == [], "\n".join(
        [f"{len(checker.problems)} problems on {len(checker.checked)} checks:"] + checker.problems
    )


# --------------------------------------------------------------------------- populated


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("role", site_map.ROLES)
def test_every_page_populated_and_with_form_errors(browser, live_server, role):
    world = site_map.seed_world()
    checker = Checker(live_server, role)
    context = _context(browser, live_server, world.user(role))
    page = context.new_page()
    main = [
        (name, site_map.url_of(name, site_map.ARGS[name](world, role)))
        for name in site_map.CHECKED[role]
    ]
    extra = [
        (name, site_map.url_of(name, build(world))) for name, build in site_map.EXTRA_URLS[role]
    ]
    for name, path in main:
        if checker.check(page, path, "populated") and name in FORM_ERRORS:
            checker.check_errors(page, path, name)
    for _name, path in extra:
        checker.check(page, path, "populated")
    urls = main + extra
    context.close()

    if role == "panel":
        # Panel members use phones and tablets: nothing may scroll sideways at 320 px.
        narrow = _context(browser, live_server, world.user(role), width=320, height=640)
        page = narrow.new_page()
        for _name, path in urls:
            page.goto(live_server.url + path)
            try:
                assert_no_horizontal_scroll(page)
            except AssertionError as error:
                checker.problems.append(str(error))
        narrow.close()
    _report(checker)


# --------------------------------------------------------------------------- empty


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_every_list_page_when_empty(browser, live_server):
    """Nothing yet: no organisation, no applications, no panels, no awards."""
    staff = StaffFactory(full_name="Sam Staff")
    newcomer = UserFactory(full_name="Olu Newcomer")
    organisation = OrganisationFactory(name="Brand New Youth Club")
    org_user = member_of(organisation, full_name="Kim Lee")
    member = PanelMemberFactory(display_name="Aisha", supervisor=staff)
    pages = {
        staff: [
            "/staff/",
            "/staff/cycles/",
            "/staff/panel-members/",
            "/staff/awards/",
            "/staff/celebration/",
            "/staff/reports/",
            "/staff/audit/",
            "/staff/check-ins/",
            "/staff/contributions/",
        ],
        newcomer: ["/organisations/"],
        org_user: [
            "/organisations/",
            f"/organisations/{organisation.pk}/members/",
            f"/organisations/{organisation.pk}/evidence/",
            f"/organisations/{organisation.pk}/applications/new/",
        ],
        member.user: ["/panel/", "/panel/conflicts/", "/panel/check-ins/", "/panel/my-record/"],
        None: ["/register/"],
    }
    problems, checked = [], 0
    for user, paths in pages.items():
        role = "anonymous" if user is None else user.role
        if user is org_user:
            CycleFactory(name="Spring 2026")  # after the staff saw an empty cycles list
        checker = Checker(live_server, role)
        context = _context(browser, live_server, user)
        page = context.new_page()
        for path in paths:
            checker.check(page, path, "empty")
        # The start page's form with no level chosen.
        if user is org_user:
            page.goto(f"{live_server.url}/organisations/{organisation.pk}/applications/new/")
            checker.check_errors(page, page.url, "assessments:start")
        if role == "panel":
            narrow = _context(browser, live_server, user, width=320, height=640)
            narrow_page = narrow.new_page()
            for path in paths:
                narrow_page.goto(live_server.url + path)
                assert_no_horizontal_scroll(narrow_page)
            narrow.close()
        context.close()
        problems += checker.problems
        checked += len(checker.checked)
    assert checked >= 15
    assert problems == [], "\n".join(problems)


# --------------------------------------------------------------------------- crawl


@pytest.mark.django_db
def test_crawl_is_complete():
    """Every URL pattern x every role: a page that answers 200 to GET must be checked."""
    world = site_map.seed_world()
    names = site_map.crawlable_names() + sorted(site_map.EXCLUDED)
    unknown = [n for n in names if n not in site_map.ARGS]
    assert unknown == [], f"New URL patterns with no entry in site_map.ARGS: {unknown}"
    known = {name for _ns, name in site_map.url_patterns()}
    stale = [n for n in site_map.EXCLUDED if n not in known]
    assert stale == [], f"EXCLUDED names that no longer exist: {stale}"

    missing, wrongly_listed, errors = [], [], []
    for role in site_map.ROLES:
        client = Client(raise_request_exception=False)
        user = world.user(role)
        if user is not None:
            client.force_login(user)
        reachable = set()
        for name in site_map.crawlable_names():
            path = site_map.url_of(name, site_map.ARGS[name](world, role))
            status = client.get(path).status_code
            if status >= 500:
                errors.append(f"{role} GET {path} ({name}): {status}")
            if status == 200:
                reachable.add(name)
        missing += [f"{role}: {n}" for n in sorted(reachable - set(site_map.CHECKED[role]))]
        wrongly_listed += [f"{role}: {n}" for n in sorted(set(site_map.CHECKED[role]) - reachable)]
    assert errors == [], "Server errors:\n" + "\n".join(errors)
    assert missing == [], "Pages a role can open that axe does not check:\n" + "\n".join(missing)
    assert wrongly_listed == [], "Checked pages the role cannot open:\n" + "\n".join(wrongly_listed)


def test_excluded_pages_have_reasons():
    assert all(reason.strip() for reason in site_map.EXCLUDED.values())
    assert all(reason.strip() for reason in site_map.EXCLUDED_NAMESPACES.values())
