"""The append-only history: what each change records, where HQ reads it, and that nobody
rewrites it."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection, transaction
from django.db.utils import DatabaseError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.retention import inactive_reviewers_anonymise
from applications.enums import ApplicationStatus as S
from applications.models import StatusChange
from applications.services import call_update
from applications.services.corrections import organisation_correct
from audit.models import AuditEvent
from audit.services import audit_record
from reviews import services as review_services
from reviews.enums import Recommendation
from reviews.models import ReviewAssignment
from rit_portal.append_only import anonymise
from rit_portal.system_texts import event
from sponsorship.decisions import sponsorship_decide
from sponsorship.enums import DecisionMode
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory, CallFactory, ConsortiumMemberFactory, UserFactory
from tests.reviews.factories import AssignmentFactory, hq_reviewer, office_reviewer
from tests.sponsorship.factories import approved_decision

REVIEW = {"c1_comment": "c", "c2_comment": "c", "c3_comment": "c", "value_comment": "v",
          "recommendation": Recommendation.SUPPORT}


def texts(application=None, *, call=None, language="en") -> list[str]:
    rows = AuditEvent.objects.filter(**({"application": application} if application
                                        else {"call": call})).order_by("at", "id")
    with translation.override(language):
        return [row.event_text for row in rows]


def test_a_reopened_and_resubmitted_review_keeps_the_first_scores(hq_staff):
    assignment = AssignmentFactory()
    reviewer, application = assignment.reviewer, assignment.application
    AssignmentFactory(application=application, reviewer=office_reviewer())
    review = review_services.review_save(
        assignment=assignment, by=reviewer, submit=True,
        data={**REVIEW, "c1_score": 5, "c2_score": 3, "c3_score": 4, "value_score": Decimal(7)})
    review_services.review_reopen(review=review, by=hq_staff)
    review_services.review_save(
        assignment=assignment, by=reviewer, submit=True,
        data={**REVIEW, "c1_score": 0, "c2_score": 0, "c3_score": 0, "value_score": Decimal(0)})
    name = reviewer.get_full_name()
    assert texts(application) == [
        f"{name} submitted a review: C1 5 · C2 3 · C3 4 · value 7; recommendation: "
        "Recommend sponsorship.",
        f"Review of {name} reopened; the scores submitted were C1 5 · C2 3 · C3 4 · value 7.",
        f"{name} submitted a review: C1 0 · C2 0 · C3 0 · value 0; recommendation: "
        "Recommend sponsorship.",
    ]
    assert list(AuditEvent.objects.filter(application=application).values_list(
        "by", flat=True)) == [reviewer.pk, hq_staff.pk, reviewer.pk]


def test_a_second_agreed_score_does_not_erase_the_first(hq_staff):
    application = ApplicationFactory(status=S.REVIEWED)
    review_services.consensus_record(application=application, criterion="c2", score=4,
                                     reason="Panel agreed", by=hq_staff)
    review_services.consensus_record(application=application, criterion="c2", score=2,
                                     reason="Second look", by=hq_staff)
    assert texts(application) == [
        "Agreed score for C2 Clear prospects: 4 (before: —).",
        "Agreed score for C2 Clear prospects: 2 (before: 4).",
    ]
    assert list(AuditEvent.objects.filter(application=application)
                .values_list("note", flat=True)) == ["Panel agreed", "Second look"]


def test_call_changes_record_old_and_new_values_in_the_readers_language(hq_staff):
    call = CallFactory(budget_envelope=150_000_000)
    closes = timezone.localtime(call.closes_at).replace(microsecond=0)
    call_update(call=call, by=hq_staff, budget_envelope=120_000_000,
                closes_at=closes + dt.timedelta(days=1))
    call_update(call=call, by=hq_staff, budget_envelope=120_000_000)  # nothing changed
    old, new = (f"{closes:%Y-%m-%d %H:%M}",
                f"{closes + dt.timedelta(days=1):%Y-%m-%d %H:%M}")
    assert texts(call=call) == [
        f"Call changed: closes at (Japan time): {old} → {new}; "
        "budget envelope (yen): ¥150,000,000 → ¥120,000,000."]
    assert texts(call=call, language="ja")[0].startswith("公募を変更しました")


def test_review_settings_changes_are_recorded(hq_staff):
    call = CallFactory()
    review_services.review_settings_update(
        call=call, by=hq_staff, review_deadline=None,
        pass_marks={"c1": Decimal(3), "c2": Decimal("3.5"), "c3": Decimal(3)},
        weights={"regional_impact": 2})
    assert texts(call=call) == ["Review settings changed: pass mark C2: 3 → 3.5; weight: "
                                "impact on the regional economy: 0 → 2."]


def test_assignment_and_its_withdrawal_are_recorded(hq_staff):
    assignment = AssignmentFactory()
    application = assignment.application
    review_services.application_assign_reviewers(
        application=application, reviewers=[office_reviewer()], by=hq_staff)
    other = ReviewAssignment.objects.exclude(pk=assignment.pk).get(application=application)
    name = other.reviewer.get_full_name()
    review_services.assignment_remove(assignment=other, by=hq_staff)
    assert texts(application) == [
        f"{name} assigned as reviewer.",
        f"Assignment of {name} withdrawn (draft scores at the time: no scores)."]


def test_each_sponsorship_level_is_recorded(hq_staff):
    decision = approved_decision()
    application = decision.application
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PERCENTAGE,
                       percentage=Decimal(50))
    assert texts(application)[-1].startswith("Sponsorship level, version 2 (")


def test_organisation_corrections_need_a_reason_and_show_on_its_applications(client,
                                                                            hq_staff):
    application = ApplicationFactory(status=S.SUBMITTED)
    organisation = application.organisation
    with pytest.raises(Exception, match="Say why"):
        organisation_correct(organisation=organisation, by=hq_staff,
                             values={"contact_email": "new@org.example.jp"}, reason=" ")
    organisation_correct(organisation=organisation, by=hq_staff,
                         values={"contact_email": "new@org.example.jp"},
                         reason="The contact changed by phone")
    client.force_login(hq_staff)
    page = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert ("Organisation details corrected in the administration: contact e-mail: "
            f"{organisation.contact_email} → new@org.example.jp.") in page
    assert "The contact changed by phone" in page


def test_hq_reads_the_history_on_the_application_and_the_call_applicants_do_not(client,
                                                                               hq_staff):
    application = ApplicationFactory(status=S.SUBMITTED)
    audit_record(event=event("review.assigned", reviewer="Anna Becker"), by=hq_staff,
                 application=application)
    client.force_login(hq_staff)
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Anna Becker assigned as reviewer." in detail
    history = client.get(reverse("applications:call-history", args=[application.call_id]))
    assert "Anna Becker assigned as reviewer." in history.content.decode()
    summary = client.get(reverse("reviews:summary", args=[application.pk])).content.decode()
    assert "Anna Becker assigned as reviewer." in summary
    client.force_login(applicant_of(application.organisation))
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert "Anna Becker" not in detail
    assert client.get(reverse("applications:call-history",
                              args=[application.call_id])).status_code == 404


def test_the_history_is_append_only(hq_staff):
    entry = audit_record(event=event("call.created"), by=hq_staff, call=CallFactory())
    with pytest.raises(ValueError, match="append-only"):
        entry.save()
    with pytest.raises(ValueError, match="append-only"):
        entry.delete()
    # Even a bulk update that skips the model is refused by the database.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=entry.pk).update(note="rewritten")
    if connection.vendor == "postgresql":
        with pytest.raises(DatabaseError), transaction.atomic():
            AuditEvent.objects.filter(pk=entry.pk).delete()
    assert AuditEvent.objects.get(pk=entry.pk).note == ""


def test_the_call_history_pages_and_costs_a_fixed_number_of_queries(
        client, hq_staff, django_assert_num_queries):
    call = CallFactory()
    for n in range(60):
        audit_record(event=event("review.assigned", reviewer=f"Reviewer {n}"), by=hq_staff,
                     call=call)
    client.force_login(hq_staff)
    # savepoint pair, session, user, the call, the count, the page of entries
    with django_assert_num_queries(7):
        first = client.get(reverse("applications:call-history", args=[call.pk]))
    assert first.content.decode().count("assigned as reviewer.") == 50
    assert "Reviewer 59 assigned" in first.content.decode()
    second = client.get(reverse("applications:call-history", args=[call.pk]) + "?page=2")
    assert second.content.decode().count("assigned as reviewer.") == 10


@pytest.mark.parametrize("role", [Role.HQ_REVIEWER, Role.APPLICANT])
def test_reviewers_conflict_declarations_are_recorded(role, hq_staff):
    assignment = AssignmentFactory(reviewer=hq_reviewer(), conflict_status="undeclared")
    review_services.conflict_declare(assignment=assignment, by=assignment.reviewer,
                                     has_conflict=role == Role.APPLICANT,
                                     conflict_type="firm" if role == Role.APPLICANT else "",
                                     firm=ConsortiumMemberFactory(
                                         application=assignment.application),
                                     note="Former employer")
    name = assignment.reviewer.get_full_name()
    expected = (f"{name} declared a conflict of interest (A firm of the consortium)."
                if role == Role.APPLICANT else f"{name} declared no conflict of interest.")
    assert texts(assignment.application) == [expected]
    assert UserFactory  # factories imported for the module's other tests


def test_an_anonymised_history_still_reads_on_the_application_and_the_call(client, hq_staff):
    """Past the history's retention period (rit_portal.append_only) the note and the people
    an entry names read "—" on HQ's pages, the entries and who acted stay; an account
    anonymised by its own category (a reviewer no longer used) does not break them."""
    application = ApplicationFactory(status=S.SUBMITTED)
    reviewer = hq_reviewer(first_name="Anna", last_name="Becker")
    audit_record(event=event("review.assigned", reviewer="Anna Becker"), by=reviewer,
                 application=application, note="Becker-san knows Stuttgart")
    organisation_correct(organisation=application.organisation, by=hq_staff,
                         values={"contact_email": "new@org.example.jp"},
                         reason="The contact changed by phone")
    StatusChange.objects.create(application=application, by=reviewer, from_status=S.DRAFT,
                                to_status=S.SUBMITTED, note="Ms Becker asked for it")
    later = timezone.now() + dt.timedelta(days=1)
    assert anonymise("history", before=later) == 3
    assert inactive_reviewers_anonymise(before=later) == 1

    client.force_login(hq_staff)
    pages = [client.get(reverse("applications:detail", args=[application.pk])),
             client.get(reverse("applications:call-history", args=[application.call_id])),
             client.get(reverse("reviews:summary", args=[application.pk]))]
    assert [page.status_code for page in pages] == [200, 200, 200]
    detail, history = pages[0].content.decode(), pages[1].content.decode()
    assert "— assigned as reviewer." in detail and "— assigned as reviewer." in history
    assert "Organisation details corrected in the administration: contact e-mail: — → —." \
        in detail
    for page in pages:
        text = page.content.decode()
        for named in ("Becker", "new@org.example.jp", "The contact changed by phone"):
            assert named not in text
