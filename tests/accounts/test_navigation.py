import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _menu(body):
    nav = re.search(r'<ul class="navbar-nav me-auto">(.*?)</ul>', body, re.S).group(1)
    return re.findall(r'<a class="nav-link" href="([^"]+)"( aria-current="page")?>([^<]+)</a>', nav)


def test_staff_menu_lists_every_console_page_and_marks_the_current_one(staff_client):
    expected = [
        ("Dashboard", reverse("console:staff_dashboard")),
        ("Applications", reverse("console:staff_applications")),
        ("Cycles", reverse("console:staff_cycles")),
        ("Panel members", reverse("console:staff_members")),
        ("Awards", reverse("console:staff_awards")),
        ("Celebration", reverse("console:celebration")),
        ("Reports", reverse("console:staff_reports")),
        ("Audit log", reverse("audit:log")),
        ("Training", reverse("console:training_sessions")),
    ]
    for label, url in (expected[0], expected[2]):
        menu = _menu(staff_client.get(url).content.decode())
        assert [(text, href) for href, _current, text in menu] == expected
        assert [text for _href, current, text in menu if current] == [label]


def test_anonymous_menu_links_to_the_register_and_marks_it_only_there(client):
    register = reverse("certificates:register")
    home_menu = _menu(client.get(reverse("public:home")).content.decode())
    assert home_menu == [(register, "", "Award holders")]
    register_menu = _menu(client.get(register).content.decode())
    assert register_menu == [(register, ' aria-current="page"', "Award holders")]


def _navigation_under(rf, prefix):
    """The navigation context a page gets when the site is served under `prefix`."""
    from django.contrib.auth.models import AnonymousUser
    from django.urls import get_script_prefix, set_script_prefix

    from accounts.context_processors import navigation

    request = rf.get("/")
    request.user = AnonymousUser()
    before = get_script_prefix()
    try:
        set_script_prefix(prefix)
        return navigation(request)
    finally:
        set_script_prefix(before)


def test_menu_links_follow_the_url_prefix_the_site_is_served_under(rf):
    """Links are worked out once per process, but never across a change of prefix."""
    assert _navigation_under(rf, "/kitemark/")["nav_links"][0]["url"] == "/kitemark/register/"
    assert _navigation_under(rf, "/")["nav_links"][0]["url"] == "/register/"


def footer_links():
    return [
        reverse("public:accessibility"),
        reverse("public:home"),
        reverse("scheme:privacy"),
        reverse("enquiries:ask"),
    ]


def _layout_links(body):
    return {
        "brand": re.search(r'class="navbar-brand[^"]*" href="([^"]+)"', body).group(1),
        "footer": re.findall(r'<li class="list-inline-item"><a href="([^"]+)">', body),
        "logout": re.findall(r'<form method="post" action="([^"]+)" class="d-inline">', body),
        "header": re.findall(r'<a class="nav-link" href="([^"]+)">(Sign in|Register)</a>', body),
    }


def test_layout_links_signed_out_offer_sign_in_and_register(client):
    links = _layout_links(client.get(reverse("certificates:register")).content.decode())
    assert links == {
        "brand": reverse("public:home"),
        "footer": footer_links(),
        "logout": [],
        "header": [
            (reverse("accounts:login"), "Sign in"),
            (reverse("accounts:signup"), "Register"),
        ],
    }


def test_layout_links_signed_in_offer_sign_out(staff_client):
    body = staff_client.get(reverse("console:staff_dashboard")).content.decode()
    links = _layout_links(body)
    assert links["logout"] == [reverse("accounts:logout")]
    assert links["header"] == []
    assert links["brand"] == reverse("public:home")
    assert links["footer"] == footer_links()


def test_layout_links_follow_the_url_prefix_the_site_is_served_under(rf):
    prefixed = _navigation_under(rf, "/kitemark/")["layout_urls"]
    plain = _navigation_under(rf, "/")["layout_urls"]
    assert prefixed["accessibility"] == "/kitemark" + plain["accessibility"]
    assert prefixed["logout"] == "/kitemark" + plain["logout"]


def test_a_young_trainer_not_on_the_panel_is_shown_only_pages_they_can_open(client):
    """The panel's pages refuse a young trainer who is not a panel member: their menu has
    their training page and their record instead, and each link opens."""
    from tests.panels.factories import PanelMemberFactory
    from training.services.sessions import create_trainer_account, make_trainer

    trainer = create_trainer_account(
        display_name="Kit", username="kit.trainer", password="a long password 123", actor=None
    )
    client.force_login(trainer.user)
    menu = _menu(client.get(reverse("training:trainer")).content.decode())
    assert [(text, href) for href, _current, text in menu] == [
        ("My training", reverse("training:trainer")),
        ("My record", reverse("recognition:my_record")),
    ]
    assert all(client.get(href).status_code == 200 for href, _current, _text in menu)
    assert client.get(reverse("panels:dashboard")).status_code == 403

    # A panel member, who trains too, keeps the panel's menu.
    member = PanelMemberFactory()
    make_trainer(member.user)
    client.force_login(member.user)
    menu = _menu(client.get(reverse("panels:dashboard")).content.decode())
    assert [text for _href, _current, text in menu] == [
        "My interviews",
        "My training",
        "My record",
    ]
    assert all(client.get(href).status_code == 200 for href, _current, _text in menu)
