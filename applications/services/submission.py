"""The moves of the application form: submission (with its reference number), withdrawal,
and HQ's request for more information (which opens the form again).

All go through `workflow.application_transition`, which checks the table and the rules.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.enums import Kind
from notifications.services import notify
from rit_portal.system_texts import event

from ..enums import ApplicationStatus as S
from ..models import Application, Call
from ..selectors import information_request_open
from ..workflow import application_resume_after_answer, application_transition
from .office_copies import SUBMITTED, office_copy_record


@transaction.atomic
def application_submit(*, application: Application, by, answer: str = "") -> Application:
    """Submit the application, or submit it again with `answer` to HQ's request for more
    information.

    Runs every completeness check and, on first submission, the call's deadline (workflow
    rule); gives the application its reference number on first submission
    (RIT-FY<year>-<4-digit sequence per fiscal year, whatever the number of calls in it>)
    and records the submission time. An answer
    is required when a request awaits one: it is the note of the resubmission (an event
    says whether it came after the reply-by date); the HQ staff member who asked is
    e-mailed, and a request made during the review puts the application back under
    review. Raises ValidationError and saves nothing when a check fails.
    """
    call = Call.objects.get(pk=application.call_id)
    # Lock every call of the fiscal year (in one order, so two submissions never deadlock):
    # references number per fiscal year, so two submissions in the same second, to one call
    # or to two calls of the year, get distinct sequences.
    list(Call.objects.select_for_update().filter(fiscal_year=call.fiscal_year)
         .order_by("pk").values_list("pk", flat=True))
    request = information_request_open(application=application)
    answer = answer.strip()
    if request is not None and not answer:
        raise ValidationError({"answer": _("Answer the programme office's request: say "
                                           "what you changed or add the information.")})
    answered = None
    if request is not None:
        late = request.reply_by is not None and timezone.now() > request.reply_by
        answered = (event("information.answered_late", reply_by=request.reply_by.isoformat())
                    if late else event("information.answered"))
    change = application_transition(application=application, to=S.SUBMITTED, by=by,
                                    note=answer if request is not None else "",
                                    event=answered)
    if request is not None:
        if request.by is not None and request.by.is_active:
            notify(Kind.INFO_ANSWERED, to=request.by, about=application,
                   params={"status_change": change.pk})
        application_resume_after_answer(application=application, request=request)
    if application.reference is None:
        last = (Application.objects.filter(call__fiscal_year=call.fiscal_year)
                .aggregate(m=Max("sequence"))["m"] or 0)
        application.sequence = last + 1
        application.reference = f"RIT-FY{call.fiscal_year}-{application.sequence:04d}"
        application.submitted_at = timezone.now()
        application.save(update_fields=["sequence", "reference", "submitted_at"])
    office_copy_record(application=application, what=SUBMITTED, once_for={"change": change.pk})
    return application


@transaction.atomic
def application_withdraw(*, application: Application, by, note: str = "") -> Application:
    """Withdraw the application (allowed until a decision is published; workflow rule)."""
    application_transition(application=application, to=S.WITHDRAWN, by=by, note=note)
    return application


@transaction.atomic
def application_request_information(*, application: Application, by, note: str,
                                    reply_by=None) -> Application:
    """HQ asks the applicant for more information (a submitted or under-review application,
    workflow rule): the form opens again for the applicant, who submits it again. `note`
    says what is needed (required); `reply_by` is an optional date to answer by. The
    applicant organisation is e-mailed after commit (the status change's notification)."""
    note = note.strip()
    if not note:
        raise ValidationError({"note": _("Say which information is needed.")})
    if reply_by is not None and reply_by <= timezone.now():
        raise ValidationError({"reply_by": _("The reply date must be in the future.")})
    application_transition(application=application, to=S.INFO_REQUESTED, by=by, note=note,
                           reply_by=reply_by)
    return application
