"""The one base class for "a rule of the scheme says no".

Every app's refusal (an application that cannot be submitted, a score sent after the
round closed, an award that is already revoked...) is a `Refused`, carrying a message
written for the person who asked. Views handle them alike: they show `message` next to
the form or as a page message, and nothing already saved is lost.
"""


class Refused(Exception):
    """A request the scheme's rules refuse; `message` says why, in plain English."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message
