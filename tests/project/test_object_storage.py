"""The backup covers the bucket (moto's S3 server on a loopback port: the s3_server and
s3_bucket fixtures of tests/conftest.py): media_backup (scripts/backup.sh) writes every
object into media.tar.gz, media_restore (scripts/restore.sh) puts them back into an empty
bucket, byte for byte. Each kind of file on the bucket: tests/project/test_files_on_s3.py."""

import hashlib
import os
import subprocess
import tarfile
import uuid

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.db import connection

from sponsorship.enums import LetterStatus
from sponsorship.letters import award_letter_request
from tests.applications.builders import attach_pdf
from tests.conftest import ROOT, stored_objects
from tests.sponsorship.factories import approved_decision

CREDENTIALS = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
               "AWS_DEFAULT_REGION": "us-east-1"}


def test_the_portals_files_are_written_to_the_bucket_and_back_up_and_restore_byte_for_byte(
        db, s3_bucket, tmp_path, django_capture_on_commit_callbacks):
    decision = approved_decision()
    attachment = attach_pdf(decision.application, name="letter-of-interest.pdf")
    with django_capture_on_commit_callbacks(execute=True):  # the render runs after commit
        letter = award_letter_request(decision=decision)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY
    before = stored_objects()
    assert sorted(before) == sorted([attachment.file.name, letter.file.name])
    assert hashlib.sha256(before[letter.file.name]).hexdigest() == letter.sha256

    archive = tmp_path / "media.tar.gz"
    call_command("media_backup", str(archive))
    with tarfile.open(archive) as opened:
        assert sorted(opened.getnames()) == sorted(before)

    s3_bucket(f"rit-media-restored-{uuid.uuid4().hex[:12]}")
    assert stored_objects() == {}
    call_command("media_restore", str(archive))
    assert stored_objects() == before
    # A bucket that holds files is never mixed with a backup.
    with pytest.raises(CommandError, match="already holds files"):
        call_command("media_restore", str(archive))


def test_backup_sh_covers_the_bucket(require_postgresql, s3_bucket, s3_server, tmp_path):
    default_storage.save("attachments/1/plan.pdf", ContentFile(b"%PDF-1.7 plan"))
    db = connection.settings_dict
    env = {**os.environ, **CREDENTIALS,
           "PATH": f"{os.path.dirname(os.sys.executable)}:{os.environ['PATH']}",
           "DJANGO_SETTINGS_MODULE": "rit_portal.settings.production",
           "SECRET_KEY": "x" * 50, "ALLOWED_HOSTS": "rit.example.jp",
           "EMAIL_URL": "smtp://127.0.0.1:2525",
           "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:"
                           f"{db['PORT'] or 5432}/{db['NAME']}",
           "AWS_STORAGE_BUCKET_NAME": default_storage.bucket_name,
           "AWS_S3_ENDPOINT_URL": s3_server}
    env.pop("MEDIA_ROOT", None)
    made = subprocess.run([str(ROOT / "scripts" / "backup.sh"), str(tmp_path / "backup")],
                          capture_output=True, text=True, timeout=300, env=env)
    assert made.returncode == 0, made.stderr
    assert made.stdout.strip() == f"Backed up the database and 1 files to {tmp_path / 'backup'}"
    with tarfile.open(tmp_path / "backup" / "media.tar.gz") as opened:
        assert opened.extractfile("attachments/1/plan.pdf").read() == b"%PDF-1.7 plan"
