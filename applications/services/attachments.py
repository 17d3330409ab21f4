"""PDF attachments: parsed as PDF (not only their first bytes), size-limited, stored in the
default storage (the folder or the bucket: rit_portal.stored_files) with a generated name
ending in .pdf and served only through a permission-checked view, under a name that always
ends in .pdf."""

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
from . import pdf_content
from .draft import require_editable
from .pdf_content import (
    ACTION,
    EMBEDDED,
    LAUNCH,
    RICH_MEDIA,
    SCRIPT,
    TOO_COMPLEX,
    XFA,
    pdf_active_content,
)

PDF_MAGIC = b"%PDF-"

logger = logging.getLogger(__name__)


def attachment_validate(uploaded) -> None:
    """Raise ValidationError unless `uploaded` is a PDF within ATTACHMENT_MAX_BYTES.

    The content decides, not the name: the file must start as a PDF, parse as one with at
    least one page, not be encrypted (reviewers could not open it) and carry no active
    content at any depth (applications.services.pdf_content: scripts, XFA forms, actions,
    launch actions, embedded files, multimedia).
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
        active = pdf_active_content(reader)
        if active:
            return active_content_message(active)
    except (PyPdfError, ValueError, TypeError, KeyError, IndexError, AttributeError,
            RecursionError, OSError) as exc:
        logger.info("Refused an unreadable PDF upload: %r", exc)
        return _("This file cannot be read as a PDF; it may be damaged. Save it as PDF again "
                 "and attach the new copy.")
    return ""


def active_content_message(kind: str) -> str:
    """What the applicant reads at the upload field for each kind of active content."""
    return {
        LAUNCH: _("This PDF can start other programs (a launch action); attach a plain copy "
                  "(print it to PDF again)."),
        SCRIPT: _("This PDF contains JavaScript; attach a plain copy (print it to PDF "
                  "again)."),
        XFA: _("This PDF is an XFA form, which can run scripts; attach a plain copy (print "
               "it to PDF again)."),
        EMBEDDED: _("This PDF contains embedded files; attach each document as a PDF of its "
                    "own."),
        RICH_MEDIA: _("This PDF contains sound, video or other media that plays by itself; "
                      "attach a plain copy (print it to PDF again)."),
        ACTION: _("This PDF contains actions that run by themselves or from its form fields "
                  "(opening other files, sending or importing data); attach a plain copy "
                  "(print it to PDF again)."),
        TOO_COMPLEX: _("This PDF has too many parts to check (more than %(count)s); save it "
                       "as PDF again or split it.") % {"count": f"{pdf_content.MAX_PDF_OBJECTS:,}"},
    }[kind]


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
    attachment.delete()  # its file goes once this is committed (rit_portal.stored_files)
