"""The backup drill: seed the demo, back up, drop everything, restore, and check that every
row count, every file's checksum and an award's verification page are as before.

It runs on whichever database the suite runs on: SQLite in the first CI pass, PostgreSQL
(pg_dump and pg_restore) in the second.
"""

import hashlib
import io
import json
import re
import shutil
import tarfile
from pathlib import Path

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from certificates.models import Award, Plaque
from operations import backups
from tests.assessments.factories import EvidenceFactory

PDF = b"%PDF-1.4\n% evidence for the backup drill\n%%EOF\n"


def _checksums():
    return {
        name: hashlib.sha256(default_storage.open(name, "rb").read()).hexdigest()
        for name in backups.storage_names()
    }


def _verification_page(client, code):
    response = client.get(f"/verify/{code}/")
    assert response.status_code == 200
    # The CSP nonce and the CSRF token are new on every response; the rest must be the same.
    page = re.sub(r'nonce="[^"]*"', "", response.content.decode())
    return re.sub(r'"X-CSRFToken": "[^"]*"', "", page)


def _drop_everything(settings):
    """What a lost server leaves: no tables at all, and no private files."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
        connection.close()
    else:
        name = Path(connection.settings_dict["NAME"])
        connection.close()
        name.unlink()
    shutil.rmtree(settings.PRIVATE_ROOT)
    cache.clear()


@pytest.mark.django_db(transaction=True)
def test_the_drill_restores_every_row_file_and_page(client, settings, tmp_path):
    call_command("seed_demo", verbosity=0)
    evidence = EvidenceFactory(file=ContentFile(PDF, name="minutes.pdf"), size=len(PDF))
    award = Award.objects.order_by("pk").first()
    assert award is not None and Plaque.objects.exists()
    counts_before = backups.row_counts()
    files_before = _checksums()
    assert evidence.file.name in files_before
    assert any(name.startswith("plaques/") for name in files_before)
    page_before = _verification_page(client, award.verification_code)
    assert award.organisation.name in page_before

    archive = tmp_path / "drill.tar.gz"
    call_command("backup", output=str(archive), verbosity=0)
    assert archive.stat().st_mode & 0o077 == 0, "the archive holds personal data"
    manifest = backups.read_manifest(archive)
    assert manifest["row_counts"] == counts_before
    assert {name: entry["sha256"] for name, entry in manifest["files"].items()} == files_before

    with pytest.raises(CommandError, match="is not empty"):
        call_command("restore", str(archive), verbosity=0)
    assert backups.row_counts() == counts_before

    _drop_everything(settings)
    assert backups._database_tables() == []
    default_storage.save("stray.txt", ContentFile(b"left behind"))
    with pytest.raises(CommandError, match="file storage is not empty"):
        call_command("restore", str(archive), verbosity=0)
    default_storage.delete("stray.txt")

    call_command("restore", str(archive), verbosity=0)

    assert backups.row_counts() == counts_before
    assert _checksums() == files_before
    assert _verification_page(client, award.verification_code) == page_before


@pytest.mark.django_db(transaction=True)
def test_a_tampered_archive_is_refused_before_anything_is_restored(tmp_path, settings):
    default_storage.save("evidence/1/a.pdf", ContentFile(PDF))
    archive = tmp_path / "good.tar.gz"
    backups.create_backup(archive)
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(archive, "r:gz") as source, tarfile.open(tampered, "w:gz") as target:
        for member in source:
            data = source.extractfile(member).read()
            if member.name == "files/evidence/1/a.pdf":
                data = data.replace(b"drill", b"dr1ll")
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    manifest = backups.read_manifest(tampered)
    assert manifest["files"]["evidence/1/a.pdf"]["size"] == len(PDF)
    with pytest.raises(backups.BackupError, match="does not match its checksum"):
        backups._check_archive(tampered, manifest)


def test_an_archive_without_a_manifest_is_refused(tmp_path):
    archive = tmp_path / "other.tar.gz"
    with tarfile.open(archive, "w:gz") as target:
        info = tarfile.TarInfo("notes.txt")
        target.addfile(info)
    with pytest.raises(backups.BackupError, match="not a Kitemark backup"):
        backups.read_manifest(archive)


def test_the_manifest_is_json_with_counts_and_checksums(transactional_db, tmp_path):
    archive = backups.create_backup(tmp_path / "a.tar.gz")
    with tarfile.open(archive, "r:gz") as source:
        names = source.getnames()
        manifest = json.load(source.extractfile("manifest.json"))
    assert names[-1] == "manifest.json"
    assert manifest["database"]["file"] in names
    assert manifest["row_counts"]["assessments.frameworkversion"] >= 1
