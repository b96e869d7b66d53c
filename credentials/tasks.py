"""The worker's part: the "issue_credentials" job issues every award without a credential."""

from jobs.registry import register

from .services.issuing import issue_missing

ISSUE_JOB = "issue_credentials"


@register(ISSUE_JOB)
def run_issue_credentials(job):
    issue_missing()
