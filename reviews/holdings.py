"""The personal data reviews keeps about a reviewer (privacy.holdings, registered in
apps.py): the reviews they wrote and the conflicts of interest they declared."""

from itertools import chain

from django.utils.translation import gettext_lazy as _

from privacy.holdings import ROWS_PER_CATEGORY, Category, Entry, lazily, matching

from .models import Review, ReviewAssignment, StandingConflict

REVIEWER = ("reviewer__email", "reviewer__first_name", "reviewer__last_name")


def _review(review: Review) -> Entry:
    application = review.assignment.application
    return Entry(title=application.reference or application.title_ja, pk=review.pk, fields=[
        (_("application"), application.reference or ""),
        (_("status"), review.get_status_display()),
        (_("C1 score"), review.c1_score), (_("C1 comment"), review.c1_comment),
        (_("C2 score"), review.c2_score), (_("C2 comment"), review.c2_comment),
        (_("C3 score"), review.c3_score), (_("C3 comment"), review.c3_comment),
        (_("value of the project"), review.value_score),
        (_("value comment"), review.value_comment),
        (_("overall recommendation"), review.get_recommendation_display()),
        (_("submitted at"), review.submitted_at),
    ])


def reviews_of_user(user):
    return (_review(r) for r in lazily(Review.objects.filter(assignment__reviewer=user)
            .select_related("assignment__application").order_by("pk")))


def reviews_matching(term):
    found = matching(Review.objects.select_related("assignment__application"), term,
                     *(f"assignment__{path}" for path in REVIEWER))
    return [_review(r) for r in found.order_by("pk")[:ROWS_PER_CATEGORY + 1]]


def _declaration(assignment: ReviewAssignment) -> Entry:
    application = assignment.application
    return Entry(title=application.reference or application.title_ja, pk=assignment.pk, fields=[
        (_("application"), application.reference or ""),
        (_("conflict of interest"), assignment.get_conflict_status_display()),
        (_("conflict with"), assignment.get_conflict_type_display()),
        (_("nature of the conflict"), assignment.conflict_note),
        (_("declared at"), assignment.conflict_declared_at),
    ])


def _standing(conflict: StandingConflict) -> Entry:
    return Entry(title=conflict.party, pk=conflict.pk, fields=[
        (_("conflict with"), conflict.get_conflict_type_display()),
        (_("with"), conflict.party),
        (_("nature of the conflict"), conflict.note),
        (_("declared at"), conflict.declared_at),
    ])


def conflicts_of_user(user):
    declared = ReviewAssignment.objects.filter(reviewer=user, conflict_declared_at__isnull=False)
    return chain(
        (_declaration(a) for a in lazily(declared.select_related("application").order_by("pk"))),
        (_standing(c) for c in lazily(StandingConflict.objects.filter(reviewer=user)
                                      .select_related("organisation").order_by("pk"))))


def conflicts_matching(term):
    declared = matching(ReviewAssignment.objects.filter(conflict_declared_at__isnull=False)
                        .select_related("application"), term, *REVIEWER)
    standing = matching(StandingConflict.objects.select_related("organisation"), term, *REVIEWER)
    return ([_declaration(a) for a in declared.order_by("pk")[:ROWS_PER_CATEGORY + 1]]
            + [_standing(c) for c in standing.order_by("pk")[:ROWS_PER_CATEGORY + 1]])


CATEGORIES = [
    Category("reviews", _("Reviews written"), of_user=reviews_of_user,
             matching=reviews_matching,
             kept_because=_("A review is part of the selection's record.")),
    Category("conflicts", _("Conflicts of interest declared"), of_user=conflicts_of_user,
             matching=conflicts_matching,
             kept_because=_("A declaration is part of the selection's record.")),
]
