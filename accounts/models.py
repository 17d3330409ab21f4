"""Users, their roles, and the applicant organisations they act for."""

import hashlib

import rules
from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin

from regions.enums import OfficeKind
from rit_portal.bilingual import Bilingual, in_reader_language

from .enums import OrganisationType, Role
from .validators import validate_corporate_number


class ApplicantOrganisationQuerySet(models.QuerySet):
    def contact_erase(self) -> int:
        """Anonymise the contact person of these organisations: their names (Japanese and
        Latin script) and telephone blanked, the address replaced by one that names nobody
        (`organisation-<id>@removed.invalid`); the organisation, its address, representative,
        applications and projects stay. The one rule of the retention schedule
        (projects.services.retention.organisation_contacts_anonymise). Returns the number
        of organisations changed (one already anonymised is not counted again)."""
        from privacy.retention import REMOVED_DOMAIN, removed_address

        return (self.exclude(contact_email__endswith=f"@{REMOVED_DOMAIN}")
                .update(contact_name="", contact_name_en="", contact_phone="",
                        contact_email=removed_address("organisation")))


class ApplicantOrganisation(models.Model):
    """A Japanese organisation that applies on behalf of a consortium; funds go to it."""

    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    org_type = models.CharField(_("type of organisation"), max_length=30,
                                choices=OrganisationType.choices)
    prefecture = models.ForeignKey("regions.Prefecture", on_delete=models.PROTECT,
                                   verbose_name=_("prefecture"))
    postal_code = models.CharField(_("postal code"), max_length=8, blank=True)
    address = models.CharField(_("address"), max_length=300)
    address_en = models.CharField(
        _("address (English)"), max_length=300, blank=True,
        help_text=_("As the English page of invitation letters prints it, e.g. 1-2-3 Sannomaru, "
                    "Mito, Ibaraki 310-0011."))
    representative_name_ja = models.CharField(_("representative's name (Japanese)"),
                                              max_length=100)
    representative_name_en = models.CharField(
        _("representative's name (Latin script)"), max_length=100, blank=True,
        help_text=_("As the English page of the award letter prints it, e.g. Tatsuo Kawada."))
    representative_title_ja = models.CharField(_("representative's title (Japanese)"),
                                               max_length=100, blank=True)
    representative_title_en = models.CharField(_("representative's title (English)"),
                                               max_length=100, blank=True,
                                               help_text=_("e.g. Chairman, President."))
    contact_name = models.CharField(_("contact person"), max_length=100)
    contact_name_en = models.CharField(
        _("contact person (Latin script)"), max_length=100, blank=True,
        help_text=_("As the English page of invitation letters prints it, e.g. Yumi Ito."))
    contact_email = models.EmailField(_("contact e-mail"))
    contact_phone = models.CharField(_("contact telephone"), max_length=30, blank=True)
    corporate_number = models.CharField(
        _("corporate number"), max_length=13, blank=True,
        validators=[validate_corporate_number],
        help_text=_("13 digits (法人番号), optional."),
    )
    preferred_language = models.CharField(_("preferred language for letters"), max_length=2,
                                          choices=[("ja", "日本語"), ("en", "English")],
                                          default="ja")
    # Which shared call page or channel brought the organisation to register.
    referral_source = models.CharField(_("referred by"), max_length=100, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ApplicantOrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name_ja"]
        verbose_name = _("applicant organisation")
        verbose_name_plural = _("applicant organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["corporate_number"], condition=~models.Q(corporate_number=""),
                name="uniq_org_corporate_number",
            )
        ]

    name = Bilingual()
    representative_name = Bilingual()
    representative_title = Bilingual()

    def __str__(self) -> str:
        return self.name

    # The address and the contact's name are stored as typed (Japanese) with an English
    # twin (`address_en`, `contact_name_en`): read in the reader's language by this rule.
    @property
    def address_in_reader_language(self) -> str:
        return in_reader_language(ja=self.address, en=self.address_en)

    @property
    def contact_in_reader_language(self) -> str:
        return in_reader_language(ja=self.contact_name, en=self.contact_name_en)


def full_name(first_name: str, last_name: str) -> str:
    """A person's name as the portal shows it: family name first for names written in
    Japanese (佐藤 花子), given name first otherwise (Anna Becker). `User.get_full_name`,
    and the exports that read the two columns without building the user."""
    first, last = first_name.strip(), last_name.strip()
    if any(ord(ch) > 0x2E7F for ch in first + last):
        return f"{last} {first}".strip()
    return f"{first} {last}".strip()


class UserManager(BaseUserManager):
    use_in_migrations = True

    def _create_user(self, email, password, **extra):
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email, password=None, **extra):
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra)

    def create_superuser(self, email, password=None, **extra):
        extra.update(is_staff=True, is_superuser=True, role=Role.SITE_ADMIN)
        return self._create_user(email, password, **extra)


class User(AbstractUser):
    """A person who logs in; the e-mail address is the login name."""

    username = None
    email = models.EmailField(_("e-mail address"), unique=True)
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)
    organisation = models.ForeignKey(
        ApplicantOrganisation, null=True, blank=True, on_delete=models.PROTECT,
        related_name="members", verbose_name=_("applicant organisation"),
    )
    office = models.ForeignKey(
        "regions.JetroOffice", null=True, blank=True, on_delete=models.PROTECT,
        related_name="staff", verbose_name=_("JETRO office"),
    )
    language = models.CharField(_("language"), max_length=2,
                                choices=[("ja", "日本語"), ("en", "English")], default="ja")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = UserManager()

    class Meta:
        ordering = ["email"]
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            # An applicant always acts for exactly one organisation; nobody else does.
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.APPLICANT, organisation__isnull=False)
                    | (~models.Q(role=Role.APPLICANT) & models.Q(organisation__isnull=True))
                ),
                name="applicant_has_organisation",
            ),
            # An overseas-office reviewer belongs to an office.
            models.CheckConstraint(
                condition=~models.Q(role=Role.OVERSEAS_REVIEWER) | models.Q(office__isnull=False),
                name="overseas_reviewer_has_office",
            ),
            # A domestic office's staff member belongs to their office.
            models.CheckConstraint(
                condition=~models.Q(role=Role.OFFICE_STAFF) | models.Q(office__isnull=False),
                name="office_staff_has_office",
            ),
        ]

    def has_perm(self, perm, obj=None) -> bool:
        """The portal's own permissions (`rules`, in each app's rules.py: who may edit,
        score, decide what) are decided by their rule alone: a superuser does not bypass
        them, so object rules hold for everyone and the site administrator acts as HQ staff
        by role. Model permissions of the administration site keep Django's check."""
        if rules.perm_exists(perm):
            return self.is_active and rules.has_perm(perm, self, obj)
        return super().has_perm(perm, obj)

    def get_full_name(self) -> str:
        """Family name first for names written in Japanese (佐藤 花子), given name first
        otherwise (Anna Becker): `full_name`."""
        return full_name(self.first_name, self.last_name)

    def __str__(self) -> str:
        full = self.get_full_name()
        return f"{full} <{self.email}>" if full else self.email

    def clean(self):
        super().clean()
        if (self.role == Role.OVERSEAS_REVIEWER and self.office_id
                and self.office.kind != OfficeKind.OVERSEAS):
            raise ValidationError({"office": _("Choose an overseas office.")})
        if (self.role == Role.OFFICE_STAFF and self.office_id
                and self.office.kind == OfficeKind.OVERSEAS):
            raise ValidationError({"office": _("Choose an office in Japan.")})


class InvitationQuerySet(models.QuerySet):
    def address_erase(self) -> int:
        """Replace the address these invitations were sent to by one that names nobody
        (`invitation-<id>@removed.invalid`) and end any still open (its link no longer
        works); role, organisation, office and dates stay. The one rule of the retention
        schedule (accounts.retention) and of an erasure on request (accounts.holdings).
        Returns the number of invitations changed (one already cleared is not counted)."""
        from django.db.models.functions import Least
        from django.utils import timezone

        from privacy.retention import REMOVED_DOMAIN, removed_address

        return (self.exclude(email__endswith=f"@{REMOVED_DOMAIN}")
                .update(email=removed_address("invitation"),
                        expires_at=Least("expires_at", models.Value(timezone.now()))))


class Invitation(models.Model):
    """An invitation to create an account: an applicant's colleague joining the same
    organisation, or a reviewer invited by HQ for an office (an overseas office, or HQ).

    The link carries a token derived from the invitation and SECRET_KEY
    (services.invitation_token); only its SHA-256 is stored, so the link cannot be rebuilt
    from the database alone. It works once, until `expires_at`. The invited person chooses
    their own password; the account gets the invitation's role, organisation and office.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices,
                            default=Role.APPLICANT)
    organisation = models.ForeignKey(ApplicantOrganisation, null=True, blank=True,
                                     on_delete=models.CASCADE, related_name="invitations",
                                     verbose_name=_("applicant organisation"))
    office = models.ForeignKey("regions.JetroOffice", null=True, blank=True,
                               on_delete=models.CASCADE, related_name="invitations",
                               verbose_name=_("JETRO office"))
    # The language of the e-mail and the account's first language.
    language = models.CharField(_("language"), max_length=2,
                                choices=[("ja", "日本語"), ("en", "English")], default="ja")
    email = models.EmailField(_("e-mail address"))
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("invited by"))
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_user = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")

    objects = InvitationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            # The account it creates satisfies the user's constraints.
            models.CheckConstraint(
                condition=(
                    models.Q(role=Role.APPLICANT, organisation__isnull=False)
                    | (~models.Q(role=Role.APPLICANT) & models.Q(organisation__isnull=True))
                ),
                name="invitation_applicant_has_organisation",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.OVERSEAS_REVIEWER) | models.Q(office__isnull=False),
                name="invitation_overseas_reviewer_has_office",
            ),
            models.CheckConstraint(
                condition=~models.Q(role=Role.OFFICE_STAFF) | models.Q(office__isnull=False),
                name="invitation_office_staff_has_office",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organisation or self.office or self.get_role_display()}"

    @property
    def for_office_staff(self) -> bool:
        """It makes a staff member of an office in Japan (not a reviewer)."""
        return self.role == Role.OFFICE_STAFF


def recovery_code_digest(code: str) -> str:
    """The SHA-256 of a recovery code as the person types it (spaces dropped, any case).
    A code has 80 random bits, so a plain digest cannot be reversed by trying codes; a slow
    password hasher would only cost every login its time (docs/security.md)."""
    normalised = "".join(code.split()).lower()
    return hashlib.sha256(f"rit-recovery-code:{normalised}".encode()).hexdigest()


class RecoveryCodeSet(TimestampMixin, ThrottlingMixin, Device):
    """A user's recovery codes, a django-otp device: each code works once. Only each code's
    digest is stored (RecoveryCode), so the database alone never lets anyone in. Throttled as
    django-otp's own devices are (a wait that doubles after each wrong code)."""

    class Meta:
        verbose_name = _("recovery code set")
        verbose_name_plural = _("recovery code sets")

    def get_throttle_factor(self):
        return getattr(settings, "OTP_STATIC_THROTTLE_FACTOR", 1)

    def verify_token(self, token) -> bool:
        """Whether `token` is one of the codes left; a code that matches is used up."""
        allowed, _details = self.verify_is_allowed()
        if not allowed:
            return False
        matched = self.codes.filter(digest=recovery_code_digest(str(token))).first()
        if matched is None:
            self.throttle_increment()
            return False
        matched.delete()
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True


class RecoveryCode(models.Model):
    """One unused recovery code, as its digest (recovery_code_digest)."""

    device = models.ForeignKey(RecoveryCodeSet, on_delete=models.CASCADE, related_name="codes")
    digest = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("recovery code")
        verbose_name_plural = _("recovery codes")

    def __str__(self) -> str:
        return f"{self.device.user} ({self.digest[:8]}…)"
