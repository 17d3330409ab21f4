"""Writes to users and organisations."""

import datetime as dt
import hashlib
import secrets

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from audit.services import audit_record, field_changes, snapshot
from notifications.enums import Kind
from notifications.recipients import Address
from notifications.services import notify
from privacy.services import collection_record
from regions.enums import OfficeKind
from rit_portal.permissions import require
from rit_portal.system_texts import event

from .enums import Role
from .models import ApplicantOrganisation, Invitation, User

HQ_GROUP = "HQ programme staff"
# Models HQ staff maintain in the administration site. Never users, groups or permissions:
# people are managed on the portal's own pages, and only a superuser grants staff or
# superuser rights (accounts/admin.py).
HQ_ADMIN_MODELS = {
    "regions": ["prefecture", "country", "partnerregion", "jetrooffice", "officeterritory",
                "sector"],
    "accounts": ["applicantorganisation"],
}


def hq_group_ensure() -> Group:
    """The group that gives HQ staff the admin permissions on reference data and users."""
    group, _ = Group.objects.get_or_create(name=HQ_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=HQ_ADMIN_MODELS.keys()
    ).select_related("content_type")
    group.permissions.set(
        [p for p in perms if p.content_type.model in HQ_ADMIN_MODELS[p.content_type.app_label]]
    )
    return group


@transaction.atomic
def user_create(
    *, email: str, password: str | None, role: str, first_name: str = "", last_name: str = "",
    organisation: ApplicantOrganisation | None = None, office=None, language: str = "ja",
) -> User:
    """Create a user of the given role; HQ staff also get admin access to reference data."""
    user = User(email=User.objects.normalize_email(email), role=role, first_name=first_name,
                last_name=last_name, organisation=organisation, office=office,
                language=language)
    if role in (Role.HQ_STAFF, Role.SITE_ADMIN):
        user.is_staff = True
    if role == Role.SITE_ADMIN:
        user.is_superuser = True
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if role == Role.HQ_STAFF:
        user.groups.add(hq_group_ensure())
    return user


# Fields of ApplicantOrganisation that the registering person fills in.
ORGANISATION_FIELDS = ("name_ja", "name_en", "org_type", "prefecture", "postal_code", "address",
                       "address_en", "representative_name_ja", "representative_name_en",
                       "representative_title_ja", "representative_title_en", "contact_name",
                       "contact_name_en", "contact_email", "contact_phone", "corporate_number",
                       "preferred_language")
# What an organisation's members keep current themselves (organisation_profile_update); its
# identity (Japanese name, type, prefecture, corporate number) HQ corrects, with a reason.
PROFILE_FIELDS = ("name_en", "postal_code", "address", "address_en", "representative_name_ja",
                  "representative_name_en", "representative_title_ja", "representative_title_en",
                  "contact_name", "contact_name_en", "contact_email", "contact_phone",
                  "preferred_language")
INVITATION_VALID_FOR = dt.timedelta(days=14)


# The Latin-script names the English page of every award letter and English e-mails print.
# The model allows blanks (organisations registered before they were asked); registration
# and the organisation's own updates require them.
ENGLISH_REQUIRED = ("name_en", "representative_name_en")


def english_name_problems(values: dict) -> dict[str, str]:
    """Why `values` (an organisation's fields) lack what the English letter prints:
    messages by field, {} when complete. A missing name gets Django's "required" message;
    a Japanese title needs its English one. The forms show these at their fields;
    organisation_register and organisation_profile_update enforce them."""
    problems = {name: str(_("This field is required.")) for name in ENGLISH_REQUIRED
                if not (values.get(name) or "").strip()}
    if values.get("representative_title_ja") and not values.get("representative_title_en"):
        problems["representative_title_en"] = _(
            "Give the title in English too: the award letter's English page prints it.")
    return problems


def registration_problems(*, corporate_number: str = "", email: str = "") -> dict[str, str]:
    """Why an organisation with this corporate number, or a first user with this e-mail
    address, cannot be registered: messages by field, {} when nothing stands in the way.

    The registration forms show these at their fields; organisation_register enforces them.
    """
    problems = {}
    number = corporate_number.strip()
    if number and ApplicantOrganisation.objects.filter(corporate_number=number).exists():
        problems["corporate_number"] = _(
            "An organisation with this corporate number is already registered. Ask a "
            "colleague there to invite you.")
    if email and _email_has_account(email):
        problems["email"] = _("An account with this e-mail address already exists. Log in "
                              "instead.")
    return problems


@transaction.atomic
def organisation_register(
    *, organisation: dict, email: str, password: str, first_name: str, last_name: str,
    language: str = "ja", referral_source: str = "",
) -> User:
    """Create an applicant organisation and its first user (an applicant).

    `organisation` holds ORGANISATION_FIELDS values; `referral_source` is the shared link's
    source that brought the visitor. Raises ValidationError and saves nothing on bad input.
    """
    unknown = set(organisation) - set(ORGANISATION_FIELDS)
    if unknown:
        raise TypeError(f"organisation_register() got unknown fields {sorted(unknown)}")
    problems = registration_problems(
        corporate_number=organisation.get("corporate_number") or "", email=email)
    if problems:
        raise ValidationError(problems)
    problems = english_name_problems(organisation)
    if problems:
        raise ValidationError(problems)
    org = ApplicantOrganisation(**organisation, referral_source=referral_source)
    org.full_clean()
    org.save()
    user = user_create(email=email, password=password, role=Role.APPLICANT, organisation=org,
                       first_name=first_name, last_name=last_name, language=language)
    collection_record(record=org, by=user)
    collection_record(record=user, by=user)
    return user


@transaction.atomic
def organisation_profile_update(*, organisation: ApplicantOrganisation, by: User,
                                values: dict) -> ApplicantOrganisation:
    """Set PROFILE_FIELDS of `organisation` on the word of one of its applicants (else
    PermissionDenied); validated as the model requires. The old and new values of what
    changed go on the history (shown to HQ on every application and project of the
    organisation); nothing changed, nothing recorded."""
    if by.role != Role.APPLICANT or by.organisation_id != organisation.pk:
        raise PermissionDenied
    unknown = set(values) - set(PROFILE_FIELDS)
    if unknown:
        raise TypeError(f"organisation_profile_update() got unknown fields {sorted(unknown)}")
    organisation = ApplicantOrganisation.objects.select_for_update().get(pk=organisation.pk)
    before = snapshot(organisation, PROFILE_FIELDS)
    for name, value in values.items():
        setattr(organisation, name, value)
    problems = english_name_problems({name: getattr(organisation, name)
                                      for name in PROFILE_FIELDS})
    if problems:
        raise ValidationError(problems)
    organisation.full_clean()
    organisation.save(update_fields=list(values))
    collection_record(record=organisation, by=by)
    changes = field_changes(before, snapshot(organisation, PROFILE_FIELDS))
    if changes:
        audit_record(event=event("organisation.updated", changes=changes), by=by,
                     organisation=organisation)
    return organisation


def _email_has_account(email: str) -> bool:
    """Whether a user already logs in with this address (case ignored)."""
    return User.objects.filter(email__iexact=User.objects.normalize_email(email).strip()).exists()


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_token(invitation: Invitation) -> str:
    """The secret of the invitation's link: an HMAC of the invitation under SECRET_KEY.

    The database keeps only its hash, so the link cannot be rebuilt from the database
    alone; the portal rebuilds it from the invitation's id when it sends the e-mail (as
    Django's password-reset links), so no secret passes through the task queue."""
    if invitation.role == Role.APPLICANT:
        subject = f"{invitation.pk}:{invitation.email}:{invitation.organisation_id}"
    else:
        subject = f"{invitation.pk}:{invitation.email}:{invitation.role}:{invitation.office_id}"
    return salted_hmac("accounts.invitation", subject, algorithm="sha256").hexdigest()


def invitation_link(invitation: Invitation) -> str:
    return f"{settings.SITE_URL}{reverse('invitation-accept', args=[invitation_token(invitation)])}"


def invitation_record(*, email: str, by: User, role: str, language: str,
                      organisation: ApplicantOrganisation | None = None,
                      office=None) -> tuple[Invitation, str]:
    """Record an invitation to create an account of `role` (for `organisation` or
    `office`) and its e-mail in `language` (sent after commit); returns it and its token.
    The caller checks who may invite whom. ValidationError (on "email") when the address
    already has an account."""
    email = User.objects.normalize_email(email).strip()
    if _email_has_account(email):
        raise ValidationError({"email": _("This address already has an account on the portal.")})
    # The token derives from the id: a random placeholder holds the unique column until then.
    invitation = Invitation(organisation=organisation, office=office, role=role,
                            language=language, email=email, invited_by=by,
                            token_hash=secrets.token_hex(32),
                            expires_at=timezone.now() + INVITATION_VALID_FOR)
    invitation.full_clean()
    invitation.save()
    token = invitation_token(invitation)
    invitation.token_hash = _token_hash(token)
    invitation.save(update_fields=["token_hash"])
    # The invitee has no account yet: write in the invitation's language.
    notify(Kind.INVITATION, to=Address(email, language), params={"invitation": invitation.pk})
    return invitation, token


@transaction.atomic
def office_staff_invite(*, email: str, office, language: str, by: User
                        ) -> tuple[Invitation, str]:
    """HQ invites a staff member of a JETRO office in Japan, through the portal's one
    invitation mechanism; the account follows the organisations of the prefectures the
    office covers. Recorded on the history.

    Raises PermissionDenied unless `by` is HQ staff, ValidationError (on "office") for an
    office that covers no prefecture, (on "email") when the address has an account.
    """
    require(by, "accounts.manage_office_staff")
    if office is None or office.kind == OfficeKind.OVERSEAS \
            or not office.domestic_territories.exists():
        raise ValidationError({"office": _("Choose an office in Japan that covers "
                                           "prefectures.")})
    invitation, token = invitation_record(email=email, by=by, role=Role.OFFICE_STAFF,
                                          office=office, language=language)
    audit_record(event=event("office_staff.invited", email=invitation.email,
                             office=office.code), by=by)
    return invitation, token


@transaction.atomic
def invitation_create(*, organisation: ApplicantOrganisation, email: str, by: User
                      ) -> tuple[Invitation, str]:
    """Invite `email` to join `organisation`; the e-mail with the link is recorded with it.

    Returns the invitation and its token (only the token's hash is stored). Raises
    PermissionDenied unless `by` is an applicant of that organisation, and ValidationError
    (on "email") when the address already has an account.
    """
    if not by.has_perm("accounts.invite_colleague") or by.organisation_id != organisation.pk:
        raise PermissionDenied
    return invitation_record(email=email, by=by, role=Role.APPLICANT,
                             organisation=organisation,
                             language=organisation.preferred_language)


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token belongs to, or None for an unknown or altered token."""
    return (Invitation.objects.select_related("organisation", "organisation__prefecture",
                                              "office", "invited_by")
            .filter(token_hash=_token_hash(token)).first())


def invitation_problem(invitation: Invitation, *, now=None) -> str:
    """Why the invitation can no longer be used ("" when it can)."""
    if invitation.accepted_at is not None:
        return _("This invitation has already been used. Log in with your account.")
    if (now or timezone.now()) >= invitation.expires_at:
        if invitation.role == Role.APPLICANT:
            return _("This invitation has expired. Ask your colleague to invite you again.")
        return _("This invitation has expired. Ask the programme office to invite you again.")
    return ""


@transaction.atomic
def invitation_accept(*, invitation: Invitation, password: str, first_name: str,
                      last_name: str, language: str = "ja") -> User:
    """Create the invited person's account (the invitation's role, organisation and
    office, their own password) and close the invitation."""
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    problem = invitation_problem(invitation)
    if problem:
        raise ValidationError(problem)
    if _email_has_account(invitation.email):
        raise ValidationError(_("This address already has an account on the portal."))
    user = user_create(email=invitation.email, password=password, role=invitation.role,
                       organisation=invitation.organisation, office=invitation.office,
                       first_name=first_name, last_name=last_name, language=language)
    invitation.accepted_at = timezone.now()
    invitation.accepted_user = user
    invitation.save(update_fields=["accepted_at", "accepted_user"])
    collection_record(record=user, by=user)
    return user


def user_language_set(*, user: User, language: str) -> User:
    """Remember the user's interface language (also used for their e-mails)."""
    if language != user.language and language in dict(User._meta.get_field("language").choices):
        user.language = language
        user.save(update_fields=["language"])
    return user
