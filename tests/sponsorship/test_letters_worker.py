"""Award letters through a real Celery worker and Redis: exactly once, even when the
worker is SIGKILLed in the middle of a render."""

from pathlib import Path

import pytest
from django.db import transaction

from sponsorship.enums import LetterStatus
from sponsorship.letters import award_letter_request
from sponsorship.models import AwardLetter
from tests.conftest import wait_for, worker_mails
from tests.sponsorship.factories import approved_decision

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return Path(settings.MEDIA_ROOT)


def letter_status(pk: int) -> str:
    return AwardLetter.objects.get(pk=pk).status


def test_worker_produces_one_pdf_and_one_email(celery_worker_process, media):
    celery_worker_process(MEDIA_ROOT=str(media))
    decision = approved_decision()
    with transaction.atomic():
        letter = award_letter_request(decision=decision)
        award_letter_request(decision=decision)
    wait_for(lambda: AwardLetter.objects.get(pk=letter.pk).emailed_at, timeout=90)
    # The same task delivered again (a duplicate message) changes nothing.
    from sponsorship.tasks import render_award_letter

    render_award_letter.delay(letter_id=letter.pk).get(timeout=60)
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (LetterStatus.READY, 1)
    assert [p.name for p in (media / "letters").rglob("*.pdf")] == [Path(letter.file.name).name]
    [mail] = worker_mails(celery_worker_process.mail_dir)
    assert decision.application.organisation.contact_email in mail["To"]


def test_worker_killed_mid_render_letter_exists_once_after_restart(celery_worker_process, media):
    # RIT_TEST_RENDER_DELAY keeps the first worker inside the render long enough to kill it.
    slow = celery_worker_process(MEDIA_ROOT=str(media), RIT_TEST_RENDER_DELAY="30")
    decision = approved_decision()
    with transaction.atomic():
        letter = award_letter_request(decision=decision)
    wait_for(lambda: letter_status(letter.pk) == LetterStatus.RENDERING, timeout=60)
    slow.kill()
    assert letter_status(letter.pk) == LetterStatus.RENDERING

    # The message was never acknowledged: Redis hands it to the next worker once the
    # visibility timeout (10 s in this fixture) has passed.
    celery_worker_process(MEDIA_ROOT=str(media))
    wait_for(lambda: AwardLetter.objects.get(pk=letter.pk).emailed_at, timeout=180)
    letter.refresh_from_db()
    assert (letter.status, letter.attempts) == (LetterStatus.READY, 2)
    assert AwardLetter.objects.filter(decision__application=decision.application).count() == 1
    assert len(list((media / "letters").rglob("*.pdf"))) == 1
    assert len(worker_mails(celery_worker_process.mail_dir)) == 1
