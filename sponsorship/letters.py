"""Award letters: request, produce (render + store + e-mail, exactly once in effect), retry,
regenerate; and the reads the letter pages need.

A letter is keyed by its decision (one decision row = one decision version), so a repeated
request finds the existing letter. Producing it is idempotent:
- the render step claims the row (status RENDERING) and stores the PDF under one fixed
  name per letter, replacing whatever a killed earlier attempt left there;
- the e-mail step holds the row lock while sending and records `emailed_at` in the same
  transaction, so a duplicate or retried task that comes later finds it set and sends
  nothing.
Regenerating re-renders but does not e-mail again (emailed_at is already set).
"""

import hashlib
import os
import time

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Count, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.rules import is_hq_staff
from applications.models import Call

from .enums import LetterStatus
from .models import AwardLetter, LetterBatch, SponsorshipDecision

FINISHED = (LetterStatus.READY, LetterStatus.FAILED)
ERROR_MAX_CHARS = 2000


def _enqueue(letter_id: int) -> None:
    from .tasks import render_award_letter

    transaction.on_commit(lambda: render_award_letter.delay(letter_id=letter_id))


@transaction.atomic
def award_letter_request(*, decision: SponsorshipDecision) -> AwardLetter:
    """The award letter of `decision`, created (pending) and queued if it did not exist yet.

    Idempotent: a second call returns the same letter and queues nothing.
    """
    if not decision.is_current:
        raise ValidationError(_("Only the current decision of an application gets a letter."))
    organisation = decision.application.organisation
    letter, created = AwardLetter.objects.get_or_create(
        decision=decision, defaults={"language": organisation.preferred_language})
    if created:
        _enqueue(letter.pk)
    return letter


def letter_retryable(letter: AwardLetter) -> bool:
    """A failed letter, or a ready one whose e-mail never went out."""
    return letter.status == LetterStatus.FAILED or (
        letter.status == LetterStatus.READY and letter.emailed_at is None)


@transaction.atomic
def award_letter_retry(*, letter: AwardLetter, by) -> AwardLetter:
    """Queue a failed letter, or a ready one whose e-mail failed, again (HQ only)."""
    if not is_hq_staff(by):
        raise PermissionDenied
    letter = AwardLetter.objects.select_for_update().get(pk=letter.pk)
    if not letter_retryable(letter):
        raise ValidationError(_("Only a failed letter, or one not yet e-mailed, can be retried."))
    if letter.status == LetterStatus.FAILED:
        letter.status = LetterStatus.PENDING
        letter.full_clean()
        letter.save(update_fields=["status"])
    _enqueue(letter.pk)
    return letter


@transaction.atomic
def award_letter_regenerate_call(*, call: Call, by) -> LetterBatch:
    """Re-render every current letter of `call` (HQ only); letters already sent are not
    e-mailed again. Progress: letters of the returned batch that are ready or failed."""
    if not is_hq_staff(by):
        raise PermissionDenied
    letters = list(AwardLetter.objects.select_for_update()
                   .filter(decision__application__call=call, decision__is_current=True)
                   .order_by("pk"))
    if not letters:
        raise ValidationError(_("This call has no award letters to regenerate yet."))
    batch = LetterBatch(call=call, requested_by=by, total=len(letters))
    batch.full_clean()
    batch.save()
    AwardLetter.objects.filter(pk__in=[letter.pk for letter in letters]).update(
        status=LetterStatus.PENDING, batch=batch, error="")
    for letter in letters:
        _enqueue(letter.pk)
    return batch


# --- Producing a letter (called by the Celery task) ---------------------------------------

def _test_render_delay() -> None:
    """Test hook: RIT_TEST_RENDER_DELAY=<seconds> makes each render that long, so that the
    worker-crash test can kill a worker mid-render. Unset (always, outside that test): no-op."""
    delay = os.environ.get("RIT_TEST_RENDER_DELAY")
    if delay:
        time.sleep(float(delay))


@transaction.atomic
def _claim_render(letter_id: int) -> bool:
    """Mark the letter RENDERING and count the attempt; False when it is already rendered."""
    letter = AwardLetter.objects.select_for_update().get(pk=letter_id)
    if letter.status == LetterStatus.READY and letter.sha256:
        return False
    letter.status = LetterStatus.RENDERING
    letter.attempts += 1
    letter.save(update_fields=["status", "attempts"])
    return True


@transaction.atomic
def _store(letter_id: int, filename: str, pdf: bytes) -> AwardLetter:
    """Store the PDF as the letter's one file (replacing any earlier one) and mark it ready."""
    letter = (AwardLetter.objects.select_for_update().select_related("decision")
              .get(pk=letter_id))
    if letter.status == LetterStatus.READY and letter.sha256:
        return letter  # a duplicate task finished first: keep its file, store nothing
    storage = letter.file.storage
    target = letter.file.field.generate_filename(letter, filename)
    for name in {letter.file.name, target} - {""}:
        # A killed attempt may have written the file without committing: replace it.
        if storage.exists(name):
            storage.delete(name)
    letter.file.save(filename, ContentFile(pdf), save=False)
    letter.sha256 = hashlib.sha256(pdf).hexdigest()
    letter.size = len(pdf)
    letter.status = LetterStatus.READY
    letter.error = ""
    letter.rendered_at = timezone.now()
    letter.save(update_fields=["file", "sha256", "size", "status", "error", "rendered_at"])
    return letter


def award_letter_render(*, letter_id: int) -> tuple[AwardLetter, bytes | None]:
    """Render and store the letter unless it is already ready. Idempotent.

    Returns the letter and the PDF bytes this call stored (None when it stored nothing)."""
    from .letter_pdf import award_letter_pdf, letter_filename

    if _claim_render(letter_id):
        _test_render_delay()
        letter, pdf = award_letter_pdf(letter_id=letter_id)
        stored = _store(letter_id, letter_filename(letter), pdf)
        return stored, (pdf if stored.sha256 == hashlib.sha256(pdf).hexdigest() else None)
    return AwardLetter.objects.get(pk=letter_id), None


def letter_recipients(letter: AwardLetter) -> list[str]:
    organisation = letter.decision.application.organisation
    members = organisation.members.filter(is_active=True).values_list("email", flat=True)
    return sorted({organisation.contact_email, *members} - {""})


@transaction.atomic
def award_letter_email(*, letter_id: int, pdf: bytes | None = None) -> bool:
    """E-mail the ready letter to the organisation once; True when this call sent it.
    `pdf` saves reading the stored file back when the caller has just rendered it.

    The row stays locked while sending and `emailed_at` commits with it: a concurrent
    duplicate waits, then finds it set. (Only a crash between the mail server accepting the
    message and the commit could send twice; a failed send rolls back and is retried.)
    """
    letter = (AwardLetter.objects.select_for_update()
              .select_related("decision__application__organisation",
                              "decision__application__call")
              .get(pk=letter_id))
    if letter.emailed_at is not None or letter.status != LetterStatus.READY:
        return False
    application = letter.decision.application
    from .letter_pdf import letter_filename, letter_reference

    context = {"letter": letter, "application": application,
               "organisation": application.organisation,
               "reference": letter_reference(letter), "site_url": settings.SITE_URL}
    with translation.override(letter.language):
        subject = render_to_string("sponsorship/letters/email_subject.txt", context).strip()
        body = render_to_string("sponsorship/letters/email.txt", context)
    message = EmailMessage(subject, body, to=letter_recipients(letter))
    if pdf is None:
        with letter.file.open("rb") as stored:
            pdf = stored.read()
    message.attach(letter_filename(letter), pdf, "application/pdf")
    message.send()
    letter.emailed_at = timezone.now()
    letter.save(update_fields=["emailed_at"])
    return True


def award_letter_produce(*, letter_id: int) -> AwardLetter:
    """Render, store and e-mail the letter, each step at most once in effect."""
    letter, pdf = award_letter_render(letter_id=letter_id)
    if letter.emailed_at is None:
        award_letter_email(letter_id=letter_id, pdf=pdf)
        letter.refresh_from_db(fields=["emailed_at", "error"])
    return letter


def award_letter_record_error(*, letter_id: int, error: str, final: bool) -> None:
    """Note a failed attempt on the letter; `final` marks it failed (HQ may retry)."""
    letters = AwardLetter.objects.filter(pk=letter_id)
    error = error[:ERROR_MAX_CHARS]
    # A ready letter whose e-mail failed stays ready; the error says what is missing.
    letters.filter(status=LetterStatus.READY).update(error=error)
    letters.exclude(status=LetterStatus.READY).update(
        status=LetterStatus.FAILED if final else LetterStatus.PENDING, error=error)


# --- Reads ----------------------------------------------------------------------------

def letter_for_download(*, user, pk: int) -> AwardLetter:
    """A ready letter `user` may download: HQ any, an applicant their organisation's
    published ones. Anything else raises AwardLetter.DoesNotExist (a 404 in views)."""
    letters = (AwardLetter.objects.select_related("decision__application__call")
               .filter(status=LetterStatus.READY))
    if is_hq_staff(user):
        return letters.get(pk=pk)
    if user.is_authenticated and user.is_active and user.organisation_id:
        return letters.get(pk=pk,
                           decision__application__organisation_id=user.organisation_id,
                           decision__application__decision_published_at__isnull=False)
    raise AwardLetter.DoesNotExist


def letters_for_application(*, user, application) -> list[AwardLetter]:
    """The application's letters, newest version first, as far as `user` may see them."""
    if not (is_hq_staff(user) or (user.is_authenticated and user.organisation_id
                                  and user.organisation_id == application.organisation_id
                                  and application.decision_published_at is not None)):
        return []
    return list(AwardLetter.objects.select_related("decision")
                .filter(decision__application=application)
                .order_by("-decision__version"))


def calls_with_letters():
    """Calls that have letters, each annotated with counts per status."""
    by_status = {
        f"letters_{status}": Count("applications__sponsorship_decisions__award_letter",
                                   filter=Q(applications__sponsorship_decisions__award_letter__status=status))
        for status in LetterStatus.values
    }
    return (Call.objects
            .annotate(letters_total=Count("applications__sponsorship_decisions__award_letter"),
                      **by_status)
            .filter(letters_total__gt=0)
            .order_by("-fiscal_year", "-opens_at"))


def letters_for_call(*, call: Call):
    """Every letter of `call` (all versions), for HQ's letters page."""
    return (AwardLetter.objects
            .filter(decision__application__call=call)
            .select_related("decision__application__organisation")
            .order_by("decision__application__reference", "decision__application_id",
                      "-decision__version"))


def batch_progress(batch: LetterBatch) -> dict:
    """How far the regeneration `batch` has come: counts and a whole percentage."""
    counts = batch.letters.aggregate(
        ready=Count("pk", filter=Q(status=LetterStatus.READY)),
        failed=Count("pk", filter=Q(status=LetterStatus.FAILED)))
    done = counts["ready"] + counts["failed"]
    total = batch.total
    return {"batch": batch.pk, "total": total, "done": done, "ready": counts["ready"],
            "failed": counts["failed"], "finished": done >= total,
            "percent": round(100 * done / total) if total else 100}


def latest_batch(*, call: Call) -> LetterBatch | None:
    return call.letter_batches.order_by("-requested_at", "-pk").first()

