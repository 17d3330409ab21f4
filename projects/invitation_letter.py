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
from django.utils.translation import gettext_lazy as _

from rit_portal.bilingual import latin_text

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


def invitation_letter_english(delegate: Delegate) -> tuple[dict, list[str]]:
    """What the English page prints from records that hold Japanese (the organisation, its
    representative and contact, the project, the activity and its place): each in Latin
    script, from its English field or the English half of a "日本語 / English" text. And
    the labels of those that have none: the page prints them in Japanese rather than leave
    a blank, and the roster tells the organisation what to add (`gaps`)."""
    organisation = delegate.activity.project_year.project.organisation
    application = delegate.activity.project_year.project.application
    activity = delegate.activity
    # key: (what the roster asks for when it is missing, the Latin-script candidates,
    # what the page prints then)
    wanted = {
        "organisation": (_("the organisation's name in English"),
                         [organisation.name_en], organisation.name_ja),
        "representative": (_("the representative's name in Latin script"),
                           [organisation.representative_name_en],
                           organisation.representative_name_ja),
        "representative_title": (_("the representative's title in English"),
                                 [organisation.representative_title_en],
                                 organisation.representative_title_ja),
        # Without it the contact line gives the e-mail address and telephone only.
        "contact": (_("the contact person's name in Latin script"),
                    [organisation.contact_name_en], ""),
        # Without it the address line gives the prefecture and postal code only.
        "address": (_("the organisation's address in English"), [organisation.address_en],
                    " ".join(part for part in (organisation.prefecture.name_en,
                                               organisation.postal_code) if part)),
        "project": (_("the project's title in English"), [application.title_en],
                    application.title_ja),
        "activity": (_("the activity's title in English"), [activity.title_en],
                     activity.title_ja),
        "venue": (_("the venue in Latin script"), [activity.venue], activity.venue),
        "city": (_("the city in Latin script"), [activity.city], activity.city),
        "expert_organisation": (_("the traveller's organisation in Latin script"),
                                [delegate.organisation], delegate.organisation),
        "expert_role": (_("the traveller's role in Latin script"), [delegate.role],
                        delegate.role),
    }
    originals = {"representative_title": organisation.representative_title_ja,
                 "contact": organisation.contact_name, "address": organisation.address}
    english, gaps = {}, []
    for key, (label, candidates, otherwise) in wanted.items():
        english[key] = latin_text(*candidates)
        if not english[key] and (originals.get(key, otherwise) or "").strip():
            english[key] = otherwise
            gaps.append(str(label))
    if not english["address"].rstrip(". ").endswith("Japan"):
        english["address"] = f"{english['address']}, Japan"
    return english, gaps


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
    english, _gaps = invitation_letter_english(delegate)
    return {
        "english": english,
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
