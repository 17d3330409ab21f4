"""Feedback to applicants: HQ writes it per criterion from the reviewers' comments before
publication; once published the applicant reads the agreed scores against the pass marks
and HQ's comments, never a reviewer's name."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.enums import ApplicationStatus as S
from reviews.models import Feedback
from reviews.services import consensus_record, feedback_save
from sponsorship.board_jobs import applications_publish_decisions
from tests.applications.builders import applicant_of
from tests.reviews.factories import reviewed_application

pytestmark = pytest.mark.django_db

COMMENTS = {"c1": "Six committed firms with clear roles.",
            "c2": "The joint development plan lacks milestones.",
            "c3": "Earlier visits and a confirmed interest.",
            "value": "Good value for both regions."}


def _english(client, user):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_hq_drafts_the_feedback_from_the_reviewers_comments(client, hq_staff):
    application = reviewed_application(scores=((4, 2, 3, "7"), (3, 2, 4, "6")),
                                       status=S.INELIGIBLE, feedback=False)
    _english(client, hq_staff)
    page = client.get(reverse("reviews:feedback", args=[application.pk]))
    rows = {row.item: row for row in page.context["rows"]}
    assert [(c.label, c.score, c.comment) for c in rows["c2"].reviewer_comments] == [
        ("Reviewer 1", 2, "c2"), ("Reviewer 2", 2, "c2")]
    assert page.context["form"]["c2"].value() == "- c2\n- c2"  # the first draft
    assert page.context["missing"] == ["C1 Local companies engaged", "C2 Clear prospects",
                                       "C3 Prior contact and confirmed interest",
                                       "Value of the project"]
    response = client.post(reverse("reviews:feedback", args=[application.pk]), COMMENTS)
    assert response.url == reverse("reviews:summary", args=[application.pk])
    assert dict(Feedback.objects.values_list("item", "comment")) == COMMENTS


def test_publication_waits_for_the_feedback(hq_staff):
    ready = reviewed_application(status=S.REJECTED)
    missing = reviewed_application(status=S.INELIGIBLE, call=ready.call, feedback=False)
    feedback_save(application=missing, by=hq_staff, comments={"c1": "x", "c2": "y"})
    with pytest.raises(ValidationError) as refused:
        applications_publish_decisions(call=ready.call, by=hq_staff)
    assert refused.value.messages == [
        f"{missing.reference}: write the feedback to the applicant first (C3 Prior contact "
        "and confirmed interest, Value of the project)."]
    feedback_save(application=missing, by=hq_staff,
                  comments={"c3": "z", "value": "v"})
    assert len(applications_publish_decisions(call=ready.call, by=hq_staff)) == 2
    # Published: the feedback no longer changes.
    missing.refresh_from_db()
    with pytest.raises(ValidationError):
        feedback_save(application=missing, by=hq_staff, comments={"c1": "changed"})


def test_the_applicant_reads_the_agreed_scores_and_the_comments_without_names(
        client, hq_staff):
    application = reviewed_application(scores=((4, 2, 3, "7"), (3, 2, 4, "6")),
                                       status=S.INELIGIBLE, feedback=False)
    consensus_record(application=application, criterion="c3", score=4, by=hq_staff,
                     reason="Letter of interest found")
    feedback_save(application=application, by=hq_staff, comments=COMMENTS)
    applicant = applicant_of(application.organisation)
    _english(client, applicant)
    before = client.get(reverse("applications:detail", args=[application.pk]))
    assert 'data-testid="feedback"' not in before.content.decode()

    applications_publish_decisions(call=application.call, by=hq_staff)
    page = client.get(reverse("applications:detail", args=[application.pk]))
    content = page.content.decode()
    rows = [(r.label, r.agreed, r.pass_mark, r.passes, r.comment)
            for r in page.context["panel"]["feedback"]]
    from decimal import Decimal
    assert rows == [
        ("C1 Local companies engaged", Decimal("3.50"), Decimal("3.00"), True, COMMENTS["c1"]),
        ("C2 Clear prospects", Decimal("2.00"), Decimal("3.00"), False, COMMENTS["c2"]),
        ("C3 Prior contact and confirmed interest", Decimal("4.00"), Decimal("3.00"), True,
         COMMENTS["c3"]),
        ("Value of the project", Decimal("6.50"), None, None, COMMENTS["value"])]
    assert 'data-testid="feedback"' in content
    for assignment in application.review_assignments.select_related("reviewer"):
        reviewer = assignment.reviewer
        assert reviewer.email not in content
        assert reviewer.last_name not in content
    assert "Letter of interest found" not in content  # HQ's internal reason stays internal


def test_feedback_is_hq_s_and_only_once_the_reviews_are_in(client, hq_staff):
    from tests.reviews.factories import AssignmentFactory

    under_review = AssignmentFactory().application
    with pytest.raises(ValidationError):
        feedback_save(application=under_review, by=hq_staff, comments={"c1": "x"})
    application = reviewed_application(feedback=False)
    client.force_login(applicant_of(application.organisation))
    assert client.get(reverse("reviews:feedback", args=[application.pk])).status_code == 404


def test_writing_the_feedback_is_on_the_history(hq_staff):
    from django.utils import translation

    from audit.models import AuditEvent

    application = reviewed_application(feedback=False)
    feedback_save(application=application, by=hq_staff, comments=COMMENTS)
    feedback_save(application=application, by=hq_staff, comments=COMMENTS)  # unchanged
    feedback_save(application=application, by=hq_staff, comments={**COMMENTS, "c2": "Edited."})
    with translation.override("en"):
        assert [e.event_text for e in AuditEvent.objects.filter(application=application)] == [
            "Feedback to the applicant written: C1 Local companies engaged, C2 Clear "
            "prospects, C3 Prior contact and confirmed interest, Value of the project.",
            "Feedback to the applicant written: C2 Clear prospects."]
