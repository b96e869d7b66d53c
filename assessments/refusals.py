"""The refusal raised by the cycle, application, answer and evidence services."""

from kitemark.refusals import Refused


class ActionRefused(Refused):
    """A rule about cycles, applications, answers or evidence says no; `message` tells the
    person why, in plain English."""
