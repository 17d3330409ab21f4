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
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rit_portal.permissions import ONLY_HQ, require
from rit_portal.registry import Registry
from rit_portal.system_texts import event

from . import holdings, retention
from .models import (
    Collection,
    DataRequest,
    PersonalDataAccess,
    PrivacyNotice,
    Provision,
    RetentionRun,
)

logger = logging.getLogger(__name__)

# Where a personal data request's actions are written and read: the audit history, which
# sits beside privacy and is registered by accounts (accounts/apps.py). An object with
# `write(*, event, by, note="")` and `entries(*, request_id)`.
REQUEST_TRAIL = Registry("the history a personal data request's actions are written to")


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


def _trail():
    trail = next(iter(REQUEST_TRAIL), None)
    if trail is None:
        raise ImproperlyConfigured("No history registered for personal data requests.")
    return trail


def request_trail(*, request: DataRequest) -> list:
    """What was done on `request`, oldest first (the history's entries)."""
    return list(_trail().entries(request_id=request.pk))


def _write(request: DataRequest, code: str, *, by, note: str = "", **params) -> None:
    _trail().write(event=event(code, request=request.pk, **params), by=by, note=note)


def _require_answerer(by) -> None:
    require(by, "privacy.answer_requests", message=ONLY_HQ)


def _require_open(request: DataRequest) -> None:
    if not request.is_open:
        raise ValidationError(_("This request is closed; record a new one to act again."))


@transaction.atomic
def data_request_record(*, by, person_name: str, person_email: str, kind: str,
                        identified_by: str, details: str = "", received_at=None) -> DataRequest:
    """Record a person's request (who asked, how identified, what), on the history."""
    _require_answerer(by)
    request = DataRequest(person_name=person_name.strip(), person_email=person_email.strip(),
                          kind=kind, identified_by=identified_by, details=details.strip(),
                          received_at=received_at or timezone.now(), recorded_by=by)
    request.full_clean()
    request.save()
    _write(request, "privacy.request_recorded", by=by, kind=kind)
    return request


def data_request_search(*, request: DataRequest, term: str, by,
                        on_trail: bool = True) -> list[holdings.Holding]:
    """What every category holds matching `term`, for `request`; written on the history
    (`on_trail`: when HQ runs it, not when its page is shown again after an action)."""
    _require_answerer(by)
    term = holdings.normalised(term)
    if len(term) < holdings.MIN_TERM_LENGTH:
        raise ValidationError({"term": _("Type a name or an e-mail address (at least "
                                         "%(count)s characters).")
                               % {"count": holdings.MIN_TERM_LENGTH}})
    if on_trail:
        _write(request, "privacy.request_searched", by=by, term=term)
    return holdings.holdings_matching(term)


def data_request_exported(*, request: DataRequest, term: str, file_format: str, by) -> None:
    """Write on the history that what matches `term` was exported as `file_format`."""
    _require_answerer(by)
    _write(request, "privacy.request_exported", by=by, term=holdings.normalised(term),
           format=file_format)


def _record(category_code: str, pk: int, *, needs: str):
    item = holdings.category(category_code)
    if item is None or item.model is None or (needs == "erase" and not item.erasable):
        raise ValidationError({"record": _("Records of this kind cannot be changed here.")})
    record = item.model.objects.select_for_update().filter(pk=pk).first()
    if record is None:
        raise ValidationError({"record": _("This record no longer exists.")})
    return item, record


@transaction.atomic
def record_correct(*, request: DataRequest, category_code: str, pk: int, field: str,
                   value: str, by):
    """Correct one field of one record found for `request` (a field its category lets HQ
    correct), validated as the record's own form would; on the history (the field's name,
    not its values)."""
    _require_answerer(by)
    _require_open(request)
    item, record = _record(category_code, pk, needs="correct")
    if field not in item.corrections:
        raise ValidationError({"field": _("This field cannot be corrected here.")})
    setattr(record, field, value.strip())
    try:
        record.full_clean(exclude=[f.name for f in record._meta.concrete_fields
                                   if f.name != field])
    except ValidationError as exc:
        raise ValidationError({"value": exc.messages}) from exc
    record.save(update_fields=[field])
    _write(request, "privacy.record_corrected", by=by, category=category_code, record=pk,
           field=str(item.corrections[field]))
    return record


@transaction.atomic
def record_erase(*, request: DataRequest, category_code: str, pk: int, by) -> None:
    """Erase one record's personal fields as its category does (blanked; the record and
    the figures it counts in kept); on the history."""
    _require_answerer(by)
    _require_open(request)
    item, record = _record(category_code, pk, needs="erase")
    item.erase(record)
    _write(request, "privacy.record_erased", by=by, category=category_code, record=pk)


@transaction.atomic
def data_request_close(*, request: DataRequest, answer: str, by) -> DataRequest:
    """Close `request` with the answer given to the person; on the history with it."""
    _require_answerer(by)
    request = DataRequest.objects.select_for_update().get(pk=request.pk)
    _require_open(request)
    if not answer.strip():
        raise ValidationError({"answer": _("Write the answer given to the person.")})
    request.answer = answer.strip()
    request.closed_at = timezone.now()
    request.closed_by = by
    request.full_clean()
    request.save(update_fields=["answer", "closed_at", "closed_by"])
    _write(request, "privacy.request_closed", by=by, note=request.answer)
    return request
