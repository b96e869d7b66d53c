"""Private files in S3-compatible storage (django-storages), tested against moto's S3
emulator on loopback: uploads are checked as before, downloads still go through the
views that check permission, streamed or redirected to a short-lived signed URL."""

import urllib.request
from urllib.parse import parse_qs, urlparse

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from assessments.models import Evidence
from operations import backups
from tests.assessments import files
from tests.certificates.factories import AwardFactory, PlaqueFactory
from tests.organisations.factories import OrganisationFactory, member_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def organisation():
    return OrganisationFactory(name="Riverside Youth Project")


@pytest.fixture
def member_client(client, organisation):
    client.force_login(member_of(organisation, email="alex@riverside.example"))
    return client


def _upload(client, organisation, name, data):
    return client.post(
        reverse("assessments:evidence_upload", args=[organisation.pk]),
        {"files": [files.upload(name, data)]},
    )


def _objects(s3):
    listing = s3.list_objects_v2(Bucket=s3.bucket)
    return {item["Key"]: item["Size"] for item in listing.get("Contents", [])}


def test_evidence_is_stored_in_the_bucket_and_streamed_through_the_view(
    member_client, organisation, s3_storage
):
    data = files.pdf_bytes()
    _upload(member_client, organisation, "Forum notes.pdf", data)
    evidence = Evidence.objects.get(original_name="Forum notes.pdf")
    assert _objects(s3_storage) == {evidence.file.name: len(data)}
    response = member_client.get(reverse("assessments:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == data
    assert response["Content-Security-Policy"] == "default-src 'none'; sandbox"


def test_a_hostile_upload_is_refused_and_nothing_reaches_the_bucket(
    member_client, organisation, s3_storage
):
    response = _upload(member_client, organisation, "notes.pdf", b"MZ\x90\x00 not a pdf")
    assert response.status_code == 200
    assert not Evidence.objects.exists()
    assert _objects(s3_storage) == {}


def test_with_redirects_on_the_view_checks_permission_then_sends_a_signed_url(
    member_client, organisation, s3_storage, settings, client
):
    settings.PRIVATE_FILES_REDIRECT = True
    data = files.pdf_bytes()
    _upload(member_client, organisation, "Forum notes.pdf", data)
    evidence = Evidence.objects.get()
    url = reverse("assessments:evidence_download", args=[evidence.pk])

    response = member_client.get(url)
    assert response.status_code == 302
    location = urlparse(response["Location"])
    query = parse_qs(location.query)
    assert (
        location.netloc == urlparse(settings.STORAGES["default"]["OPTIONS"]["endpoint_url"]).netloc
    )
    assert query["X-Amz-Expires"] == [str(settings.PRIVATE_FILES_URL_SECONDS)]
    assert query["response-content-disposition"][0].startswith("attachment")
    with urllib.request.urlopen(response["Location"]) as signed:  # noqa: S310 - loopback
        assert signed.read() == data
    unsigned = response["Location"].split("?")[0]
    with pytest.raises(urllib.error.HTTPError):
        urllib.request.urlopen(unsigned)  # noqa: S310 - the bucket is private

    client.force_login(member_of(OrganisationFactory(), email="other@example.org"))
    assert client.get(url).status_code == 404


def test_plaques_download_from_the_bucket(member_client, organisation, s3_storage):
    award = AwardFactory(organisation=organisation)
    plaque = PlaqueFactory(award=award, file=ContentFile(b"%PDF-1.4 plaque", name="p.pdf"))
    assert plaque.file.name in _objects(s3_storage)
    response = member_client.get(reverse("certificates:plaque", args=[award.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == b"%PDF-1.4 plaque"


def test_backups_read_the_files_from_the_bucket(transactional_db, s3_storage, tmp_path):
    from django.core.files.storage import default_storage

    default_storage.save("evidence/7/a.pdf", ContentFile(b"%PDF-1.4 a"))
    default_storage.save("plaques/3/v1.pdf", ContentFile(b"%PDF-1.4 b"))
    manifest = backups.read_manifest(backups.create_backup(tmp_path / "s3.tar.gz"))
    assert set(manifest["files"]) == {"evidence/7/a.pdf", "plaques/3/v1.pdf"}
