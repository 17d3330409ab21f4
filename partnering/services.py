"""Every write of partnering: a foreign region registers its interest (or the covering
JETRO office registers it on the region's behalf), the contact confirms the address, the
office or HQ edits, publishes or refuses it; an applicant organisation asks to be
introduced; HQ or the office records what came of it; the organisation starts an
application from it.

Keyword-only, atomic, full_clean(); refusals are ValidationError (keyed by field) or
PermissionDenied. E-mails are recorded with the change (notifications.services.notify).
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ContactForm
from applications.services import (
    application_create,
    application_overview_update,
    prior_contact_create,
)
from notifications.enums import Kind
from notifications.recipients import Address
from notifications.services import notify
from privacy.services import collection_record
from rit_portal.permissions import require

from .enums import InterestStatus, IntroductionOutcome
from .languages import partner_language
from .models import Interest, Introduction
from .selectors import covering_office_staff, interests_of_address
from .workflow import EDIT_INTEREST, INTEREST, INTRODUCE, interest_transition

# What the form and the office's pages write (besides sectors and prefectures).
INTEREST_FIELDS = ("country", "partner_region", "region_name", "organisation_name",
                   "organisation_kind", "seeking", "description", "contact_name")


def _fill(interest: Interest, values: dict) -> None:
    for name in INTEREST_FIELDS:
        if name in values:
            value = values[name]
            setattr(interest, name, value.strip() if isinstance(value, str) else value)


def _save_with_relations(interest: Interest, *, sectors, prefectures) -> None:
    if not sectors:
        raise ValidationError({"sectors": _("Choose at least one sector.")})
    interest.full_clean()
    interest.save()
    interest.sectors.set(sectors)
    interest.prefectures.set(prefectures or [])


def _tell_office_to_review(interest: Interest) -> None:
    for person in covering_office_staff(interest=interest):
        notify(Kind.INTEREST_TO_REVIEW, to=person, params={"interest": interest.pk})


@transaction.atomic
def interest_register(*, contact_email: str, language: str, sectors, prefectures=(),
                      **values) -> Interest:
    """A foreign region's own registration (no account): recorded unconfirmed, with the
    e-mail of the signed link that confirms the contact's address (in `language`, the
    language the form was filled in)."""
    interest = Interest(contact_email=contact_email.strip(),
                        contact_language=partner_language(language))
    _fill(interest, values)
    _save_with_relations(interest, sectors=sectors, prefectures=prefectures)
    collection_record(record=interest)  # the contact's own, through the public form
    notify(Kind.INTEREST_CONFIRM, to=Address(interest.contact_email, interest.contact_language),
           params={"interest": interest.pk})
    return interest


@transaction.atomic
def interest_register_on_behalf(*, by, contact_email: str, language: str, visit_note: str,
                                sectors, prefectures=(), publish: bool = False,
                                **values) -> Interest:
    """The JETRO office covering the country (or HQ) registers a region's interest after
    a visit: no address to confirm (recorded as registered by `by`, with the visit), and
    published at once when `publish`."""
    require(by, "partnering.register_on_behalf",
            message=_("Only HQ or a JETRO overseas office may register an interest."))
    if not visit_note.strip():
        raise ValidationError({"visit_note": _(
            "Say when and where you met the region: it stands in for the address "
            "confirmation.")})
    interest = Interest(contact_email=contact_email.strip(),
                        contact_language=partner_language(language),
                        status=InterestStatus.AWAITING_REVIEW, registered_by=by,
                        visit_note=visit_note.strip())
    _fill(interest, values)
    interest.full_clean()
    # The country decides the covering office: checked before anything is written.
    require(by, "partnering.review_interest", interest, message=_(
        "This country is covered by another JETRO office: ask it or HQ to register the "
        "interest."))
    _save_with_relations(interest, sectors=sectors, prefectures=prefectures)
    collection_record(record=interest, by=by)
    if publish:
        interest_transition(interest=interest, to=InterestStatus.PUBLISHED, by=by)
    return interest


@transaction.atomic
def interest_confirm_address(*, interest: Interest) -> Interest:
    """The contact confirmed the address through the signed link: the interest awaits the
    covering office's review (whose staff are told). Confirming twice changes nothing."""
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    if interest.status != InterestStatus.UNCONFIRMED:
        return interest
    interest.email_confirmed_at = timezone.now()
    interest.save(update_fields=["email_confirmed_at", "updated_at"])
    interest_transition(interest=interest, to=InterestStatus.AWAITING_REVIEW, by=None)
    _tell_office_to_review(interest)
    return interest


@transaction.atomic
def interest_update(*, interest: Interest, by, sectors, prefectures=(), **values) -> Interest:
    """HQ or the covering office edits what the directory will show (the contact's
    address stays the one confirmed)."""
    require(by, "partnering.review_interest", interest,
            message=_("Only HQ or the JETRO office covering the country may do this."))
    INTEREST.require(interest, EDIT_INTEREST)
    _fill(interest, values)
    if not by.has_perm("partnering.review_interest", interest):  # moved to another office
        raise ValidationError({"country": _(
            "This country is covered by another JETRO office: only HQ may move the interest "
            "there.")})
    _save_with_relations(interest, sectors=sectors, prefectures=prefectures)
    interest.reviewed_by = by
    interest.save(update_fields=["reviewed_by", "updated_at"])
    return interest


@transaction.atomic
def interest_publish(*, interest: Interest, by) -> Interest:
    interest_transition(interest=interest, to=InterestStatus.PUBLISHED, by=by)
    Interest.objects.filter(pk=interest.pk).update(reviewed_by=by)
    return interest


@transaction.atomic
def interest_reject(*, interest: Interest, by, reason: str) -> Interest:
    """Refuse (or take off the directory) with the reason the region is e-mailed."""
    interest_transition(interest=interest, to=InterestStatus.REJECTED, by=by, note=reason)
    Interest.objects.filter(pk=interest.pk).update(reviewed_by=by)
    return interest


@transaction.atomic
def region_link_send(*, email: str) -> int:
    """E-mail a fresh link to the page of each interest whose contact address is `email`
    (confirmed or registered by an office); the number of links sent. The caller says the
    same whatever the number, so nobody learns which addresses are registered."""
    sent = 0
    now = timezone.now().isoformat()
    for interest in interests_of_address(email=email):
        notify(Kind.INTEREST_LINK,
               to=Address(interest.contact_email, partner_language(interest.contact_language)),
               params={"interest": interest.pk},
               once_for={"interest": interest.pk, "requested_at": now})
        sent += 1
    return sent


@transaction.atomic
def introduction_create(*, interest: Interest, by, sector, message: str) -> Introduction:
    """The applicant organisation of `by` asks to be introduced to a published interest:
    recorded once per organisation, with one introduction e-mail to each side (the
    organisation in its language, the region's contact in theirs) and to the covering
    office's staff."""
    require(by, "partnering.browse_directory",
            message=_("Only applicant organisations may ask for an introduction."))
    INTEREST.require(interest, INTRODUCE)
    introduction = Introduction(interest=interest, organisation=by.organisation,
                                sector=sector, message=message.strip(), requested_by=by)
    introduction.full_clean(exclude=["interest", "organisation"])
    try:
        with transaction.atomic():
            introduction.save()
    except IntegrityError:
        raise ValidationError(_("Your organisation has already asked to be introduced to "
                                "this region.")) from None
    params = {"introduction": introduction.pk}
    notify(Kind.INTRODUCTION_APPLICANT, to=introduction.organisation, params=params)
    notify(Kind.INTRODUCTION_PARTNER,
           to=Address(interest.contact_email, partner_language(interest.contact_language)),
           params=params)
    for person in covering_office_staff(interest=interest):
        notify(Kind.INTRODUCTION_OFFICE, to=person, params=params)
    return introduction


@transaction.atomic
def introduction_outcome_record(*, introduction: Introduction, by, outcome: str,
                                note: str = "") -> Introduction:
    """HQ or the covering office records what came of an introduction."""
    require(by, "partnering.record_outcome", introduction,
            message=_("Only HQ or the JETRO office covering the country may do this."))
    if outcome not in IntroductionOutcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    introduction.outcome, introduction.outcome_note = outcome, note.strip()
    introduction.outcome_recorded_by, introduction.outcome_recorded_at = by, timezone.now()
    introduction.save(update_fields=["outcome", "outcome_note", "outcome_recorded_by",
                                     "outcome_recorded_at"])
    return introduction


@transaction.atomic
def application_from_introduction(*, introduction: Introduction, call, by, title_ja: str):
    """Start a draft application in `call` (open) from an introduction: the partner region
    (or, when the reference data has none, the region proposed for HQ to confirm), the
    consortium's sector and the organisation's prefecture filled in, and the introduction
    recorded as the prior contact with the partner region (criterion 3). Its criterion 3
    section then offers to ask the region's contact to confirm its interest
    (registrations.py). The introduction's outcome becomes "application started"."""
    require(by, "partnering.start_application", introduction,
            message=_("Only the organisation introduced may start an application from it."))
    introduction = Introduction.objects.select_for_update().get(pk=introduction.pk)
    if introduction.application_id is not None:
        raise ValidationError(_("An application has already been started from this "
                                "introduction."))
    interest = introduction.interest
    application = application_create(call=call, by=by, title_ja=title_ja)
    application_overview_update(
        application=application, by=by, title_ja=title_ja, title_en="",
        sector=introduction.sector, prefectures=[by.organisation.prefecture],
        partner_region=interest.partner_region,
        proposed_country=None if interest.partner_region_id else interest.country,
        proposed_name="" if interest.partner_region_id else interest.region_name,
        proposed_note="" if interest.partner_region_id else _(
            "Introduced through JETRO's matchmaking (%(organisation)s).")
        % {"organisation": interest.organisation_name})
    prior_contact_create(
        application=application, by=by,
        date=timezone.localdate(introduction.created_at), form=ContactForm.INTRODUCTION,
        people=f"{interest.contact_name} ({interest.organisation_name})",
        description=_("Introduced through JETRO's matchmaking. Our message: %(message)s")
        % {"message": introduction.message})
    introduction.application = application
    introduction.outcome = IntroductionOutcome.APPLICATION_STARTED
    introduction.outcome_recorded_by, introduction.outcome_recorded_at = by, timezone.now()
    introduction.save(update_fields=["application", "outcome", "outcome_recorded_by",
                                     "outcome_recorded_at"])
    return application
