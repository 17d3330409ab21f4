"""What the review process writes on an application's timeline and history
(rit_portal.system_texts)."""

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from applications.models import Call
from audit.services import changes_formatter
from regions.selectors import office_name
from rit_portal.conventions import listing
from rit_portal.system_texts import system_text

from .enums import ConflictType, Criterion, FeedbackItem, Recommendation
from .models import ReviewSettings

system_text("review.reviewers_assigned", _("Reviewers assigned."))
system_text("review.reviewer_added", _("Another reviewer assigned."))
system_text("review.all_submitted", _("All assigned reviews submitted."))
system_text("review.reopened", _("A review was reopened."))


def scores_text(scores: dict) -> str:
    """{"c1": 5, "c2": 3, "c3": 4, "value": "7.5"} → "C1 5 · C2 3 · C3 4 · value 7.5"."""
    if not scores:
        return gettext("no scores")
    parts = [f"{code.upper()} {scores[code]}" for code in Criterion.values
             if scores.get(code) is not None]
    if scores.get("value") is not None:
        parts.append(gettext("value %(score)s") % {"score": scores["value"]})
    return " · ".join(parts) or gettext("no scores")


def recommendation_label(code: str) -> str:
    return str(Recommendation(code).label) if code in Recommendation.values else "—"


def criterion_label(code: str) -> str:
    return str(Criterion(code).label) if code in Criterion.values else code


# The history (applications.audit): every score, and every change of one.
system_text("review.settings_changed", _("Review settings changed: %(changes)s."),
            changes=changes_formatter(ReviewSettings, Call))
system_text("review.assigned", _("%(reviewer)s assigned as reviewer."))
system_text("review.assignment_withdrawn",
            _("Assignment of %(reviewer)s withdrawn (draft scores at the time: %(scores)s)."),
            scores=scores_text)
system_text("review.no_conflict_declared", _("%(reviewer)s declared no conflict of interest."))
system_text("review.conflict_declared", _("%(reviewer)s declared a conflict of interest."))
def conflict_type_label(code: str) -> str:
    return str(ConflictType(code).label) if code in ConflictType.values else code


def feedback_items(codes: list) -> str:
    return listing(str(FeedbackItem(c).label) for c in codes if c in FeedbackItem.values)


system_text("reviewer.invited", _("%(email)s invited as reviewer for %(office)s."),
            office=office_name)
system_text("reviewer.deactivated", _("%(reviewer)s deactivated as reviewer."))
system_text("reviewer.reactivated", _("%(reviewer)s reactivated as reviewer."))
system_text("review.standing_conflict_declared",
            _("%(reviewer)s declared in advance, for every call, a conflict of interest with "
              "%(party)s (%(conflict_type)s)."), conflict_type=conflict_type_label)
system_text("review.standing_conflict_withdrawn",
            _("%(reviewer)s withdrew the conflict of interest with %(party)s declared in "
              "advance."))
system_text("review.feedback_written", _("Feedback to the applicant written: %(items)s."),
            items=feedback_items)
system_text("review.conflict_declared_with",
            _("%(reviewer)s declared a conflict of interest (%(conflict_type)s)."),
            conflict_type=conflict_type_label)
system_text("review.submitted",
            _("%(reviewer)s submitted a review: %(scores)s; recommendation: %(recommendation)s."),
            scores=scores_text, recommendation=recommendation_label)
system_text("review.reopened_for",
            _("Review of %(reviewer)s reopened; the scores submitted were %(scores)s."),
            scores=scores_text)
system_text("review.consensus_recorded",
            _("Agreed score for %(criterion)s: %(score)s (before: %(previous)s)."),
            criterion=criterion_label, previous=lambda v: "—" if v is None else str(v))
