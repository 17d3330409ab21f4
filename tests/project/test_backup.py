"""Backups: scripts/backup.sh and scripts/restore.sh round-trip the database and the
stored files (attachments, award letters) on PostgreSQL."""

import hashlib
import os
import subprocess
from pathlib import Path

import psycopg2
import pytest
from django.db import connection, transaction

from sponsorship.enums import LetterStatus
from sponsorship.letters import award_letter_request
from sponsorship.models import AwardLetter
from tests.applications.builders import attach_pdf
from tests.sponsorship.factories import approved_decision

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def url(name: str) -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return (f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
            f"{db['PORT'] or 5432}/{name}")


def run(script: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(ROOT / "scripts" / script), *args], capture_output=True,
                          text=True, timeout=300, env={**os.environ, **env})


def table_counts(database_url: str) -> dict[str, int]:
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute("SELECT table_name FROM information_schema.tables "
                       "WHERE table_schema = 'public' ORDER BY table_name")
        tables = [row[0] for row in cursor.fetchall()]
        counts = {}
        for table in tables:
            cursor.execute(f'SELECT count(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


def query(database_url: str, sql: str) -> list[tuple]:
    with psycopg2.connect(database_url) as db, db.cursor() as cursor:
        cursor.execute(sql)
        return cursor.fetchall()


@pytest.fixture
def restore_database(require_postgresql):
    name = connection.settings_dict["NAME"] + "_restore"
    admin = psycopg2.connect(url("postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    yield url(name)
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def test_backup_and_restore_round_trip_the_database_and_the_files(
        restore_database, settings, tmp_path):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    decision = approved_decision()
    attachment = attach_pdf(decision.application, name="letter-of-interest.pdf")
    with transaction.atomic():  # committed: the render (in-process) runs after it
        letter = award_letter_request(decision=decision)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY
    original = url(connection.settings_dict["NAME"])

    backup = tmp_path / "backup"
    made = run("backup.sh", str(backup), DATABASE_URL=original, MEDIA_ROOT=str(media))
    assert made.returncode == 0, made.stderr
    assert sorted(p.name for p in backup.iterdir()) == [
        "SHA256SUMS", "database.dump", "media.tar.gz"]
    assert made.stdout.strip() == f"Backed up the database and 2 files to {backup}"

    restored_media = tmp_path / "restored"
    done = run("restore.sh", str(backup), DATABASE_URL=restore_database,
               MEDIA_ROOT=str(restored_media))
    assert done.returncode == 0, done.stderr

    # Every table holds as many rows as before, and the rows name the same files ...
    assert table_counts(restore_database) == table_counts(original)
    [(letter_file, letter_sha)] = query(restore_database,
                                        "SELECT file, sha256 FROM sponsorship_awardletter")
    [(attachment_file, attachment_size)] = query(
        restore_database, "SELECT file, size FROM applications_attachment")
    assert (letter_file, letter_sha) == (letter.file.name, letter.sha256)
    assert attachment_file == attachment.file.name
    # ... which are there, byte for byte.
    restored_pdf = (restored_media / letter_file).read_bytes()
    assert hashlib.sha256(restored_pdf).hexdigest() == letter.sha256
    assert (restored_media / attachment_file).read_bytes() == (media / attachment_file
                                                                ).read_bytes()
    assert (restored_media / attachment_file).stat().st_size == attachment_size
    assert AwardLetter.objects.count() == 1


def test_restore_refuses_a_database_that_is_not_empty_and_a_damaged_backup(
        restore_database, settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    backup = tmp_path / "backup"
    original = url(connection.settings_dict["NAME"])
    assert run("backup.sh", str(backup), DATABASE_URL=original,
               MEDIA_ROOT=settings.MEDIA_ROOT).returncode == 0

    refused = run("restore.sh", str(backup), DATABASE_URL=original,
                  MEDIA_ROOT=str(tmp_path / "restored"))
    assert refused.returncode == 2
    assert "The database already has" in refused.stderr

    with (backup / "media.tar.gz").open("ab") as archive:
        archive.write(b"damage")
    damaged = run("restore.sh", str(backup), DATABASE_URL=restore_database,
                  MEDIA_ROOT=str(tmp_path / "restored"))
    assert damaged.returncode != 0
    assert "media.tar.gz: FAILED" in damaged.stdout + damaged.stderr
    assert table_counts(restore_database) == {}
