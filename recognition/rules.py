"""A young person sees only their own record; staff see everyone's. Nobody else."""

import rules

from accounts.rules import is_participation_staff

rules.add_perm("recognition.manage_records", is_participation_staff)
