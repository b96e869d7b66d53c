from kitemark.refusals import Refused


class OrganisationError(Refused):
    """A refused action. The message is written for the person who tried it; `code` names
    the reason, for the page to offer the right way on."""

    def __init__(self, message, code=""):
        super().__init__(message)
        self.code = code
