"""Object permissions for applications and evidence (django-rules).

Views check these with `user.has_perm("assessments.<perm>", obj)`. An
organisation user asking for another organisation's object gets a 404 from the
view, so the object's existence is not revealed.
"""

import rules

from accounts.rules import is_participation_staff
from organisations.membership import is_member


def _is_member(user, organisation_id):
    if not user or not user.is_authenticated or not user.is_active or organisation_id is None:
        return False
    return is_member(user, organisation_id)


@rules.predicate
def is_application_member(user, application):
    return application is not None and _is_member(user, application.organisation_id)


@rules.predicate
def application_is_editable(user, application):
    from . import services

    return application is not None and services.is_editable(application)


@rules.predicate
def is_evidence_member(user, evidence):
    return evidence is not None and _is_member(user, evidence.organisation_id)


@rules.predicate
def is_organisation_member(user, organisation):
    return organisation is not None and _is_member(user, organisation.pk)


@rules.predicate
def is_assigned_to_application_using_evidence(user, evidence):
    """A panel member assigned to an application whose answers use this file."""
    if evidence is None or not user or not user.is_authenticated or not user.is_panel_member:
        return False
    try:
        from panels.selectors import is_assigned
    except ImportError:
        return False
    from .models import Application

    applications = Application.objects.filter(answers__evidence=evidence).distinct()
    return any(is_assigned(user, application) for application in applications)


rules.add_perm("assessments.view_application", is_application_member | is_participation_staff)
rules.add_perm("assessments.edit_application", is_application_member & application_is_editable)
rules.add_perm("assessments.submit_application", is_application_member)
rules.add_perm("assessments.withdraw_application", is_application_member)
rules.add_perm("assessments.start_application", is_organisation_member)
rules.add_perm("assessments.view_library", is_organisation_member | is_participation_staff)
rules.add_perm("assessments.manage_evidence", is_organisation_member)
rules.add_perm(
    "assessments.view_evidence",
    is_evidence_member | is_participation_staff | is_assigned_to_application_using_evidence,
)
rules.add_perm("assessments.delete_evidence", is_evidence_member)
rules.add_perm("assessments.review_applications", is_participation_staff)
