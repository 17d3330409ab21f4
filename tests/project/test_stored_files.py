"""Stored files (rit_portal.stored_files), on the folder storage of the tests: a record's
files go when its deletion is committed, whichever path deletes it, and stay when it is
rolled back; a storage that fails never turns a committed deletion into an error; a record
whose file has gone answers 404, not 500; the portal reaches stored files only through the
storage API, so that the bucket works as the folder does (tests/project/test_files_on_s3.py
runs each kind of file on an S3 server)."""

import ast
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.test import TestCase
from django.urls import reverse

from applications.models import Application
from rit_portal.stored_files import stored_names
from sponsorship.enums import LetterStatus
from sponsorship.letters import award_letter_request
from tests.applications.builders import applicant_of, attach_pdf
from tests.factories import ApplicationFactory
from tests.sponsorship.factories import approved_decision

pytestmark = pytest.mark.django_db
ROOT = Path(__file__).resolve().parents[2]


def test_every_model_with_a_file_field_removes_its_files_with_its_record():
    with_files = [model for model in apps.get_models()
                  if any(isinstance(f, models.FileField) for f in model._meta.concrete_fields)]
    # A new kind of stored file: add its round trip to tests/project/test_files_on_s3.py.
    assert sorted(model._meta.label for model in with_files) == [
        "applications.Attachment", "monitoring.AnnualReport", "monitoring.ExportJob",
        "projects.ProjectLetter",
        "projects.Receipt", "sponsorship.AwardLetter"], "a new kind of stored file"
    assert [model._meta.label for model in with_files
            if not post_delete.has_listeners(model)] == []


def test_files_go_when_the_deletion_commits_and_stay_when_it_is_rolled_back():
    application = ApplicationFactory()
    attachment = attach_pdf(application)
    kept_pdf = default_storage.save(f"application-pdfs/{application.pk}/en-1.pdf",
                                    ContentFile(b"%PDF-1.7"))
    with pytest.raises(RuntimeError), transaction.atomic():
        Application.objects.get(pk=application.pk).delete()
        raise RuntimeError("rolled back")
    assert [default_storage.exists(n) for n in (attachment.file.name, kept_pdf)] == [True, True]

    with TestCase.captureOnCommitCallbacks(execute=True):
        application.delete()  # the attachment by cascade, the cached PDFs by registration
    assert [default_storage.exists(n) for n in (attachment.file.name, kept_pdf)] == [False,
                                                                                     False]
    assert list(stored_names(default_storage, f"application-pdfs/{application.pk}")) == []


def test_a_storage_that_fails_leaves_an_orphan_file_never_an_error(monkeypatch, caplog):
    attachment = attach_pdf(ApplicationFactory())

    def unreachable(self, name):
        raise ConnectionError("the bucket does not answer")

    monkeypatch.setattr(FileSystemStorage, "delete", unreachable)
    with TestCase.captureOnCommitCallbacks(execute=True):
        attachment.delete()
    assert "the bucket does not answer" in caplog.text
    assert default_storage.exists(attachment.file.name)


def test_a_record_whose_file_has_gone_answers_404_not_500(client, caplog):
    application = ApplicationFactory()
    attachment = attach_pdf(application)
    default_storage.delete(attachment.file.name)
    client.force_login(applicant_of(application.organisation))
    response = client.get(reverse("applications:attachment-download",
                                  args=[application.pk, attachment.pk]))
    assert response.status_code == 404
    assert f"A stored file is missing: '{attachment.file.name}'" in caplog.text


def test_a_ready_award_letter_whose_pdf_has_gone_answers_404_not_500(client, hq_staff):
    """TECH-NOTES, 2026-12-06: it answered 500."""
    decision = approved_decision()
    with TestCase.captureOnCommitCallbacks(execute=True):
        letter = award_letter_request(decision=decision)
    letter.refresh_from_db()
    assert letter.status == LetterStatus.READY
    default_storage.delete(letter.file.name)
    client.force_login(hq_staff)
    assert client.get(reverse("sponsorship:letter-download",
                              args=[letter.pk])).status_code == 404


def _portal_modules():
    """The Python modules of the portal's own apps (those in this checkout), new ones too."""
    for config in apps.get_app_configs():
        folder = Path(config.path)
        if not folder.is_relative_to(ROOT) or ".venv" in folder.relative_to(ROOT).parts:
            continue
        for path in sorted(folder.rglob("*.py")):
            if "migrations" not in path.parts and "settings" not in path.parts:
                yield path


def test_the_portal_reaches_stored_files_only_through_the_storage_api():
    """No file system path of a stored file (a file field's .path, storage.path(),
    MEDIA_ROOT) in the portal's code: it works on the folder and fails on a bucket."""
    file_fields = {f.name for model in apps.get_models() for f in model._meta.concrete_fields
                   if isinstance(f, models.FileField)} | {"storage", "default_storage"}
    found = []
    for path in _portal_modules():
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            name = (node.attr if isinstance(node, ast.Attribute)
                    else node.id if isinstance(node, ast.Name) else None)
            target = (node.value.attr if isinstance(node.value, ast.Attribute)
                      else getattr(node.value, "id", None)) if isinstance(
                node, ast.Attribute) else None
            if name == "MEDIA_ROOT" or (name == "path" and target in file_fields):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert found == []
