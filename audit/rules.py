import rules


@rules.predicate
def is_participation_staff(user):
    return bool(getattr(user, "is_participation_staff", False))


# Reading the audit log. There is deliberately no permission to change or delete it.
rules.add_perm("audit.read_log", is_participation_staff)
