"""Award letters, the writes: request, produce (render + store, exactly once in effect;
the e-mail is recorded with the stored letter), retry, regenerate, re-queue the stale.
The reads the letter pages need are in selectors.py.

A letter is keyed by its decision (one decision row = one decision version), so a repeated
request finds the existing letter. Producing it is idempotent:
- the render step claims the row (status RENDERING) and stores the PDF under one fixed
  name per letter, replacing whatever a killed earlier attempt left there; a duplicate
  that finds the letter stored keeps the stored file;
- storing it records the e-mail to the organisation (notifications, kind AWARD_LETTER:
  sent once, with the PDF attached); the outbox sets `emailed_at` when it is sent.
Regenerating re-renders but does not e-mail again (the e-mail was recorded once).
"""

import datetime as dt
import hashlib
import os
import time

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.models import Call
from notifications.enums import Kind
from notifications.selectors import latest_notification
from notifications.services import notification_resend, notify
from rit_portal.permissions import require
from rit_portal.queueing import enqueue_on_commit, requeue_stale

from .enums import LETTER_IN_PROGRESS, LetterStatus
from .models import AwardLetter, LetterBatch, SponsorshipDecision

ERROR_MAX_CHARS = 2000
# A letter queued or being produced with no status change for this long has lost its job
# (a message lost with Redis, a broker that was down when it was queued): HQ may retry it.
# Far above the longest legitimate wait: the retries' backoff (at most 40 s) plus a call's
# queue of renders (about 0.2 s each).
LETTER_STALE_AFTER = dt.timedelta(minutes=10)


def _enqueue(letter_id: int) -> None:
    # A broker that is down must not turn the committed request into an error page: the
    # letter stays queued, and beat's requeue_stale_letters queues it again once stale.
    enqueue_on_commit("sponsorship.render_award_letter", letter_id=letter_id)


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


def letter_is_stale(letter: AwardLetter, *, now: dt.datetime | None = None) -> bool:
    """Queued or being produced, with no progress for longer than LETTER_STALE_AFTER."""
    return (letter.status in LETTER_IN_PROGRESS
            and letter.status_changed_at <= (now or timezone.now()) - LETTER_STALE_AFTER)


def letter_downloadable(letter: AwardLetter) -> bool:
    """The letter is produced and its PDF stored: it may be downloaded (by whoever may see
    it: selectors.letter_for_download)."""
    return letter.status == LetterStatus.READY and bool(letter.file)


def letter_retryable(letter: AwardLetter, *, now: dt.datetime | None = None) -> bool:
    """A failed letter, a ready one whose e-mail never went out, or a stale one."""
    return (letter.status == LetterStatus.FAILED
            or (letter.status == LetterStatus.READY and letter.emailed_at is None)
            or letter_is_stale(letter, now=now))


@transaction.atomic
def award_letter_retry(*, letter: AwardLetter, by) -> AwardLetter:
    """Queue again a failed letter, a ready one whose e-mail failed, or a stale one (HQ only).

    Safe even if the stale letter's lost job turns up after all: producing is idempotent.
    """
    require(by, "sponsorship.manage_award_letters")
    return letter_retry(letter, by=by, email_kind=Kind.AWARD_LETTER,
                        email_record=_letter_email_record, enqueue=_enqueue)


def letter_retry(letter, *, by, email_kind: str, email_record, enqueue):
    """The retry of any letter (award, amendment, closing), once the caller checked `by`:
    locked, refused unless `letter_retryable`; a ready letter's e-mail (`email_kind`) is
    sent again (or recorded: `email_record(letter)`), any other letter is queued again
    (`enqueue(letter_id)`)."""
    letter = type(letter).objects.select_for_update().get(pk=letter.pk)
    if not letter_retryable(letter):
        raise ValidationError(_("Only a failed letter, one not yet e-mailed, or one that has "
                                "made no progress for %(minutes)d minutes can be retried.")
                              % {"minutes": int(LETTER_STALE_AFTER.total_seconds() // 60)})
    if letter.status == LetterStatus.READY:
        # Rendered, not e-mailed: the outbox sends its e-mail again at once.
        notification = latest_notification(kind=email_kind, letter=letter.pk)
        if notification is None:
            email_record(letter)
        else:
            notification_resend(notification=notification, by=by)
        return letter
    letter.status = LetterStatus.PENDING
    letter.status_changed_at = timezone.now()
    letter.full_clean()
    letter.save(update_fields=["status", "status_changed_at"])
    enqueue(letter.pk)
    return letter


def award_letters_requeue_stale(*, now: dt.datetime | None = None) -> int:
    """Queue again every letter whose job was lost (queued or rendering with no progress
    for LETTER_STALE_AFTER: a broker down when it was queued, a message lost with Redis).
    Safe if the lost job turns up after all: producing is idempotent. Returns how many."""
    now = now or timezone.now()
    return requeue_stale(AwardLetter, in_progress=LETTER_IN_PROGRESS,
                         stale_before=now - LETTER_STALE_AFTER,
                         pending=LetterStatus.PENDING, enqueue_one=_enqueue, now=now)


@transaction.atomic
def award_letter_regenerate_call(*, call: Call, by) -> LetterBatch:
    """Re-render every current letter of `call` (HQ only); letters already sent are not
    e-mailed again. Progress: letters of the returned batch that are ready or failed."""
    require(by, "sponsorship.manage_award_letters")
    letters = list(AwardLetter.objects.select_for_update()
                   .filter(decision__application__call=call, decision__is_current=True)
                   .order_by("pk"))
    if not letters:
        raise ValidationError(_("This call has no award letters to regenerate yet."))
    batch = LetterBatch(call=call, requested_by=by, total=len(letters))
    batch.full_clean()
    batch.save()
    AwardLetter.objects.filter(pk__in=[letter.pk for letter in letters]).update(
        status=LetterStatus.PENDING, batch=batch, error="", status_changed_at=timezone.now())
    for letter in letters:
        _enqueue(letter.pk)
    return batch


# --- Producing a letter (called by the Celery task) ---------------------------------------

# Test hook, read once per process: RIT_TEST_RENDER_DELAY=<seconds> makes every render that
# much slower, so that tests/sponsorship/test_letters_worker.py can SIGKILL a worker in the
# middle of a render. Never set outside that test (README, "Tests"): then it is 0, a no-op.
TEST_RENDER_DELAY = float(os.environ.get("RIT_TEST_RENDER_DELAY") or 0)


@transaction.atomic
def letter_claim_render(letter_id: int, *, model=AwardLetter) -> bool:
    """Mark the letter RENDERING and count the attempt; False when it is already rendered.
    `model`: AwardLetter, or another letter with the same job fields (status, file, sha256,
    size, attempts, error, status_changed_at, rendered_at: projects.ProjectLetter)."""
    letter = model.objects.select_for_update().get(pk=letter_id)
    if letter.status == LetterStatus.READY and letter.sha256:
        return False
    letter.status = LetterStatus.RENDERING
    letter.status_changed_at = timezone.now()
    letter.attempts += 1
    letter.save(update_fields=["status", "status_changed_at", "attempts"])
    return True


@transaction.atomic
def letter_store(letter_id: int, filename: str, pdf: bytes, *, model=AwardLetter,
                 related=("decision__application__organisation",), on_stored=None):
    """Store the PDF as the letter's one file (replacing any earlier one), mark it ready and
    call `on_stored(letter)` (which records its e-mail), in one transaction. A duplicate
    that finds it stored changes nothing: the letter is produced, and e-mailed, once."""
    letter = model.objects.select_for_update().select_related(*related).get(pk=letter_id)
    if letter.status == LetterStatus.READY and letter.sha256:
        return letter  # a duplicate task finished first: keep its file
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
    letter.rendered_at = letter.status_changed_at = timezone.now()
    letter.save(update_fields=["file", "sha256", "size", "status", "error", "rendered_at",
                               "status_changed_at"])
    if on_stored is not None:
        on_stored(letter)
    return letter


def _letter_email_record(letter: AwardLetter) -> None:
    """Owe the organisation the letter's e-mail (once per letter: a regenerated letter
    records nothing new)."""
    application = letter.decision.application
    notify(Kind.AWARD_LETTER, to=application.organisation, about=application,
           params={"letter": letter.pk})


def award_letter_produce(*, letter_id: int) -> AwardLetter:
    """Render and store the letter unless it is already ready (idempotent); storing it
    records its e-mail. Returns the letter."""
    from .letter_pdf import award_letter_pdf, letter_filename

    if not letter_claim_render(letter_id):
        return AwardLetter.objects.get(pk=letter_id)
    if TEST_RENDER_DELAY:
        time.sleep(TEST_RENDER_DELAY)
    letter, pdf = award_letter_pdf(letter_id=letter_id)
    return letter_store(letter_id, letter_filename(letter), pdf, on_stored=_letter_email_record)


def award_letter_record_error(*, letter_id: int, error: str, final: bool,
                              model=AwardLetter) -> None:
    """Note a failed attempt on the letter (an AwardLetter, or a `model` with the same job
    fields); `final` marks it failed (HQ may retry)."""
    letters = model.objects.filter(pk=letter_id)
    error = error[:ERROR_MAX_CHARS]
    letters.exclude(status=LetterStatus.READY).update(
        status=LetterStatus.FAILED if final else LetterStatus.PENDING, error=error,
        status_changed_at=timezone.now())
