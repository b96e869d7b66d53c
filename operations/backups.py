"""Backups that restore: one archive with the database, the private files and a manifest.

An archive (``.tar.gz``) holds:

- ``database.dump``: ``pg_dump --format=custom`` on PostgreSQL, taken from the same
  snapshot as the row counts (snapshot_sql.py); or ``database.json``: ``dumpdata`` of
  every table on SQLite, inside one transaction;
- ``files/<name>``: every file of the private storage (evidence, plaques), read through
  Django's storage API, so the same code backs up a disk or S3-compatible storage;
- ``manifest.json``: the row count of every table, the SHA-256 and size of every file
  and of the database dump.

``restore`` checks the archive against its manifest first, refuses a database that has
any table or a storage that holds any file, restores both, then checks every row count
and every file's checksum against the manifest again.
"""

import hashlib
import io
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from . import snapshot_sql

FORMAT = 1
MANIFEST = "manifest.json"
FILES_PREFIX = "files/"
CHUNK = 1024 * 1024


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says what to do."""


@dataclass(frozen=True)
class RestoreReport:
    tables: int
    rows: int
    files: int


def is_postgresql():
    return connection.vendor == "postgresql"


def row_counts():
    """{"app_label.model": rows} for every table Django manages, many-to-many tables too."""
    counts = {}
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        counts[meta.label_lower] = model._base_manager.count()
    return dict(sorted(counts.items()))


def storage_names(storage=None, path=""):
    """Every file name in the storage, walking its folders."""
    storage = storage or default_storage
    try:
        folders, files = storage.listdir(path)
    except FileNotFoundError:
        return []
    names = [f"{path}{name}" for name in files]
    for folder in folders:
        names.extend(storage_names(storage, f"{path}{folder}/"))
    return sorted(names)


def _sha256_of(stream):
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: stream.read(CHUNK), b""):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _pg_arguments():
    db = connection.settings_dict
    arguments = []
    if db.get("HOST"):
        arguments += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        arguments += ["--port", str(db["PORT"])]
    if db.get("USER"):
        arguments += ["--username", str(db["USER"])]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return arguments, env, db["NAME"]


def _run(command, env=None):
    program = shutil.which(command[0])
    if program is None:
        raise BackupError(
            f"{command[0]} was not found. Install PostgreSQL's client programs "
            "(Debian: apt-get install postgresql-client) in the same major version as the server."
        )
    result = subprocess.run(  # noqa: S603 - fixed program, arguments from settings
        [program, *command[1:]], env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def _dump_database(folder):
    """Writes the dump into folder; returns (file name, row counts) of one moment."""
    if is_postgresql():
        target = folder / "database.dump"
        arguments, env, name = _pg_arguments()
        with snapshot_sql.exported_snapshot() as snapshot:
            counts = row_counts()
            _run(
                [
                    "pg_dump",
                    *arguments,
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                    name,
                ],
                env=env,
            )
        return target.name, counts
    target = folder / "database.json"
    # On SQLite a transaction holds the write lock (transaction_mode IMMEDIATE), so the
    # counts and the dump see the same rows.
    with transaction.atomic():
        counts = row_counts()
        call_command("dumpdata", all=True, output=str(target), verbosity=0)
    return target.name, counts


def default_archive_path(now=None):
    stamp = (now or timezone.now()).strftime("%Y%m%dT%H%M%SZ")
    return Path(settings.BACKUP_DIR) / f"kitemark-{stamp}.tar.gz"


def create_backup(path=None):
    """Writes one archive (readable by its owner only) and returns its path."""
    path = Path(path) if path else default_archive_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        dump_name, counts = _dump_database(folder)
        with (folder / dump_name).open("rb") as dump:
            dump_sha, dump_size = _sha256_of(dump)
        files = {}
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
            archive.add(folder / dump_name, arcname=dump_name)
            for name in storage_names():
                with default_storage.open(name, "rb") as stream:
                    sha, size = _sha256_of(stream)
                    stream.seek(0)
                    info = tarfile.TarInfo(FILES_PREFIX + name)
                    info.size = size
                    info.mode = 0o600
                    archive.addfile(info, stream)
                files[name] = {"sha256": sha, "size": size}
            manifest = {
                "format": FORMAT,
                "created_at": timezone.now().isoformat(),
                "engine": connection.vendor,
                "database": {"file": dump_name, "sha256": dump_sha, "size": dump_size},
                "row_counts": counts,
                "files": files,
            }
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mode = 0o600
            archive.addfile(info, io.BytesIO(data))
    partial.replace(path)
    return path


def read_manifest(path):
    with tarfile.open(path, "r:gz") as archive:
        try:
            return json.load(archive.extractfile(MANIFEST))
        except KeyError:
            raise BackupError(f"{path} has no {MANIFEST}: it is not a Kitemark backup.") from None


def _database_tables():
    return sorted(connection.introspection.table_names())


def refuse_unless_empty():
    tables = _database_tables()
    if tables:
        raise BackupError(
            f"The database {connection.settings_dict['NAME']} is not empty "
            f"({len(tables)} tables, for example {tables[0]}). Restore only into a new, empty "
            "database: create one and point DATABASE_URL at it. Nothing was changed."
        )
    names = storage_names()
    if names:
        raise BackupError(
            f"The file storage is not empty ({len(names)} files, for example {names[0]}). "
            "Restore only into empty storage: point PRIVATE_ROOT (or the bucket settings) at "
            "an empty place. Nothing was changed."
        )


def _check_archive(path, manifest):
    """Every member's checksum against the manifest, before anything is restored."""
    expected = {FILES_PREFIX + name: entry["sha256"] for name, entry in manifest["files"].items()}
    expected[manifest["database"]["file"]] = manifest["database"]["sha256"]
    seen = set()
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if member.name == MANIFEST:
                continue
            if member.name not in expected or not member.isfile():
                raise BackupError(f"The archive holds {member.name!r}, which its manifest lacks.")
            sha, _ = _sha256_of(archive.extractfile(member))
            if sha != expected[member.name]:
                raise BackupError(f"{member.name} in the archive does not match its checksum.")
            seen.add(member.name)
    missing = sorted(set(expected) - seen)
    if missing:
        raise BackupError(f"The archive lacks {len(missing)} files, for example {missing[0]}.")


def _restore_database(folder, manifest):
    dump = folder / manifest["database"]["file"]
    if manifest["engine"] == "postgresql":
        arguments, env, name = _pg_arguments()
        connection.close()
        _run(
            [
                "pg_restore",
                *arguments,
                "--no-owner",
                "--no-privileges",
                "--exit-on-error",
                "--single-transaction",
                f"--dbname={name}",
                str(dump),
            ],
            env=env,
        )
        connection.close()
        return
    # SQLite: the tables come from the migrations, then every row from the dump, with
    # the same ids (the migrations' own rows and content types are emptied first).
    call_command("migrate", interactive=False, verbosity=0)
    call_command("flush", interactive=False, inhibit_post_migrate=True, verbosity=0)
    call_command("loaddata", str(dump), verbosity=0)


def restore_backup(path):
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path} is not a file.")
    manifest = read_manifest(path)
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{path} is in backup format {manifest.get('format')}, not {FORMAT}.")
    if manifest["engine"] != connection.vendor:
        raise BackupError(
            f"{path} holds a {manifest['engine']} database; this site uses {connection.vendor}."
        )
    refuse_unless_empty()
    _check_archive(path, manifest)
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        with tarfile.open(path, "r:gz") as archive:
            for member in archive:
                if member.name == manifest["database"]["file"]:
                    with (folder / member.name).open("wb") as out:
                        shutil.copyfileobj(archive.extractfile(member), out)
                elif member.name.startswith(FILES_PREFIX):
                    name = member.name[len(FILES_PREFIX) :]
                    saved = default_storage.save(name, File(archive.extractfile(member), name))
                    if saved != name:
                        raise BackupError(f"The storage saved {name} as {saved}.")
        _restore_database(folder, manifest)
    return verify_restored(manifest)


def verify_restored(manifest):
    """Every row count and every file's checksum as the manifest says, or BackupError."""
    counts = row_counts()
    differences = {
        label: (rows, counts.get(label))
        for label, rows in manifest["row_counts"].items()
        if counts.get(label) != rows
    }
    if differences:
        raise BackupError(f"Row counts differ after the restore (expected, found): {differences}")
    for name, entry in manifest["files"].items():
        with default_storage.open(name, "rb") as stream:
            sha, _ = _sha256_of(stream)
        if sha != entry["sha256"]:
            raise BackupError(f"{name} does not match its checksum after the restore.")
    return RestoreReport(
        tables=len(counts), rows=sum(counts.values()), files=len(manifest["files"])
    )
