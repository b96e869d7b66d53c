""" "What happened next": young people are told when an organisation they scored does
something (records actions, sends a check-in, answers their questions). Always in the
app; by email only when the account has an email address and the young person opted in
(PanelMember.notice_emails). Many panel members have no email, by design."""

from django.conf import settings
from django.urls import reverse

from jobs.services import email_job, enqueue_many

from ..models import Notice, PanelMember


def members_who_scored(organisation):
    """Active young people who scored any application of `organisation`."""
    return (
        PanelMember.objects.active()
        .filter(anonymised_at__isnull=True, scores__application__organisation=organisation)
        .distinct()
        .select_related("user")
    )


def notify(members, *, kind, organisation, text, link="", key):
    """One notice for each of `members`, and an email to those who opted in and have an
    address. `key` names the event, so the email for it goes once per member."""
    members = list(members)
    Notice.objects.bulk_create(
        [
            Notice(member=m, kind=kind, organisation=organisation, text=text, link=link)
            for m in members
        ]
    )
    jobs = [
        email_job(
            to=[member.user.email],
            subject="Something happened after your panel",
            template="panels_notice",
            context={"member": member, "text": text, "link": f"{settings.SITE_URL}{link}"},
            key=f"notice:{key}:{member.pk}",
        )
        for member in members
        if member.notice_emails and member.user.email
    ]
    enqueue_many([job for job in jobs if job is not None])


def actions_recorded(application, action):
    """The organisation recorded what it did about a piece of the panel's feedback."""
    notify(
        members_who_scored(application.organisation),
        kind=Notice.Kind.ACTIONS,
        organisation=application.organisation,
        text=f"{application.organisation.name} said what they did about your feedback: "
        f"{action.text}",
        link=reverse("panels:dashboard"),
        key=f"action:{action.pk}",
    )
