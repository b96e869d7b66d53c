"""The refusal raised by the application, answer and evidence services."""

from kitemark.refusals import Refused


class ActionRefused(Refused):
    """A rule about applications, answers or evidence says no; `message` tells the
    person why, in plain English."""
