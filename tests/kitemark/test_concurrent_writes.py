"""Concurrent writes wait for each other instead of failing.

On SQLite a transaction that reads first and writes later cannot take the write lock
while another connection writes: SQLite answers "database is locked" at once, whatever
the busy timeout, and the request ends in a 500. The embedded default therefore starts
every transaction IMMEDIATE (the write lock at BEGIN) and waits for a busy lock. Each
case sends the same state change from several clients at once, through its URL, and
checks that nobody got a 500 and that the change happened exactly once.

These run on whichever database the suite uses; on SQLite the test database is a file
(see tests/conftest.py), so the threads' connections share it.
"""

import threading

import pytest
from django.db import connections
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from assessments.models import Status, TimelineEvent
from certificates.models import Award
from jobs.models import Job
from organisations.models import Invitation, Membership
from panels.models import AgreedScore, Finalisation, Score, ScoringSubmission
from tests.accounts.factories import UserFactory
from tests.assessments.factories import ApplicationFactory, answer_all
from tests.organisations.factories import InvitationFactory, OrganisationFactory, member_of
from tests.panels.factories import (
    FinalisationFactory,
    agree_all,
    ready_to_score,
)

pytestmark = pytest.mark.django_db(transaction=True)

CLIENTS = 5


def race(requests):
    """Send each (user, method, url, data) from its own client and connection, all
    released at the same moment. Returns the status codes; a view's exception fails."""
    clients = []
    for user, *_ in requests:
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    connections.close_all()
    barrier = threading.Barrier(len(requests))
    statuses = [None] * len(requests)
    errors = []

    def send(index, client, method, url, data):
        try:
            barrier.wait(timeout=30)
            response = getattr(client, method)(url, data)
            statuses[index] = response.status_code
            if response.status_code >= 500:
                cause = response.exc_info[1] if response.exc_info else ""
                errors.append(f"{method.upper()} {url}: {response.status_code} {cause!r}")
        except Exception as error:  # noqa: BLE001 - reported below, in the test's thread
            errors.append(f"{method.upper()} {url}: {type(error).__name__}: {error}")
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=send, args=(index, client, method, url, data))
        for index, (client, (_user, method, url, data)) in enumerate(
            zip(clients, requests, strict=True)
        )
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request never finished"
    assert errors == []
    return statuses


def _scoring_started(members=2):
    application, panel, seated = ready_to_score(members=members)
    application.interviews.update(starts_at=timezone.now() - timezone.timedelta(minutes=5))
    return application, panel, seated


def _all_scored(application, members, value=3):
    """Every member scored every indicator and sent their scores."""
    for member in members:
        for indicator in application.level.indicators.all():
            Score.objects.create(
                member=member,
                application=application,
                indicator=indicator,
                value=value,
                client_updated_at=timezone.now(),
            )
        ScoringSubmission.objects.create(member=member, application=application)


def test_colleagues_submitting_one_application_at_once():
    application = ApplicationFactory()
    answer_all(application)
    colleagues = [member_of(application.organisation) for _ in range(CLIENTS)]
    url = reverse("assessments:submit", args=[application.pk])

    statuses = race([(user, "post", url, {"declaration": "on"}) for user in colleagues])

    assert set(statuses) <= {200, 302}
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    submitted = application.timeline.filter(
        kind=TimelineEvent.Kind.TRANSITION, to_status=Status.SUBMITTED
    )
    assert submitted.count() == 1


def test_panel_members_finishing_scoring_at_once():
    application, _panel, members = _scoring_started(members=CLIENTS)
    _all_scored(application, members)
    url = reverse("panels:score_finish", args=[application.pk])

    statuses = race([(member.user, "post", url, {}) for member in members])

    assert set(statuses) <= {200, 302}
    assert ScoringSubmission.objects.filter(application=application).count() == CLIENTS


def test_the_facilitator_agreeing_scores_from_several_devices_at_once():
    application, panel, members = _scoring_started()
    _all_scored(application, members)
    indicators = list(application.level.indicators.order_by("order"))
    url = reverse("panels:consensus", args=[application.pk])
    requests = [
        (
            panel.facilitator,
            "post",
            url,
            {
                "indicator": indicator.pk,
                f"i{indicator.pk}-value": 3,
                f"i{indicator.pk}-feedback": "",
            },
        )
        for indicator in indicators[:CLIENTS]
    ]
    # Two devices agree the same indicator, too: one row, not two, and no 500.
    first = indicators[0]
    requests.append(
        (panel.facilitator, "post", url, {"indicator": first.pk, f"i{first.pk}-value": 4})
    )

    statuses = race(requests)

    assert set(statuses) <= {200, 302}
    agreed = AgreedScore.objects.filter(application=application, round=1)
    assert agreed.count() == CLIENTS
    assert agreed.get(indicator=first).value in (3, 4)


def test_finalising_from_several_devices_at_once():
    application, panel, members = _scoring_started()
    _all_scored(application, members)
    agree_all(application, [3] * 16, actor=panel.facilitator)
    url = reverse("panels:finalise", args=[application.pk])

    statuses = race([(panel.facilitator, "post", url, {}) for _ in range(CLIENTS)])

    assert set(statuses) <= {302}
    application.refresh_from_db()
    assert application.status == Status.SCORED
    assert application.total == 48
    assert Finalisation.objects.filter(application=application).count() == 1
    scored = application.timeline.filter(to_status=Status.SCORED)
    assert scored.count() == 1


def test_staff_confirming_one_outcome_at_once(staff_user):
    application, panel, members = _scoring_started()
    agree_all(application, [3] * 16, actor=panel.facilitator)
    application.status = Status.SCORED
    application.total = 48
    application.proposed_outcome = "awarded"
    application.save()
    FinalisationFactory(application=application, total=48, outcome="awarded")
    member_of(application.organisation)  # someone to send the result to
    staff = [staff_user] + [UserFactory(role="staff") for _ in range(CLIENTS - 1)]
    url = reverse("console:staff_outcome", args=[application.pk])

    statuses = race([(user, "post", url, {}) for user in staff])

    assert set(statuses) <= {200, 302}
    application.refresh_from_db()
    assert application.status == Status.AWARDED
    assert Award.objects.filter(application=application).count() == 1
    assert application.timeline.filter(to_status=Status.AWARDED).count() == 1
    assert Job.objects.filter(key__startswith="status-email:").count() == 1


def test_cancelling_and_accepting_one_invitation_at_once():
    organisation = OrganisationFactory()
    members = [member_of(organisation) for _ in range(CLIENTS - 1)]
    invitee = UserFactory(email="kim@example.org")
    invitation = InvitationFactory(organisation=organisation, email="kim@example.org")
    cancel = reverse("organisations:cancel_invitation", args=[organisation.pk, invitation.pk])
    accept = reverse("organisations:invitation", args=[invitation.token])
    requests = [(user, "post", cancel, {}) for user in members]
    requests += [(invitee, "post", accept, {}), (invitee, "post", accept, {})]

    statuses = race(requests)

    assert set(statuses) <= {200, 302, 400}
    invitation.refresh_from_db()
    joined = Membership.objects.filter(organisation=organisation, user=invitee).count()
    # Either it was accepted (once) and never cancelled, or cancelled and nobody joined.
    if invitation.accepted_at is not None:
        assert invitation.cancelled_at is None
        assert invitation.accepted_by == invitee
        assert joined == 1
    else:
        assert invitation.cancelled_at is not None
        assert joined == 0
    assert Invitation.objects.filter(pk=invitation.pk).count() == 1
