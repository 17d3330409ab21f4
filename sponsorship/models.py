"""Cost proposals, sponsorship decisions and award letters. Money is whole yen (integers)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rit_portal.bilingual import Bilingual

from .coverage import refusal_reason
from .enums import (
    BOARD_JOB_IN_PROGRESS,
    Activity,
    BoardAction,
    BoardJobItemStatus,
    BoardJobKind,
    BoardJobStatus,
    CostCategory,
    DecisionMode,
    LetterStatus,
)

# A thousand trillion yen: the most a line may total (the column is a bigint).
MAX_LINE_TOTAL = 10**15 - 1


class CostLine(models.Model):
    """One line of an application's cost proposal."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="cost_lines")
    activity = models.CharField(_("activity"), max_length=30, choices=Activity.choices)
    year = models.PositiveSmallIntegerField(
        _("project year"), validators=[MinValueValidator(1), MaxValueValidator(3)]
    )
    category = models.CharField(_("cost category"), max_length=30, choices=CostCategory.choices)
    description = models.CharField(_("description"), max_length=300)
    quantity = models.PositiveIntegerField(_("quantity"), validators=[MinValueValidator(1)])
    unit = models.CharField(_("unit"), max_length=50, help_text=_("e.g. expert-nights"))
    unit_cost = models.PositiveBigIntegerField(_("unit cost (yen)"))
    # Computed by the database, never typed.
    total = models.GeneratedField(
        expression=F("quantity") * F("unit_cost"),
        output_field=models.BigIntegerField(),
        db_persist=True,
        verbose_name=_("line total (yen)"),
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["year", "activity", "position", "id"]
        verbose_name = _("cost line")
        verbose_name_plural = _("cost lines")

    def __str__(self) -> str:
        return f"Y{self.year} {self.get_activity_display()} / {self.get_category_display()}"

    def clean(self) -> None:
        errors = {}
        # Invariant: only the categories the programme covers for the activity.
        reason = refusal_reason(activity=self.activity, category=self.category)
        if reason:
            errors["category"] = reason
        # The database computes the total as a bigint: refuse what would not fit (far above
        # any real cost) instead of failing on save.
        if (isinstance(self.quantity, int) and isinstance(self.unit_cost, int)
                and self.quantity * self.unit_cost > MAX_LINE_TOTAL):
            errors["unit_cost"] = _("The line total (quantity × unit cost) may be at most "
                                    "¥%(max)s.") % {"max": f"{MAX_LINE_TOTAL:,}"}
        if errors:
            raise ValidationError(errors)


class SponsorshipDecision(models.Model):
    """HQ's sponsorship level for an application; a change is a new version, old ones kept."""

    application = models.ForeignKey("applications.Application", on_delete=models.PROTECT,
                                    related_name="sponsorship_decisions")
    version = models.PositiveSmallIntegerField(default=1)
    mode = models.CharField(_("sponsorship level"), max_length=20, choices=DecisionMode.choices)
    percentage = models.DecimalField(_("share of the request (%)"), max_digits=5,
                                     decimal_places=2, null=True, blank=True,
                                     validators=[MinValueValidator(0), MaxValueValidator(100)])
    conditions_ja = models.TextField(_("conditions (Japanese)"), blank=True)
    # Every award letter has an English page: conditions are written in both languages.
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    requested_total = models.PositiveBigIntegerField(_("requested (yen)"))
    approved_total = models.PositiveBigIntegerField(_("approved (yen)"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+", verbose_name=_("decided by"))
    decided_at = models.DateTimeField(_("decided at"))
    # Only the newest version counts towards the call's envelope.
    is_current = models.BooleanField(default=True)

    class Meta:
        ordering = ["application", "-version"]
        verbose_name = _("sponsorship decision")
        verbose_name_plural = _("sponsorship decisions")
        constraints = [
            models.UniqueConstraint(fields=["application", "version"],
                                    name="uniq_decision_version"),
            models.UniqueConstraint(fields=["application"], condition=models.Q(is_current=True),
                                    name="one_current_decision"),
            models.CheckConstraint(condition=models.Q(approved_total__lte=F("requested_total")),
                                   name="approved_within_request"),
        ]

    conditions = Bilingual()

    def __str__(self) -> str:
        return f"{self.application} v{self.version}"


class DecisionLine(models.Model):
    """The approved amount for one cost line under one decision version."""

    decision = models.ForeignKey(SponsorshipDecision, on_delete=models.CASCADE,
                                 related_name="lines")
    cost_line = models.ForeignKey(CostLine, on_delete=models.PROTECT, related_name="+")
    requested_amount = models.PositiveBigIntegerField(_("requested (yen)"))
    approved_amount = models.PositiveBigIntegerField(_("approved (yen)"))

    class Meta:
        ordering = ["cost_line__year", "cost_line__activity", "cost_line__position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["decision", "cost_line"], name="uniq_decision_line"),
            models.CheckConstraint(
                condition=models.Q(approved_amount__lte=F("requested_amount")),
                name="line_approved_within_request",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.cost_line}: {self.approved_amount}"


class LetterBatch(models.Model):
    """HQ's request to regenerate every award letter of a call; its letters show progress."""

    call = models.ForeignKey("applications.Call", on_delete=models.CASCADE,
                             related_name="letter_batches")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    total = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-requested_at"]
        verbose_name = _("award letter batch")
        verbose_name_plural = _("award letter batches")

    def __str__(self) -> str:
        return f"{self.call} letters {self.requested_at:%Y-%m-%d %H:%M}"


def letter_path(instance, filename: str) -> str:
    return f"letters/{instance.decision.application_id}/{filename}"


class AwardLetter(models.Model):
    """The PDF award letter for one decision version: at most one per decision."""

    decision = models.OneToOneField(SponsorshipDecision, on_delete=models.PROTECT,
                                    related_name="award_letter")
    status = models.CharField(_("status"), max_length=20, choices=LetterStatus.choices,
                              default=LetterStatus.PENDING)
    language = models.CharField(_("language first"), max_length=2, default="ja")
    file = models.FileField(upload_to=letter_path, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    # The regeneration batch this letter was last queued by, if any.
    batch = models.ForeignKey(LetterBatch, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="letters")
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # When `status` last changed: a letter queued or being produced with no change for
    # longer than letters.LETTER_STALE_AFTER has lost its job and may be retried by HQ.
    status_changed_at = models.DateTimeField(default=timezone.now)
    rendered_at = models.DateTimeField(null=True, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("award letter")
        verbose_name_plural = _("award letters")

    def __str__(self) -> str:
        return f"{self.decision} letter"


class BoardJob(models.Model):
    """HQ's action on many applications of a call, run by a Celery job
    (sponsorship/board_jobs.py): the publication of the decisions, or one of the selection
    board's bulk actions. The request records the job and its items and returns; the job
    works through the items, each exactly once, and its page shows the progress."""

    call = models.ForeignKey("applications.Call", on_delete=models.CASCADE,
                             related_name="board_jobs")
    kind = models.CharField(_("what"), max_length=10, choices=BoardJobKind.choices)
    # The board's action and its reason (a DECIDE job).
    action = models.CharField(_("action"), max_length=20, choices=BoardAction.choices,
                              blank=True)
    reason = models.TextField(_("reason"), blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("requested by"))
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # The requester's language: the refusals the job records are written in it.
    language = models.CharField(max_length=2, default="ja")
    status = models.CharField(_("status"), max_length=10, choices=BoardJobStatus.choices,
                              default=BoardJobStatus.QUEUED)
    # When the job last made progress (each item done moves it): queued or running with no
    # change for longer than board_jobs.JOB_STALE_AFTER means its task was lost, and the
    # stale-job sweep queues it again (running it twice is harmless: see board_jobs).
    status_changed_at = models.DateTimeField(default=timezone.now)
    total = models.PositiveIntegerField(_("applications"), default=0)
    # Items no longer pending, counted in the transaction of each item's work.
    processed = models.PositiveIntegerField(_("processed"), default=0)
    # Times a task started on it (more than one: a crash, a retry, a continuation).
    runs = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("board job")
        verbose_name_plural = _("board jobs")
        constraints = [
            models.CheckConstraint(condition=models.Q(processed__lte=F("total")),
                                   name="board_job_processed_within_total"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk} ({self.call})"

    @property
    def in_progress(self) -> bool:
        return self.status in BOARD_JOB_IN_PROGRESS

    @property
    def percent(self) -> int:
        return round(100 * self.processed / self.total) if self.total else 100


class BoardJobItem(models.Model):
    """One application of a board job. Its status leaves PENDING in the same transaction
    as the work done to the application: processed exactly once."""

    job = models.ForeignKey(BoardJob, on_delete=models.CASCADE, related_name="items")
    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="+")
    # Items of one group are done together, in one transaction (a publication's: one
    # organisation's applications, which get one e-mail); else each alone.
    group = models.BigIntegerField()
    position = models.PositiveIntegerField()
    status = models.CharField(_("status"), max_length=10, choices=BoardJobItemStatus.choices,
                              default=BoardJobItemStatus.PENDING)
    # Why it was refused or skipped, or the error (in the job's language).
    message = models.TextField(_("message"), blank=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["job", "position"]
        constraints = [
            models.UniqueConstraint(fields=["job", "application"], name="uniq_board_job_item"),
        ]
        indexes = [models.Index(fields=["job", "status", "position"])]

    def __str__(self) -> str:
        return f"{self.job} / {self.application_id}: {self.status}"
