"""Who may run the training: the participation team."""

import rules

from accounts.rules import is_participation_staff

rules.add_perm("training.manage_sessions", is_participation_staff)
