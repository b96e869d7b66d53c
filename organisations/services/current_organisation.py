"""Which of their organisations a signed-in user is working on, kept in their session."""

from ..selectors import organisations_for

SESSION_KEY = "current_organisation_id"


def choose_current(organisations, chosen_id):
    """From an already loaded list, the one chosen in the session, else the first, else None."""
    for organisation in organisations:
        if chosen_id is not None and str(organisation.pk) == str(chosen_id):
            return organisation
    return organisations[0] if organisations else None


def current_organisation(request):
    """The organisation the signed-in user is working on, or None.

    The one they chose with the switcher (if they are still a member of it),
    otherwise their first one.
    """
    organisations = list(organisations_for(request.user))
    return choose_current(organisations, request.session.get(SESSION_KEY))


def set_current_organisation(request, organisation_id):
    """Remember the user's choice. Raises Organisation.DoesNotExist if they are not a member."""
    organisation = organisations_for(request.user).get(pk=organisation_id)
    request.session[SESSION_KEY] = organisation.pk
    return organisation


def forget_current_organisation(request, organisation):
    if str(request.session.get(SESSION_KEY)) == str(organisation.pk):
        del request.session[SESSION_KEY]
