"""Scoping: another organisation's application is a 404 on every application URL; HQ staff
see every application; the applicant's list shows their organisation's only."""

import pytest
from django.urls import reverse

from applications.enums import ApplicationStatus as S
from applications.models import PriorContact
from applications.selectors import application_for_user
from tests.applications.builders import applicant_of, attach_pdf, complete_application
from tests.factories import ApplicationFactory, CallFactory, ConsortiumMemberFactory

pytestmark = pytest.mark.django_db

# Every URL of the applicant's application, with the ids each needs.
APPLICATION_URLS = [
    ("applications:detail", ()),
    ("applications:section-overview", ()),
    ("applications:section-consortium", ()),
    ("applications:consortium-csv", ()),
    ("applications:consortium-csv-template", ()),
    ("applications:member-edit", ("member",)),
    ("applications:member-delete", ("member",)),
    ("applications:section-cooperation", ()),
    ("applications:section-prospects", ()),
    ("applications:section-partner", ()),
    ("applications:partner-contacts", ()),
    ("applications:partner-request", ()),
    ("applications:partner-letter", ()),
    ("applications:partner-summary", ()),
    ("applications:prior-contact-delete", ("contact",)),
    ("applications:section-attachments", ()),
    ("applications:attachment-download", ("attachment",)),
    ("applications:attachment-delete", ("attachment",)),
    ("applications:submit", ()),
    ("applications:withdraw", ()),
]


@pytest.fixture
def filled():
    application = complete_application()
    return {
        "application": application,
        "member": application.consortium_members.first(),
        "contact": PriorContact.objects.get(application=application),
        "attachment": attach_pdf(application),
    }


def url_of(name, extra, filled):
    return reverse(name, args=[filled["application"].pk, *(filled[k].pk for k in extra)])


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize(("name", "extra"), APPLICATION_URLS, ids=[n for n, _ in APPLICATION_URLS])
def test_another_organisations_applicant_gets_404_on_every_url(client, filled, name, extra,
                                                                 method):
    client.force_login(applicant_of())
    response = getattr(client, method)(url_of(name, extra, filled))
    assert response.status_code == 404
    assert filled["application"].consortium_members.count() == 5


@pytest.mark.parametrize(("name", "extra"), APPLICATION_URLS, ids=[n for n, _ in APPLICATION_URLS])
def test_reviewers_without_assignment_get_404(client, filled, name, extra, hq_reviewer):
    client.force_login(hq_reviewer)
    assert client.get(url_of(name, extra, filled)).status_code == 404


def test_a_member_of_another_application_is_404_even_for_the_owner(client, filled):
    other = ConsortiumMemberFactory()  # another organisation's application
    client.force_login(applicant_of(filled["application"].organisation))
    response = client.get(reverse("applications:member-edit",
                                  args=[filled["application"].pk, other.pk]))
    assert response.status_code == 404


def test_hq_staff_see_every_application_read_only(client, filled, hq_staff):
    client.force_login(hq_staff)
    application = filled["application"]
    response = client.get(reverse("applications:detail", args=[application.pk]))
    assert (response.status_code, response.context["can_edit"]) == (200, False)
    response = client.get(reverse("applications:section-overview", args=[application.pk]))
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    download = client.get(url_of("applications:attachment-download", ("attachment",), filled))
    assert download.status_code == 200


def test_application_for_user_scopes_by_organisation(filled, hq_staff):
    application = filled["application"]
    owner = applicant_of(application.organisation)
    assert application_for_user(user=owner, pk=application.pk) == application
    assert application_for_user(user=hq_staff, pk=application.pk) == application


def test_the_list_shows_only_the_organisations_applications(client):
    mine = ApplicationFactory(title_ja="自組織の申請")
    ApplicationFactory(title_ja="他組織の申請")
    client.force_login(applicant_of(mine.organisation))
    response = client.get(reverse("applications:list"))
    assert [a.title_ja for a in response.context["applications"]] == ["自組織の申請"]


@pytest.mark.parametrize("n", [1, 6])
def test_applicant_list_queries_do_not_grow_with_rows(client, django_assert_num_queries, n):
    call = CallFactory()
    user = applicant_of()
    for i in range(n):
        application = ApplicationFactory(call=call, organisation=user.organisation,
                                         status=S.SUBMITTED, reference=f"RIT-FY2027-{i + 1:04d}",
                                         sequence=i + 1)
        ConsortiumMemberFactory.create_batch(2, application=application)
    client.force_login(user)
    # savepoint/release (ATOMIC_REQUESTS), session, user, applications, open requests for
    # information, open calls (the navigation's permissions are rules: no query).
    with django_assert_num_queries(7):
        response = client.get(reverse("applications:list"))
    assert [a.n_members for a in response.context["applications"]] == [2] * n
    assert [str(a.shown_status.label) for a in response.context["applications"]] == \
        ["Submitted"] * n


@pytest.mark.parametrize("n", [1, 6])
def test_applicant_home_lists_the_applications_with_constant_queries(
        client, django_assert_num_queries, n):
    user = applicant_of()
    ApplicationFactory.create_batch(n, organisation=user.organisation)
    client.force_login(user)
    # As the list, plus the organisation card (organisation, prefecture) and the sponsored
    # projects' panel (one query; none here), and the covering JETRO office's card (one).
    with django_assert_num_queries(11):
        response = client.get(reverse("home"))
    assert len(response.context["applications"]) == n
    assert 'data-testid="application-list"' in response.content.decode()
