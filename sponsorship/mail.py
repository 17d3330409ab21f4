"""The e-mails the sponsorship app owns, registered with notifications at start-up
(apps.py): the published decisions, the award letter (its PDF attached; what sending it,
or failing to, records on the letter)."""

from django.utils import timezone

from accounts.models import ApplicantOrganisation
from applications.mail import applications_listed
from notifications.enums import Kind
from notifications.kinds import Attachment, register_kind

from .enums import LetterStatus
from .models import AwardLetter


def _decisions_published(params: dict) -> dict:
    organisation = ApplicantOrganisation.objects.get(pk=params["organisation"])
    # Rendered under the notification's language: the accessor picks the name in it.
    return {"organisation_name": organisation.name,
            "applications": applications_listed(params["applications"])}


def _award_letter(params: dict) -> dict:
    from .letter_pdf import letter_reference

    letter = (AwardLetter.objects
              .select_related("decision__application__organisation",
                              "decision__application__call")
              .get(pk=params["letter"]))
    application = letter.decision.application
    return {"letter": letter, "application": application,
            "organisation": application.organisation, "reference": letter_reference(letter)}


def _award_letter_pdf(params: dict, context: dict) -> list[Attachment]:
    from .letter_pdf import letter_filename

    letter = context["letter"]
    with letter.file.open("rb") as stored:
        return [(letter_filename(letter), stored.read(), "application/pdf")]


def _award_letter_sent(params: dict) -> None:
    AwardLetter.objects.filter(pk=params["letter"]).update(emailed_at=timezone.now(), error="")


def _award_letter_failed(params: dict, error: str) -> None:
    # The letters page shows HQ why a ready letter has not reached the applicant.
    (AwardLetter.objects.filter(pk=params["letter"], status=LetterStatus.READY)
     .update(error=error))


def register() -> None:
    register_kind(Kind.DECISIONS_PUBLISHED, context=_decisions_published)
    register_kind(Kind.AWARD_LETTER, context=_award_letter, attachments=_award_letter_pdf,
                  on_sent=_award_letter_sent, on_failed=_award_letter_failed)
