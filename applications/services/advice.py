"""The JETRO office in Japan advises on a draft its organisation shared with it.

The organisation shares a draft with the office covering its prefecture
(`application_share_with_office`); the office's staff then read it and write advice on a
section of the form (`office_advice_give`); the applicant answers each piece of advice
(`office_advice_answer`). Advice is between the organisation and its office: reviewers
never see it (no reviewer's page reads OfficeAdvice) and it is no part of what is
submitted.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from rit_portal.permissions import require

from ..models import Application, OfficeAdvice
from ..sections import SECTION_KEYS


@transaction.atomic
def application_share_with_office(*, application: Application, by, share: bool) -> Application:
    """The applicant shares its draft with its office in Japan (`share`) or stops sharing.
    Only while the draft may be edited; PermissionDenied otherwise."""
    require(by, "applications.share_with_office", application,
            message=_("Only a draft of your organisation can be shared with its office."))
    application.shared_with_office_at = timezone.now() if share else None
    application.save(update_fields=["shared_with_office_at", "updated_at"])
    return application


@transaction.atomic
def office_advice_give(*, application: Application, by, section: str, text: str) -> OfficeAdvice:
    """A staff member of the office covering the organisation writes advice on `section`
    of a shared draft. PermissionDenied for anyone else or once the draft is no longer
    shared or no longer a draft; ValidationError (on "text") when empty."""
    require(by, "applications.advise_draft", application,
            message=_("Advice can be given only on a draft the organisation shares with "
                      "your office."))
    if section not in SECTION_KEYS:
        raise ValidationError({"section": _("Choose a section of the application form.")})
    advice = OfficeAdvice(application=application, section=section, text=text.strip(),
                          office=by.office, written_by=by, written_at=timezone.now())
    advice.full_clean()
    advice.save()
    return advice


@transaction.atomic
def office_advice_answer(*, advice: OfficeAdvice, by, text: str) -> OfficeAdvice:
    """The applicant answers (or answers again) a piece of advice on its application."""
    require(by, "applications.answer_advice", advice.application,
            message=_("Only the organisation can answer its office's advice."))
    advice.answer = text.strip()
    if not advice.answer:
        raise ValidationError({"answer": _("Write your answer.")})
    advice.answered_by, advice.answered_at = by, timezone.now()
    advice.save(update_fields=["answer", "answered_by", "answered_at"])
    return advice
