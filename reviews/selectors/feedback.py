"""The feedback to the applicant: per criterion and the value, the agreed score against
the pass mark, HQ's comment and (for HQ writing it) the reviewers' comments."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from applications.models import Application

from ..enums import (
    FeedbackItem,
)
from ..models import (
    Feedback,
)
from .scores import review_settings_for, scores_from


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
