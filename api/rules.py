import rules

from accounts.rules import is_participation_staff

rules.add_perm("api.manage_tokens", is_participation_staff)
