"""The training app's refusal."""

from kitemark.refusals import Refused


class TrainingRefused(Refused):
    """A booking or session request the rules refuse, with a message for the person who
    asked."""
