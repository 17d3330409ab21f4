"""Invitation letters for foreign experts' visa applications: a bilingual PDF (Japanese, then
English), issued by the sponsored organisation for an activity held in Japan.

Rendered by the portal's one WeasyPrint path, sponsorship.letter_pdf.html_to_pdf (its A4
page, shipped font and tables), with this letter's own rules added
(templates/projects/letters/invitation_letter.css). letter_pdf, and WeasyPrint with it, is
imported on first use: once per process.
"""

from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from .enums import IN_JAPAN, TravellerType
from .models import Delegate

STYLESHEET = (Path(__file__).resolve().parent / "templates" / "projects" / "letters"
              / "invitation_letter.css")
TEMPLATE = "projects/letters/invitation_letter.html"


def invitation_letter_available(delegate: Delegate) -> bool:
    """A foreign expert travelling to an activity in Japan."""
    return (delegate.traveller_type == TravellerType.FOREIGN_EXPERT
            and delegate.activity.activity_type in IN_JAPAN)


def invitation_letter_reference(delegate: Delegate) -> str:
    """E.g. RIT-FY2026-0002-Y1-INV12."""
    project_year = delegate.activity.project_year
    return (f"{project_year.project.application.reference}-Y{project_year.number}"
            f"-INV{delegate.pk}")


def invitation_letter_filename(delegate: Delegate) -> str:
    return f"invitation-letter-{invitation_letter_reference(delegate)}.pdf"


def invitation_letter_context(delegate: Delegate) -> dict:
    """Everything the letter shows. The costs it names are those the sponsorship covers
    for this activity in this year (approved lines above zero)."""
    from sponsorship.letter_pdf import gregorian_en, gregorian_ja

    activity = delegate.activity
    project_year = activity.project_year
    project = project_year.project
    legs = list(delegate.legs.all())
    covered = [line for line in project_year.approved_lines.all()
               if line.activity == activity.activity_type and line.approved_amount > 0]
    issued = timezone.localdate()
    return {
        "delegate": delegate, "activity": activity, "project": project,
        "application": project.application, "organisation": project.organisation,
        "partner_region": project.partner_region, "legs": legs, "covered": covered,
        "reference": invitation_letter_reference(delegate),
        "issued_ja": gregorian_ja(issued), "issued_en": gregorian_en(issued),
        "dates_ja": (gregorian_ja(activity.starts_on), gregorian_ja(activity.ends_on)),
        "dates_en": (gregorian_en(activity.starts_on), gregorian_en(activity.ends_on)),
        "stay_ja": (gregorian_ja(legs[0].travel_date), gregorian_ja(legs[-1].travel_date))
        if legs else None,
        "stay_en": (gregorian_en(legs[0].travel_date), gregorian_en(legs[-1].travel_date))
        if legs else None,
    }


def invitation_letter_html(delegate: Delegate) -> str:
    # Both languages are in the letter; each section sets its own with {% language %}.
    with translation.override("ja"):
        return render_to_string(TEMPLATE, invitation_letter_context(delegate))


def invitation_letter_pdf(*, delegate: Delegate) -> bytes:
    from sponsorship.letter_pdf import html_to_pdf

    return html_to_pdf(invitation_letter_html(delegate), added=(STYLESHEET,))
