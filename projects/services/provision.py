"""Delegates' data handed to third parties (APPI Art. 27-30): the traveller's consent,
given after being told the Art. 28 information (the country, its system for protecting
personal information, the recipients' measures), and a record of every provision (the
travel request to a travel agent, the foreign partner or an embassy; each invitation
letter). A travel request or letter naming a traveller without that consent is refused.

The consent is either recorded by the organisation (it showed the traveller the
information) or asked of the traveller themselves: an e-mail with a signed link
(rit_portal.signed_links, CONSENT_LINK) to a public page where they read the same
information in Japanese or English and give or refuse it. The link carries the time of the
request: a new request replaces it, an answer uses it up. A refusal blocks the provision
as missing consent does, and the organisation cannot record consent over it; only the
traveller's own consent through a new link lifts it."""

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from notifications.enums import Kind
from notifications.recipients import Address
from notifications.services import notify
from privacy.enums import ProvisionKind, RecipientKind
from privacy.foreign_systems import NOT_ASSESSED, RECIPIENT_MEASURES, foreign_system
from privacy.services import collection_record, provision_record
from rit_portal.conventions import listing, short_date
from rit_portal.signed_links import LinkInvalid, SignedLink

from ..models import Delegate, Project, ProjectYear
from .activities import require_year_editable

# What a travel request and an invitation letter hand over (Art. 29's "items").
TRAVEL_REQUEST_ITEMS = ("passport name, nationality, organisation, role, flights, "
                        "interpreter and visa needs")
LETTER_ITEMS = "passport name, nationality, organisation, role, dates of stay"


def consent_information(*, project: Project):
    """(country, the Art. 28 information in both languages) for the project's partner
    country; ValidationError when the project has none or its system is not assessed."""
    region = project.partner_region
    if region is None or region.country_id is None:
        raise ValidationError(_("The project has no partner country yet: ask the programme "
                                "office."))
    country = region.country
    system = foreign_system(country.iso2)
    if system is None:
        raise ValidationError(NOT_ASSESSED % {"country": country.name})
    with override("ja"):
        ja = f"提供先の国：{country.name}\n{system.ja}\n{RECIPIENT_MEASURES.ja}"
    with override("en"):
        en = f"Country: {country.name}\n{system.en}\n{RECIPIENT_MEASURES.en}"
    return country, f"{ja}\n\n{en}"


def information_part(information: str, language: str) -> str:
    """The part of a consent_information() text in `language` (ja or en): what the
    traveller reads on their page."""
    ja, _sep, en = information.partition("\n\n")
    return ja if language == "ja" else en


def information_digest(information: str) -> str:
    """A short fingerprint of the information shown, posted back with the answer: an answer
    to information that changed meanwhile is not taken."""
    return hashlib.sha256(information.encode()).hexdigest()[:16]


CONSENT_FIELDS = ["consent_country", "consent_information", "consent_at", "consent_by",
                  "consent_by_traveller", "consent_refused_at", "consent_asked_at",
                  "consent_language"]


@transaction.atomic
def delegate_consent_record(*, delegate: Delegate, by, consented: bool) -> Delegate:
    """Record that the traveller consented, having been told the Art. 28 information, to
    their data going to the recipients (in the partner country too). Refused over the
    traveller's own refusal or their own consent."""
    require_year_editable(project_year=delegate.activity.project_year, by=by)
    if delegate.consent_refused_at is not None:
        raise ValidationError(_(
            "%(name)s refused their consent through their own link on %(day)s: the "
            "organisation cannot record consent over it. If they have changed their mind, "
            "ask them again: they give it through the new link.") % {
            "name": delegate.passport_name, "day": short_date(delegate.consent_refused_at)})
    if delegate.consent_by_traveller and delegate.consent_at is not None:
        raise ValidationError(_("The traveller has already given their consent themselves."))
    if not consented:
        raise ValidationError({"consented": _("Tick the box once the traveller has "
                                              "consented.")})
    country, information = consent_information(
        project=delegate.activity.project_year.project)
    delegate.consent_country = country
    delegate.consent_information = information
    delegate.consent_at = timezone.now()
    delegate.consent_by = by
    delegate.consent_by_traveller = False
    delegate.save(update_fields=CONSENT_FIELDS)
    collection_record(record=delegate, by=by)
    return delegate


# --- Asked of the traveller themselves ---------------------------------------------------

CONSENT_LINK = SignedLink(salt="projects.delegate-consent", max_age=dt.timedelta(days=30))
CONSENT_LANGUAGES = ("ja", "en")


class ConsentLinkUsed(Exception):
    """The link was genuine but is no longer the traveller's open request: answered
    (`reason` "answered") or replaced by a newer request ("replaced")."""

    def __init__(self, reason: str, delegate: Delegate):
        super().__init__(reason)
        self.reason = reason
        self.delegate = delegate


def delegate_consent_token(*, delegate: Delegate) -> str:
    """The link of the traveller's open request: their roster entry, their address and the
    time of the request (a newer request makes it stale)."""
    return CONSENT_LINK.token({"id": delegate.pk, "email": delegate.email,
                               "asked": delegate.consent_asked_at.isoformat()})


def delegate_consent_path(*, delegate: Delegate) -> str:
    return reverse("projects:traveller-consent",
                   kwargs={"token": delegate_consent_token(delegate=delegate)})


def _asked_at(data: dict):
    try:
        return dt.datetime.fromisoformat(str(data.get("asked")))
    except ValueError:
        raise LinkInvalid from None


def delegate_from_consent_token(token: str) -> Delegate:
    """The traveller whose open request the link is; LinkExpired / LinkInvalid (altered,
    or the entry or its address changed) / ConsentLinkUsed else."""
    data = CONSENT_LINK.payload(token)
    asked = _asked_at(data)
    delegate = (Delegate.objects
                .select_related("activity__project_year__project__application",
                                "activity__project_year__project__organisation",
                                "activity__project_year__project__partner_region__country")
                .filter(pk=data.get("id"), email=data.get("email")).exclude(email="").first())
    if delegate is None:
        raise LinkInvalid
    if delegate.consent_asked_at is None:
        raise ConsentLinkUsed("answered", delegate)
    if delegate.consent_asked_at != asked:
        raise ConsentLinkUsed("replaced", delegate)
    return delegate


@transaction.atomic
def delegate_consent_ask(*, delegate: Delegate, by, language: str) -> Delegate:
    """E-mail the traveller a link to give or refuse their consent themselves, in
    `language` (ja or en); a new request replaces the earlier link."""
    require_year_editable(project_year=delegate.activity.project_year, by=by)
    if not delegate.email:
        raise ValidationError(_("Add the traveller's e-mail address to the roster first: "
                                "the request is sent there."))
    if language not in CONSENT_LANGUAGES:
        raise ValidationError({"language": _("Choose Japanese or English.")})
    if delegate.consent_by_traveller and delegate.consent_at is not None:
        raise ValidationError(_("The traveller has already given their consent themselves."))
    consent_information(project=delegate.activity.project_year.project)  # assessed?
    delegate = Delegate.objects.select_for_update().get(pk=delegate.pk)
    delegate.consent_asked_at = timezone.now()
    delegate.consent_language = language
    delegate.save(update_fields=["consent_asked_at", "consent_language"])
    project = Project.objects.select_related("application").get(
        pk=delegate.activity.project_year.project_id)
    notify(Kind.DELEGATE_CONSENT_REQUEST, to=Address(delegate.email, language),
           about=project.application,
           params={"delegate": delegate.pk, "asked": delegate.consent_asked_at.isoformat()})
    return delegate


@transaction.atomic
def delegate_consent_answer(*, delegate: Delegate, consented: bool, shown: str) -> Delegate:
    """The traveller's own answer through their link, to the information whose digest
    (`shown`) their page carried: consent (the information kept, given by the traveller)
    or refusal. Uses the link up."""
    asked = delegate.consent_asked_at
    delegate = (Delegate.objects.select_for_update(of=("self",))
                .select_related("activity__project_year__project__partner_region__country")
                .get(pk=delegate.pk))
    if delegate.consent_asked_at is None or delegate.consent_asked_at != asked:
        raise ValidationError(_("This request has already been answered or replaced by a "
                                "newer one."))
    country, information = consent_information(
        project=delegate.activity.project_year.project)
    if shown != information_digest(information):
        raise ValidationError(_("The information has changed since this page was opened: "
                                "please read it again below before answering."))
    now = timezone.now()
    delegate.consent_country = country
    delegate.consent_information = information
    delegate.consent_by = None
    delegate.consent_asked_at = None
    if consented:
        delegate.consent_at, delegate.consent_refused_at = now, None
        delegate.consent_by_traveller = True
    else:
        delegate.consent_at, delegate.consent_refused_at = None, now
        delegate.consent_by_traveller = False
    delegate.save(update_fields=CONSENT_FIELDS)
    collection_record(record=delegate)  # the traveller's own answer, through the link
    return delegate


def _refuse_without_consent(delegates) -> None:
    refused = [d.passport_name for d in delegates if d.consent_refused_at is not None]
    missing = [d.passport_name for d in delegates
               if d.consent_at is None and d.consent_refused_at is None]
    errors = []
    if refused:
        errors.append(ValidationError(_(
            "These travellers refused their consent to their data being provided: "
            "%(names)s. Their data cannot be provided: remove them from the roster, or ask "
            "them again if they change their mind.") % {"names": listing(refused)}))
    if missing:
        errors.append(ValidationError(_(
            "These travellers have not consented to their data being provided: %(names)s. "
            "Record their consent on the roster first.") % {"names": listing(missing)}))
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def travel_request_provide(*, project_year: ProjectYear, by, recipient_kind: str,
                           recipient_name: str, abroad: bool):
    """Record the year's travel request handed to `recipient_name` (in the partner country
    when `abroad`); refused while a traveller on it has not consented."""
    delegates = list(Delegate.objects.filter(activity__project_year=project_year)
                     .select_related("consent_country"))
    _refuse_without_consent(delegates)
    project = project_year.project
    region = project.partner_region
    country = region.country.name if abroad and region and region.country_id else ""
    return provision_record(
        by=by, what=ProvisionKind.TRAVEL_REQUEST,
        subject=f"{project.application.reference} · Y{project_year.number}",
        items=TRAVEL_REQUEST_ITEMS, people=[d.passport_name for d in delegates],
        recipient_kind=recipient_kind, recipient_name=recipient_name.strip(),
        recipient_country=country)


@transaction.atomic
def invitation_letter_provide(*, delegate: Delegate, by):
    """Record the invitation letter handed over (to the traveller, for the embassy or
    consulate of Japan where they apply for the visa); refused without their consent."""
    _refuse_without_consent([delegate])
    project = delegate.activity.project_year.project
    return provision_record(
        by=by, what=ProvisionKind.INVITATION_LETTER,
        subject=f"{project.application.reference} · {delegate.activity.title}",
        items=LETTER_ITEMS, people=[delegate.passport_name],
        recipient_kind=RecipientKind.EMBASSY,
        recipient_name="Embassy or consulate of Japan (visa application, through the "
                       "traveller)",
        recipient_country="")
