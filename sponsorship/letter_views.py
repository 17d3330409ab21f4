"""Award letter pages: the applicant's download, HQ's letters per call (status, retry,
regenerate all with progress)."""

from django.contrib import messages
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from applications.models import Call
from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown
from rit_portal.stored_files import stored_file_response

from .enums import LetterStatus
from .letter_pdf import letter_filename
from .letters import LETTER_STALE_AFTER, award_letter_regenerate_call, award_letter_retry
from .models import AwardLetter, LetterBatch
from .selectors import (
    batch_progress,
    calls_with_letters,
    latest_batch,
    letter_for_download,
    letters_for_call,
)


@gate()
def letter_download(request, pk: int):
    """The PDF, for the applicant organisation and HQ; a 404 for everyone else."""
    try:
        letter = letter_for_download(user=request.user, pk=pk)
    except AwardLetter.DoesNotExist:
        raise Http404 from None
    return stored_file_response(letter.file, filename=letter_filename(letter))


@gate("sponsorship.manage_award_letters")
def letter_calls(request):
    return render(request, "sponsorship/letters/calls.html", {"calls": calls_with_letters()})


@gate("sponsorship.manage_award_letters")
def call_letters(request, call_pk: int):
    call = get_object_or_404(Call, pk=call_pk)
    batch = latest_batch(call=call)
    return render(request, "sponsorship/letters/call_letters.html", {
        "call": call, "statuses": LetterStatus.choices, "status": request.GET.get("status", ""),
        "page": paginate(letters_for_call(call=call, status=request.GET.get("status", "")),
                         params=request.GET),
        "batch": batch, "progress": batch_progress(batch) if batch else None,
        "stale_minutes": int(LETTER_STALE_AFTER.total_seconds() // 60),
    })


@require_POST
@gate("sponsorship.manage_award_letters")
def letter_retry(request, pk: int):
    letter = get_object_or_404(AwardLetter.objects.select_related("decision__application"),
                               pk=pk)
    with refusal_shown(request) as refusal:
        award_letter_retry(letter=letter, by=request.user)
    if not refusal:
        messages.success(request, _("The letter has been queued again."))
    return redirect("sponsorship:call-letters", call_pk=letter.decision.application.call_id)


@require_POST
@gate("sponsorship.manage_award_letters")
def call_letters_regenerate(request, call_pk: int):
    call = get_object_or_404(Call, pk=call_pk)
    with refusal_shown(request) as refusal:
        batch = award_letter_regenerate_call(call=call, by=request.user)
    if not refusal:
        messages.success(request, _("%(count)d letters are being regenerated. Letters already "
                                    "sent are not e-mailed again.") % {"count": batch.total})
    return redirect("sponsorship:call-letters", call_pk=call.pk)


@gate("sponsorship.manage_award_letters")
def batch_progress_json(request, pk: int):
    batch = get_object_or_404(LetterBatch, pk=pk)
    return JsonResponse(batch_progress(batch))
