"""PDF attachments: parsed as PDF (not only their first bytes), size-limited, stored under
MEDIA_ROOT with a generated name ending in .pdf and served only through a permission-checked
view, under a name that always ends in .pdf."""

import logging
import unicodedata
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from ..models import Application, Attachment
from .draft import require_editable

PDF_MAGIC = b"%PDF-"
# Actions a PDF reader runs on its own when the file is opened or a page shown: reviewers
# and HQ open these files, so none is accepted.
ACTIVE_CONTENT = ("/JavaScript", "/JS", "/Launch", "/EmbeddedFile", "/RichMedia")

logger = logging.getLogger(__name__)


def attachment_validate(uploaded) -> None:
    """Raise ValidationError unless `uploaded` is a PDF within ATTACHMENT_MAX_BYTES.

    The content decides, not the name: the file must start as a PDF, parse as one with at
    least one page, not be encrypted (reviewers could not open it) and carry no script,
    launch action or embedded file.
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
    problem = _pdf_problem(uploaded)
    uploaded.seek(0)
    if problem:
        raise ValidationError(problem, code="bad_pdf")


def _pdf_problem(uploaded) -> str:
    """What makes the PDF unacceptable ("" when nothing does)."""
    try:
        reader = PdfReader(uploaded, strict=False)
        if reader.is_encrypted:
            return _("This PDF is protected with a password; attach a copy without one.")
        if len(reader.pages) < 1:
            return _("This PDF has no pages.")
        if _has_active_content(reader):
            return _("This PDF contains scripts, actions or embedded files; attach a plain "
                     "copy (print it to PDF again).")
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            RecursionError, OSError) as exc:
        logger.info("Refused an unreadable PDF upload: %r", exc)
        return _("This file cannot be read as a PDF; it may be damaged. Save it as PDF again "
                 "and attach the new copy.")
    return ""


def _has_active_content(reader: PdfReader) -> bool:
    """Whether the document catalogue, a page or an annotation names an automatic action,
    a script or an embedded file."""
    root = reader.trailer["/Root"]
    names = root.get("/Names")
    if names is not None and any(key in names.get_object() for key in
                                 ("/JavaScript", "/EmbeddedFiles")):
        return True
    objects = [root.get("/OpenAction"), root.get("/AA")]
    for page in reader.pages:
        objects.append(page.get("/AA"))
        for annotation in page.get("/Annots") or []:
            annotation = annotation.get_object()
            objects += [annotation.get("/A"), annotation.get("/AA"), annotation.get("/FS")]
    return any(_names_active(obj) for obj in objects if obj is not None)


def _names_active(obj, depth: int = 0) -> bool:
    obj = obj.get_object() if hasattr(obj, "get_object") else obj
    if depth > 8:
        return False
    if isinstance(obj, dict):
        if obj.get("/S") in ACTIVE_CONTENT or any(key in obj for key in ("/JS", "/EF")):
            return True
        return any(_names_active(value, depth + 1) for value in obj.values())
    if isinstance(obj, list):
        return any(_names_active(value, depth + 1) for value in obj)
    return False


def pdf_display_name(name: str | None) -> str:
    """The name a file is listed and downloaded under: the uploaded name's last part, without
    control characters, always ending in .pdf ("Plan" → "Plan.pdf", "x.exe" → "x.exe.pdf",
    "a.PDF" → "a.pdf")."""
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip() or "document"
    if name.lower().endswith(".pdf"):
        name = name[:-4]
    return f"{name[:250]}.pdf"


@transaction.atomic
def attachment_add(*, application: Application, by, kind: str, uploaded) -> Attachment:
    """Store the PDF for the application and record who uploaded it."""
    require_editable(application=application, by=by)
    try:
        attachment_validate(uploaded)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    original = pdf_display_name(uploaded.name)
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
