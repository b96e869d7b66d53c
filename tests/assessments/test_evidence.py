import logging

import pytest
from django.urls import reverse

from assessments import services
from assessments.models import Application, Evidence, Status
from tests.accounts.factories import PanelUserFactory, StaffFactory
from tests.assessments import files
from tests.assessments.conftest import fill_all

pytestmark = pytest.mark.django_db


def upload(client, org, name, data):
    client.post(
        reverse("assessments:evidence_upload", args=[org.pk]),
        {"files": [files.upload(name, data)]},
    )
    return Evidence.objects.get(original_name=name)


def download(client, evidence):
    return client.get(reverse("assessments:evidence_download", args=[evidence.pk]))


def test_member_downloads_pdf_inline_with_safe_headers(member_client, organisation, caplog):
    data = files.pdf_bytes()
    evidence = upload(member_client, organisation, "Forum notes.pdf", data)
    with caplog.at_level(logging.INFO, logger="assessments.evidence"):
        response = download(member_client, evidence)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert "Forum notes.pdf" in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert any("evidence download" in r.getMessage() for r in caplog.records)


def test_office_files_download_as_attachments(member_client, organisation):
    evidence = upload(member_client, organisation, "minutes.docx", files.docx_bytes())
    response = download(member_client, evidence)
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_images_download_inline(member_client, organisation):
    evidence = upload(member_client, organisation, "photo.png", files.image_bytes("PNG"))
    assert download(member_client, evidence)["Content-Disposition"].startswith("inline")


def test_other_organisation_gets_404(client, member_client, organisation, other_org_user):
    evidence = upload(member_client, organisation, "a.pdf", files.pdf_bytes())
    client.force_login(other_org_user)
    assert download(client, evidence).status_code == 404


def test_anonymous_is_redirected_to_login(client, member_client, organisation):
    evidence = upload(member_client, organisation, "a.pdf", files.pdf_bytes())
    member_client.logout()
    response = download(client, evidence)
    assert response.status_code == 302
    assert reverse("accounts:login") in response.url


def test_staff_can_download(client, member_client, organisation):
    evidence = upload(member_client, organisation, "a.pdf", files.pdf_bytes())
    client.force_login(StaffFactory())
    assert download(client, evidence).status_code == 200


def test_panel_member_needs_an_assignment_to_an_application_using_the_file(
    client, member_client, application, monkeypatch
):
    evidence = upload(member_client, application.organisation, "a.pdf", files.pdf_bytes())
    panel_user = PanelUserFactory()
    client.force_login(panel_user)
    assert download(client, evidence).status_code == 404

    import panels.selectors

    monkeypatch.setattr(
        panels.selectors,
        "is_assigned",
        lambda user, app: user.pk == panel_user.pk and app.pk == application.pk,
    )
    assert download(client, evidence).status_code == 404  # not used by any answer yet
    application.answers.first().evidence.add(evidence)
    assert download(client, evidence).status_code == 200


def test_library_lists_files_and_usage(member_client, application):
    evidence = upload(member_client, application.organisation, "plan.pdf", files.pdf_bytes())
    answer = application.answers.select_related("indicator").first()
    answer.evidence.add(evidence)
    page = member_client.get(
        reverse("assessments:evidence_library", args=[application.organisation_id])
    ).content.decode()
    assert "plan.pdf" in page
    assert answer.indicator.code in page


def test_library_of_another_organisation_is_404(client, organisation, other_org_user):
    client.force_login(other_org_user)
    url = reverse("assessments:evidence_library", args=[organisation.pk])
    assert client.get(url).status_code == 404


def test_delete_needs_confirmation_then_removes_row(member_client, application):
    evidence = upload(member_client, application.organisation, "old.pdf", files.pdf_bytes())
    answer = application.answers.first()
    answer.evidence.add(evidence)
    url = reverse("assessments:evidence_delete", args=[evidence.pk])
    page = member_client.get(url).content.decode()
    assert "Yes, delete the file" in page
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    response = member_client.post(url)
    assert response.status_code == 302
    assert not Evidence.objects.filter(pk=evidence.pk).exists()
    answer.refresh_from_db()
    assert answer.revision == 1


def test_deleted_file_is_removed_from_disk_on_commit(
    member_client, organisation, django_capture_on_commit_callbacks
):
    evidence = upload(member_client, organisation, "old.pdf", files.pdf_bytes())
    from pathlib import Path

    path = Path(evidence.file.path)
    assert path.exists()
    with django_capture_on_commit_callbacks(execute=True):
        member_client.post(reverse("assessments:evidence_delete", args=[evidence.pk]))
    assert not path.exists()


def test_delete_refused_when_file_is_part_of_a_submission(member_client, application, member):
    evidence = upload(member_client, application.organisation, "sent.pdf", files.pdf_bytes())
    application.answers.first().evidence.add(evidence)
    fill_all(application)
    services.submit(application, member)
    url = reverse("assessments:evidence_delete", args=[evidence.pk])
    assert "cannot delete this file" in member_client.get(url).content.decode()
    member_client.post(url)
    assert Evidence.objects.filter(pk=evidence.pk).exists()
    with pytest.raises(services.ActionRefused):
        services.delete_evidence(evidence, user=member)


def test_delete_allowed_when_returned(member_client, application, member):
    evidence = upload(member_client, application.organisation, "sent.pdf", files.pdf_bytes())
    application.answers.first().evidence.add(evidence)
    Application.objects.filter(pk=application.pk).update(status=Status.RETURNED)
    member_client.post(reverse("assessments:evidence_delete", args=[evidence.pk]))
    assert not Evidence.objects.filter(pk=evidence.pk).exists()


def test_other_organisation_cannot_delete(client, member_client, organisation, other_org_user):
    evidence = upload(member_client, organisation, "a.pdf", files.pdf_bytes())
    client.force_login(other_org_user)
    assert (
        client.post(reverse("assessments:evidence_delete", args=[evidence.pk])).status_code == 404
    )
    assert Evidence.objects.filter(pk=evidence.pk).exists()
