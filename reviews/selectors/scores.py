"""The scores: review settings, each criterion's result against its pass mark, the
aggregates the selection board sorts by (computed in SQL, read back as in Python), what a
reviewer may read of the others' reviews."""

from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import (
    Avg,
    Count,
    F,
    Max,
    Min,
    Prefetch,
    Q,
    QuerySet,
    Sum,
)
from django.db.models.functions import Coalesce

from applications.models import Application, Call

from ..enums import (
    CRITERIA,
    SPREAD_THRESHOLD,
    ConflictStatus,
    ReviewStatus,
)
from ..models import (
    ConsensusScore,
    ReviewAssignment,
    ReviewSettings,
)

# Means are shown to two places.
TWO_PLACES = Decimal("0.01")


def review_settings_for(*, call: Call) -> ReviewSettings:
    """The call's review settings; the defaults (unsaved) when HQ has not set any."""
    found = ReviewSettings.objects.filter(call=call).first()
    return found or ReviewSettings(call=call)


def criterion_passes(*, mean: Decimal | Fraction, pass_mark: Decimal) -> bool:
    """Exact comparison: a mean of 2.99 (or 8/3) never rounds up to a pass mark of 3."""
    return Fraction(mean) >= Fraction(pass_mark)


def display_mean(value: Fraction | None, rounding=ROUND_DOWN) -> Decimal | None:
    """Two decimals for display; rounded down so that a shown mean ≥ the pass mark passes."""
    if value is None:
        return None
    return (Decimal(value.numerator) / Decimal(value.denominator)).quantize(
        TWO_PLACES, rounding=rounding)


@dataclass
class CriterionResult:
    criterion: str
    label: str
    scores: list[int]  # each reviewer's score (empty when built from SQL aggregates)
    pass_mark: Decimal
    consensus: ConsensusScore | None = None
    exact_mean: Fraction | None = None
    low: int | None = None  # the lowest and highest reviewer's score
    high: int | None = None

    @property
    def mean(self) -> Decimal | None:
        return display_mean(self.exact_mean)

    @property
    def spread(self) -> bool:
        return self.low is not None and self.high - self.low >= SPREAD_THRESHOLD

    @property
    def counted(self) -> Fraction | None:
        """What decides: HQ's consensus score when recorded, else the reviewers' mean."""
        if self.consensus is not None:
            return Fraction(self.consensus.score)
        return self.exact_mean

    @property
    def counted_display(self) -> Decimal | None:
        return display_mean(self.counted)

    @property
    def passes(self) -> bool:
        return self.counted is not None and criterion_passes(mean=self.counted,
                                                              pass_mark=self.pass_mark)


@dataclass
class ApplicationScores:
    criteria: list[CriterionResult]
    value_scores: list[Decimal] = field(default_factory=list)  # empty when from SQL
    assigned: int = 0
    submitted: int = 0
    conflicts: int = 0
    value_exact_mean: Fraction | None = None

    @property
    def value_mean(self) -> Decimal | None:
        return display_mean(self.value_exact_mean, rounding=ROUND_HALF_UP)

    @property
    def spread(self) -> bool:
        return any(c.spread for c in self.criteria)

    @property
    def passes(self) -> bool:
        """Eligible on the scores: every criterion's counted score reaches its pass mark."""
        return not self.failing

    @property
    def failing(self) -> list[str]:
        """Labels of the criteria whose counted score is missing or below the pass mark."""
        return [str(c.label) for c in self.criteria if not c.passes]

    @property
    def failing_criteria(self) -> list[str]:
        """The same criteria as `failing`, as codes (c1, c2, c3)."""
        return [c.criterion for c in self.criteria if not c.passes]

    @property
    def by_criterion(self) -> dict[str, CriterionResult]:
        return {c.criterion: c for c in self.criteria}


def scores_from(*, assignments, consensus, settings: ReviewSettings) -> ApplicationScores:
    """Aggregate submitted reviews (and consensus rows) already in memory: no queries."""
    submitted = [a.review for a in assignments
                 if not a.is_conflicted and getattr(a, "review", None) is not None
                 and a.review.is_submitted]
    agreed = {c.criterion: c for c in consensus}
    criteria = []
    for criterion in CRITERIA:
        scores = [r.score(criterion) for r in submitted]
        criteria.append(CriterionResult(
            criterion=criterion.value, label=criterion.label, scores=scores,
            pass_mark=settings.pass_mark(criterion), consensus=agreed.get(criterion.value),
            exact_mean=Fraction(sum(scores), len(scores)) if scores else None,
            low=min(scores, default=None), high=max(scores, default=None),
        ))
    values = [r.value_score for r in submitted]
    return ApplicationScores(
        criteria=criteria,
        value_scores=values,
        assigned=sum(1 for a in assignments if not a.is_conflicted),
        submitted=len(submitted),
        conflicts=sum(1 for a in assignments if a.is_conflicted),
        value_exact_mean=(sum(Fraction(v) for v in values) / len(values)) if values else None,
    )


# The reviews that count (submitted, by a reviewer without a conflict), seen from an
# application: `scores_from`'s rule as a filter for the aggregates below.
_COUNTED_REVIEW = (~Q(review_assignments__conflict_status=ConflictStatus.CONFLICT)
                   & Q(review_assignments__review__status=ReviewStatus.SUBMITTED))


def score_aggregates() -> dict:
    """What `scores_from` computes, as aggregates over an application's counted reviews
    (by name): per criterion `<c>_sum`, `<c>_count`, `<c>_low`, `<c>_high`; `value_sum`,
    `value_count` and `value_mean` (a number to sort on: the reviewers' mean value, NULL
    before any review); `reviews_assigned`, `reviews_submitted`, `reviews_conflicts`."""
    score = "review_assignments__review__"
    conflicted = Q(review_assignments__conflict_status=ConflictStatus.CONFLICT)
    aggregates = {}
    for criterion in CRITERIA:
        field_name = f"{score}{criterion.value}_score"
        aggregates |= {
            f"{criterion.value}_sum": Sum(field_name, filter=_COUNTED_REVIEW),
            f"{criterion.value}_count": Count(field_name, filter=_COUNTED_REVIEW),
            f"{criterion.value}_low": Min(field_name, filter=_COUNTED_REVIEW),
            f"{criterion.value}_high": Max(field_name, filter=_COUNTED_REVIEW)}
    return aggregates | {
        "value_sum": Sum(f"{score}value_score", filter=_COUNTED_REVIEW),
        "value_count": Count(f"{score}value_score", filter=_COUNTED_REVIEW),
        "value_mean": Avg(f"{score}value_score", filter=_COUNTED_REVIEW),
        "reviews_assigned": Count("review_assignments", filter=~conflicted),
        "reviews_submitted": Count("review_assignments", filter=_COUNTED_REVIEW),
        "reviews_conflicts": Count("review_assignments", filter=conflicted),
    }


def with_score_aggregates(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Applications annotated with every `score_aggregates()` (one GROUP BY, whatever the
    number of rows); read back with `scores_from_aggregates`. The fresh computation that
    `ScoreTally` stores (services.score_tally_refresh)."""
    return queryset.annotate(**score_aggregates())


# Every figure of `score_aggregates()`, as stored in ScoreTally under the same name.
TALLY_FIELDS = tuple(score_aggregates())
# The counts of an application without a tally (nothing assigned): zero, not NULL.
_TALLY_COUNTS = frozenset(name for name in TALLY_FIELDS
                          if name.endswith("_count") or name.startswith("reviews_"))


def with_stored_scores(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Applications annotated with the same names as `with_score_aggregates`, read from
    their stored `ScoreTally` (one join, no GROUP BY); read back with
    `scores_from_aggregates`."""
    return queryset.annotate(**{
        name: Coalesce(F(f"score_tally__{name}"), 0) if name in _TALLY_COUNTS
        else F(f"score_tally__{name}") for name in TALLY_FIELDS})


def stored_value_mean():
    """What the board sorts by: the stored mean value (NULL before any counted review)."""
    return F("score_tally__value_mean")


def scores_from_aggregates(*, application: Application, consensus,
                           settings: ReviewSettings) -> ApplicationScores:
    """The `ApplicationScores` of an application annotated by `with_score_aggregates`
    (and its consensus rows, in memory): the same results as `scores_from`, without the
    reviewers' individual scores. No queries."""
    agreed = {c.criterion: c for c in consensus}
    criteria = []
    for criterion in CRITERIA:
        total, count = (getattr(application, f"{criterion.value}_{part}")
                        for part in ("sum", "count"))
        criteria.append(CriterionResult(
            criterion=criterion.value, label=criterion.label, scores=[],
            pass_mark=settings.pass_mark(criterion), consensus=agreed.get(criterion.value),
            exact_mean=Fraction(total, count) if count else None,
            low=getattr(application, f"{criterion.value}_low"),
            high=getattr(application, f"{criterion.value}_high")))
    return ApplicationScores(
        criteria=criteria,
        assigned=application.reviews_assigned,
        submitted=application.reviews_submitted,
        conflicts=application.reviews_conflicts,
        value_exact_mean=(Fraction(application.value_sum) / application.value_count
                          if application.value_count else None),
    )


def assignments_prefetch(*, narrow: bool = False) -> Prefetch:
    """Each application's assignments with their review and reviewer; `narrow` for lists:
    without the reviews' comments and scores, only who it is and how far they are."""
    queryset = ReviewAssignment.objects.select_related("review", "reviewer")
    if narrow:
        queryset = queryset.only(
            "application_id", "conflict_status", "assigned_at", "review__status",
            "review__assignment_id", "reviewer__email", "reviewer__first_name",
            "reviewer__last_name", "reviewer__role", "reviewer__is_active",
            "reviewer__office_id")
    return Prefetch("review_assignments", queryset=queryset.order_by("assigned_at", "id"))


def application_scores(*, application: Application) -> ApplicationScores:
    """Aggregated scores of one application (a few queries)."""
    return scores_from(
        assignments=list(application.review_assignments.select_related("review", "reviewer")),
        consensus=list(application.consensus_scores.all()),
        settings=review_settings_for(call=application.call),
    )


def visible_reviews(*, assignment: ReviewAssignment) -> list[ReviewAssignment]:
    """Other reviewers' submitted reviews, shown only once the reviewer submitted theirs."""
    own = getattr(assignment, "review", None)
    if not (own and own.is_submitted):
        return []
    return list(ReviewAssignment.objects
                .filter(application_id=assignment.application_id,
                        review__status=ReviewStatus.SUBMITTED)
                .exclude(pk=assignment.pk)
                .select_related("review", "reviewer"))


# Functions (application_ids=...) -> {application id: what its project reported}, for the
# past-outcomes panel: registered by the projects app (projects/apps.py).
