"""The application as one PDF (every section, the firms, the costs, the attachments
listed), for the applicant's and HQ's files and for reviewers. Rendered in the reader's
language through rit_portal.pdf, the same WeasyPrint path and font as the award letters.
Pure rendering: reads the database, writes nothing.
"""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone

from rit_portal import pdf

from .enums import Objective
from .models import Application

STYLESHEET = Path(__file__).resolve().parent / "templates" / "applications" / "pdf" / \
    "application.css"
TEMPLATE = "applications/pdf/application.html"


def application_pdf_filename(application: Application) -> str:
    return f"application-{application.reference or f'draft-{application.pk}'}.pdf"


def application_html(application: Application) -> str:
    """The printable page of `application` (loaded by selectors.application_detail), in the
    active language."""
    return render_to_string(TEMPLATE, {
        "application": application,
        "members": list(application.consortium_members.all()),
        "objective_labels": [Objective(v).label for v in application.objectives
                             if v in Objective.values],
        "printed_at": timezone.localtime(),
    })


def application_pdf(application: Application) -> bytes:
    """The PDF bytes of the application as it stands now."""
    return pdf.html_to_pdf(application_html(application), stylesheets=(STYLESHEET,))
