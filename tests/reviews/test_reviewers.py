"""HQ manages reviewers from the portal: invitation for an office (the reviewer chooses
their password), deactivation and reactivation; an invited reviewer sees only their
office's assigned applications."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Invitation, User
from applications.enums import ApplicationStatus as S
from regions.models import JetroOffice, PartnerRegion
from reviews.selectors import applications_missing_reviewers, reviewers_proposed
from reviews.services import application_assign_reviewers, reviewer_invite, reviewer_set_active
from tests.applications.builders import applicant_of
from tests.factories import UserFactory
from tests.reviews.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    hq_reviewer,
    office_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db
PASSWORD = "a new reviewer's own secret 2027"


def _invite(client, hq, django_capture_on_commit_callbacks, **data) -> str:
    """Invite through HQ's page; return the path of the e-mailed link."""
    client.force_login(hq)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reviews:reviewers"), data)
    assert (response.status_code, response.url) == (302, reverse("reviews:reviewers"))
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/invitations/" in line)
    return link[link.index("/accounts/"):]


def test_an_invited_office_reviewer_sets_a_password_and_sees_only_their_office_s_applications(
        client, hq_staff, django_capture_on_commit_callbacks):
    milan = JetroOffice.objects.get(code="MIL")
    # The Milan office's application waits for a reviewer: the page says so and links here.
    lombardy = SubmittedApplicationFactory(
        partner_region=PartnerRegion.objects.get(name_en="Lombardy"))
    client.force_login(hq_staff)
    assignments_page = client.get(reverse("reviews:assignments", args=[lombardy.call_id]))
    assert f'{reverse("reviews:reviewers")}?office=MIL#invite' in (
        assignments_page.content.decode())
    page = client.get(reverse("reviews:reviewers"), {"office": "MIL"})
    assert [(o.code, o.waiting) for o in page.context["lacking"]] == [("MIL", 1)]
    assert (page.context["form"].initial["office"], page.context["form"].initial["language"]) \
        == (milan, "en")

    path = _invite(client, hq_staff, django_capture_on_commit_callbacks,
                   email="Giulia.Rossi@jetro.example.it", office=milan.pk, language="en")
    assert mail.outbox[0].subject == (
        "RIT Portal: you are invited to review applications for JETRO Milan")
    assert mail.outbox[0].to == ["Giulia.Rossi@jetro.example.it"]
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.office, invitation.organisation, invitation.invited_by) \
        == (Role.OVERSEAS_REVIEWER, milan, None, hq_staff)

    client.logout()
    form_page = client.get(path)
    assert 'data-testid="reviewer-invitation"' in form_page.content.decode()
    accepted = client.post(path, {"last_name": "Rossi", "first_name": "Giulia",
                                  "language": "en", "password1": PASSWORD,
                                  "password2": PASSWORD})
    assert (accepted.status_code, accepted.url) == (302, reverse("home"))
    reviewer = User.objects.get(email="Giulia.Rossi@jetro.example.it")
    assert (reviewer.role, reviewer.office, reviewer.language, reviewer.get_full_name()) == (
        Role.OVERSEAS_REVIEWER, milan, "en", "Giulia Rossi")
    # Their own password logs them in.
    client.logout()
    assert client.login(username=reviewer.email, password=PASSWORD) is True

    # HQ assigns them to the Lombardy application; a German one (assigned in the database
    # by mistake) stays out of their sight.
    application_assign_reviewers(application=lombardy, reviewers=[hq_reviewer(), reviewer],
                                 by=hq_staff)
    AssignmentFactory(reviewer=reviewer)  # Baden-Württemberg: Düsseldorf's territory
    home = client.get(reverse("home"))
    assert [a.application for a in home.context["page"]] == [lombardy]


def test_an_hq_reviewer_is_invited_for_headquarters(hq_staff, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation, _token = reviewer_invite(
            email="kondo@jetro.example.jp", office=JetroOffice.objects.get(code="HQ"),
            language="ja", by=hq_staff)
    assert (invitation.role, mail.outbox[0].subject) == (
        Role.HQ_REVIEWER, "RIT ポータル：ジェトロ本部（東京） の審査員としてのご招待")


@pytest.mark.parametrize(("data", "errors"), [
    ({"email": "new@jetro.example.jp", "office": "JP-OITA", "language": "ja"},
     {"office": ["Select a valid choice. That choice is not one of the available choices."]}),
    ({"email": "taken", "office": "SEL", "language": "en"},
     {"email": ["This address already has an account on the portal."]}),
])
def test_a_refused_invitation_says_why_at_the_field(client, hq_staff, data, errors):
    if data["email"] == "taken":
        data["email"] = hq_staff.email
    data["office"] = JetroOffice.objects.get(code=data["office"]).pk
    client.force_login(hq_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("reviews:reviewers"), data)
    assert response.context["form"].errors == errors
    assert response.context["form"]["email"].value() == data["email"]
    assert (Invitation.objects.count(), len(mail.outbox)) == (0, 0)


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.HQ_REVIEWER])
def test_only_hq_manages_reviewers(client, role):
    user = applicant_of() if role == Role.APPLICANT else UserFactory(role=role)
    reviewer = office_reviewer()
    client.force_login(user)
    assert client.get(reverse("reviews:reviewers")).status_code == 404
    assert client.post(reverse("reviews:reviewer-active", args=[reviewer.pk]),
                       {"active": "0"}).status_code == 404
    with pytest.raises(PermissionDenied):
        reviewer_set_active(reviewer=reviewer, active=False, by=user)
    with pytest.raises(PermissionDenied):
        reviewer_invite(email="x@example.jp", language="en", by=user,
                                   office=JetroOffice.objects.get(code="SEL"))
    reviewer.refresh_from_db()
    assert reviewer.is_active is True


def test_hq_cannot_deactivate_staff_through_the_reviewers_page(client, hq_staff):
    colleague = UserFactory(role=Role.HQ_STAFF)
    client.force_login(hq_staff)
    response = client.post(reverse("reviews:reviewer-active", args=[colleague.pk]),
                           {"active": "0"})
    assert response.status_code == 404
    colleague.refresh_from_db()
    assert colleague.is_active is True


def test_a_deactivated_reviewer_leaves_the_proposals_and_their_unfinished_work_is_uncovered(
        client, hq_staff):
    application = SubmittedApplicationFactory(status=S.UNDER_REVIEW)
    office = AssignmentFactory(application=application, reviewer=office_reviewer())
    done = AssignmentFactory(application=application, reviewer=hq_reviewer())
    submitted_review(done)
    assert list(applications_missing_reviewers()) == []

    client.force_login(hq_staff)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("reviews:reviewer-active", args=[office.reviewer.pk]),
                           {"active": "0"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"{office.reviewer.get_full_name()} can no longer log in or be assigned. Reassign "
        "their unfinished reviews on the assignment pages."]
    office.reviewer.refresh_from_db()
    assert office.reviewer.is_active is False
    # The office's unfinished review no longer covers the application; the HQ reviewer's
    # submitted one still does; the deactivated reviewer is not proposed again.
    assert list(applications_missing_reviewers()) == [application]
    other = SubmittedApplicationFactory()
    assert office.reviewer not in reviewers_proposed(application=other)
    assert client.login(username=office.reviewer.email, password="correct horse battery "
                        "staple") is False

    client.force_login(hq_staff)
    client.post(reverse("reviews:reviewer-active", args=[office.reviewer.pk]), {"active": "1"})
    office.reviewer.refresh_from_db()
    assert office.reviewer.is_active is True
    assert list(applications_missing_reviewers()) == [other]  # never assigned


def test_an_expired_reviewer_invitation_sends_back_to_the_programme_office(
        client, hq_staff, django_capture_on_commit_callbacks):
    path = _invite(client, hq_staff, django_capture_on_commit_callbacks,
                   email="late@jetro.example.kr", language="en",
                   office=JetroOffice.objects.get(code="SEL").pk)
    client.logout()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        response = client.get(path)
    assert (response.status_code, response.context["problem"]) == (
        410, "This invitation has expired. Ask the programme office to invite you again.")


def test_the_reviewers_page_lists_reviewers_and_pending_invitations(client, hq_staff):
    reviewers = [hq_reviewer(), office_reviewer("SEL"), office_reviewer("TPE")]
    reviewers[2].is_active = False
    reviewers[2].save(update_fields=["is_active"])
    reviewer_invite(email="new@jetro.example.gb", language="en", by=hq_staff,
                               office=JetroOffice.objects.get(code="LON"))
    client.force_login(hq_staff)
    response = client.get(reverse("reviews:reviewers"))
    assert [(r.email, r.is_active) for r in response.context["page"]] == [
        (reviewers[0].email, True), (reviewers[1].email, True), (reviewers[2].email, False)]
    assert [i.email for i in response.context["invitations"]] == ["new@jetro.example.gb"]


def test_invitations_and_deactivations_are_on_the_history(hq_staff):
    from django.utils import translation

    from audit.models import AuditEvent

    reviewer = office_reviewer("SEL")
    reviewer_invite(email="new@jetro.example.kr", office=JetroOffice.objects.get(code="SEL"),
                    language="en", by=hq_staff)
    reviewer_set_active(reviewer=reviewer, active=False, by=hq_staff)
    reviewer_set_active(reviewer=reviewer, active=False, by=hq_staff)  # no change: no entry
    reviewer_set_active(reviewer=reviewer, active=True, by=hq_staff)
    with translation.override("en"):
        assert [(e.event_text, e.by) for e in AuditEvent.objects.order_by("at", "id")] == [
            ("new@jetro.example.kr invited as reviewer for JETRO Seoul.", hq_staff),
            (f"{reviewer.get_full_name()} deactivated as reviewer.", hq_staff),
            (f"{reviewer.get_full_name()} reactivated as reviewer.", hq_staff)]
