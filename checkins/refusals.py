from kitemark.refusals import Refused


class CheckInError(Refused):
    """A check-in step the scheme's rules refuse (sending twice, an award not current)."""
