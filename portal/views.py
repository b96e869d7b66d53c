"""The organisation user's home page."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from organisations import selectors as organisation_selectors
from organisations.forms import SwitchOrganisationForm
from organisations.services.current_organisation import SESSION_KEY, choose_current
from organisations.services.drafts import pop_cleared_drafts

from .selectors import dashboard_for


@login_required
def dashboard(request):
    """The organisation the user is working on (their only one, or the one they chose):
    its application, awards and pages; without one, how to register or join one."""
    user = request.user
    if not user.is_organisation_user:
        return redirect("accounts:home")
    organisations = list(organisation_selectors.organisations_for(user))
    organisation = choose_current(organisations, request.session.get(SESSION_KEY))
    context = {
        "cleared_drafts": pop_cleared_drafts(request),
        "organisations": organisations,
        "organisation": organisation,
        "invitations": organisation_selectors.invitations_for_email(user.email),
    }
    if organisation is None:
        return render(request, "portal/start.html", context)
    context.update(dashboard_for(organisation))
    if len(organisations) > 1:
        context["switch_form"] = SwitchOrganisationForm(
            organisations=organisations, initial={"organisation": organisation.pk}
        )
    return render(request, "portal/dashboard.html", context)
