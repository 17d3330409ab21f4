"""What a reviewer may open and what still awaits them: the one scoping rule of
reviewers (assignments_visible_to), conflicts declared in advance, open assignments and the
weekly digest."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.enums import Role
from accounts.models import User
from applications.enums import AWAITING_REVIEWS
from applications.models import Application
from applications.workflow import reviews_awaited

from ..enums import (
    ConflictStatus,
    ConflictType,
    ReviewStatus,
)
from ..models import (
    ReviewAssignment,
    StandingConflict,
)


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


def applications_declared_free(*, user) -> QuerySet:
    """The ids of the applications the reviewer may open (assignments_declared_free):
    registered at start-up into applications.selectors.VISIBLE_APPLICATIONS."""
    return assignments_declared_free(user=user).values("application_id")


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
    """The assignment still awaits its reviewer: the application awaits reviews, the
    reviewer is active (a deactivated reviewer's work is reassigned, not awaited), no
    conflict was declared and the review is not submitted. Its query twin is
    `open_filter` (tests/reviews/test_rule_twins.py keeps the two equal)."""
    review = getattr(assignment, "review", None)
    return (reviews_awaited(assignment.application)
            and assignment.reviewer.is_active
            and assignment.conflict_status != ConflictStatus.CONFLICT
            and not (review and review.is_submitted))


def awaiting_filter(prefix: str = "") -> Q:
    """`open_filter` but for the reviewer's being active: the application awaits reviews,
    no conflict was declared and the review is not submitted. What the reviewers' stored
    workload counts (`models.ReviewerLoad`), the reviewer's activity applied when read."""
    return (Q(**{f"{prefix}application__status__in": AWAITING_REVIEWS})
            & ~Q(**{f"{prefix}conflict_status": ConflictStatus.CONFLICT})
            & ~Q(**{f"{prefix}review__status": ReviewStatus.SUBMITTED}))


def open_filter(prefix: str = "") -> Q:
    """`assignment_is_open` as a filter on assignments (reached through `prefix`)."""
    return Q(**{f"{prefix}reviewer__is_active": True}) & awaiting_filter(prefix)


def open_assignments() -> QuerySet[ReviewAssignment]:
    """Every assignment that still awaits its reviewer (`assignment_is_open`): declaration
    or review outstanding while the application is under review."""
    return ReviewAssignment.objects.filter(open_filter())


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
                                       "review", "reviewer")):
        if not assignment_is_open(assignment):
            continue
        review = getattr(assignment, "review", None)
        step = ("declare" if assignment.conflict_status == ConflictStatus.UNDECLARED
                else "draft" if review is not None else "start")
        rows.append(DigestRow(assignment, step))
    far = timezone.now() + dt.timedelta(days=3650)
    return sorted(rows, key=lambda r: (r.deadline or far, r.assignment.application.reference
                                       or ""))
