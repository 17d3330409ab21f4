"""Every stored file (attachments, receipts, award and amendment letters, annual reports,
the cached application PDFs) into one tar.gz and back, through the configured storage
(STORAGES["default"]): the local folder (MEDIA_ROOT) or an S3-compatible bucket alike.
Used by scripts/backup.sh and scripts/restore.sh (the commands media_backup and
media_restore)."""

import posixpath
import tarfile

from django.core.files.base import ContentFile
from django.core.files.storage import Storage, default_storage

from .stored_files import stored_names


def media_archive_write(path: str, *, storage: Storage = default_storage) -> int:
    """Write every stored file into the tar.gz `path`; returns how many."""
    count = 0
    with tarfile.open(path, "w:gz") as archive:
        for name in stored_names(storage):
            with storage.open(name, "rb") as stored:
                content = stored.read()
            info = tarfile.TarInfo(name)
            info.size = len(content)
            archive.addfile(info, ContentFile(content))
            count += 1
    return count


def media_archive_restore(path: str, *, storage: Storage = default_storage) -> int:
    """Store every file of the tar.gz `path` under its own name; returns how many. Refuses
    (ValueError) a storage that already holds files, so that two states never mix."""
    if next(stored_names(storage), None) is not None:
        raise ValueError("The storage already holds files: restore into an empty one.")
    count = 0
    with tarfile.open(path, "r:gz") as archive:
        for member in archive:
            if not member.isfile():
                continue
            name = posixpath.normpath(member.name.removeprefix("./"))
            if name.startswith(("../", "/")) or name == "..":
                raise ValueError(f"An unsafe name in the archive: {member.name!r}")
            saved = storage.save(name, ContentFile(archive.extractfile(member).read()))
            if saved != name:
                raise ValueError(f"{name!r} was stored as {saved!r}")
            count += 1
    return count
