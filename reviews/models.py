"""Review settings per call, reviewer assignments with conflict declarations, reviews,
HQ consensus scores and the reminder log. Data and invariants only; writes in services.py.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .enums import (
    SCORE_MAX,
    VALUE_MAX,
    ConflictStatus,
    ConflictType,
    Criterion,
    FeedbackItem,
    Recommendation,
    ReviewStatus,
    ValueAspect,
)

_pass_mark_validators = [MinValueValidator(Decimal("0")), MaxValueValidator(Decimal(SCORE_MAX))]
_score_validators = [MaxValueValidator(SCORE_MAX)]
_weight_validators = [MaxValueValidator(10)]


class ReviewSettings(models.Model):
    """How one call's applications are scored: pass marks and optional value weights."""

    call = models.OneToOneField("applications.Call", on_delete=models.CASCADE,
                                related_name="review_settings")
    pass_mark_c1 = models.DecimalField(_("pass mark C1"), max_digits=3, decimal_places=2,
                                       default=Decimal("3"), validators=_pass_mark_validators)
    pass_mark_c2 = models.DecimalField(_("pass mark C2"), max_digits=3, decimal_places=2,
                                       default=Decimal("3"), validators=_pass_mark_validators)
    pass_mark_c3 = models.DecimalField(_("pass mark C3"), max_digits=3, decimal_places=2,
                                       default=Decimal("3"), validators=_pass_mark_validators)
    # All zero: reviewers give the value as one score. Any non-zero: reviewers score the
    # weighted aspects and the value is their weighted mean.
    weight_regional_impact = models.PositiveSmallIntegerField(
        _("weight: impact on the regional economy"), default=0, validators=_weight_validators)
    weight_business_outcomes = models.PositiveSmallIntegerField(
        _("weight: expected business outcomes"), default=0, validators=_weight_validators)
    weight_continuity = models.PositiveSmallIntegerField(
        _("weight: continuity beyond the sponsored years"), default=0,
        validators=_weight_validators)

    class Meta:
        verbose_name = _("review settings")
        verbose_name_plural = _("review settings")

    def __str__(self) -> str:
        return f"{self.call} review settings"

    def pass_mark(self, criterion: str) -> Decimal:
        return getattr(self, f"pass_mark_{Criterion(criterion).value}")

    @property
    def value_weights(self) -> dict[str, int]:
        """Aspect → weight for the aspects HQ weighted (empty: a single value score)."""
        weights = {aspect.value: getattr(self, f"weight_{aspect.value}") for aspect in ValueAspect}
        return {aspect: w for aspect, w in weights.items() if w}


class ReviewAssignment(models.Model):
    """One reviewer asked to score one application; the reviewer first declares conflicts."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="review_assignments")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                 related_name="review_assignments",
                                 verbose_name=_("reviewer"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.SET_NULL, related_name="+")
    assigned_at = models.DateTimeField(_("assigned at"))
    conflict_status = models.CharField(_("conflict of interest"), max_length=20,
                                       choices=ConflictStatus.choices,
                                       default=ConflictStatus.UNDECLARED)
    conflict_type = models.CharField(_("conflict with"), max_length=20,
                                     choices=ConflictType.choices, blank=True)
    conflict_note = models.TextField(_("nature of the conflict"), blank=True)
    conflict_declared_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["assigned_at", "id"]
        verbose_name = _("review assignment")
        verbose_name_plural = _("review assignments")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"],
                                    name="uniq_assignment_reviewer"),
            models.CheckConstraint(
                condition=~models.Q(conflict_status=ConflictStatus.CONFLICT)
                | ~models.Q(conflict_note=""),
                name="conflict_has_note",
            ),
            models.CheckConstraint(
                condition=~models.Q(conflict_status=ConflictStatus.CONFLICT)
                | ~models.Q(conflict_type=""),
                name="conflict_has_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.application} ← {self.reviewer}"

    @property
    def is_conflicted(self) -> bool:
        return self.conflict_status == ConflictStatus.CONFLICT

    @property
    def awaits_declaration(self) -> bool:
        """The reviewer has not yet said whether they have a conflict of interest."""
        return self.conflict_status == ConflictStatus.UNDECLARED


class StandingConflict(models.Model):
    """A conflict of interest a reviewer declares in advance, for every call: with an
    applicant organisation, or with a firm (by corporate number, else by name). The
    portal then neither proposes nor assigns them that organisation's or firm's
    applications, and hides any such application from them."""

    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                 related_name="standing_conflicts",
                                 verbose_name=_("reviewer"))
    conflict_type = models.CharField(_("conflict with"), max_length=20,
                                     choices=ConflictType.choices)
    organisation = models.ForeignKey("accounts.ApplicantOrganisation", null=True,
                                     blank=True, on_delete=models.CASCADE,
                                     related_name="+",
                                     verbose_name=_("applicant organisation"))
    firm_name = models.CharField(_("firm name"), max_length=200, blank=True)
    corporate_number = models.CharField(_("corporate number"), max_length=13, blank=True)
    note = models.TextField(_("nature of the conflict"))
    declared_at = models.DateTimeField(_("declared at"))

    class Meta:
        ordering = ["-declared_at"]
        verbose_name = _("conflict of interest declared in advance")
        verbose_name_plural = _("conflicts of interest declared in advance")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(conflict_type=ConflictType.ORGANISATION,
                                    organisation__isnull=False)
                           | (models.Q(conflict_type=ConflictType.FIRM,
                                       organisation__isnull=True)
                              & (~models.Q(firm_name="") | ~models.Q(corporate_number="")))),
                name="standing_conflict_names_its_party",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ✕ {self.party}"

    @property
    def party(self) -> str:
        """Whom the conflict is with, as the reviewer named them."""
        if self.organisation_id:
            return str(self.organisation)
        return " ".join(part for part in (self.firm_name, self.corporate_number) if part)


class Review(models.Model):
    """A reviewer's scores for one assignment; a draft until submitted, then locked."""

    assignment = models.OneToOneField(ReviewAssignment, on_delete=models.CASCADE,
                                      related_name="review")
    status = models.CharField(_("status"), max_length=20, choices=ReviewStatus.choices,
                              default=ReviewStatus.DRAFT)
    c1_score = models.PositiveSmallIntegerField(_("C1 score"), null=True, blank=True,
                                                validators=_score_validators)
    c1_comment = models.TextField(_("C1 comment"), blank=True)
    c2_score = models.PositiveSmallIntegerField(_("C2 score"), null=True, blank=True,
                                                validators=_score_validators)
    c2_comment = models.TextField(_("C2 comment"), blank=True)
    c3_score = models.PositiveSmallIntegerField(_("C3 score"), null=True, blank=True,
                                                validators=_score_validators)
    c3_comment = models.TextField(_("C3 comment"), blank=True)
    # With weighted aspects this is their weighted mean (two decimals); else typed directly.
    value_score = models.DecimalField(
        _("value of the project"), max_digits=4, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal(VALUE_MAX))])
    value_aspects = models.JSONField(_("value aspect scores"), default=dict, blank=True)
    value_comment = models.TextField(_("value comment"), blank=True)
    recommendation = models.CharField(_("overall recommendation"), max_length=20,
                                      choices=Recommendation.choices, blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self) -> str:
        return f"{self.assignment} ({self.get_status_display()})"

    @property
    def is_submitted(self) -> bool:
        return self.status == ReviewStatus.SUBMITTED

    def score(self, criterion: str) -> int | None:
        return getattr(self, f"{Criterion(criterion).value}_score")


class ConsensusScore(models.Model):
    """HQ's agreed score for one criterion; it counts instead of the reviewers' mean."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="consensus_scores")
    criterion = models.CharField(_("criterion"), max_length=2, choices=Criterion.choices)
    score = models.PositiveSmallIntegerField(_("agreed score"), validators=_score_validators)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+")
    recorded_at = models.DateTimeField()

    class Meta:
        ordering = ["criterion"]
        verbose_name = _("consensus score")
        verbose_name_plural = _("consensus scores")
        constraints = [
            models.UniqueConstraint(fields=["application", "criterion"],
                                    name="uniq_consensus_criterion"),
        ]

    def __str__(self) -> str:
        return f"{self.application} {self.criterion}={self.score}"


class Feedback(models.Model):
    """What the applicant is told about one criterion or the project's value once the
    decisions are published: HQ's comment, written or edited from the reviewers' comments
    before publication (reviewers stay anonymous), shown beside the agreed score and the
    pass mark."""

    application = models.ForeignKey("applications.Application", on_delete=models.CASCADE,
                                    related_name="feedback")
    item = models.CharField(_("criterion"), max_length=10, choices=FeedbackItem.choices)
    comment = models.TextField(_("comment to the applicant"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    written_at = models.DateTimeField()

    class Meta:
        verbose_name = _("feedback to the applicant")
        verbose_name_plural = _("feedback to the applicants")
        constraints = [models.UniqueConstraint(fields=["application", "item"],
                                               name="uniq_feedback_item")]

    def __str__(self) -> str:
        return f"{self.application} {self.item}"


class ScoreTally(models.Model):
    """An application's counted reviews, stored: the figures the selection board shows and
    sorts by (`reviews.selectors.score_aggregates`, the rule of which reviews count:
    submitted, by a reviewer without a conflict of interest). Kept by the review services
    in the same transaction as each assignment, conflict declaration, submission and
    reopening (`services.score_tally_refresh`), so the board reads them instead of
    aggregating every review on each request. No row: nothing assigned yet."""

    application = models.OneToOneField("applications.Application", on_delete=models.CASCADE,
                                       primary_key=True, related_name="score_tally")
    c1_sum = models.PositiveIntegerField(null=True)
    c1_count = models.PositiveIntegerField(default=0)
    c1_low = models.PositiveSmallIntegerField(null=True)
    c1_high = models.PositiveSmallIntegerField(null=True)
    c2_sum = models.PositiveIntegerField(null=True)
    c2_count = models.PositiveIntegerField(default=0)
    c2_low = models.PositiveSmallIntegerField(null=True)
    c2_high = models.PositiveSmallIntegerField(null=True)
    c3_sum = models.PositiveIntegerField(null=True)
    c3_count = models.PositiveIntegerField(default=0)
    c3_low = models.PositiveSmallIntegerField(null=True)
    c3_high = models.PositiveSmallIntegerField(null=True)
    value_sum = models.DecimalField(max_digits=10, decimal_places=2, null=True)
    value_count = models.PositiveIntegerField(default=0)
    # The reviewers' mean value as the database's avg() gives it (sixteen places): what the
    # board sorts by, so the order is the one the aggregate gave.
    value_mean = models.DecimalField(max_digits=18, decimal_places=16, null=True)
    reviews_assigned = models.PositiveIntegerField(default=0)
    reviews_submitted = models.PositiveIntegerField(default=0)
    reviews_conflicts = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("score tally")
        verbose_name_plural = _("score tallies")

    def __str__(self) -> str:
        return f"{self.application_id}: {self.reviews_submitted} reviews"


class ReviewerLoad(models.Model):
    """A reviewer's workload, stored: what HQ's reviewers page shows and the assignment
    page's proposal and candidates are ordered by (`selectors.workload_counts`, the rule:
    `awaiting` counts the assignments open to them, `selectors.awaiting_filter`, as if
    they were active; `unconflicted` every assignment without a declared conflict). Kept by
    the review services in the same transaction as each assignment made or withdrawn,
    conflict declared, review submitted or reopened and each move of an application into or
    out of review (`services.reviewer_loads_refresh`), so those pages read one row per
    reviewer instead of aggregating every assignment on each request. A deactivated
    reviewer has nothing open: applied when read (`selectors.with_stored_workload`). No
    row: nothing assigned yet."""

    reviewer = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                    primary_key=True, related_name="reviewer_load")
    awaiting = models.PositiveIntegerField(default=0)
    unconflicted = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("reviewer's workload")
        verbose_name_plural = _("reviewers' workload")

    def __str__(self) -> str:
        return f"{self.reviewer_id}: {self.awaiting} open of {self.unconflicted}"
