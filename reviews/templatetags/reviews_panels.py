"""Panels the reviews app adds to other pages: the application page and the home pages."""

from collections import Counter

from django import template

from accounts.rules import is_hq_staff, is_reviewer
from applications.models import Call
from rit_portal.pagination import paginate

from ..selectors import (
    application_scores,
    applications_missing_reviewers,
    assignments_visible_to,
    feedback_rows,
    reviewer_home_assignments,
)

register = template.Library()


@register.inclusion_tag("reviews/_application_panel.html", takes_context=True)
def review_panel(context, application):
    """HQ: the aggregated scores; an assigned reviewer: a link to their review."""
    user = context["user"]
    panel = None
    if is_hq_staff.test(user) and application.reference:  # submitted at least once
        panel = {"is_hq": True, "scores": application_scores(application=application)}
    elif user.has_perm("reviews.read_feedback", application):
        panel = {"feedback": feedback_rows(application=application)}
    elif is_reviewer.test(user):
        assignment = (assignments_visible_to(user=user).filter(application=application)
                      .select_related("review").first())
        if assignment:
            panel = {"assignment": assignment}
    return {"application": application, "user": user, "panel": panel}


@register.inclusion_tag("reviews/_reviewer_home.html", takes_context=True)
def reviewer_assignments_panel(context):
    """The reviewer's open work, a page at a time; `?closed=1` the reviews that are over."""
    request = context["request"]
    closed = request.GET.get("closed") == "1"
    return {"page": paginate(reviewer_home_assignments(user=context["user"], closed=closed),
                             params=request.GET),
            "closed": closed, "request": request}


@register.inclusion_tag("reviews/_hq_home.html")
def hq_reviews_panel():
    """Each call with the number of open applications lacking reviewers (two queries)."""
    counts = Counter(applications_missing_reviewers().values_list("call_id", flat=True))
    calls = list(Call.objects.all())
    for call in calls:
        call.missing = counts.get(call.pk, 0)
    return {"calls": calls}
