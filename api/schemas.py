"""The API's JSON shapes (pydantic, via django-ninja): the OpenAPI document is made from
these same classes, so it cannot drift from what the endpoints send."""

from datetime import date, datetime
from typing import Literal

from django.utils import timezone
from ninja import Schema

from assessments.models import Level, Status
from certificates.models import AwardStatus, verification_url_for
from certificates.selectors import last_checked_in
from checkins import selectors as checkin_selectors

LevelCode = Literal[tuple(Level.Code.values)]
AwardStatusName = Literal[tuple(AwardStatus.values)]
ApplicationStatus = Literal[tuple(Status.values)]
CheckInStateName = Literal[tuple(checkin_selectors.State.LABELS)]


class RegisterAward(Schema):
    certificate_number: str
    organisation_name: str
    level: LevelCode
    level_name: str
    status: AwardStatusName
    awarded_on: date
    expires_on: date
    verification_url: str
    credential_url: str

    @staticmethod
    def resolve_level(award):
        return award.level.code

    @staticmethod
    def resolve_level_name(award):
        return award.level.name

    @staticmethod
    def resolve_status(award):
        return award.derived_status

    @staticmethod
    def resolve_verification_url(award):
        return verification_url_for(award.verification_code)

    @staticmethod
    def resolve_credential_url(award):
        return verification_url_for(award.verification_code) + "credential.json"


class Reminder(Schema):
    kind: str
    due_on: date
    outcome: Literal["sent", "skipped"]
    sent_at: datetime | None


class StaffCheckIn(Schema):
    """One yearly check-in of an award, due on `due_on`. `state`: not_started or draft
    (not sent), waiting (sent, a young reviewer's verdict still to come), open (a question
    waits for the organisation's answer, or a worry for staff to close it) or closed.
    `overdue`: not sent after its due date while the award is current; `flagged`: overdue
    by more than 8 weeks."""

    number: int
    due_on: date
    state: CheckInStateName
    state_label: str
    overdue: bool
    flagged: bool
    sent_at: datetime | None

    @staticmethod
    def resolve_sent_at(row):
        return row.checkin.sent_at if row.checkin else None


class StaffAward(RegisterAward):
    id: int
    organisation_id: int
    application_id: int
    listed_in_register: bool
    revoked_at: datetime | None
    reminders: list[Reminder]
    checkins: list[StaffCheckIn]
    last_checked_in: datetime | None

    @staticmethod
    def resolve_listed_in_register(award):
        return award.organisation_listed

    @staticmethod
    def resolve_reminders(award):
        return award.reminder_rows

    @staticmethod
    def resolve_checkins(award):
        return checkin_selectors.award_rows(award, award.checkins.all(), timezone.localdate())

    @staticmethod
    def resolve_last_checked_in(award):
        return last_checked_in(award)


class StaffApplication(Schema):
    id: int
    organisation_id: int
    organisation_name: str
    status: ApplicationStatus
    level: LevelCode
    level_name: str
    cycle_id: int
    cycle_name: str
    round: int
    created_at: datetime
    submitted_at: datetime | None
    outcome_confirmed_at: datetime | None
    resubmission_deadline: date | None

    @staticmethod
    def resolve_organisation_name(application):
        return application.organisation.name

    @staticmethod
    def resolve_level(application):
        return application.level.code

    @staticmethod
    def resolve_level_name(application):
        return application.level.name

    @staticmethod
    def resolve_cycle_name(application):
        return application.cycle.name


class Problem(Schema):
    detail: str
