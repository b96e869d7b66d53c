"""The panels app's refusals are the scheme's refusals."""

from kitemark.refusals import Refused
from panels.refusals import PanelError


def test_a_panel_refusal_is_a_refused_with_its_message():
    error = PanelError("Choose a score from 0 to 4.")
    assert isinstance(error, Refused)
    assert error.message == str(error) == "Choose a score from 0 to 4."
