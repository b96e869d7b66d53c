"""Anonymising a young person (a panel member, or a young trainer who is not on the panel)
leaves their name, surname and email nowhere: not on any page any role can open, not in an
export, a PDF, the audit log or its search; and the totals they contributed to stay as they
were."""

import subprocess

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.db.models import Sum
from django.test import Client
from django.urls import reverse

from assessments.models import Application, TimelineEvent
from audit import chain
from audit.models import AuditEvent
from certificates.plaques import render_plaque_pdf
from console.reports import REPORTS
from panels.models import AgreedScore, PanelMember, Score
from panels.services.assignment import assign_panel
from panels.services.members import update_panel_member
from recognition.models import ContributionCertificate
from recognition.selectors import everyone, young_person
from recognition.services.records import request_certificate
from tests.accounts.factories import StaffFactory
from tests.browser.site_map import ARGS, CHECKED, EXTRA_URLS, seed_world, url_of
from tests.certificates.factories import PlaqueFactory
from tests.recognition.helpers import delivered

NAME, SURNAME, EMAIL = "Zephyrine", "Quillfeather", "zephyrine.q@example.org"
NEEDLES = (NAME.lower(), SURNAME.lower(), EMAIL.lower())
PASSWORD = "correct-horse-battery-staple"


def _leaks(text):
    text = text.lower()
    return [needle for needle in NEEDLES if needle in text]


def _pdf_text(content, tmp_path, url):
    path = tmp_path / "file.pdf"
    path.write_bytes(content)
    done = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True)
    assert done.returncode == 0, (url, done.stderr)
    return done.stdout


def _totals():
    return {
        "applications": dict(Application.objects.values_list("pk", "total")),
        "scores": (Score.objects.count(), Score.objects.aggregate(s=Sum("value"))["s"]),
        "agreed": AgreedScore.objects.aggregate(s=Sum("value"))["s"],
    }


def _printed_plaque(w):
    """A real PDF as the award's latest plaque, for the file checks to read."""
    PlaqueFactory(
        award=w.award, version=2, file__data=render_plaque_pdf(w.award), file__filename="p.pdf"
    )


@pytest.fixture
def world_with_a_member_everywhere(db):
    """The site map's world, whose panel member "Aisha" becomes Zephyrine Quillfeather and
    then signs in (and fails once), is seated (a panel assigned and changed), has scored
    (the world's scores), was edited in the admin, was refused a staff page, and is
    named in an old-style timeline message."""
    w = seed_world()
    member = w.member
    update_panel_member(
        member,
        display_name=f"{NAME} {SURNAME}",
        group="Youth Cabinet",
        supervisor=member.supervisor,
        email=EMAIL,
    )
    member.user.set_password(PASSWORD)
    member.user.save()
    browser = Client()
    assert browser.post("/accounts/login/", {"username": EMAIL, "password": "wrong"}).status_code
    assert browser.post("/accounts/login/", {"username": EMAIL, "password": PASSWORD}).status_code
    assert browser.get("/staff/audit/").status_code == 403
    assign_panel(w.submitted, members=[member, w.other_member], facilitator=w.staff, actor=w.staff)
    assign_panel(w.submitted, members=[w.other_member, member], facilitator=w.staff, actor=w.staff)
    LogEntry.objects.log_actions(
        w.staff.pk, PanelMember.objects.filter(pk=member.pk), CHANGE, "Changed group."
    )
    TimelineEvent.objects.create(
        application=w.awarded,
        kind=TimelineEvent.Kind.PANEL,
        message=f"Panel changed: {NAME} {SURNAME}, Ben. Facilitator: Sam Staff.",
        visible_to_organisation=False,
    )
    _printed_plaque(w)
    # Before anonymising, the checks below would find the member: they can fail.
    staff = Client()
    staff.force_login(w.staff)
    assert _leaks(staff.get("/staff/audit/", {"q": SURNAME}).content.decode())
    admin = Client()
    admin.force_login(StaffFactory(is_staff=True, is_superuser=True, full_name="Ada Admin"))
    assert _leaks(admin.get("/admin/axes/accesslog/").content.decode())
    assert _leaks(
        staff.get(reverse("console:staff_timeline", args=[w.submitted.pk])).content.decode()
    )
    return w


@pytest.fixture
def world_with_a_trainer_everywhere(db, run_jobs):
    """The site map's world, whose young trainer "Kit" (not on the panel) becomes Zephyrine
    Quillfeather with an email address, then signs in (and fails once), was refused a staff
    page, trains at the world's session and delivered one, and has a certificate of
    contribution (its PDF and signed credential)."""
    w = seed_world()
    user = w.training["trainer"].user
    user.full_name = f"{NAME} {SURNAME}"
    user.email = EMAIL
    user.set_password(PASSWORD)
    user.save()
    browser = Client()
    assert browser.post("/accounts/login/", {"username": EMAIL, "password": "wrong"}).status_code
    assert browser.post("/accounts/login/", {"username": EMAIL, "password": PASSWORD}).status_code
    assert browser.get("/staff/audit/").status_code == 403
    delivered(w.training["trainer"], ("2.5", 120))
    _printed_plaque(w)
    with run_jobs(execute=True):
        request_certificate(young_person(user.pk), actor=w.staff)
    assert ContributionCertificate.objects.get(person=user).has_credential
    # Before anonymising, the checks below would find the trainer: they can fail.
    staff = Client()
    staff.force_login(w.staff)
    assert _leaks(staff.get("/staff/audit/", {"q": SURNAME}).content.decode())
    session = reverse("console:training_session", args=[w.training["session"].pk])
    assert _leaks(staff.get(session).content.decode())
    assert _leaks(staff.get(reverse("recognition:staff_records_csv")).content.decode())
    return w


def _pages(w):
    """(role, url) for every page the site map checks, in every extra state (except the
    page to anonymise a young trainer, which is gone once they left)."""
    for role, names in CHECKED.items():
        for name in names:
            if name != "console:training_trainer_anonymise":
                yield role, url_of(name, ARGS[name](w, role))
        for name, kwargs in EXTRA_URLS[role]:
            yield role, url_of(name, kwargs(w))
    for application in (w.awarded, w.scoring, w.scored, w.submitted):
        for name in ("console:staff_detail", "console:staff_scores", "console:staff_timeline"):
            yield "staff", reverse(name, args=[application.pk])
    yield "staff", reverse("recognition:staff_record", args=[w.training["trainer"].user_id])


def _files(w):
    """(role, url, kind) for every download: exports, JSON, PDFs."""
    year = w.award.awarded_on.year
    yield "staff", reverse("console:staff_member_export", args=[w.member.pk]), "text"
    yield "staff", reverse("console:celebration_export", args=[year]), "text"
    yield "staff", reverse("recognition:staff_records_csv"), "text"
    for slug in REPORTS:
        yield "staff", reverse("console:staff_report_csv", args=[slug]), "text"
    yield "staff", reverse("console:celebration_programme", args=[year]), "pdf"
    for application in (w.draft, w.awarded):
        yield "organisation", reverse("assessments:pdf", args=[application.pk]), "pdf"
    yield "organisation", reverse("certificates:plaque", args=[w.award.pk]), "pdf"
    yield "staff", reverse("console:staff_plaque", args=[w.award.pk, 2]), "pdf"


def _found_anywhere(w, staff, tmp_path):
    """Every place the name could be left, searched as each role: [(role, where, needle)]."""
    clients = {"anonymous": Client()}
    for role, user in (
        ("organisation", w.org_user),
        ("panel", w.other_member.user),
        ("staff", w.staff),
    ):
        clients[role] = Client()
        clients[role].force_login(user)

    found, fetched = [], 0
    for role, url in _pages(w):
        response = clients[role].get(url)
        assert response.status_code in (200, 302), (role, url, response.status_code)
        fetched += 1
        if _leaks(response.content.decode()):
            found.append((role, url, _leaks(response.content.decode())))
    for role, url, kind in _files(w):
        response = clients[role].get(url)
        assert response.status_code == 200, (role, url, response.status_code)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        text = _pdf_text(body, tmp_path, url) if kind == "pdf" else body.decode()
        assert text.strip(), (url, "nothing to search")
        fetched += 1
        if _leaks(text):
            found.append((role, url, _leaks(text)))

    # The whole audit log, every record's page, and its search.
    records = list(AuditEvent.objects.values_list("pk", flat=True))
    assert len(records) > 5
    for page in range(1, len(records) // 50 + 2):
        html = staff.get("/staff/audit/", {"page": page}).content.decode()
        found += [("staff", f"audit page {page}", leak) for leak in _leaks(html)]
    for pk in records:
        html = staff.get(reverse("audit:detail", args=[pk])).content.decode()
        found += [("staff", f"audit record {pk}", leak) for leak in _leaks(html)]
    for needle in (NAME, SURNAME, EMAIL):
        response = staff.get("/staff/audit/", {"q": needle})
        assert response.context["table"].paginator.count == 0, needle
    superuser = Client()
    superuser.force_login(StaffFactory(is_staff=True, is_superuser=True, full_name="Ada Admin"))
    for url in (
        "/admin/audit/auditevent/",
        "/admin/panels/panelmember/",
        "/admin/accounts/user/",
        "/admin/axes/accessattempt/",
        "/admin/axes/accesslog/",
    ):
        html = superuser.get(url).content.decode()
        found += [("superuser", url, leak) for leak in _leaks(html)]

    assert fetched > 80
    return found


def test_an_anonymised_member_is_found_nowhere_and_totals_stay(
    world_with_a_member_everywhere, tmp_path
):
    w = world_with_a_member_everywhere
    before = _totals()
    staff = Client()
    staff.force_login(w.staff)
    response = staff.post(reverse("console:staff_member_anonymise", args=[w.member.pk]))
    assert response.status_code == 302
    assert _totals() == before

    assert _found_anywhere(w, staff, tmp_path) == []
    # The anonymised member is shown by their label, with no empty brackets.
    organisation = Client()
    organisation.force_login(w.org_user)
    result = organisation.get(reverse("panels:org_result", args=[w.awarded.pk]))
    label = f"Former panel member {w.member.pk}"
    assert label in result.content.decode() and "()" not in result.content.decode()
    timeline = staff.get(reverse("console:staff_timeline", args=[w.submitted.pk]))
    assert f"Panel changed: Ben, {label}. Facilitator: Sam Staff." in timeline.content.decode()
    old_style = staff.get(reverse("console:staff_timeline", args=[w.awarded.pk]))
    assert f"Panel changed: {label}, Ben. Facilitator: Sam Staff." in old_style.content.decode()
    # The names went through the audited redaction path: the chain still verifies.
    assert chain.verify().ok
    assert AuditEvent.objects.filter(event=AuditEvent.Event.REDACTION).count() == 1


def _contributions():
    return {r.person.pk: (r.counts, r.hours) for r in everyone()}


def test_an_anonymised_young_trainer_is_found_nowhere_and_counts_stay(
    world_with_a_trainer_everywhere, tmp_path, run_jobs
):
    w = world_with_a_trainer_everywhere
    trainer = w.training["trainer"]
    before = (_totals(), _contributions())
    assert before[1][trainer.user_id][0]["sessions_delivered"] == 1
    staff = Client()
    staff.force_login(w.staff)
    url = reverse("console:training_trainer_anonymise", args=[trainer.pk])
    assert 'id="give-certificate-first"' in staff.get(url).content.decode()
    with run_jobs(execute=True):
        response = staff.post(url)
    assert response.status_code == 302
    assert (_totals(), _contributions()) == before
    assert not ContributionCertificate.objects.filter(person_id=trainer.user_id).exists()

    assert _found_anywhere(w, staff, tmp_path) == []
    # The trainer is shown by their label.
    label = f"Former young trainer {trainer.pk}"
    session = reverse("console:training_session", args=[w.training["session"].pk])
    assert label in staff.get(session).content.decode()
    # The names went through the audited redaction path: the chain still verifies.
    assert chain.verify().ok
    assert AuditEvent.objects.filter(event=AuditEvent.Event.REDACTION).count() == 1
