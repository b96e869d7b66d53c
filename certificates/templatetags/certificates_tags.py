from django import template
from django.utils.html import format_html

from certificates.selectors import status_text

register = template.Library()


@register.simple_tag
def award_status(award, status=None):
    """The status badge. `status` defaults to the award's status today."""
    status = status or award.status
    return format_html(
        '<span class="award-status award-status-{}">{}</span>',
        status,
        status_text(status, revoked_on=award.revoked_on, expires_on=award.expires_on),
    )
