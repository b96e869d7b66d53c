"""Finalising, confirming and editing an agreed score at the same time keep the rules: a
finalised round never has a changed score or an unconfirmed sheet, and a confirmation of
the sheet as it was never survives an edit.

Each of the three writes locks the application's row first (panels.services.
application_lock), so the second write waits for the first to commit and then decides on
what is stored. SQLite locks the whole database instead, so these run on PostgreSQL."""

import threading
import time

import pytest
from django.db import connection, transaction

from assessments.models import Application, Status
from panels import selectors
from panels.models import AgreedScore, Confirmation, Finalisation
from panels.refusals import PanelError
from panels.services import consensus
from tests.panels.factories import agree_all, ready_to_score

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

HOLD = 0.5  # seconds the first write keeps its lock: enough for the second to reach it


def _race(first, second):
    """Run `first` in a transaction and, before it commits, start `second` in another
    thread with its own stale copy of the application. Returns what each did: the result
    or the refusal's message, and when `first` committed and `second` answered."""
    done = threading.Event()  # first has written, not committed: its lock is held
    starting = threading.Event()
    seen = {}

    def run_first():
        try:
            with transaction.atomic():
                seen["first"] = first()
                done.set()
                assert starting.wait(10)
                time.sleep(HOLD)
                seen["committed_at"] = time.monotonic()
        except Exception as error:  # noqa: BLE001 - reported below
            seen["first failed"] = error
        finally:
            done.set()
            connection.close()

    def run_second():
        try:
            assert done.wait(10)
            starting.set()
            try:
                seen["second"] = second()
            except PanelError as error:
                seen["second refused"] = error.message
            seen["answered_at"] = time.monotonic()
        except Exception as error:  # noqa: BLE001 - reported below
            seen["second failed"] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run_first), threading.Thread(target=run_second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert "first failed" not in seen and "second failed" not in seen, seen
    assert seen["answered_at"] >= seen["committed_at"], seen  # the second waited
    return seen


def _stale(application):
    return Application.objects.get(pk=application.pk)


def _sheet_confirmed():
    """Both young people sent 3 everywhere; the panel agreed 3 everywhere (48, awarded)
    and both confirmed: ready to finalise."""
    application, panel, members = ready_to_score()
    agree_all(application, [3] * 16, actor=panel.facilitator)
    first = application.level.indicators.order_by("order").first()
    return application, panel, members, first


def _edit(application, panel, indicator):
    """Agree 2 instead of 3 (outside the young people's 3s, so with a reason)."""
    return lambda: consensus.save_agreed_score(
        _stale(application),
        indicator.pk,
        value=2,
        feedback="",
        needs_more_evidence=False,
        reason="The minutes showed less",
        actor=panel.facilitator,
    )


def _finalise(application, panel):
    return lambda: consensus.finalise(_stale(application), actor=panel.facilitator)


def _assert_finalised_as_confirmed(application, members):
    """Finalised at 48 with every agreed score as confirmed, and every member confirmed."""
    application.refresh_from_db()
    assert application.status == Status.SCORED and application.total == 48
    assert Finalisation.objects.get(application=application).total == 48
    assert set(
        AgreedScore.objects.filter(application=application).values_list("value", flat=True)
    ) == {3}
    assert Confirmation.objects.filter(application=application).count() == len(members)
    assert selectors.not_confirmed(application) == []


def test_an_edit_during_finalising_waits_and_is_refused():
    application, panel, members, first = _sheet_confirmed()
    seen = _race(_finalise(application, panel), _edit(application, panel, first))
    assert seen["second refused"] == (
        "The scores for this application are final. They cannot be changed."
    )
    _assert_finalised_as_confirmed(application, members)


def test_finalising_during_an_edit_waits_and_is_refused_until_they_confirm_again():
    application, panel, (maya, leo), first = _sheet_confirmed()
    seen = _race(_edit(application, panel, first), _finalise(application, panel))
    assert seen["second refused"].startswith("Every young person here confirms the scores first")
    application.refresh_from_db()
    assert application.status == Status.INTERVIEW_SCHEDULED and application.total is None
    assert not Finalisation.objects.exists()
    assert AgreedScore.objects.get(application=application, indicator=first).value == 2
    assert not Confirmation.objects.exists()  # the edit cleared them


def test_finalising_during_the_last_confirmation_waits_for_it():
    application, panel, (maya, leo), _ = _sheet_confirmed()
    Confirmation.objects.filter(member=leo).delete()
    sheet = selectors.sheet_fingerprint(application)

    def leo_confirms():
        return consensus.confirm_sheet(_stale(application), leo, sheet=sheet, actor=leo.user)

    seen = _race(leo_confirms, _finalise(application, panel))
    assert "second refused" not in seen, seen
    _assert_finalised_as_confirmed(application, (maya, leo))


def test_a_confirmation_during_finalising_is_refused():
    """The facilitator finalises while a spoken confirmation is recorded again for Maya:
    it waits, then is refused, and the finalised round keeps its confirmations."""
    application, panel, (maya, leo), _ = _sheet_confirmed()
    sheet = selectors.sheet_fingerprint(application)

    def spoken():
        return consensus.confirm_sheet(
            _stale(application), maya, sheet=sheet, actor=panel.facilitator, spoken=True
        )

    seen = _race(_finalise(application, panel), spoken)
    assert seen["second refused"].startswith("The scores for this application are final")
    _assert_finalised_as_confirmed(application, (maya, leo))


def test_a_confirmation_of_the_old_sheet_sent_during_an_edit_is_refused():
    application, panel, (maya, leo), first = _sheet_confirmed()
    Confirmation.objects.filter(member=leo).delete()
    old_sheet = selectors.sheet_fingerprint(application)

    def leo_confirms_the_old_sheet():
        return consensus.confirm_sheet(_stale(application), leo, sheet=old_sheet, actor=leo.user)

    seen = _race(_edit(application, panel, first), leo_confirms_the_old_sheet)
    assert seen["second refused"] == (
        "The agreed scores changed since this page was opened. Look again."
    )
    assert not Confirmation.objects.exists()


def test_an_edit_just_after_a_confirmation_clears_it():
    application, panel, (maya, leo), first = _sheet_confirmed()
    Confirmation.objects.filter(member=leo).delete()
    old_sheet = selectors.sheet_fingerprint(application)

    def leo_confirms_the_old_sheet():
        return consensus.confirm_sheet(_stale(application), leo, sheet=old_sheet, actor=leo.user)

    seen = _race(leo_confirms_the_old_sheet, _edit(application, panel, first))
    assert "second refused" not in seen, seen
    assert not Confirmation.objects.exists()  # Leo's confirmation of the old sheet is gone
    assert AgreedScore.objects.get(application=application, indicator=first).value == 2
    with pytest.raises(PanelError, match="Still to confirm"):
        consensus.finalise(_stale(application), actor=panel.facilitator)
