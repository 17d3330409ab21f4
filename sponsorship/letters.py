"""Award letters, the writes: request, produce (render + store + e-mail, exactly once in
effect), retry, regenerate. The reads the letter pages need are in selectors.py.

A letter is keyed by its decision (one decision row = one decision version), so a repeated
request finds the existing letter. Producing it is idempotent:
- the render step claims the row (status RENDERING) and stores the PDF under one fixed
  name per letter, replacing whatever a killed earlier attempt left there; a duplicate
  that finds the letter stored keeps the stored file;
- the e-mail step is described, with its one gap, in `award_letter_email`.
Regenerating re-renders but does not e-mail again (emailed_at is already set).
"""

import datetime as dt
import hashlib
import os
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.rules import is_hq_staff
from applications.models import Call

from .enums import LETTER_IN_PROGRESS, LetterStatus
from .models import AwardLetter, LetterBatch, SponsorshipDecision

ERROR_MAX_CHARS = 2000
# A letter queued or being produced with no status change for this long has lost its job
# (a message lost with Redis, a broker that was down when it was queued): HQ may retry it.
# Far above the longest legitimate wait: the retries' backoff (at most 40 s) plus a call's
# queue of renders (about 0.2 s each).
LETTER_STALE_AFTER = dt.timedelta(minutes=10)


def _enqueue(letter_id: int) -> None:
    from .tasks import render_award_letter

    # robust: a broker that is down must not turn the committed request into an error
    # page. The failure is logged, the letter stays queued, and HQ can retry it once stale.
    transaction.on_commit(lambda: render_award_letter.delay(letter_id=letter_id), robust=True)


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
    if not is_hq_staff(by):
        raise PermissionDenied
    letter = AwardLetter.objects.select_for_update().get(pk=letter.pk)
    if not letter_retryable(letter):
        raise ValidationError(_("Only a failed letter, one not yet e-mailed, or one that has "
                                "made no progress for %(minutes)d minutes can be retried.")
                              % {"minutes": int(LETTER_STALE_AFTER.total_seconds() // 60)})
    if letter.status != LetterStatus.READY:
        letter.status = LetterStatus.PENDING
        letter.status_changed_at = timezone.now()
        letter.full_clean()
        letter.save(update_fields=["status", "status_changed_at"])
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
def _claim_render(letter_id: int) -> bool:
    """Mark the letter RENDERING and count the attempt; False when it is already rendered."""
    letter = AwardLetter.objects.select_for_update().get(pk=letter_id)
    if letter.status == LetterStatus.READY and letter.sha256:
        return False
    letter.status = LetterStatus.RENDERING
    letter.status_changed_at = timezone.now()
    letter.attempts += 1
    letter.save(update_fields=["status", "status_changed_at", "attempts"])
    return True


@transaction.atomic
def _store(letter_id: int, filename: str, pdf: bytes) -> tuple[AwardLetter, bool]:
    """Store the PDF as the letter's one file (replacing any earlier one) and mark it ready.
    Returns the letter and whether this call stored the file."""
    letter = (AwardLetter.objects.select_for_update().select_related("decision")
              .get(pk=letter_id))
    if letter.status == LetterStatus.READY and letter.sha256:
        return letter, False  # a duplicate task finished first: keep its file
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
    return letter, True


def award_letter_render(*, letter_id: int) -> tuple[AwardLetter, bytes | None]:
    """Render and store the letter unless it is already ready. Idempotent.

    Returns the letter and the PDF bytes this call stored (None when it stored nothing)."""
    from .letter_pdf import award_letter_pdf, letter_filename

    if not _claim_render(letter_id):
        return AwardLetter.objects.get(pk=letter_id), None
    if TEST_RENDER_DELAY:
        time.sleep(TEST_RENDER_DELAY)
    letter, pdf = award_letter_pdf(letter_id=letter_id)
    letter, stored = _store(letter_id, letter_filename(letter), pdf)
    return letter, (pdf if stored else None)


def letter_recipients(letter: AwardLetter) -> list[str]:
    organisation = letter.decision.application.organisation
    members = organisation.members.filter(is_active=True).values_list("email", flat=True)
    return sorted({organisation.contact_email, *members} - {""})


def letter_message_id(letter: AwardLetter) -> str:
    """One Message-ID per letter, the same on every attempt: should a second copy ever be
    sent (see award_letter_email), mail systems and readers can tell it is the same message."""
    domain = urlsplit(settings.SITE_URL).hostname or "rit-portal.invalid"
    return f"<award-letter-{letter.pk}@{domain}>"


def _letter_message(letter: AwardLetter, pdf: bytes | None, connection) -> EmailMessage:
    from .letter_pdf import letter_filename, letter_reference

    application = letter.decision.application
    context = {"letter": letter, "application": application,
               "organisation": application.organisation,
               "reference": letter_reference(letter), "site_url": settings.SITE_URL}
    with translation.override(letter.language):
        subject = render_to_string("sponsorship/letters/email_subject.txt", context).strip()
        body = render_to_string("sponsorship/letters/email.txt", context)
    message = EmailMessage(subject, body, to=letter_recipients(letter), connection=connection,
                           headers={"Message-ID": letter_message_id(letter)})
    if pdf is None:
        with letter.file.open("rb") as stored:
            pdf = stored.read()
    message.attach(letter_filename(letter), pdf, "application/pdf")
    return message


def award_letter_email(*, letter_id: int, pdf: bytes | None = None) -> bool:
    """E-mail the ready letter to the organisation; True when this call sent it.
    `pdf` saves reading the stored file back when the caller has just rendered it.

    Order: lock the letter row; stop if `emailed_at` is set; connect to the mail server;
    write `emailed_at`; hand the message over; commit as soon as the server has accepted
    it; only then close the connection (SMTP QUIT). So:
    - a duplicate or retried task waits on the row lock, then finds `emailed_at` and sends
      nothing;
    - a send that fails (or hangs past EMAIL_TIMEOUT: the lock is never held for long)
      rolls back, `emailed_at` stays empty, and the task retries; after the last retry HQ
      sees "ready, not e-mailed" with a Retry button. A letter is never left unsent
      without that being visible;
    - a second copy goes out only if the worker dies or loses its database between the
      server's acceptance and the commit (one database round trip), or if the server's
      acceptance reply is lost on the network. That copy carries the same Message-ID
      (`letter_message_id`). SMTP offers no way to close this gap entirely: closing it
      by committing a claim before sending would risk sending nothing at all instead.
    """
    connection = get_connection()
    try:
        with transaction.atomic():
            letter = (AwardLetter.objects.select_for_update()
                      .select_related("decision__application__organisation",
                                      "decision__application__call")
                      .get(pk=letter_id))
            if letter.emailed_at is not None or letter.status != LetterStatus.READY:
                return False
            message = _letter_message(letter, pdf, connection)
            connection.open()
            letter.emailed_at = timezone.now()
            letter.error = ""  # an earlier failed attempt is no longer the letter's state
            letter.save(update_fields=["emailed_at", "error"])
            message.send()
        return True
    finally:
        connection.close()


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
        status=LetterStatus.FAILED if final else LetterStatus.PENDING, error=error,
        status_changed_at=timezone.now())
