"""Reads of the review process: scoping, workload, aggregation, the selection board."""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal
from fractions import Fraction

from django.db.models import (
    Avg,
    BooleanField,
    Case,
    Count,
    F,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import REVIEWER_ROLES, Role
from accounts.models import User
from applications.enums import AWAITING_REVIEWS
from applications.enums import ApplicationStatus as S
from applications.models import Application, Call
from applications.workflow import APPLICATION, ASSIGN_REVIEWERS, reviews_awaited
from regions.selectors import office_covering

from .enums import (
    CRITERIA,
    SPREAD_THRESHOLD,
    ConflictStatus,
    ConflictType,
    FeedbackItem,
    ReviewStatus,
)
from .models import (
    ConsensusScore,
    Feedback,
    ReviewAssignment,
    ReviewSettings,
    StandingConflict,
)

TWO_PLACES = Decimal("0.01")


# --- scoping ------------------------------------------------------------------------------

def assignments_visible_to(*, user) -> QuerySet[ReviewAssignment]:
    """The one scoping rule for reviewers: assignments of `user` that they may open.

    A conflicted assignment is hidden, and so is an application of an organisation or
    firm the reviewer declared a conflict with in advance (`standing_conflict_hits`); an
    overseas reviewer sees only applications whose partner region's country lies in their
    office's territory.
    """
    if not getattr(user, "is_authenticated", False):
        return ReviewAssignment.objects.none()
    qs = ReviewAssignment.objects.filter(reviewer=user).exclude(
        conflict_status=ConflictStatus.CONFLICT)
    role = getattr(user, "role", None)
    if role == Role.OVERSEAS_REVIEWER:
        qs = qs.filter(application__partner_region__country__territory__office=user.office_id)
    elif role != Role.HQ_REVIEWER or not user.is_active:
        return qs.none()
    # A conflict declared in advance hides the organisation's or firm's applications,
    # unless the reviewer had already declared no conflict on one before.
    hidden = {application_id for _reviewer, application_id in standing_conflict_hits(
        reviewer_ids=[user.pk], application_ids=qs.values_list("application_id", flat=True))}
    if hidden:
        qs = qs.exclude(Q(application_id__in=hidden) & ~Q(conflict_status=ConflictStatus.NONE))
    return qs


def standing_conflict_hits(*, reviewer_ids, application_ids) -> set[tuple[int, int]]:
    """The (reviewer id, application id) pairs where a conflict the reviewer declared in
    advance covers the application: its organisation, or a firm of its consortium (same
    corporate number, or the same name once legal forms and spacing are set aside). The
    one rule behind hiding, proposing and assigning; one query when none of the reviewers
    declared any, three otherwise."""
    from applications.models import ConsortiumMember
    from applications.services import normalised_firm_name

    standing = list(StandingConflict.objects.filter(reviewer_id__in=list(reviewer_ids)))
    if not standing:
        return set()
    organisations = dict(Application.objects.filter(pk__in=application_ids)
                         .values_list("pk", "organisation_id"))
    firms: dict[int, list[tuple[str, str]]] = {}
    if any(conflict.conflict_type == ConflictType.FIRM for conflict in standing):
        for application_id, name, number in (ConsortiumMember.objects
                                             .filter(application_id__in=organisations)
                                             .values_list("application_id", "name",
                                                          "corporate_number")):
            firms.setdefault(application_id, []).append((normalised_firm_name(name), number))
    hits = set()
    for conflict in standing:
        name = normalised_firm_name(conflict.firm_name) if conflict.firm_name else ""
        for application_id, organisation_id in organisations.items():
            if conflict.organisation_id is not None:
                hit = conflict.organisation_id == organisation_id
            else:
                hit = any((conflict.corporate_number and number == conflict.corporate_number)
                          or (name and firm == name)
                          for firm, number in firms.get(application_id, []))
            if hit:
                hits.add((conflict.reviewer_id, application_id))
    return hits


def assignments_declared_free(*, user) -> QuerySet[ReviewAssignment]:
    """The reviewer's visible assignments for which they declared no conflict of interest:
    only these open the application itself (page, costs, files, exports, PDF)."""
    return assignments_visible_to(user=user).filter(conflict_status=ConflictStatus.NONE)


def assignment_for_reviewer(*, user, application_pk: int) -> ReviewAssignment:
    """The reviewer's assignment for the application, or 404 (never confirms it exists)."""
    return get_object_or_404(
        assignments_visible_to(user=user).select_related(
            "application__call", "application__organisation", "application__sector",
            "application__partner_region__country", "review"),
        application_id=application_pk,
    )


def reviewer_home_assignments(*, user, closed: bool = False) -> QuerySet[ReviewAssignment]:
    """The reviewer's visible assignments for their home page, with only the columns it
    shows. By default the open work: assignments whose application still awaits reviews,
    those waiting on the reviewer first (declaration or review outstanding), then the
    soonest review deadline. With `closed`, the others (that review is over), newest call
    first."""
    awaiting = Q(application__status__in=AWAITING_REVIEWS)
    queryset = assignments_visible_to(user=user)
    if closed:
        queryset = queryset.exclude(awaiting).order_by(
            "-application__call__fiscal_year", "application__reference", "pk")
    else:
        queryset = queryset.filter(awaiting).annotate(reviewed=Case(
            When(review__status=ReviewStatus.SUBMITTED, then=Value(True)),
            default=Value(False), output_field=BooleanField(),
        )).order_by("reviewed", F("application__call__review_deadline").asc(nulls_last=True),
                    "application__reference", "pk")
    return (queryset.select_related("application__call", "application__partner_region__country",
                                    "review")
            .only("application_id", "conflict_status", "review__status",
                  "review__assignment_id", "application__reference", "application__title_ja",
                  "application__title_en", "application__status",
                  "application__call__review_deadline", "application__call__fiscal_year",
                  "application__partner_region"))


def assignment_is_open(assignment: ReviewAssignment) -> bool:
    review = getattr(assignment, "review", None)
    return (reviews_awaited(assignment.application)
            and assignment.conflict_status != ConflictStatus.CONFLICT
            and not (review and review.is_submitted))


def open_assignments() -> QuerySet[ReviewAssignment]:
    """Every assignment that still awaits its active reviewer (`assignment_is_open`, as a
    query): declaration or review outstanding while the application is under review."""
    return (ReviewAssignment.objects
            .filter(application__status__in=AWAITING_REVIEWS, reviewer__is_active=True)
            .exclude(conflict_status=ConflictStatus.CONFLICT)
            .exclude(review__status=ReviewStatus.SUBMITTED))


@dataclass(frozen=True)
class DigestRow:
    """One line of a reviewer's digest: what is due on one assignment, and by when."""

    assignment: ReviewAssignment
    step: str  # "declare", "draft" or "start"

    @property
    def deadline(self):
        return self.assignment.application.call.review_deadline


def digest_rows(*, reviewer: User, assignment_ids) -> list[DigestRow]:
    """Of the assignments `assignment_ids`, those `reviewer` may still open and work on,
    each with its next step, the soonest review deadline first. One query."""
    rows = []
    for assignment in (assignments_visible_to(user=reviewer).filter(pk__in=assignment_ids)
                       .select_related("application__call", "application__organisation",
                                       "review")):
        if not assignment_is_open(assignment):
            continue
        review = getattr(assignment, "review", None)
        step = ("declare" if assignment.conflict_status == ConflictStatus.UNDECLARED
                else "draft" if review is not None else "start")
        rows.append(DigestRow(assignment, step))
    far = timezone.now() + dt.timedelta(days=3650)
    return sorted(rows, key=lambda r: (r.deadline or far, r.assignment.application.reference
                                       or ""))


# --- workload and proposals ---------------------------------------------------------------

def _with_workload(queryset: QuerySet[User]) -> QuerySet[User]:
    """Reviewers annotated with `open_assignments` (`open_assignments()`: awaiting them) and
    `all_assignments` (unconflicted). One join over their assignments (each with at most
    one application and one review, so nothing is counted twice and nothing needs making
    distinct), grouped per reviewer."""
    unconflicted = ~Q(review_assignments__conflict_status=ConflictStatus.CONFLICT)
    awaiting = (Q(review_assignments__application__status__in=AWAITING_REVIEWS)
                & ~Q(review_assignments__review__status=ReviewStatus.SUBMITTED))
    return queryset.annotate(
        open_assignments=Count("review_assignments", filter=unconflicted & awaiting),
        all_assignments=Count("review_assignments", filter=unconflicted))


def reviewers_with_workload(*, role: str, office_id: int | None = None) -> QuerySet[User]:
    """Active reviewers of `role` (of office `office_id` when given), least loaded first."""
    qs = User.objects.filter(role=role, is_active=True)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    # Fewest open assignments first; among equals, fewest assignments overall (unconflicted).
    return _with_workload(qs).order_by("open_assignments", "all_assignments", "last_name",
                                       "email")


# --- reviewers (HQ's page) ----------------------------------------------------------------

def reviewers_for_management() -> QuerySet[User]:
    """Every reviewer, active or not, with their office and workload: HQ reviewers first,
    then by office and name. One query (a page of it: `paginate`)."""
    return (_with_workload(User.objects.filter(role__in=REVIEWER_ROLES))
            .select_related("office")
            .order_by("role", "office__code", "last_name", "first_name", "email", "pk"))


def reviewer_invitations_pending() -> QuerySet:
    """Reviewer invitations not yet accepted (expired ones included), newest first."""
    from accounts.models import Invitation

    return (Invitation.objects.filter(role__in=REVIEWER_ROLES,
                                      accepted_at__isnull=True)
            .select_related("office", "invited_by").order_by("-created_at"))


def offices_lacking_reviewers() -> list:
    """The overseas offices that cover the partner region of an application awaiting review
    and have no active reviewer, each with `waiting` (how many such applications). Two
    queries."""
    from regions.models import JetroOffice

    office_field = "partner_region__country__territory__office"
    counts = dict(Application.objects.filter(status__in=AWAITING_REVIEWS)
                  .exclude(**{f"{office_field}__isnull": True})
                  .values_list(office_field).annotate(n=Count("id")).order_by())
    staffed = set(User.objects.filter(role=Role.OVERSEAS_REVIEWER, is_active=True,
                                      office__in=counts).values_list("office_id", flat=True))
    offices = list(JetroOffice.objects.filter(pk__in=set(counts) - staffed).order_by("code"))
    for office in offices:
        office.waiting = counts[office.pk]
    return offices


def reviewer_may_assess(*, reviewer: User, application: Application) -> bool:
    """HQ reviewers assess any application; overseas ones only their office's territory."""
    if not reviewer.is_active:
        return False
    if reviewer.role == Role.HQ_REVIEWER:
        return True
    if reviewer.role == Role.OVERSEAS_REVIEWER and application.partner_region_id:
        office = office_covering(partner_region=application.partner_region)
        return office is not None and office.pk == reviewer.office_id
    return False


# Every application needs at least one unconflicted reviewer of each kind.
REQUIRED_REVIEWER_ROLES = REVIEWER_ROLES


def assignment_gives_cover(assignment: ReviewAssignment) -> bool:
    """Whether the assignment counts towards the application's reviewers: not conflicted,
    and its reviewer still active or their review already submitted (a deactivated
    reviewer's unfinished work must be reassigned)."""
    if assignment.is_conflicted:
        return False
    review = getattr(assignment, "review", None)
    return assignment.reviewer.is_active or bool(review and review.is_submitted)


def _cover_filter(prefix: str = "") -> Q:
    """`assignment_gives_cover` as a filter on assignments (through `prefix`)."""
    return (~Q(**{f"{prefix}conflict_status": ConflictStatus.CONFLICT})
            & (Q(**{f"{prefix}reviewer__is_active": True})
               | Q(**{f"{prefix}review__status": ReviewStatus.SUBMITTED})))


def missing_reviewer_roles(assignments) -> list[str]:
    """The required kinds of reviewer (HQ, overseas office) that no assignment giving cover
    among `assignments` (with their reviewers and reviews loaded) provides."""
    present = {a.reviewer.role for a in assignments if assignment_gives_cover(a)}
    return [role for role in REQUIRED_REVIEWER_ROLES if role not in present]


def _proposal(*, assignments, office_id: int | None, hq_pool, office_pool,
              blocked=frozenset()) -> list[User]:
    """The least loaded reviewer of each missing kind from the pools (ordered by workload),
    skipping anyone already assigned (or conflicted) and the reviewer ids `blocked` (a
    conflict declared in advance)."""
    taken = {a.reviewer_id for a in assignments} | set(blocked)
    pools = {Role.HQ_REVIEWER: hq_pool,
             Role.OVERSEAS_REVIEWER: [u for u in office_pool if u.office_id == office_id]
             if office_id else []}
    proposal = []
    for role in missing_reviewer_roles(assignments):
        proposal += [u for u in pools[role] if u.pk not in taken][:1]
    return proposal


def reviewers_proposed(*, application: Application) -> list[User]:
    """The reviewers the portal proposes: one HQ reviewer and one reviewer of the office
    covering the partner region's country, each the least loaded, skipping anyone already
    assigned (or conflicted); a kind already covered by an active assignment is not proposed.
    """
    office = (office_covering(partner_region=application.partner_region)
              if application.partner_region_id else None)
    hq_pool = list(reviewers_with_workload(role=Role.HQ_REVIEWER))
    office_pool = (list(reviewers_with_workload(role=Role.OVERSEAS_REVIEWER,
                                                office_id=office.pk)) if office else [])
    return _proposal(
        assignments=list(application.review_assignments.select_related("reviewer", "review")),
        office_id=office.pk if office else None, hq_pool=hq_pool, office_pool=office_pool,
        blocked={reviewer for reviewer, _application in standing_conflict_hits(
            reviewer_ids=[u.pk for u in hq_pool + office_pool],
            application_ids=[application.pk])})


def assignment_applications(*, call: Call, missing_only: bool = False
                            ) -> QuerySet[Application]:
    """The applications of HQ's assignment page: the call's applications that may be given
    reviewers, in reference order (with `missing_only`, those lacking an HQ or an overseas
    reviewer who gives cover: `applications_missing_reviewers`)."""
    queryset = Application.objects.filter(call=call,
                                          status__in=APPLICATION.statuses_granting(ASSIGN_REVIEWERS))
    if missing_only:
        queryset = queryset.filter(pk__in=applications_missing_reviewers(call=call)
                                   .order_by().values("pk"))
    return queryset.order_by("reference", "pk")


def assignment_rows(*, application_ids) -> list[Application]:
    """HQ's assignment page, for the applications `application_ids` (one page of
    `assignment_applications`, kept in that order): each with its assignments,
    `covering_office`, `missing_reviewers` (a required kind of reviewer lacking), the
    portal's `proposal` and `unfilled` (the kinds the proposal cannot provide: nobody
    free), and only the columns the page shows. A fixed number of queries for any number
    of rows."""
    application_ids = list(application_ids)
    position = {pk: n for n, pk in enumerate(application_ids)}
    rows = sorted(Application.objects.filter(pk__in=application_ids)
                  .only("reference", "status", "title_ja", "title_en", "organisation__name_ja",
                        "organisation__name_en", "partner_region")
                  .select_related("organisation",
                                  "partner_region__country__territory__office")
                  .prefetch_related(assignments_prefetch(narrow=True)).order_by(),
                  key=lambda a: position[a.pk])
    for application in rows:
        application.missing_roles = missing_reviewer_roles(
            list(application.review_assignments.all()))
        application.missing_reviewers = bool(application.missing_roles)
    # The reviewers' workload only when a row needs a proposal (late in the review, none do).
    lacking = [a for a in rows if a.missing_roles]
    hq_pool = list(reviewers_with_workload(role=Role.HQ_REVIEWER)) if lacking else []
    office_pool = list(reviewers_with_workload(role=Role.OVERSEAS_REVIEWER)) if lacking else []
    blocked: dict[int, set[int]] = {}
    for reviewer_id, application_id in standing_conflict_hits(
            reviewer_ids=[u.pk for u in hq_pool + office_pool],
            application_ids=[a.pk for a in lacking]) if lacking else ():
        blocked.setdefault(application_id, set()).add(reviewer_id)
    for application in rows:
        assignments = list(application.review_assignments.all())
        territory = (getattr(application.partner_region.country, "territory", None)
                     if application.partner_region_id else None)
        application.covering_office = territory.office if territory else None
        missing = application.missing_roles
        application.proposal = _proposal(
            assignments=assignments, office_id=territory.office_id if territory else None,
            hq_pool=hq_pool, office_pool=office_pool,
            blocked=blocked.get(application.pk, ())) if missing else []
        proposed = {user.role for user in application.proposal}
        application.unfilled = [role for role in missing if role not in proposed]
    return rows


def assignment_candidates(*, application: Application) -> list[User]:
    """Everyone HQ may assign to the application (HQ reviewers, the covering office's),
    except reviewers who declared a conflict with it, on it or in advance. Each carries
    `hints`: the links the portal knows between them and the application
    (`conflict_hints`), shown to HQ, not blocking."""
    office = (office_covering(partner_region=application.partner_region)
              if application.partner_region_id else None)
    conflicted = application.review_assignments.filter(
        conflict_status=ConflictStatus.CONFLICT).values("reviewer_id")
    hq = list(reviewers_with_workload(role=Role.HQ_REVIEWER).exclude(pk__in=conflicted)
              .select_related("office"))
    overseas = (list(reviewers_with_workload(role=Role.OVERSEAS_REVIEWER, office_id=office.pk)
                     .exclude(pk__in=conflicted).select_related("office")) if office else [])
    blocked = {reviewer for reviewer, _application in standing_conflict_hits(
        reviewer_ids=[u.pk for u in hq + overseas], application_ids=[application.pk])}
    candidates = [u for u in hq + overseas if u.pk not in blocked]
    hints = conflict_hints(application=application, reviewer_ids=[u.pk for u in candidates])
    for candidate in candidates:
        candidate.hints = hints.get(candidate.pk, [])
    return candidates


@dataclass(frozen=True)
class ConflictHint:
    """A link the portal knows between a reviewer and an application: shown to the
    reviewer when they declare, and to HQ when it assigns; it never blocks."""

    code: str  # "reviewed" or "declared"
    other: Application  # the organisation's other application the link comes from
    conflict_type: str = ""

    @property
    def text(self) -> str:
        from django.utils.translation import gettext as _

        values = {"ref": self.other.reference or self.other.title,
                  "fy": self.other.call.fiscal_year}
        if self.code == "reviewed":
            return _("Reviewed this organisation's application %(ref)s (FY%(fy)s).") % values
        values["type"] = ConflictType(self.conflict_type or ConflictType.OTHER).label
        return _("Declared a conflict of interest (%(type)s) on this organisation's "
                 "application %(ref)s (FY%(fy)s).") % values


def conflict_hints(*, application: Application, reviewer_ids) -> dict[int, list[ConflictHint]]:
    """Per reviewer id, the links the portal knows with `application`: they reviewed
    another application of the same organisation (declared no conflict on it), or
    declared a conflict on one. One query."""
    hints: dict[int, list[ConflictHint]] = {}
    others = (ReviewAssignment.objects
              .filter(reviewer_id__in=list(reviewer_ids),
                      application__organisation_id=application.organisation_id)
              .exclude(application=application)
              .exclude(conflict_status=ConflictStatus.UNDECLARED)
              .select_related("application__call")
              .order_by("-application__call__fiscal_year", "application__reference"))
    for assignment in others:
        code = "declared" if assignment.is_conflicted else "reviewed"
        hints.setdefault(assignment.reviewer_id, []).append(ConflictHint(
            code, assignment.application, assignment.conflict_type))
    return hints


# --- aggregation --------------------------------------------------------------------------

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
    number of rows); read back with `scores_from_aggregates`."""
    return queryset.annotate(**score_aggregates())


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


def past_outcomes(*, application: Application) -> list[Application]:
    """Earlier approved, published projects of the same region pair (the same partner region
    and at least one of the same prefectures) or of the same applicant organisation, newest
    first, each with `approved_total`, `same_region_pair`, `same_applicant` and `reported`:
    what the sponsored project reported since (outcomes per type with their count and
    value, survey answers and mean satisfaction; None when it has no project). Four
    queries whatever the number of projects."""
    prefectures = list(application.prefectures.values_list("pk", flat=True))
    region_pair = (Q(partner_region_id=application.partner_region_id,
                     prefectures__in=prefectures)
                   if application.partner_region_id and prefectures else Q(pk__in=[]))
    # The current decision's amount, through the relation the sponsorship app adds: the
    # decision is to the right of the review, so reviews does not import its models.
    decisions = Application._meta.get_field("sponsorship_decisions").related_model
    approved = decisions.objects.filter(application=OuterRef("pk"), is_current=True)
    past = list(Application.objects
                .filter(region_pair | Q(organisation_id=application.organisation_id),
                        status=S.APPROVED, call__fiscal_year__lt=application.call.fiscal_year,
                        decision_published_at__isnull=False)
                .exclude(pk=application.pk)
                .distinct()
                .select_related("call", "organisation", "partner_region")
                .prefetch_related("prefectures")
                .annotate(approved_total=Subquery(approved.values("approved_total")[:1]))
                .order_by("-call__fiscal_year", "reference"))
    # What the projects reported (imported here: the projects app builds on this one).
    from projects.selectors import reported_outcomes

    reported = reported_outcomes(application_ids=[p.pk for p in past])
    for earlier in past:
        earlier.same_applicant = earlier.organisation_id == application.organisation_id
        earlier.same_region_pair = (
            application.partner_region_id is not None
            and earlier.partner_region_id == application.partner_region_id
            and any(p.pk in prefectures for p in earlier.prefectures.all()))
        earlier.reported = reported.get(earlier.pk)
    return past


def applications_missing_reviewers(*, call: Call | None = None) -> QuerySet[Application]:
    """Submitted or under-review applications lacking an HQ reviewer or a reviewer of the
    overseas office who gives cover (never assigned, or after a conflict or the reviewer's
    deactivation: `assignment_gives_cover`)."""
    active = _cover_filter("review_assignments__")
    qs = Application.objects.filter(status__in=AWAITING_REVIEWS)
    if call is not None:
        qs = qs.filter(call=call)
    # One join over the assignments (each with one reviewer and at most one review):
    # nothing is counted twice, so no COUNT(DISTINCT) and its sort.
    return (qs.annotate(
        hq_reviewers=Count("review_assignments", filter=active & Q(
            review_assignments__reviewer__role=Role.HQ_REVIEWER)),
        office_reviewers=Count("review_assignments", filter=active & Q(
            review_assignments__reviewer__role=Role.OVERSEAS_REVIEWER)),
        conflicts=Count("review_assignments", filter=Q(
            review_assignments__conflict_status=ConflictStatus.CONFLICT)),
    ).filter(Q(hq_reviewers=0) | Q(office_reviewers=0))
        .select_related("call", "organisation", "partner_region__country")
        .order_by("call_id", "reference"))


# --- feedback to the applicant ------------------------------------------------------------

@dataclass(frozen=True)
class ReviewerComment:
    label: str  # "Reviewer 1": reviewers stay anonymous in what the applicant reads
    role: str
    score: object  # the reviewer's score (0–5, or the value 0–10)
    comment: str


@dataclass(frozen=True)
class FeedbackRow:
    """One criterion (or the value) of the feedback: the agreed score that counted, the
    pass mark it is measured against (None for the value), and HQ's comment."""

    item: str
    label: str
    agreed: Decimal | None
    pass_mark: Decimal | None
    passes: bool | None
    comment: str
    reviewer_comments: tuple[ReviewerComment, ...] = ()

    @property
    def proposal(self) -> str:
        """HQ's comment, or a first draft made of the reviewers' comments."""
        if self.comment:
            return self.comment
        return "\n".join(f"- {c.comment}" for c in self.reviewer_comments if c.comment)


def feedback_rows(*, application: Application, with_reviewer_comments: bool = False
                  ) -> list[FeedbackRow]:
    """The feedback of the application, one row per FeedbackItem, in order. With
    `with_reviewer_comments` (HQ drafting it) each row carries the submitted reviews'
    scores and comments, numbered, without names. A few queries."""
    assignments = list(application.review_assignments.select_related("review", "reviewer")
                       .order_by("reviewer__role", "assigned_at", "pk"))
    scores = scores_from(assignments=assignments,
                         consensus=list(application.consensus_scores.all()),
                         settings=review_settings_for(call=application.call))
    written = {f.item: f.comment for f in application.feedback.all()}
    reviews = [a for a in assignments if not a.is_conflicted
               and getattr(a, "review", None) is not None and a.review.is_submitted]
    rows = []
    for item in FeedbackItem:
        if item == FeedbackItem.VALUE:
            agreed, pass_mark, passes = scores.value_mean, None, None
        else:
            result = scores.by_criterion[item.value]
            agreed, pass_mark = result.counted_display, result.pass_mark
            passes = result.passes if result.counted is not None else None
        comments = ()
        if with_reviewer_comments:
            comments = tuple(ReviewerComment(
                label=_("Reviewer %(n)d") % {"n": n}, role=a.reviewer.get_role_display(),
                score=(a.review.value_score if item == FeedbackItem.VALUE
                       else a.review.score(item.value)),
                comment=getattr(a.review, f"{item.value}_comment"))
                for n, a in enumerate(reviews, start=1))
        rows.append(FeedbackRow(item.value, item.label, agreed, pass_mark, passes,
                                written.get(item.value, ""), comments))
    return rows


def feedback_missing(*, application_ids) -> dict[int, list[str]]:
    """Per application id, the labels of the items whose feedback is not written yet
    (applications with complete feedback are left out). One query."""
    written: dict[int, set[str]] = {}
    for application_id, item in (Feedback.objects.filter(application_id__in=application_ids)
                                 .exclude(comment="").values_list("application_id", "item")):
        written.setdefault(application_id, set()).add(item)
    missing = {}
    for application_id in application_ids:
        lacking = [str(item.label) for item in FeedbackItem
                   if item.value not in written.get(application_id, set())]
        if lacking:
            missing[application_id] = lacking
    return missing
