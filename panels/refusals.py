"""The panels app's refusal."""

from kitemark.refusals import Refused


class PanelError(Refused):
    """A panel request the scheme's rules refuse, with a message written for the person
    who made it."""
