from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from certificates import services

register = template.Library()


@register.simple_tag
def organisation_awards(organisation):
    """The organisation's awards, newest first, with status, plaque and renewal facts."""
    today = timezone.localdate()
    awards = services.awards_for_organisation(organisation)
    newest = max((a.awarded_on for a in awards if not a.is_revoked), default=None)
    try:
        renewal_url = reverse("assessments:start", args=[organisation.pk])
    except NoReverseMatch:
        renewal_url = f"/organisations/{organisation.pk}/applications/new/"
    rows = []
    for award in awards:
        rows.append(
            {
                "award": award,
                "status": award.status_on(today),
                "plaque": award.latest_plaque(),
                # Invite renewal on the newest award only, from six months before it expires.
                "invite_renewal": award.awarded_on == newest and award.renewal_open(today),
                "renewal_url": renewal_url,
            }
        )
    return rows


@register.simple_tag
def application_award(application):
    return services.award_for_application(application)
