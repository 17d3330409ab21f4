"""Every write of the privacy app. The apps that collect personal data call

    collection_record(record=delegate, by=user)

in the transaction that saves it: the record is then known to have been collected under
the privacy notice in force (notice_current), whose version and text stay (APPI Art. 21).
The views that show HQ personal data (rosters, passport data, exports naming people) call
`access_record`: who looked, what, when (the administrator reads it). Beat's retention job
calls `retention_apply`: every category of the schedule (privacy.retention) applied, each
run recorded."""

import datetime as dt
import logging
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Model
from django.utils import timezone

from . import retention
from .models import Collection, PersonalDataAccess, PrivacyNotice, Provision, RetentionRun

logger = logging.getLogger(__name__)


def notice_current() -> PrivacyNotice:
    """The notice in force: the latest version (the first is installed by a migration)."""
    return PrivacyNotice.objects.order_by("-version").first()


@transaction.atomic
def collection_record(*, record: Model, by=None) -> Collection:
    """Record that `record`'s personal data was collected now under the notice in force,
    typed by `by` (None: by the person, through a link)."""
    return Collection.objects.create(
        notice=notice_current(), content_type=ContentType.objects.get_for_model(record),
        object_id=record.pk, by=by if by is not None and by.is_authenticated else None)


@transaction.atomic
def notice_publish(*, text_ja: str, text_en: str) -> PrivacyNotice:
    """A new version of the notice (the next number); the earlier ones stay as they were."""
    latest = notice_current()
    notice = PrivacyNotice(version=(latest.version + 1) if latest else 1,
                           text_ja=text_ja.strip(), text_en=text_en.strip())
    notice.full_clean()
    notice.save()
    return notice


def access_record(*, by, what: str, subject: str, path: str = "") -> PersonalDataAccess:
    """Append who (`by`) looked at which personal data (`what`, an AccessKind; `subject`,
    e.g. the project and activity) now, on which page (`path`)."""
    entry = PersonalDataAccess(by=by, what=what, subject=subject[:300], path=path[:500])
    entry.full_clean()
    entry.save()
    return entry


def provision_record(*, by, what: str, subject: str, items: str, people: list[str],
                     recipient_kind: str, recipient_name: str,
                     recipient_country: str = "") -> Provision:
    """Append the record of one provision of personal data to a third party (APPI Art.
    29): what (`what`, `subject`, the data `items`), of whom (`people`), to whom, by whom,
    now. The caller has checked the people's consent."""
    entry = Provision(by=by, what=what, subject=subject[:300], items=items[:300],
                      people=list(people), recipient_kind=recipient_kind,
                      recipient_name=recipient_name[:200],
                      recipient_country=recipient_country[:100])
    entry.full_clean()
    entry.save()
    return entry


@dataclass(frozen=True)
class RetentionOutcome:
    """What one application of the schedule did (or, in a dry run, would do)."""

    counts: dict[str, int]
    errors: dict[str, str]
    run: RetentionRun | None  # None for a dry run


def retention_apply(*, now: dt.datetime | None = None, dry_run: bool = False
                    ) -> RetentionOutcome:
    """Apply every category of the retention schedule (privacy.retention) as of `now`:
    the personal data past its period is removed or anonymised, each category in its own
    savepoint (one that fails changes nothing and is reported in `errors`; the others go
    on), and the run is recorded (`RetentionRun`). Idempotent: a second run at the same
    moment changes nothing and counts zeros.

    `dry_run`: the same run inside a transaction that is rolled back (no stored file is
    removed: they go only after commit) and not recorded; the counts say what a run would
    do."""
    now = now or timezone.now()
    counts: dict[str, int] = {}
    errors: dict[str, str] = {}
    with transaction.atomic():
        for category, _days in retention.schedule():
            try:
                with transaction.atomic():
                    counts[category.key] = category.apply(
                        before=retention.cutoff(key=category.key, now=now))
            except Exception as error:  # noqa: BLE001 - recorded; the other categories go on
                logger.exception("Retention of %s failed", category.key)
                counts[category.key] = 0
                errors[category.key] = f"{type(error).__name__}: {error}"[:1000]
        if dry_run:
            transaction.set_rollback(True)
            return RetentionOutcome(counts, errors, None)
        run = RetentionRun.objects.create(started_at=now, finished_at=timezone.now(),
                                          counts=counts, errors=errors)
    return RetentionOutcome(counts, errors, run)
