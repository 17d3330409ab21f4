"""Calls, applications and what an application holds. Data and invariants only.

Workflow (status changes) lives in applications/workflow.py; every other write in
applications/services.py.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_corporate_number
from rit_portal.bilingual import Bilingual
from rit_portal.conventions import fiscal_year
from rit_portal.lifecycle import MoveRecord

from .english import EnglishSummary, summary_length
from .enums import (
    ApplicationStatus,
    AttachmentKind,
    CallState,
    ConfirmationStatus,
    ContactForm,
    Industry,
)
from .sme import sme_status_for

# The fiscal years a call may have (outside them the field refuses the value).
FISCAL_YEARS = range(2000, 2101)


def validate_summary_codes(value) -> None:
    if not isinstance(value, list) or not set(value) <= set(EnglishSummary.values):
        raise ValidationError(_("Choose among the English summaries offered."))


class Call(models.Model):
    """A yearly call for applications (Japanese fiscal year, April to March)."""

    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(FISCAL_YEARS.start),
                                      MaxValueValidator(FISCAL_YEARS.stop - 1)],
        help_text=_("FY2027 runs from April 2027 to March 2028."),
    )
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    guidance_ja = models.TextField(_("guidance (Japanese)"), blank=True)
    guidance_en = models.TextField(_("guidance (English)"), blank=True)
    opens_at = models.DateTimeField(_("opens at (Japan time)"))
    closes_at = models.DateTimeField(_("closes at (Japan time)"))
    budget_envelope = models.PositiveBigIntegerField(_("budget envelope (yen)"))
    min_consortium_size = models.PositiveSmallIntegerField(
        _("minimum consortium size"), default=5, validators=[MinValueValidator(1)]
    )
    max_duration_years = models.PositiveSmallIntegerField(
        _("maximum project duration (years)"), default=3,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    focus_sectors = models.ManyToManyField("regions.Sector", blank=True,
                                           verbose_name=_("focus sectors"))
    cost_cap = models.PositiveBigIntegerField(
        _("cost cap per application (yen)"), null=True, blank=True
    )
    eur_rate = models.DecimalField(
        _("yen per euro (for display)"), max_digits=8, decimal_places=2, default=160,
        validators=[MinValueValidator(1)],
    )
    review_deadline = models.DateTimeField(_("review deadline (Japan time)"), null=True,
                                           blank=True)
    # Codes of applications.english.EnglishSummary the applicant must give.
    english_summaries = models.JSONField(_("English summaries required"), default=list,
                                         blank=True, validators=[validate_summary_codes])
    is_published = models.BooleanField(_("published"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-fiscal_year", "-opens_at"]
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        constraints = [
            models.CheckConstraint(condition=models.Q(closes_at__gt=models.F("opens_at")),
                                   name="call_closes_after_opening"),
        ]

    def __str__(self) -> str:
        # Titles usually name the year already ("2027年度 …", "FY2027 …"): don't repeat it.
        title = self.title
        if str(self.fiscal_year) in title:
            return title
        return f"{fiscal_year(self.fiscal_year)} {title}"

    title = Bilingual()
    guidance = Bilingual()

    def state_at(self, moment) -> str:
        """The call's state at `moment` (an aware datetime).

        `closes_at` is the last accepted second: with 23:59:59 a submission at 23:59:59.9
        is on time and one at 00:00:00 is late (the server clock, compared in UTC).
        """
        if not self.is_published:
            return CallState.DRAFT
        if moment < self.opens_at:
            return CallState.SCHEDULED
        if moment.replace(microsecond=0) <= self.closes_at:
            return CallState.OPEN
        return CallState.CLOSED

    @property
    def state(self) -> str:
        return self.state_at(timezone.now())


class Application(models.Model):
    """One organisation's bid in one call, for one consortium and one partner region."""

    call = models.ForeignKey(Call, on_delete=models.PROTECT, related_name="applications",
                             verbose_name=_("call"))
    organisation = models.ForeignKey("accounts.ApplicantOrganisation", on_delete=models.PROTECT,
                                     related_name="applications",
                                     verbose_name=_("applicant organisation"))
    # Given at first submission, e.g. RIT-FY2027-0042; `sequence` is the 42.
    reference = models.CharField(_("reference number"), max_length=20, unique=True, null=True,
                                 blank=True)
    sequence = models.PositiveIntegerField(null=True, blank=True, editable=False)
    status = models.CharField(_("status"), max_length=20, choices=ApplicationStatus.choices,
                              default=ApplicationStatus.DRAFT)

    title_ja = models.CharField(_("project title (Japanese)"), max_length=200)
    title_en = models.CharField(_("project title (English)"), max_length=200, blank=True)
    title = Bilingual()
    sector = models.ForeignKey("regions.Sector", null=True, blank=True, on_delete=models.PROTECT,
                               verbose_name=_("sector"))
    prefectures = models.ManyToManyField("regions.Prefecture", blank=True,
                                         verbose_name=_("Japanese region (prefectures)"))
    partner_region = models.ForeignKey(
        "regions.PartnerRegion", null=True, blank=True, on_delete=models.PROTECT,
        related_name="applications", verbose_name=_("foreign partner region"),
    )

    # Planned cooperation.
    objectives = models.JSONField(_("objectives"), default=list, blank=True)  # Objective values
    objectives_other = models.CharField(_("other objective"), max_length=200, blank=True)
    cooperation_summary = models.TextField(_("planned cooperation"), blank=True)
    start_date = models.DateField(_("project start"), null=True, blank=True)
    duration_years = models.PositiveSmallIntegerField(
        _("duration (years)"), null=True, blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )

    # Criterion 2: clear prospects.
    c2_industry_development = models.TextField(
        _("expected development of the region's industries and technologies"), blank=True)
    c2_new_products = models.TextField(_("expected new products"), blank=True)
    c2_business_tieups = models.TextField(_("expected business tie-ups"), blank=True)

    # Short English summaries for overseas-office reviewers (applications/english.py).
    plan_summary_en = models.TextField(_("English summary of the planned cooperation"),
                                       blank=True, validators=[summary_length])
    prospects_summary_en = models.TextField(_("English summary of the prospects"), blank=True,
                                            validators=[summary_length])
    firms_summary_en = models.TextField(_("English summary of the firms' interests"),
                                        blank=True, validators=[summary_length])
    contacts_summary_en = models.TextField(_("English summary of the prior contacts"),
                                           blank=True, validators=[summary_length])

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    # The earlier application this draft was started from (services.application_copy).
    copied_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+", verbose_name=_("started from"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # Set while the organisation shares its draft with its JETRO office in Japan, which may
    # then read it and advise (OfficeAdvice) before it is submitted.
    shared_with_office_at = models.DateTimeField(_("shared with the JETRO office at"),
                                                 null=True, blank=True)
    # Set when HQ publishes the selection outcome to the applicant.
    decision_published_at = models.DateTimeField(_("decision published at"), null=True,
                                                 blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        constraints = [
            models.UniqueConstraint(fields=["call", "sequence"], name="uniq_application_sequence"),
        ]
        indexes = [models.Index(fields=["call", "status"]),
                   # Lists of a call in reference order, a page at a time (board, assignments).
                   models.Index(fields=["call", "reference"], name="application_call_ref_idx")]

    def __str__(self) -> str:
        return f"{self.reference or _('draft')} {self.title}"


class ProposedPartnerRegion(models.Model):
    """A partner region the applicant could not find in the reference data; HQ confirms it."""

    application = models.OneToOneField(Application, on_delete=models.CASCADE,
                                       related_name="proposed_partner_region")
    country = models.ForeignKey("regions.Country", on_delete=models.PROTECT,
                                verbose_name=_("country"))
    name = models.CharField(_("region name"), max_length=200)
    note = models.TextField(_("note for HQ"), blank=True)
    # Set when HQ creates or chooses the matching reference record.
    resolved_region = models.ForeignKey("regions.PartnerRegion", null=True, blank=True,
                                        on_delete=models.SET_NULL, related_name="+")

    def __str__(self) -> str:
        return self.name


class OfficeAdvice(models.Model):
    """Advice of the JETRO office in Japan on one section of a draft its organisation shared
    with it, and the organisation's answer. Between the two only: no reviewer's page reads
    it, and it is no part of what is submitted."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="office_advice")
    # A key of sections.SECTIONS (the form's sections, the cost proposal included).
    section = models.CharField(_("section"), max_length=20)
    office = models.ForeignKey("regions.JetroOffice", on_delete=models.PROTECT,
                               related_name="+", verbose_name=_("office"))
    text = models.TextField(_("advice"))
    written_by = models.ForeignKey("accounts.User", null=True, on_delete=models.SET_NULL,
                                   related_name="+")
    written_at = models.DateTimeField(_("written at"))
    answer = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey("accounts.User", null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["written_at", "pk"]
        verbose_name = _("advice of the JETRO office")
        verbose_name_plural = _("advice of the JETRO office")

    def __str__(self) -> str:
        return f"{self.application_id} {self.section}"


class ProjectYearPlan(models.Model):
    """Activities planned for one project year (1..duration)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="year_plans")
    year = models.PositiveSmallIntegerField(_("project year"),
                                            validators=[MinValueValidator(1), MaxValueValidator(3)])
    activities = models.TextField(_("planned activities"))

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["application", "year"],
                                               name="uniq_year_plan")]

    def __str__(self) -> str:
        return f"{self.application_id} Y{self.year}"


class ConsortiumMember(models.Model):
    """A firm of the consortium the application is made for (criterion 1)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="consortium_members")
    name = models.CharField(_("firm name"), max_length=200)
    corporate_number = models.CharField(_("corporate number"), max_length=13, blank=True,
                                        validators=[validate_corporate_number])
    industry = models.CharField(_("industry type"), max_length=20, choices=Industry.choices)
    capital_yen = models.PositiveBigIntegerField(_("stated capital (yen)"))
    employees = models.PositiveIntegerField(_("regular employees"))
    interest = models.TextField(_("interest in the collaboration"))
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("consortium member")
        verbose_name_plural = _("consortium members")
        constraints = [
            models.UniqueConstraint(
                fields=["application", "corporate_number"],
                condition=~models.Q(corporate_number=""),
                name="uniq_member_corporate_number",
            ),
            models.UniqueConstraint(fields=["application", "name"], name="uniq_member_name"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_sme(self) -> bool:
        """The firm's SME status under the SME Basic Act (computed, never stored)."""
        return sme_status_for(industry=self.industry, capital_yen=self.capital_yen,
                              employees=self.employees)


class PriorContactQuerySet(models.QuerySet):
    def personal_data_erase(self) -> int:
        """Blank the people involved and what happened (the date and form of contact stay:
        criterion 3); the one rule of the retention schedule and of an erasure on request.
        Returns the number of contacts changed."""
        return (self.filter(~Q(people="") | ~Q(description=""))
                .update(people="", description=""))


class PriorContact(models.Model):
    """Criterion 3: an earlier contact with the partner region."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="prior_contacts")
    date = models.DateField(_("date"))
    form = models.CharField(_("form of contact"), max_length=20, choices=ContactForm.choices)
    people = models.CharField(_("people involved"), max_length=300)
    description = models.TextField(_("what happened"), blank=True)

    objects = PriorContactQuerySet.as_manager()

    class Meta:
        ordering = ["date", "id"]

    def __str__(self) -> str:
        return f"{self.date} {self.get_form_display()}"


class PartnerConfirmationQuerySet(models.QuerySet):
    def personal_data_erase(self) -> int:
        """Blank the contact's name, address and message (the organisation and the answer
        stay: criterion 3); the one rule of the retention schedule and of an erasure on
        request. Returns the number of confirmations changed."""
        return (self.filter(~Q(contact_name="") | ~Q(contact_email="") | ~Q(message=""))
                .update(contact_name="", contact_email="", message=""))


class PartnerConfirmation(models.Model):
    """Criterion 3: the partner region's online confirmation of interest.

    The partner contact has no account: they answer through a signed link (see services).
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="partner_confirmations")
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    contact_organisation = models.CharField(_("contact's organisation"), max_length=200)
    # The language of the e-mail and of the page behind the link (one of
    # settings.PARTNER_LANGUAGES; the page offers the others too).
    language = models.CharField(_("language of the request"), max_length=8, default="en",
                                choices=settings.PARTNER_LANGUAGES)
    status = models.CharField(_("status"), max_length=20, choices=ConfirmationStatus.choices,
                              default=ConfirmationStatus.PENDING)
    message = models.TextField(_("partner's message"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = PartnerConfirmationQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at"]

    def __str__(self) -> str:
        return f"{self.contact_organisation} ({self.get_status_display()})"

    @property
    def is_confirmed(self) -> bool:
        return self.status == ConfirmationStatus.CONFIRMED

    @property
    def is_declined(self) -> bool:
        return self.status == ConfirmationStatus.DECLINED


def application_pdf_folder(application) -> str:
    """Where the application's rendered PDFs are kept (pdf.py), in the default storage."""
    return f"application-pdfs/{application.pk}"


def attachment_path(instance, filename: str) -> str:
    # Outside STATIC_ROOT; served only through a permission-checked view.
    return f"attachments/{instance.application_id}/{filename}"


class Attachment(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="attachments")
    kind = models.CharField(_("kind"), max_length=20, choices=AttachmentKind.choices)
    file = models.FileField(_("file"), upload_to=attachment_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.original_name


class StatusChange(MoveRecord):
    """One row per move of an application (written by workflow.application_transition
    only). `note` is what a person typed (a reason, a request); what the portal itself says
    about the move is the event (`event_text`, in the reader's language)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE,
                                    related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    to_status = models.CharField(max_length=20, choices=ApplicationStatus.choices)
    # For "more information requested": the date by which the applicant should reply.
    reply_by = models.DateTimeField(null=True, blank=True)

    class Meta(MoveRecord.Meta):
        pass


class ReferralVisit(models.Model):
    """How many visitors a promoter's shared link (`?ref=`) brought to a public page on one
    day (Japan time): one counter row per code, day and call page (no call: the front
    page). Nothing about the visitor is kept (no address, no browser, no session id);
    each visitor is counted once a day per code and page (their session remembers it),
    and requests that say they are robots or prefetches are not counted
    (accounts.referrals.counts_as_visit)."""

    source = models.CharField(_("referral source"), max_length=50)
    day = models.DateField(_("day"))
    call = models.ForeignKey(Call, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="referral_visits", verbose_name=_("call"))
    visits = models.PositiveIntegerField(_("visits"), default=0)

    class Meta:
        verbose_name = _("referral visits")
        verbose_name_plural = _("referral visits")
        constraints = [models.UniqueConstraint(fields=["source", "day", "call"],
                                               nulls_distinct=False,
                                               name="referral_visit_one_row_per_day")]

    def __str__(self) -> str:
        return f"{self.source} {self.day} {self.visits}"
