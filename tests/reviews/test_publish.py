"""Publishing decisions: one action, one e-mail per applicant organisation after commit."""

from unittest import mock

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.enums import ApplicationStatus as S
from sponsorship.enums import DecisionMode
from sponsorship.models import AwardLetter
from sponsorship.services import sponsorship_decide
from tests.factories import CallFactory, OrganisationFactory, UserFactory
from tests.reviews.factories import reviewed_application
from tests.sponsorship.factories import CostLineFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def decided_call(hq_staff):
    """Org A: approved + rejected; org B: waitlisted; org C: ineligible; D: still eligible."""
    call = CallFactory()
    org_a, org_b, org_c, org_d = (OrganisationFactory() for _ in range(4))
    UserFactory(role="applicant", organisation=org_a, email="member@a.example.jp")
    approved = reviewed_application(call=call, organisation=org_a, status=S.ELIGIBLE)
    CostLineFactory(application=approved)
    sponsorship_decide(application=approved, by=hq_staff, mode=DecisionMode.FULL)
    rejected = reviewed_application(call=call, organisation=org_a, status=S.REJECTED)
    waitlisted = reviewed_application(call=call, organisation=org_b, status=S.WAITLISTED)
    ineligible = reviewed_application(call=call, organisation=org_c, status=S.INELIGIBLE)
    undecided = reviewed_application(call=call, organisation=org_d, status=S.ELIGIBLE)
    return call, {"approved": approved, "rejected": rejected, "waitlisted": waitlisted,
                  "ineligible": ineligible, "undecided": undecided}


def test_bulk_publish_sends_one_email_per_applicant_after_commit(
        decided_call, hq_staff, django_capture_on_commit_callbacks):
    from reviews.services import applications_publish_decisions

    call, apps = decided_call
    mail.outbox.clear()
    with mock.patch("sponsorship.letters._enqueue") as enqueue_letter, \
            django_capture_on_commit_callbacks(execute=True) as callbacks:
        published = applications_publish_decisions(call=call, by=hq_staff)
        assert mail.outbox == []  # nothing leaves before the commit
    assert sorted(a.pk for a in published) == sorted(
        apps[k].pk for k in ("approved", "rejected", "waitlisted", "ineligible"))
    assert len(callbacks) >= 3
    assert len(mail.outbox) == 3
    recipients = sorted(tuple(m.to) for m in mail.outbox)
    org_a = apps["approved"].organisation
    assert (org_a.contact_email, "member@a.example.jp") in [tuple(sorted(r)) for r in recipients]
    body_a = next(m.body for m in mail.outbox if org_a.contact_email in m.to)
    assert apps["approved"].reference in body_a and apps["rejected"].reference in body_a
    for application in apps.values():
        application.refresh_from_db()
    assert apps["undecided"].decision_published_at is None
    assert all(apps[k].decision_published_at is not None
               for k in ("approved", "rejected", "waitlisted", "ineligible"))
    letter = AwardLetter.objects.get()
    assert letter.decision.application == apps["approved"]
    enqueue_letter.assert_called_once_with(letter.pk)


def test_nothing_new_to_publish_is_refused(decided_call, hq_staff):
    from reviews.services import applications_publish_decisions

    call, _apps = decided_call
    with mock.patch("sponsorship.letters._enqueue"):
        applications_publish_decisions(call=call, by=hq_staff)
        with pytest.raises(ValidationError):
            applications_publish_decisions(call=call, by=hq_staff)


def test_publish_button_on_the_board(client, decided_call, hq_staff):
    call, apps = decided_call
    client.force_login(hq_staff)
    with mock.patch("sponsorship.letters._enqueue"):
        response = client.post(reverse("reviews:publish", args=[call.pk]), follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "4 decisions published; the applicants are being notified."]
    apps["waitlisted"].refresh_from_db()
    assert apps["waitlisted"].decision_published_at is not None
