"""The application as one PDF (every section, the firms, the costs, the attachments
listed), for the applicant's and HQ's files and for reviewers. Rendered in the reader's
language through rit_portal.pdf, the same WeasyPrint path and font as the award letters.

Rendering takes 2–3 seconds, so each version of an application is rendered once per
language and kept (`application_pdf_stored`): the version is the printable page's own
content, so any change that shows in the PDF (a section, a firm, a cost line, the
organisation's address, the status) makes a new version, and nothing else does. The kept
file lives in the default storage under `application-pdfs/<id>/`, outside the static and
media URLs (served only by the gated download view); a new version replaces the earlier
one of its language, and the folder goes with the application (registered with
rit_portal.stored_files in apps.py).
"""

import hashlib
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import timezone, translation

from rit_portal import pdf
from rit_portal.stored_files import stored_names

from .enums import Objective
from .models import Application, application_pdf_folder

STYLESHEET = Path(__file__).resolve().parent / "templates" / "applications" / "pdf" / \
    "application.css"
TEMPLATE = "applications/pdf/application.html"


def application_pdf_filename(application: Application) -> str:
    return f"application-{application.reference or f'draft-{application.pk}'}.pdf"


def application_html(application: Application, *, printed_at=None) -> str:
    """The printable page of `application` (loaded by selectors.application_detail), in the
    active language, saying it was printed at `printed_at` (now by default)."""
    return render_to_string(TEMPLATE, {
        "application": application,
        "members": list(application.consortium_members.all()),
        "objective_labels": [Objective(v).label for v in application.objectives
                             if v in Objective.values],
        "printed_at": printed_at or timezone.localtime(),
    })


def application_pdf(application: Application) -> bytes:
    """The PDF bytes of the application as it stands now."""
    return pdf.html_to_pdf(application_html(application), stylesheets=(STYLESHEET,))


# Any fixed moment: the version's fingerprint is the page without its printing time.
_FINGERPRINT_MOMENT = timezone.datetime(2000, 1, 1, tzinfo=timezone.get_fixed_timezone(540))


def application_pdf_stored(application: Application) -> bytes:
    """The PDF of the application's current version in the active language: the kept file
    when this version was rendered before, otherwise rendered now, kept, and the earlier
    version of this language removed. The PDF says when it was printed (first rendered)."""
    language = translation.get_language() or "ja"
    fingerprint = hashlib.sha256(application_html(
        application, printed_at=_FINGERPRINT_MOMENT).encode()).hexdigest()[:32]
    folder = application_pdf_folder(application)
    name = f"{folder}/{language}-{fingerprint}.pdf"
    storage = default_storage
    if storage.exists(name):
        with storage.open(name, "rb") as kept:
            return kept.read()
    content = application_pdf(application)
    # Listed, not tested with exists(folder): a bucket has no folders, only names.
    for earlier in list(stored_names(storage, folder)):
        if earlier.removeprefix(f"{folder}/").startswith(f"{language}-"):
            storage.delete(earlier)
    storage.save(name, ContentFile(content))
    return content
