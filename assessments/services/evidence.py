"""The evidence library: storing uploaded files, deleting them, logging downloads.

Storage limit: EVIDENCE_MAX_APPLICATION_BYTES is applied to the organisation's whole
evidence library (every file not yet deleted). Every file an application can use comes
from that library, so an application can never use more than the limit, and the check
needs no guessing about which application an unattached upload is for.
"""

import logging
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

from organisations.models import Organisation

from .. import selectors
from ..models import Evidence
from ..refusals import ActionRefused
from ..uploads import UploadRejected, check_upload, sanitise_filename, sizes_that_differ
from . import answers

logger = logging.getLogger("assessments.evidence")


@dataclass
class UploadResult:
    name: str
    evidence: Evidence | None = None
    error: str = ""

    @property
    def ok(self):
        return self.evidence is not None


def store_evidence(organisation, files, *, user, attach_to=None):
    """Check and store each file; a refused file is never stored and the others still are.
    `attach_to`: an answer (with its application and indicator) to attach them to."""
    if attach_to is not None and not answers.can_edit_answer(attach_to):
        raise ActionRefused("Evidence cannot be added to this answer now.")
    results = []
    for uploaded in files:
        name = sanitise_filename(getattr(uploaded, "name", ""))
        try:
            checked = check_upload(uploaded)
            evidence = _store_one(organisation, uploaded, checked, user)
        except UploadRejected as refused:
            results.append(UploadResult(name=name, error=refused.message))
            continue
        results.append(UploadResult(name=checked.original_name, evidence=evidence))
    stored = [r.evidence for r in results if r.ok]
    if attach_to is not None and stored:
        with transaction.atomic():
            attach_to.evidence.add(*stored)
            answers.bump_revisions([attach_to.pk])
    return results


def _store_one(organisation, uploaded, checked, user):
    limit = settings.EVIDENCE_MAX_APPLICATION_BYTES
    with transaction.atomic():
        # Lock the organisation so two uploads cannot both squeeze under the limit.
        Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
        used = Evidence.objects.library(organisation).total_size()
        if used + checked.size > limit:
            used_text, limit_text = sizes_that_differ(used, limit)
            raise UploadRejected(
                f"Your evidence library would go over its limit of {limit_text} "
                f"({used_text} used). Delete files you no longer need, then try again."
            )
        evidence = Evidence(
            organisation=organisation,
            storage_name=f"{uuid.uuid4().hex}.{checked.extension}",
            original_name=checked.original_name,
            content_type=checked.content_type,
            size=checked.size,
            sha256=checked.sha256,
            uploaded_by=user,
        )
        uploaded.seek(0)
        evidence.file.save(evidence.storage_name, uploaded, save=False)
        try:
            evidence.save()
        except Exception:
            evidence.file.delete(save=False)
            raise
    return evidence


def delete_evidence(evidence, *, user):
    """Delete the file from the library (and from every draft answer that uses it),
    unless a submitted application uses it."""
    if selectors.evidence_blocking_applications(evidence):
        raise ActionRefused(
            "This file is part of a submitted application, so it cannot be deleted."
        )
    with transaction.atomic():
        answer_ids = list(evidence.answers.values_list("pk", flat=True))
        name, storage = evidence.file.name, evidence.file.storage
        evidence.delete()
        answers.bump_revisions(answer_ids)
        transaction.on_commit(lambda: storage.delete(name))
    logger.info(
        "evidence deleted: evidence=%s organisation=%s user=%s",
        evidence.pk,
        evidence.organisation_id,
        getattr(user, "pk", None),
    )


def log_download(evidence, user):
    logger.info(
        "evidence download: evidence=%s organisation=%s user=%s",
        evidence.pk,
        evidence.organisation_id,
        getattr(user, "pk", None),
    )
