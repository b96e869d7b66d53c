"""Role predicates shared by every app. Object predicates live in each app's rules.py."""

import rules


@rules.predicate
def is_participation_staff(user):
    return bool(user and user.is_authenticated and user.is_participation_staff)


@rules.predicate
def is_panel_member(user):
    return bool(user and user.is_authenticated and user.is_panel_member)


@rules.predicate
def is_organisation_user(user):
    return bool(user and user.is_authenticated and user.is_organisation_user)


rules.add_perm("accounts.staff_console", is_participation_staff)
