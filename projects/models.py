"""Sponsored projects, from publication to the last progress report. Data and invariants only.

A project is created when its approval is published (services.project_for_decision) and
carries what the decision settled: the application, the approved sponsorship per project
year, activity and cost category, the consortium's firms, the partner region, the project
years and their due dates. Everything the organisation reports afterwards hangs from it:

    Project (lifecycle: workflow.PROJECT; ProjectStatusChange rows are its timeline)
       │
    Project ── ProjectYear (1..3, due date) ── ProgressReport (lifecycle: workflow.REPORT)
       │            │                               ├── Outcome (typed, count, yen)
       │            │                               ├── SpendLine ── Receipt (PDF)
       │            │                               └── firms that took part (ProjectFirm)
       │            ├── ApprovedLine (activity × category, approved yen)
       │            ├── ProjectActivity (type, dates, city, venue, participants)
       │            │      └── Delegate (personal data) ── TravelLeg
       │            └── SurveyInvitation (a signed link) ── SurveyResponse (1–5 answers)
       ├── ProjectFirm (consortium members and other firms; corporate number where known)
       ├── Variation (a change: lifecycle workflow.VARIATION) ── VariationLine (before/after)
       │      └── ProjectLetter (the amendment letter, a PDF produced once)
       ├── Claim (a held activity's spend: lifecycle workflow.CLAIM) ── ClaimLine (per
       │      approved line, claimed and approved yen, the report's receipts) ── Payment
       └── FinalReport (after the last year: lifecycle workflow.FINAL_REPORT; accepted, it
              completes the project) ── ProjectLetter (the closing letter, produced once)

Amounts are whole yen. Delegates' personal data is removed by the retention job
(services.retention) a set time after the project ends.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.validators import validate_corporate_number
from privacy.retention import REMOVED_DOMAIN, removed_address
from regions.enums import OfficeKind
from rit_portal.bilingual import Bilingual
from rit_portal.lifecycle import MoveRecord
from sponsorship.enums import Activity, CostCategory, LetterStatus

from .enums import (
    IN_JAPAN,
    SCORE_MAX,
    SCORE_MIN,
    ActivityStatus,
    BusinessResult,
    ClaimStatus,
    FinalReportStatus,
    FirmLocation,
    OutcomeKind,
    ProjectLetterKind,
    ProjectStatus,
    ReportStatus,
    SurveyLanguage,
    TravellerType,
    VariationKind,
    VariationStatus,
)
from .validators import validate_airport_code, validate_latin_name

YEAR_VALIDATORS = [MinValueValidator(1), MaxValueValidator(3)]
SCORE_VALIDATORS = [MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]


def project_running(prefix: str = "") -> Q:
    """The one rule "the project is running" as a query: for projects (`prefix` "") or for
    rows that reach their project through `prefix` ("project_year__project__"). Reminders,
    HQ's late list, the project lists, the API and the monitoring read it; its Python twin
    is workflow.is_running (tests/projects/test_lifecycle.py keeps the two equal)."""
    return Q(**{f"{prefix}status": ProjectStatus.RUNNING})


class ProjectQuerySet(models.QuerySet):
    def running(self):
        """Projects still running: reports are due, reminded and late."""
        return self.filter(project_running())

    def ended(self):
        """Projects that ended: completed, closed early or cancelled."""
        return self.exclude(project_running())

    def partner_contact_erase(self) -> int:
        """Blank the partner region's contact person of these projects (the partner
        region itself stays); the one rule of the retention schedule and of an erasure on
        request. Returns the number of projects changed."""
        return (self.filter(~Q(partner_contact_name="") | ~Q(partner_contact_email=""))
                .update(partner_contact_name="", partner_contact_email=""))


class ProjectFirmQuerySet(models.QuerySet):
    def contact_erase(self) -> int:
        """Blank the contact person and address of these firms (the firm, its corporate
        number and SME status stay: monitoring counts them); the one rule of the retention
        schedule and of an erasure on request. Returns the number of firms changed."""
        return (self.filter(~Q(contact_name="") | ~Q(contact_email=""))
                .update(contact_name="", contact_email=""))


class SurveyInvitationQuerySet(models.QuerySet):
    def personal_data_erase(self) -> int:
        """Anonymise these invitations: the participant's name, organisation and firm
        removed, the address replaced by one that names nobody, the answer's comment
        blanked; the ratings, business result, dates and language stay (monitoring's
        survey figures). The one rule of the retention schedule and of an erasure on
        request. Returns the number of invitations anonymised (one already anonymised is
        not counted)."""
        pks = list(self.exclude(email__endswith=f"@{REMOVED_DOMAIN}")
                   .values_list("pk", flat=True))
        if not pks:
            return 0
        SurveyResponse.objects.filter(invitation__in=pks).exclude(comment="").update(
            comment="")
        return SurveyInvitation.objects.filter(pk__in=pks).update(
            name="", organisation_name="", firm=None, email=removed_address("survey"))


class Project(models.Model):
    """One sponsored project: an approved, published application. Its status changes only
    through workflow.project_transition (running → completed, closed early, cancelled)."""

    application = models.OneToOneField("applications.Application", on_delete=models.PROTECT,
                                       related_name="project", verbose_name=_("application"))
    # The decision version whose lines the approved amounts follow (the current one).
    decision = models.ForeignKey("sponsorship.SponsorshipDecision", on_delete=models.PROTECT,
                                 related_name="+")
    # Copied from the application at publication, for scoping and the monitoring figures.
    organisation = models.ForeignKey("accounts.ApplicantOrganisation", on_delete=models.PROTECT,
                                     related_name="projects",
                                     verbose_name=_("applicant organisation"))
    partner_region = models.ForeignKey("regions.PartnerRegion", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="projects",
                                       verbose_name=_("foreign partner region"))
    first_fiscal_year = models.PositiveSmallIntegerField(_("first fiscal year"))
    duration_years = models.PositiveSmallIntegerField(_("duration (years)"),
                                                      validators=YEAR_VALIDATORS)
    approved_total = models.PositiveBigIntegerField(_("approved sponsorship (yen)"))
    # The partner region's contact, who receives the satisfaction survey in their language
    # (one of settings.PARTNER_LANGUAGES; from the confirmation of interest at first).
    partner_contact_name = models.CharField(_("partner contact's name"), max_length=200,
                                            blank=True)
    partner_contact_email = models.EmailField(_("partner contact's e-mail"), blank=True)
    partner_contact_organisation = models.CharField(_("partner contact's organisation"),
                                                    max_length=200, blank=True)
    partner_contact_language = models.CharField(_("partner contact's language"), max_length=8,
                                                choices=SurveyLanguage.choices,
                                                default=SurveyLanguage.ENGLISH)
    status = models.CharField(_("status"), max_length=12, choices=ProjectStatus.choices,
                              default=ProjectStatus.RUNNING)
    created_at = models.DateTimeField(auto_now_add=True)
    # When it ended (completed, closed early or cancelled): the retention clock starts.
    closed_at = models.DateTimeField(_("ended at"), null=True, blank=True)
    # Set by the retention job once the delegates' personal data is deleted.
    personal_data_removed_at = models.DateTimeField(_("delegates' data removed at"), null=True,
                                                    blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-first_fiscal_year", "application__reference"]
        verbose_name = _("sponsored project")
        verbose_name_plural = _("sponsored projects")

    def __str__(self) -> str:
        return f"{self.application.reference} {self.application.title}"

    @property
    def last_fiscal_year(self) -> int:
        return self.first_fiscal_year + self.duration_years - 1


class ProjectStatusChange(MoveRecord):
    """One row per move of a project (written by workflow.project_transition only): who,
    when, from, to, the reason HQ typed (`note`) and what the portal says (`event_text`).
    The project's timeline."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE,
                                related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=ProjectStatus.choices)
    to_status = models.CharField(max_length=12, choices=ProjectStatus.choices)

    class Meta(MoveRecord.Meta):
        pass


class ProjectYear(models.Model):
    """One project year (a Japanese fiscal year) and the date its report and survey are due."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="years")
    number = models.PositiveSmallIntegerField(_("project year"), validators=YEAR_VALIDATORS)
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    # Japan time: the report is late from the next day.
    report_due_on = models.DateField(_("report and survey due on"))

    class Meta:
        ordering = ["project", "number"]
        verbose_name = _("project year")
        verbose_name_plural = _("project years")
        constraints = [models.UniqueConstraint(fields=["project", "number"],
                                               name="uniq_project_year")]

    def __str__(self) -> str:
        return f"{self.project_id} Y{self.number}"


class ApprovedLine(models.Model):
    """The approved sponsorship for one activity and cost category in one project year: the
    ceiling of what spend may be claimed against it (the sum of the decision's lines)."""

    project_year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE,
                                     related_name="approved_lines")
    activity = models.CharField(_("activity"), max_length=30, choices=Activity.choices)
    category = models.CharField(_("cost category"), max_length=30,
                                choices=CostCategory.choices)
    approved_amount = models.PositiveBigIntegerField(_("approved (yen)"))

    class Meta:
        ordering = ["project_year", "activity", "category"]
        verbose_name = _("approved line")
        verbose_name_plural = _("approved lines")
        constraints = [models.UniqueConstraint(fields=["project_year", "activity", "category"],
                                               name="uniq_approved_line")]

    def __str__(self) -> str:
        return f"{self.get_activity_display()} / {self.get_category_display()}"


class ProjectFirm(models.Model):
    """A firm of the project: from the consortium (copied at publication) or another firm
    that took part. Its contact receives the satisfaction survey."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="firms")
    name = models.CharField(_("firm name"), max_length=200)
    corporate_number = models.CharField(_("corporate number"), max_length=13, blank=True,
                                        validators=[validate_corporate_number],
                                        help_text=_("13 digits (法人番号), where known."))
    consortium_member = models.ForeignKey("applications.ConsortiumMember", null=True,
                                          blank=True, on_delete=models.SET_NULL,
                                          related_name="+")
    from_consortium = models.BooleanField(_("consortium member"), default=False)
    # SME Basic Act status: computed for consortium members, as stated for others.
    is_sme = models.BooleanField(_("SME"), null=True, blank=True)
    location = models.CharField(_("based in"), max_length=20, choices=FirmLocation.choices,
                                default=FirmLocation.JAPAN)
    contact_name = models.CharField(_("contact person"), max_length=100, blank=True)
    contact_email = models.EmailField(_("contact e-mail"), blank=True,
                                      help_text=_("The satisfaction survey is sent here."))
    survey_language = models.CharField(_("survey language"), max_length=8,
                                       choices=SurveyLanguage.choices,
                                       default=SurveyLanguage.JAPANESE)

    objects = ProjectFirmQuerySet.as_manager()

    class Meta:
        ordering = ["-from_consortium", "name", "id"]
        verbose_name = _("project firm")
        verbose_name_plural = _("project firms")
        constraints = [
            models.UniqueConstraint(fields=["project", "name"], name="uniq_project_firm_name"),
            models.UniqueConstraint(fields=["project", "corporate_number"],
                                    condition=~Q(corporate_number=""),
                                    name="uniq_project_firm_corporate_number"),
        ]

    def __str__(self) -> str:
        return self.name


class ProgressReport(models.Model):
    """The progress report of one project year. Its status changes only through
    workflow.report_transition; what each status permits is workflow.ABILITIES."""

    project_year = models.OneToOneField(ProjectYear, on_delete=models.CASCADE,
                                        related_name="report")
    status = models.CharField(_("status"), max_length=12, choices=ReportStatus.choices,
                              default=ReportStatus.DRAFT)
    summary = models.TextField(_("summary of the year"), blank=True,
                               help_text=_("What the collaboration achieved this year, what "
                                           "comes next."))
    # The firms that took part in the year's activities.
    firms = models.ManyToManyField(ProjectFirm, blank=True, related_name="reports",
                                   verbose_name=_("firms that took part"))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project_year__report_due_on", "project_year__project_id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.project_year} report"


class ReportStatusChange(MoveRecord):
    """One row per move of a report (written by workflow.report_transition only): who, when,
    from, to, HQ's comment as typed (`note`) and what the portal says (`event_text`)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=ReportStatus.choices)
    to_status = models.CharField(max_length=12, choices=ReportStatus.choices)

    class Meta(MoveRecord.Meta):
        pass


class ProjectActivity(models.Model):
    """An activity of one project year: planned, then held (with its participants) or
    cancelled."""

    project_year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE,
                                     related_name="activities")
    activity_type = models.CharField(_("type of activity"), max_length=30,
                                     choices=Activity.choices)
    title_ja = models.CharField(_("title (Japanese)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True,
                                help_text=_("Shown on invitation letters."))
    title = Bilingual()
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    city = models.CharField(_("city"), max_length=100)
    venue = models.CharField(_("venue"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=ActivityStatus.choices,
                              default=ActivityStatus.PLANNED)
    # Participants, recorded once the activity is held.
    foreign_experts = models.PositiveIntegerField(_("foreign experts received"), default=0)
    delegates_sent = models.PositiveIntegerField(_("Japanese delegates sent"), default=0)
    firms_attending = models.PositiveIntegerField(_("firms attending"), default=0)
    participants_total = models.PositiveIntegerField(_("participants in total"), default=0)
    notes = models.TextField(_("what happened"), blank=True)
    # An activity in Japan may be co-organised by a JETRO office in Japan (by default the
    # office covering the organisation's prefecture); its staff then follow it and its
    # delegates' travel dates (selectors.office_activities).
    co_organising_office = models.ForeignKey(
        "regions.JetroOffice", null=True, blank=True, on_delete=models.PROTECT,
        related_name="co_organised_activities",
        verbose_name=_("JETRO office co-organising"),
        help_text=_("For an activity in Japan: the JETRO office in Japan that co-organises "
                    "it (none for an activity abroad)."))

    class Meta:
        ordering = ["project_year", "starts_on", "id"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        constraints = [models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                              name="activity_ends_after_start")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_held(self) -> bool:
        """Held: its participants count (monitoring) and are shown."""
        return self.status == ActivityStatus.HELD

    @property
    def is_in_japan(self) -> bool:
        """Held in Japan (business matching or a seminar there): an office in Japan may
        co-organise it, and foreign experts may need an invitation letter."""
        return self.activity_type in IN_JAPAN

    def clear_office_if_abroad(self) -> None:
        """An activity abroad has no co-organising office in Japan (the activity form
        offers the covering office whatever the type chosen; a change to the project may
        turn an activity in Japan into one abroad)."""
        if not self.is_in_japan:
            self.co_organising_office = None

    def clean(self):
        super().clean()
        office = self.co_organising_office
        if office is None:
            return
        if office.kind == OfficeKind.OVERSEAS:
            raise ValidationError({"co_organising_office": _(
                "Choose a JETRO office in Japan: an overseas office co-organises no activity "
                "in Japan.")})
        if not self.is_in_japan:
            raise ValidationError({"co_organising_office": _(
                "Only an activity in Japan is co-organised by a JETRO office in Japan; leave "
                "this empty for an activity abroad.")})


class Delegate(models.Model):
    """A traveller of an activity. Personal data: visible to the applicant organisation and
    HQ only, deleted by the retention job."""

    activity = models.ForeignKey(ProjectActivity, on_delete=models.CASCADE,
                                 related_name="delegates")
    traveller_type = models.CharField(_("traveller"), max_length=20,
                                      choices=TravellerType.choices)
    family_name = models.CharField(_("family name (as in passport)"), max_length=100,
                                   validators=[validate_latin_name])
    given_names = models.CharField(_("given names (as in passport)"), max_length=100,
                                   validators=[validate_latin_name])
    nationality = models.ForeignKey("regions.Country", on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("nationality"))
    organisation = models.CharField(_("organisation"), max_length=200)
    role = models.CharField(_("role"), max_length=200,
                            help_text=_("Position, and role in the activity."))
    needs_interpreter = models.BooleanField(_("needs an interpreter"), default=False)
    needs_visa = models.BooleanField(_("needs a visa"), default=False)
    # Optional: where the traveller is asked for their consent themselves.
    email = models.EmailField(_("e-mail"), blank=True, help_text=_(
        "Optional: to ask the traveller for their consent by e-mail."))
    created_at = models.DateTimeField(auto_now_add=True)
    # The traveller's consent to their data going to third parties, in the partner country
    # too (APPI Art. 27-28), given after being told `consent_information` (the country, its
    # system, the recipients' measures, as shown); recorded by the organisation
    # (services.provision). A travel request or letter naming them is refused without it.
    consent_country = models.ForeignKey("regions.Country", null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="+",
                                        verbose_name=_("consent covers"))
    consent_information = models.TextField(_("information given"), blank=True)
    consent_at = models.DateTimeField(_("consent recorded at"), null=True, blank=True)
    consent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+",
                                   verbose_name=_("consent recorded by"))
    # Asked of the traveller themselves (services.provision.delegate_consent_ask): the
    # request still awaiting their answer (its time is in the link: a new request replaces
    # the old link), and their own answer. A refusal blocks the provision as missing
    # consent does, and the organisation cannot record consent over it.
    consent_asked_at = models.DateTimeField(_("consent asked at"), null=True, blank=True)
    consent_language = models.CharField(_("language of the request"), max_length=5,
                                        blank=True)
    consent_by_traveller = models.BooleanField(_("consent given by the traveller"),
                                               default=False)
    consent_refused_at = models.DateTimeField(_("consent refused at"), null=True, blank=True)

    class Meta:
        ordering = ["activity", "family_name", "given_names", "id"]
        verbose_name = _("delegate")
        verbose_name_plural = _("delegates")

    def __str__(self) -> str:
        return self.passport_name

    @property
    def passport_name(self) -> str:
        """FAMILY NAME, Given Names: the form airlines and visa offices use."""
        return f"{self.family_name.upper()}, {self.given_names}"

    @property
    def consent_state(self) -> str:
        """given (by the traveller, through their link), recorded (by the organisation),
        refused (by the traveller), or none."""
        if self.consent_refused_at is not None:
            return "refused"
        if self.consent_at is not None:
            return "given" if self.consent_by_traveller else "recorded"
        return "none"

    # What the pages ask of the state, by name (no template compares a state with a literal).
    @property
    def consent_given_by_traveller(self) -> bool:
        return self.consent_state == "given"

    @property
    def consent_recorded(self) -> bool:
        return self.consent_state == "recorded"

    @property
    def consent_refused(self) -> bool:
        return self.consent_state == "refused"

    @property
    def consent_missing(self) -> bool:
        return self.consent_state == "none"


class TravelLeg(models.Model):
    """One flight of a delegate's journey (outbound, return, or a leg in between)."""

    delegate = models.ForeignKey(Delegate, on_delete=models.CASCADE, related_name="legs")
    position = models.PositiveSmallIntegerField(default=1)
    travel_date = models.DateField(_("travel date"))
    departure_airport = models.CharField(_("from (airport)"), max_length=3,
                                         validators=[validate_airport_code])
    arrival_airport = models.CharField(_("to (airport)"), max_length=3,
                                       validators=[validate_airport_code])

    class Meta:
        ordering = ["delegate", "position", "travel_date"]
        constraints = [models.UniqueConstraint(fields=["delegate", "position"],
                                               name="uniq_travel_leg")]

    def __str__(self) -> str:
        return f"{self.travel_date} {self.departure_airport}→{self.arrival_airport}"


class Outcome(models.Model):
    """One type of outcome a year brought, counted (and valued in yen where it has a value)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="outcomes")
    kind = models.CharField(_("outcome"), max_length=30, choices=OutcomeKind.choices)
    count = models.PositiveIntegerField(_("number"), validators=[MinValueValidator(1)])
    value_yen = models.PositiveBigIntegerField(_("value (yen)"), null=True, blank=True)
    description = models.CharField(_("short description"), max_length=300)

    class Meta:
        ordering = ["report", "kind", "id"]
        verbose_name = _("outcome")
        verbose_name_plural = _("outcomes")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} × {self.count}"


class SpendLine(models.Model):
    """Actual spend claimed against one approved line of the report's year."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE,
                               related_name="spend_lines")
    approved_line = models.ForeignKey(ApprovedLine, on_delete=models.PROTECT,
                                      related_name="spend_lines",
                                      verbose_name=_("approved line"))
    description = models.CharField(_("description"), max_length=300)
    amount = models.PositiveBigIntegerField(_("amount (yen)"), validators=[MinValueValidator(1)])
    paid_on = models.DateField(_("paid on"))

    class Meta:
        ordering = ["report", "approved_line__activity", "approved_line__category", "id"]
        verbose_name = _("spend line")
        verbose_name_plural = _("spend lines")

    def __str__(self) -> str:
        return f"{self.approved_line}: {self.amount}"


def receipt_path(instance, filename: str) -> str:
    # Outside STATIC_ROOT; served only through a permission-checked view.
    return f"receipts/{instance.spend_line.report.project_year.project_id}/{filename}"


class Receipt(models.Model):
    """A PDF receipt of a spend line (checked as applications' attachments are)."""

    spend_line = models.ForeignKey(SpendLine, on_delete=models.CASCADE,
                                   related_name="receipts")
    file = models.FileField(_("file"), upload_to=receipt_path)
    original_name = models.CharField(max_length=255)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return self.original_name


class SurveyInvitation(models.Model):
    """The satisfaction survey of one project year sent to one participant (a firm's contact
    or the partner region's contact) as a signed link; one answer per invitation."""

    project_year = models.ForeignKey(ProjectYear, on_delete=models.CASCADE,
                                     related_name="survey_invitations")
    firm = models.ForeignKey(ProjectFirm, null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="survey_invitations")
    is_partner_contact = models.BooleanField(_("partner region's contact"), default=False)
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    email = models.EmailField(_("e-mail"))
    language = models.CharField(_("language"), max_length=8, choices=SurveyLanguage.choices)
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)
    first_opened_at = models.DateTimeField(_("first opened"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    objects = SurveyInvitationQuerySet.as_manager()

    class Meta:
        ordering = ["project_year", "-is_partner_contact", "organisation_name", "id"]
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        constraints = [models.UniqueConstraint(fields=["project_year", "email"],
                                               name="uniq_survey_invitation")]

    def __str__(self) -> str:
        return f"{self.organisation_name} <{self.email}>"


class SurveyResponse(models.Model):
    """One participant's answers: scores 1–5 (None: did not take part in that)."""

    invitation = models.OneToOneField(SurveyInvitation, on_delete=models.CASCADE,
                                      related_name="response")
    overall_satisfaction = models.PositiveSmallIntegerField(
        _("overall satisfaction"), validators=SCORE_VALIDATORS)
    matching_usefulness = models.PositiveSmallIntegerField(
        _("usefulness of the business matching"), null=True, blank=True,
        validators=SCORE_VALIDATORS)
    seminar_usefulness = models.PositiveSmallIntegerField(
        _("usefulness of the seminars"), null=True, blank=True, validators=SCORE_VALIDATORS)
    interpretation_usefulness = models.PositiveSmallIntegerField(
        _("usefulness of the interpretation"), null=True, blank=True,
        validators=SCORE_VALIDATORS)
    business_result = models.CharField(_("did a business result follow?"), max_length=10,
                                       choices=BusinessResult.choices)
    comment = models.TextField(_("comment"), blank=True)
    language = models.CharField(_("answered in"), max_length=8, choices=SurveyLanguage.choices)
    answered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["answered_at", "id"]
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        constraints = [
            models.CheckConstraint(
                condition=Q(overall_satisfaction__gte=SCORE_MIN,
                            overall_satisfaction__lte=SCORE_MAX),
                name="survey_overall_in_scale"),
            *[models.CheckConstraint(
                condition=Q(**{f"{name}__isnull": True})
                | Q(**{f"{name}__gte": SCORE_MIN, f"{name}__lte": SCORE_MAX}),
                name=f"survey_{name}_in_scale")
              for name in ("matching_usefulness", "seminar_usefulness",
                           "interpretation_usefulness")],
        ]

    def __str__(self) -> str:
        return f"{self.invitation}: {self.overall_satisfaction}"


class Variation(models.Model):
    """A change to a running project the organisation asks for, with its reason: money moved
    between approved lines within the approved total (VariationLine, before and after), an
    activity changed or replaced, a report's due date moved, or the project extended (up to
    the call's maximum duration). HQ approves, refuses or returns it (workflow.VARIATION);
    an approved change is applied to the project from `effective_on` and gets an amendment
    letter (ProjectLetter)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="variations")
    # 1, 2, … per project: the amendment letter's reference (RIT-FY2026-0002-V1).
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("change"), max_length=20, choices=VariationKind.choices)
    status = models.CharField(_("status"), max_length=12, choices=VariationStatus.choices,
                              default=VariationStatus.REQUESTED)
    reason = models.TextField(_("reason for the change"))
    # An activity changed or replaced: its new type, title and dates.
    activity = models.ForeignKey(ProjectActivity, null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="variations",
                                 verbose_name=_("activity"))
    new_activity_type = models.CharField(_("new type of activity"), max_length=30, blank=True,
                                         choices=Activity.choices)
    new_title_ja = models.CharField(_("new title (Japanese)"), max_length=200, blank=True)
    new_title_en = models.CharField(_("new title (English)"), max_length=200, blank=True)
    new_starts_on = models.DateField(_("new first day"), null=True, blank=True)
    new_ends_on = models.DateField(_("new last day"), null=True, blank=True)
    # A report's due date moved.
    project_year = models.ForeignKey(ProjectYear, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="variations",
                                     verbose_name=_("project year"))
    new_report_due_on = models.DateField(_("new due date of the report"), null=True,
                                         blank=True)
    # The project extended by this many project years.
    extra_years = models.PositiveSmallIntegerField(_("years added"), null=True, blank=True,
                                                   validators=[MinValueValidator(1),
                                                               MaxValueValidator(2)])
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    # The change's date (Japan time), set at approval: spend paid from this day is held to
    # the amended lines, spend paid before it to the lines as they were.
    effective_on = models.DateField(_("in force from"), null=True, blank=True)

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("change to a project")
        verbose_name_plural = _("changes to projects")
        constraints = [models.UniqueConstraint(fields=["project", "number"],
                                               name="uniq_variation_number")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.project_id} V{self.number} {self.get_kind_display()}"

    @property
    def new_title(self) -> str:
        from django.utils.translation import get_language

        if (get_language() or "ja").startswith("en") and self.new_title_en:
            return self.new_title_en
        return self.new_title_ja or self.new_title_en


class VariationStatusChange(MoveRecord):
    """One row per move of a change (written by workflow.variation_transition only)."""

    variation = models.ForeignKey(Variation, on_delete=models.CASCADE,
                                  related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=VariationStatus.choices)
    to_status = models.CharField(max_length=12, choices=VariationStatus.choices)

    class Meta(MoveRecord.Meta):
        pass


class VariationLine(models.Model):
    """One approved line of a reallocation: its amount before and after the change. `before`
    is what the line held when the change was requested, reset to what it held when the
    change was approved."""

    variation = models.ForeignKey(Variation, on_delete=models.CASCADE, related_name="lines")
    approved_line = models.ForeignKey(ApprovedLine, on_delete=models.PROTECT,
                                      related_name="variation_lines",
                                      verbose_name=_("approved line"))
    before = models.PositiveBigIntegerField(_("before (yen)"))
    after = models.PositiveBigIntegerField(_("after (yen)"))

    class Meta:
        ordering = ["variation", "approved_line__project_year__number", "approved_line__activity",
                    "approved_line__category"]
        constraints = [models.UniqueConstraint(fields=["variation", "approved_line"],
                                               name="uniq_variation_line")]

    def __str__(self) -> str:
        return f"{self.approved_line}: {self.before} → {self.after}"

    @property
    def difference(self) -> int:
        return self.after - self.before

    @property
    def signed_difference(self) -> str:
        """+¥50,000 / -¥50,000 / ¥0."""
        from rit_portal.money import yen

        sign = "+" if self.difference > 0 else "-" if self.difference < 0 else ""
        return f"{sign}{yen(abs(self.difference))}"


class FinalReport(models.Model):
    """The final report after the last project year: the outcomes over all years, the
    firms' follow-up (business results, contracts signed, joint development) and the
    lessons, written by the organisation; the closing of the accounts (approved, paid,
    unspent) is computed (selectors.project_accounts) and kept as it stood when HQ
    accepted the report (`closing_approved`, `closing_paid`). Accepted, it completes the
    project and produces the closing letter (workflow.FINAL_REPORT)."""

    project = models.OneToOneField(Project, on_delete=models.CASCADE,
                                   related_name="final_report")
    status = models.CharField(_("status"), max_length=12, choices=FinalReportStatus.choices,
                              default=FinalReportStatus.DRAFT)
    outcomes = models.TextField(
        _("outcomes over all the project years"), blank=True,
        help_text=_("What the collaboration achieved from the first year to the last."))
    business_results = models.TextField(
        _("the firms' business results"), blank=True,
        help_text=_("Sales, orders, new customers or partners the firms gained."))
    contracts_signed = models.PositiveIntegerField(_("contracts signed"), default=0)
    contracts_value = models.PositiveBigIntegerField(_("value of the contracts (yen)"),
                                                     default=0)
    joint_developments = models.PositiveIntegerField(_("joint developments started"),
                                                     default=0)
    joint_development = models.TextField(
        _("joint development"), blank=True,
        help_text=_("Products or technologies developed together, and with whom."))
    lessons = models.TextField(_("lessons learned"), blank=True,
                               help_text=_("What worked, what did not, what you would do "
                                           "differently."))
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    # The accounts as they stood at acceptance (computed, never typed).
    closing_approved = models.PositiveBigIntegerField(_("approved (yen)"), null=True,
                                                      blank=True)
    closing_paid = models.PositiveBigIntegerField(_("paid (yen)"), null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["project"]
        verbose_name = _("final report")
        verbose_name_plural = _("final reports")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.project_id} final report"


class FinalReportStatusChange(MoveRecord):
    """One row per move of a final report (written by workflow.final_report_transition)."""

    final_report = models.ForeignKey(FinalReport, on_delete=models.CASCADE,
                                     related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=FinalReportStatus.choices)
    to_status = models.CharField(max_length=12, choices=FinalReportStatus.choices)

    class Meta(MoveRecord.Meta):
        pass


def project_letter_path(instance, filename: str) -> str:
    # Outside STATIC_ROOT; served only through a permission-checked view.
    return f"letters/projects/{instance.project_id}/{filename}"


class ProjectLetter(models.Model):
    """A letter about a project (an amendment letter for an approved change, the closing
    letter for an accepted final report): a bilingual PDF produced once by the award
    letters' job (sponsorship.letters: letter_claim_render, letter_store; task
    projects.render_project_letter) and e-mailed to the organisation once."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="letters")
    kind = models.CharField(_("letter"), max_length=20, choices=ProjectLetterKind.choices)
    variation = models.OneToOneField(Variation, null=True, blank=True,
                                     on_delete=models.PROTECT, related_name="letter")
    final_report = models.OneToOneField(FinalReport, null=True, blank=True,
                                        on_delete=models.PROTECT, related_name="letter")
    status = models.CharField(_("status"), max_length=20, choices=LetterStatus.choices,
                              default=LetterStatus.PENDING)
    language = models.CharField(_("language first"), max_length=2, default="ja")
    file = models.FileField(upload_to=project_letter_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["project", "created_at", "id"]
        verbose_name = _("project letter")
        verbose_name_plural = _("project letters")
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind=ProjectLetterKind.AMENDMENT) | Q(variation__isnull=False),
                name="amendment_letter_has_variation"),
            models.CheckConstraint(
                condition=~Q(kind=ProjectLetterKind.CLOSING) | Q(final_report__isnull=False),
                name="closing_letter_has_final_report"),
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.get_kind_display()}"


class Claim(models.Model):
    """The organisation claims the spend of a held activity against the approved lines,
    with the receipts already in its progress reports; HQ approves an amount per line (never
    above the line's remaining ceiling) and records the payment once (workflow.CLAIM)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="claims")
    number = models.PositiveSmallIntegerField(_("number"))
    activity = models.ForeignKey(ProjectActivity, on_delete=models.PROTECT,
                                 related_name="claims", verbose_name=_("activity"))
    status = models.CharField(_("status"), max_length=12, choices=ClaimStatus.choices,
                              default=ClaimStatus.SUBMITTED)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                     on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)

    class Meta:
        ordering = ["project", "-number"]
        verbose_name = _("claim")
        verbose_name_plural = _("claims")
        constraints = [models.UniqueConstraint(fields=["project", "number"],
                                               name="uniq_claim_number")]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.project_id} C{self.number}"


class ClaimStatusChange(MoveRecord):
    """One row per move of a claim (written by workflow.claim_transition only)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=ClaimStatus.choices)
    to_status = models.CharField(max_length=12, choices=ClaimStatus.choices)

    class Meta(MoveRecord.Meta):
        pass


class ClaimLine(models.Model):
    """What one approved line's spend claims (`claimed`), with its receipts from the
    progress reports, and what HQ approved for it (`approved`, set at approval)."""

    claim = models.ForeignKey(Claim, on_delete=models.CASCADE, related_name="lines")
    approved_line = models.ForeignKey(ApprovedLine, on_delete=models.PROTECT,
                                      related_name="claim_lines",
                                      verbose_name=_("approved line"))
    claimed = models.PositiveBigIntegerField(_("claimed (yen)"),
                                             validators=[MinValueValidator(1)])
    approved = models.PositiveBigIntegerField(_("approved (yen)"), null=True, blank=True)
    receipts = models.ManyToManyField(Receipt, blank=True, related_name="claim_lines",
                                      verbose_name=_("receipts"))

    class Meta:
        ordering = ["claim", "approved_line__project_year__number", "approved_line__activity",
                    "approved_line__category"]
        constraints = [
            models.UniqueConstraint(fields=["claim", "approved_line"], name="uniq_claim_line"),
            models.CheckConstraint(condition=Q(approved__isnull=True)
                                   | Q(approved__lte=F("claimed")),
                                   name="claim_line_approved_within_claimed"),
        ]

    def __str__(self) -> str:
        return f"{self.approved_line}: {self.claimed}"


class Payment(models.Model):
    """The payment of an approved claim: one per claim (the database refuses a second)."""

    claim = models.OneToOneField(Claim, on_delete=models.PROTECT, related_name="payment")
    paid_on = models.DateField(_("paid on"))
    amount = models.PositiveBigIntegerField(_("amount (yen)"))
    reference = models.CharField(_("payment reference"), max_length=100)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True,
                                    on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["paid_on", "id"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.claim} {self.amount}"
