"""PDF attachments: checked by content (magic bytes), size-limited, stored under MEDIA_ROOT
with a generated name and served only through a permission-checked view."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from ..models import Application, Attachment
from .draft import require_editable

PDF_MAGIC = b"%PDF-"


def attachment_validate(uploaded) -> None:
    """Raise ValidationError unless `uploaded` is a PDF within ATTACHMENT_MAX_BYTES.

    The file's first bytes decide, not its name: a renamed text file is refused.
    """
    if uploaded.size > settings.ATTACHMENT_MAX_BYTES:
        raise ValidationError(
            _("The file is %(size)s; attachments may be at most %(max)s.")
            % {"size": filesizeformat(uploaded.size),
               "max": filesizeformat(settings.ATTACHMENT_MAX_BYTES)}, code="too_large")
    uploaded.seek(0)
    head = uploaded.read(len(PDF_MAGIC))
    uploaded.seek(0)
    if head != PDF_MAGIC:
        raise ValidationError(_("Only PDF files can be attached; this file is not a PDF."),
                              code="not_pdf")


@transaction.atomic
def attachment_add(*, application: Application, by, kind: str, uploaded) -> Attachment:
    """Store the PDF for the application and record who uploaded it."""
    require_editable(application=application, by=by)
    try:
        attachment_validate(uploaded)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    original = (uploaded.name or "document.pdf").rsplit("/", 1)[-1][:255]
    attachment = Attachment(application=application, kind=kind, original_name=original,
                            size=uploaded.size, uploaded_by=by)
    # A generated stored name: nothing guessable, no clash between two "letter.pdf".
    attachment.file.save(f"{uuid.uuid4().hex}.pdf", uploaded, save=False)
    attachment.full_clean()
    attachment.save()
    return attachment


@transaction.atomic
def attachment_delete(*, attachment: Attachment, by) -> None:
    require_editable(application=attachment.application, by=by)
    stored = attachment.file.name
    storage = attachment.file.storage
    attachment.delete()
    # Remove the file only once the row's deletion is committed.
    # robust: storage that fails (S3 unreachable) must not turn the committed removal into
    # an error page; the orphan file is harmless.
    transaction.on_commit(lambda: storage.delete(stored), robust=True)
