# The console's pages show the applications that tests/assessments' fixtures make.
from tests.assessments.conftest import (  # noqa: F401
    application,
    cycle,
    member,
    member_client,
    organisation,
)
