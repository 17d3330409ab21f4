"""The staff of a JETRO office in Japan: HQ invites them per office; they follow the
submitted applications and the sponsored projects of the organisations in the prefectures
their office covers, never the reviews, scores or other prefectures' applications."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.enums import Role
from accounts.models import ApplicantOrganisation, Invitation, User
from accounts.rules import covers_organisation
from accounts.selectors import covered_by_office_of
from accounts.services import office_staff_invite
from applications.enums import ApplicationStatus as S
from audit.models import AuditEvent
from regions.models import JetroOffice, Prefecture
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory
from tests.projects.builders import published_project
from tests.reviews.factories import SubmittedApplicationFactory, reviewed_application

pytestmark = pytest.mark.django_db
PASSWORD = "an office member's own secret 2027"


def office_staff(code="JP-IBARAKI", **kwargs):
    return UserFactory(role=Role.OFFICE_STAFF, office=JetroOffice.objects.get(code=code),
                       **kwargs)


def organisation_in(code: str):
    return OrganisationFactory(prefecture=Prefecture.objects.get(code=code))


def submitted(organisation, **kwargs):
    return SubmittedApplicationFactory(organisation=organisation, **kwargs)


def test_hq_invites_a_staff_member_who_sets_a_password_and_lands_on_the_office_home(
        client, hq_staff, django_capture_on_commit_callbacks):
    ibaraki = JetroOffice.objects.get(code="JP-IBARAKI")
    client.force_login(hq_staff)
    page = client.get(reverse("office-staff"), {"office": "JP-IBARAKI"})
    assert page.context["form"].initial["office"] == ibaraki
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("office-staff"), {
            "email": "hanako.suzuki@jetro.example.jp", "office": ibaraki.pk, "language": "ja"})
    assert (response.status_code, response.url) == (302, reverse("office-staff"))
    (message,) = mail.outbox
    assert message.subject == "RIT ポータル：ジェトロ茨城 の職員としてのご招待"
    invitation = Invitation.objects.get()
    assert (invitation.role, invitation.office, invitation.organisation) == (
        Role.OFFICE_STAFF, ibaraki, None)
    link = next(line for line in message.body.splitlines() if "/invitations/" in line)
    path = link[link.index("/accounts/"):]

    client.logout()
    assert 'data-testid="office-staff-invitation"' in client.get(path).content.decode()
    accepted = client.post(path, {"last_name": "鈴木", "first_name": "花子", "language": "ja",
                                  "password1": PASSWORD, "password2": PASSWORD})
    assert (accepted.status_code, accepted.url) == (302, reverse("home"))
    member = User.objects.get(email="hanako.suzuki@jetro.example.jp")
    assert (member.role, member.office) == (Role.OFFICE_STAFF, ibaraki)
    mine = submitted(organisation_in("08"))
    submitted(organisation_in("23"))
    home = client.get(reverse("home"))
    assert [a.pk for a in home.context["page"]] == [mine.pk]
    assert home.context["prefecture_names"] == ["Ibaraki"]
    assert AuditEvent.objects.filter(event="office_staff.invited").count() == 1


def test_only_hq_invites_and_only_for_an_office_in_japan_that_covers_prefectures(hq_staff):
    with pytest.raises(PermissionDenied):
        office_staff_invite(email="x@example.jp", office=JetroOffice.objects.get(code="JP-SAGA"),
                            language="ja", by=office_staff())
    for code in ("DUS", "JP-KITAKYUSHU", "HQ"):
        with pytest.raises(ValidationError) as refused:
            office_staff_invite(email="x@example.jp", office=JetroOffice.objects.get(code=code),
                                language="ja", by=hq_staff)
        assert list(refused.value.message_dict) == ["office"]


def test_staff_see_submitted_applications_of_their_prefectures_only(client):
    member = office_staff()
    ibaraki_org, aichi_org = organisation_in("08"), organisation_in("23")
    mine = submitted(ibaraki_org)
    draft = ApplicationFactory(organisation=ibaraki_org)
    others = submitted(aichi_org)
    client.force_login(member)
    assert client.get(reverse("applications:detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("applications:detail", args=[draft.pk])).status_code == 404
    assert client.get(reverse("applications:detail", args=[others.pk])).status_code == 404
    assert client.get(reverse("applications:pdf", args=[others.pk])).status_code == 404


def test_staff_never_see_reviews_scores_or_the_unpublished_decision(client, hq_staff):
    application = reviewed_application(organisation=organisation_in("08"),
                                        status=S.ELIGIBLE)
    client.force_login(hq_staff)  # what HQ's page shows, so that its absence means something
    assert 'data-testid="review-panel"' in client.get(
        reverse("applications:detail", args=[application.pk])).content.decode()
    client.force_login(office_staff())
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.status_code == 200
    html = page.content.decode()
    assert page.context["shown_status"] == S.UNDER_REVIEW
    for marker in ('data-testid="review-panel"', "Comment of the programme office"):
        assert marker not in html
    assert client.get(reverse("reviews:review", args=[application.pk])).status_code == 404
    assert client.get(reverse("reviews:summary", args=[application.pk])).status_code == 404


def test_staff_see_the_projects_of_their_prefectures_not_the_delegates(client):
    project = published_project(application__organisation=organisation_in("08"))
    elsewhere = published_project(application__organisation=organisation_in("23"))
    client.force_login(office_staff())
    assert client.get(reverse("projects:detail", args=[project.pk])).status_code == 200
    assert client.get(reverse("projects:detail", args=[elsewhere.pk])).status_code == 404
    home = client.get(reverse("home"))
    assert home.context["projects"] == [project]


@pytest.mark.parametrize(("office", "prefecture", "covers"), [
    ("JP-IBARAKI", "08", True), ("JP-IBARAKI", "09", False), ("JP-FUKUOKA", "40", True),
    ("JP-KITAKYUSHU", "40", False), ("OSAKA", "27", True)])
def test_the_covering_rule_in_python_equals_the_query(office, prefecture, covers):
    member = office_staff(office)
    organisation = organisation_in(prefecture)
    in_query = ApplicantOrganisation.objects.filter(
        covered_by_office_of(member, prefix=""), pk=organisation.pk).exists()
    assert covers_organisation.test(member, organisation) is in_query is covers


def test_the_applicants_home_shows_their_office_and_its_contact(client, applicant):
    office = JetroOffice.objects.get(code="JP-IBARAKI")
    office.email, office.phone = "ibaraki@jetro.example.jp", "029-000-0000"
    office.save()
    client.force_login(applicant)  # organisation in Ibaraki (factories)
    home = client.get(reverse("home"))
    assert home.context["jetro_office"] == office
    html = home.content.decode()
    assert "ibaraki@jetro.example.jp" in html and "029-000-0000" in html
