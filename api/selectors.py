"""The API's reads. Each list is one page query plus its count (and, for the staff
awards, one prefetch each for their reminders, check-ins and the check-ins' reviews),
whatever the number of rows."""

from django.db.models import Prefetch

from assessments.models import Application
from certificates.models import Award, AwardStatus, ReminderLedger
from checkins.models import CheckIn


def register_awards(*, level="", status="", year=None, name=""):
    """Awards of organisations that agreed to be listed (the register opt-out), in the
    register's order: level, then organisation name."""
    awards = (
        Award.objects.filter(organisation_listed=True)
        .select_related("level")
        .annotate_status()
        .order_by("level_order", "organisation_name", "pk")
    )
    return _filtered(awards, level=level, status=status, year=year, name=name)


def staff_awards(*, level="", status="", year=None, name=""):
    awards = (
        Award.objects.select_related("level")
        .annotate_status()
        .prefetch_related(
            Prefetch(
                "reminders",
                queryset=ReminderLedger.objects.order_by("due_on", "pk"),
                to_attr="reminder_rows",
            ),
            # Into award.checkins.all(): checkins.selectors.award_rows and
            # certificates.selectors.last_checked_in read them there.
            Prefetch("checkins", queryset=CheckIn.objects.prefetch_related("reviews")),
        )
        .order_by("-awarded_on", "-pk")
    )
    return _filtered(awards, level=level, status=status, year=year, name=name)


def _filtered(awards, *, level, status, year, name):
    if level:
        awards = awards.filter(level__code=level)
    if status in AwardStatus.values:
        awards = awards.with_status(status)
    if year is not None:
        awards = awards.filter(awarded_on__year=year)
    if name:
        awards = awards.filter(organisation_name__icontains=name)
    return awards


def staff_applications(*, status="", cycle=None, level=""):
    applications = Application.objects.select_related("organisation", "level", "cycle").order_by(
        "-created_at", "-pk"
    )
    if status:
        applications = applications.filter(status=status)
    if cycle is not None:
        applications = applications.filter(cycle_id=cycle)
    if level:
        applications = applications.filter(level__code=level)
    return applications
