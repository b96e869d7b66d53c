"""Each kind of event reaches the audit log with who, what, when and from where."""

import datetime
import json

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory

from assessments import workflow
from assessments.models import Status
from audit import services
from audit.models import AuditEvent
from tests.accounts.factories import UserFactory
from tests.assessments.factories import ApplicationFactory, CycleFactory, EvidenceFactory
from tests.organisations.factories import member_of

PASSWORD = "correct-horse-battery-staple"
LOGIN = "/accounts/login/"
Event = AuditEvent.Event


def _events(kind):
    return list(AuditEvent.objects.filter(event=kind).order_by("pk"))


def _assert_utc_recent(event):
    assert event.occurred_at.tzinfo is not None
    assert event.occurred_at.utcoffset() == datetime.timedelta(0)
    from django.utils import timezone

    assert abs(timezone.now() - event.occurred_at) < datetime.timedelta(minutes=1)


@pytest.mark.django_db
class TestLogins:
    def test_successful_login_records_who_when_and_where(self, client):
        user = UserFactory(email="chris@example.org", full_name="Chris Lee")
        response = client.post(
            LOGIN,
            {"username": "chris@example.org", "password": PASSWORD},
            REMOTE_ADDR="198.51.100.20",
            HTTP_USER_AGENT="Kitemark-Test-Browser/1.0",
        )
        assert response.status_code == 302
        [event] = _events(Event.LOGIN_SUCCESS)
        assert event.actor == user
        assert event.actor_label == "Chris Lee (chris@example.org)"
        assert event.ip_address == "198.51.100.20"
        assert event.user_agent == "Kitemark-Test-Browser/1.0"
        assert event.object_type == "accounts.user"
        assert event.object_id == str(user.pk)
        _assert_utc_recent(event)

    def test_failed_login_records_the_name_typed_shortened_and_never_the_password(self, client):
        UserFactory(email="known@example.org")
        secret = "Sup3r-Secret-Guess!"
        response = client.post(
            LOGIN, {"username": "known@example.org", "password": secret}, REMOTE_ADDR="10.1.2.3"
        )
        assert response.status_code == 200
        [event] = _events(Event.LOGIN_FAILURE)
        assert event.actor is None
        assert event.actor_label == services.ANONYMOUS_LABEL
        # The audit policy: the typed name is kept shortened, plus a keyed digest to search by.
        assert event.summary == "Failed sign-in for “kn…@example.org”"
        assert event.who == "Failed sign-in for “kn…@example.org”"
        assert event.extra["attempted_login"] == "kn…@example.org"
        assert event.snapshot_text("login") == services.login_digest("KNOWN@example.org")
        assert "known@" not in json.dumps([event.summary, event.snapshot, event.extra])
        assert event.ip_address == "10.1.2.3"
        _assert_utc_recent(event)
        stored = json.dumps(
            [event.summary, event.actor_label, event.extra, event.user_agent, event.object_id]
        )
        assert secret not in stored
        assert "password" not in stored.lower()
        assert not _events(Event.LOGIN_SUCCESS)

    def test_only_the_login_name_is_taken_from_credentials(self):
        credentials = {"username": "pupil7", "password": "hunter2", "token": "abc"}
        assert services.attempted_login(credentials) == "pupil7"
        event = services.record_login_failure(None, credentials)
        assert "hunter2" not in json.dumps([event.summary, event.extra])
        assert "abc" not in json.dumps(event.extra)


@pytest.mark.django_db
class TestPermissionRefusals:
    def test_organisation_user_refused_the_audit_log_is_recorded(self, client):
        user = member_of(full_name="Olu Org")
        client.force_login(user)
        response = client.get("/staff/audit/", REMOTE_ADDR="192.0.2.44")
        assert response.status_code == 403
        [event] = _events(Event.PERMISSION_DENIED)
        assert event.actor == user
        assert event.actor_label.startswith("Olu Org")
        assert event.extra["path"] == "/staff/audit/"
        assert event.extra["method"] == "GET"
        assert "audit log" in event.extra["reason"]
        assert event.ip_address == "192.0.2.44"
        _assert_utc_recent(event)

    def test_a_403_response_without_an_exception_is_recorded_once(self, client, settings):
        # A CSRF failure is a 403 response produced without raising PermissionDenied.
        from django.test import Client

        strict = Client(enforce_csrf_checks=True)
        strict.force_login(UserFactory())
        response = strict.post("/accounts/logout/", REMOTE_ADDR="192.0.2.45")
        assert response.status_code == 403
        [event] = _events(Event.PERMISSION_DENIED)
        assert event.extra["method"] == "POST"
        assert event.extra["path"] == "/accounts/logout/"
        assert event.ip_address == "192.0.2.45"

    def test_middleware_records_permission_denied_seen_in_process_exception(self):
        from audit.middleware import AuditMiddleware

        request = RequestFactory().get("/somewhere/", REMOTE_ADDR="192.0.2.9")
        request.user = UserFactory()
        middleware = AuditMiddleware(lambda r: None)
        assert middleware.process_exception(request, PermissionDenied("No")) is None
        assert middleware.process_exception(request, ValueError("other")) is None
        [event] = _events(Event.PERMISSION_DENIED)
        assert event.actor == request.user
        assert event.extra["reason"] == "No"

    def test_ordinary_responses_are_not_recorded(self, client):
        client.force_login(UserFactory(role="staff"))
        assert client.get("/staff/audit/").status_code == 200
        assert client.get("/staff/audit/999999/").status_code == 404
        assert not _events(Event.PERMISSION_DENIED)


@pytest.mark.django_db
class TestStateChanges:
    def test_transition_records_application_from_to_and_actor(self):
        application = ApplicationFactory()
        user = member_of(application.organisation, full_name="Pat Member")
        workflow.transition(
            application, Status.WITHDRAWN, actor=user, actor_kind=workflow.ORGANISATION
        )
        [event] = _events(Event.STATE_CHANGE)
        assert event.actor == user
        assert event.object_type == "assessments.application"
        assert event.object_id == str(application.pk)
        assert event.extra["from_status"] == Status.DRAFT
        assert event.extra["to_status"] == Status.WITHDRAWN
        assert "Draft → Withdrawn" in event.summary
        assert (
            event.extra["timeline_event_id"]
            == application.timeline.get(to_status=Status.WITHDRAWN).pk
        )
        _assert_utc_recent(event)

    def test_system_transition_is_labelled_system(self):
        application = ApplicationFactory(status=Status.RESUBMISSION_INVITED)
        workflow.transition(application, Status.NOT_AWARDED, actor=None, actor_kind=workflow.SYSTEM)
        [event] = _events(Event.STATE_CHANGE)
        assert event.actor is None
        assert event.actor_label == services.SYSTEM_LABEL
        assert event.ip_address is None

    def test_the_summary_names_the_statuses_as_people_read_them(self):
        application = ApplicationFactory(status=Status.RESUBMISSION_INVITED)
        workflow.transition(application, Status.NOT_AWARDED, actor=None, actor_kind=workflow.SYSTEM)
        [event] = _events(Event.STATE_CHANGE)
        assert event.summary == f"Application {application.pk}: Resubmission invited → Not awarded"
        assert event.extra["from_status"] == "resubmission_invited"
        assert event.extra["to_status"] == "not_awarded"

    def test_refused_transition_records_nothing(self):
        application = ApplicationFactory()
        with pytest.raises(workflow.TransitionNotAllowed):
            workflow.transition(application, Status.AWARDED, actor=None, actor_kind=workflow.STAFF)
        assert not _events(Event.STATE_CHANGE)

    def test_transition_during_a_request_records_where_it_came_from(self):
        from audit.middleware import AuditMiddleware

        application = ApplicationFactory()
        user = member_of(application.organisation)

        def view(request):
            workflow.transition(
                application, Status.WITHDRAWN, actor=user, actor_kind=workflow.ORGANISATION
            )
            from django.http import HttpResponse

            return HttpResponse("ok")

        request = RequestFactory().post("/withdraw/", REMOTE_ADDR="203.0.113.50")
        request.user = user
        AuditMiddleware(view)(request)
        [event] = _events(Event.STATE_CHANGE)
        assert event.ip_address == "203.0.113.50"
        assert services.current_request() is None


@pytest.mark.django_db
class TestAdminEdits:
    @pytest.fixture
    def admin_client(self, client):
        superuser = UserFactory(
            role="staff", is_staff=True, is_superuser=True, full_name="Ada Admin"
        )
        client.force_login(superuser)
        client.superuser = superuser
        return client

    def test_change_form_edit_is_recorded_with_the_change_message(self, admin_client):
        cycle = CycleFactory(name="Spring round")
        url = f"/admin/assessments/cycle/{cycle.pk}/change/"
        assert admin_client.get(url).status_code == 200
        response = admin_client.post(
            url,
            {
                "name": "Spring round 2026",
                "opens_on": cycle.opens_on.isoformat(),
                "submission_deadline": cycle.submission_deadline.isoformat(),
                "interview_window_start": cycle.interview_window_start.isoformat(),
                "interview_window_end": cycle.interview_window_end.isoformat(),
                "notes": "",
            },
            REMOTE_ADDR="198.51.100.99",
        )
        assert response.status_code == 302, response.content
        cycle.refresh_from_db()
        assert cycle.name == "Spring round 2026"
        [event] = _events(Event.ADMIN_CHANGE)
        assert event.actor == admin_client.superuser
        assert event.actor_label.startswith("Ada Admin")
        assert event.object_type == "assessments.cycle"
        assert event.object_id == str(cycle.pk)
        assert "Changed" in event.summary and event.object_label == "Spring round 2026"
        assert "Name" in event.extra["change_message"]
        assert event.ip_address == "198.51.100.99"
        _assert_utc_recent(event)

    def test_addition_and_bulk_deletion_are_recorded(self, admin_client):
        response = admin_client.post("/admin/auth/group/add/", {"name": "Helpers"})
        assert response.status_code == 302
        Group.objects.create(name="Second")
        ids = list(Group.objects.values_list("pk", flat=True))
        response = admin_client.post(
            "/admin/auth/group/",
            {"action": "delete_selected", "_selected_action": ids, "post": "yes"},
        )
        assert response.status_code == 302
        assert not Group.objects.exists()
        events = _events(Event.ADMIN_CHANGE)
        assert [e.extra["action"] for e in events] == ["added", "deleted", "deleted"]
        assert sorted(e.object_id for e in events[1:]) == sorted(str(i) for i in ids)
        assert all(e.object_type == "auth.group" for e in events)


@pytest.mark.django_db
class TestEvidenceDownloads:
    def test_record_evidence_download_names_the_file_and_the_person(self, rf):
        evidence = EvidenceFactory(original_name="Youth forum minutes.pdf")
        user = member_of(evidence.organisation, full_name="Dee Downloader")
        request = rf.get(f"/evidence/{evidence.pk}/download/", REMOTE_ADDR="192.0.2.77")
        request.user = user
        event = services.record_evidence_download(request, evidence)
        assert event.event == Event.EVIDENCE_DOWNLOAD
        assert event.actor == user
        assert event.object_type == "assessments.evidence"
        assert event.object_id == str(evidence.pk)
        assert "Youth forum minutes.pdf" in event.summary
        assert event.extra["organisation_id"] == evidence.organisation_id
        assert event.ip_address == "192.0.2.77"

    def test_a_service_without_the_request_still_records_where_from(self):
        from django.http import HttpResponse

        from audit.middleware import AuditMiddleware

        evidence = EvidenceFactory()
        user = member_of(evidence.organisation)

        def view(request):
            services.record_evidence_download(None, evidence, actor=user)
            return HttpResponse("file")

        request = RequestFactory().get("/evidence/1/", REMOTE_ADDR="192.0.2.78")
        request.user = user
        AuditMiddleware(view)(request)
        [event] = _events(Event.EVIDENCE_DOWNLOAD)
        assert event.actor == user
        assert event.ip_address == "192.0.2.78"


@pytest.mark.django_db
class TestRecordHelper:
    def test_forwarded_for_is_ignored_unless_trusted(self, rf, settings):
        request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9, 10.0.0.1")
        assert services.record(Event.PERMISSION_DENIED, request=request).ip_address == "10.0.0.1"
        settings.AUDIT_TRUST_X_FORWARDED_FOR = True
        assert services.record(Event.PERMISSION_DENIED, request=request).ip_address == "203.0.113.9"

    def test_bad_ip_and_long_user_agent_are_made_safe(self, rf):
        request = rf.get("/", REMOTE_ADDR="not-an-ip", HTTP_USER_AGENT="x" * 500)
        event = services.record(
            Event.PERMISSION_DENIED,
            request=request,
            when=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            thing=object(),
        )
        event.refresh_from_db()
        assert event.ip_address is None
        assert len(event.user_agent) == 200
        assert event.extra["when"].startswith("2026-01-01")
        assert isinstance(event.extra["thing"], str)

    def test_record_runs_in_the_callers_transaction(self, rf):
        from django.db import transaction

        with pytest.raises(RuntimeError), transaction.atomic():
            services.record(Event.PERMISSION_DENIED, request=rf.get("/"))
            raise RuntimeError("roll back")
        assert not AuditEvent.objects.exists()


@pytest.mark.django_db
def test_evidence_download_through_the_real_view_is_recorded_with_who_and_where(client):
    from audit.models import AuditEvent
    from tests.assessments.factories import EvidenceFactory
    from tests.organisations.factories import member_of

    evidence = EvidenceFactory(original_name="Youth forum minutes.pdf")
    user = member_of(evidence.organisation)
    client.force_login(user)
    response = client.get(f"/evidence/{evidence.pk}/download/", REMOTE_ADDR="10.2.3.4")
    assert response.status_code == 200
    event = AuditEvent.objects.get(event="evidence_download")
    assert event.actor == user
    assert event.ip_address == "10.2.3.4"
    assert "Youth forum minutes.pdf" in (event.summary + str(event.extra))
