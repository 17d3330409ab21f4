"""The portal's stored files (attachments, partner letters, receipts, award and amendment
letters, annual reports, the cached application PDFs) in the configured storage
(STORAGES["default"]: the folder MEDIA_ROOT, or a private S3-compatible bucket), reached only
through Django's storage API, so that both behave alike.

- Served only by the portal's own views, after their permission check:
  `stored_file_response` streams the file from storage (a bucket's objects are private and
  their URLs never reach a page); a record whose file has gone answers 404, never 500.
- Removed with their record: every installed model with a file field has its
  files deleted from storage once the deletion of its row is committed, whichever path
  deletes it (a service, a cascade from the row above it, a retention job, the
  administration). Files kept per record under a folder that no field names (the
  application's cached PDFs) are registered with `register_record_folder` and go with it.

The removal is a `post_delete` receiver, not workflow: a cascade deletes rows without any
service seeing them, and a file left behind is personal data the portal no longer
accounts for. It runs after commit (a rolled-back deletion keeps its files) and `robust`
(a storage that fails leaves an orphan file, never an error for a deletion that committed).
"""

import logging
import posixpath
from collections.abc import Callable, Iterator

from django.apps import apps
from django.core.files.storage import Storage, default_storage
from django.db import models, transaction
from django.db.models.fields.files import FieldFile
from django.db.models.signals import post_delete
from django.http import FileResponse, Http404

logger = logging.getLogger(__name__)

# {model: [record → folder]}: folders of files kept per record (register_record_folder).
_RECORD_FOLDERS: dict[type[models.Model], list[Callable[[models.Model], str]]] = {}


def stored_names(storage: Storage = default_storage, folder: str = "") -> Iterator[str]:
    """Every file's name in `storage` under `folder` (all when empty), depth first, in a
    stable order; nothing for a folder that does not exist."""
    try:
        folders, files = storage.listdir(folder)
    except FileNotFoundError:  # a local folder not created yet (a bucket lists nothing)
        return
    for name in sorted(files):
        yield posixpath.join(folder, name) if folder else name
    for sub in sorted(folders):
        yield from stored_names(storage, posixpath.join(folder, sub) if folder else sub)


def stored_file_response(stored: FieldFile, *, filename: str,
                         content_type: str | None = "application/pdf") -> FileResponse:
    """The download of a record's stored file, streamed from storage in chunks, as an
    attachment named `filename`. Call it only after the view's permission check. A file
    that is missing from storage (or a record without one) is a 404, logged as an error."""
    try:
        opened = stored.open("rb")
    except (FileNotFoundError, ValueError):  # ValueError: the record names no file
        logger.error("A stored file is missing: %r (%s %s)", stored.name,
                     type(stored.instance).__name__, stored.instance.pk)
        raise Http404 from None
    return FileResponse(opened, as_attachment=True, filename=filename,
                        content_type=content_type)


def register_record_folder(model: type[models.Model],
                           folder_of: Callable[[models.Model], str]) -> None:
    """Remove the files under `folder_of(record)` when a `model` record is deleted (called
    from the owning app's AppConfig.ready())."""
    _RECORD_FOLDERS.setdefault(model, []).append(folder_of)
    _connect(model)


def files_removed_with_records() -> None:
    """Connect the removal for every installed model that has a file field (called once,
    from rit_portal's AppConfig.ready(), so that a new app's files are covered too)."""
    for model in apps.get_models():
        if _file_fields(model):
            _connect(model)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [field for field in model._meta.concrete_fields
            if isinstance(field, models.FileField)]


def _connect(model: type[models.Model]) -> None:
    post_delete.connect(_remove_record_files, sender=model, weak=False,
                        dispatch_uid=f"stored_files:{model._meta.label}")


def record_folders_remove(record: models.Model, *, using=None) -> None:
    """Remove the files kept under `record`'s registered folders (register_record_folder)
    once the current transaction commits, the record staying (a retention job that
    anonymises it: the cached PDFs hold what it blanked)."""
    _remove_after_commit(removals=[], folders=[
        folder_of(record) for folder_of in _RECORD_FOLDERS.get(type(record), ())], using=using)


def _remove_record_files(sender, instance, using=None, **kwargs) -> None:
    _remove_after_commit(
        removals=[(stored.storage, stored.name) for stored in
                  (getattr(instance, field.attname) for field in _file_fields(sender))
                  if stored.name],
        folders=[folder_of(instance) for folder_of in _RECORD_FOLDERS.get(sender, ())],
        using=using)


def _remove_after_commit(*, removals: list, folders: list[str], using=None) -> None:
    if not removals and not folders:
        return

    def remove() -> None:
        for storage, name in removals:
            storage.delete(name)
        for folder in folders:
            for name in list(stored_names(default_storage, folder)):
                default_storage.delete(name)

    transaction.on_commit(remove, using=using, robust=True)
