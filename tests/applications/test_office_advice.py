"""Advice on a shared draft: the organisation shares its draft with its JETRO office in
Japan, the office advises per section, the organisation answers; reviewers never see it."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.enums import ApplicationStatus as S
from applications.models import Application, OfficeAdvice
from applications.services import office_advice_give
from reviews.enums import ConflictStatus
from tests.accounts.test_office_staff import office_staff
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory
from tests.reviews.factories import AssignmentFactory, office_reviewer

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft():
    return ApplicationFactory()  # organisation in Ibaraki (factories)


def _advice_page(client, application):
    return client.get(reverse("applications:advice", args=[application.pk]))


def test_the_draft_is_shared_advised_on_and_answered(client, draft):
    applicant, adviser = applicant_of(draft.organisation), office_staff("JP-IBARAKI")
    client.force_login(adviser)
    assert client.get(reverse("applications:detail", args=[draft.pk])).status_code == 404

    client.force_login(applicant)
    assert client.post(reverse("applications:advice", args=[draft.pk]),
                       {"action": "share"}).status_code == 302
    draft.refresh_from_db()
    assert draft.shared_with_office_at is not None

    client.force_login(adviser)
    assert client.get(reverse("applications:detail", args=[draft.pk])).status_code == 200
    response = client.post(reverse("applications:advice", args=[draft.pk]), {
        "action": "advise", "section": "consortium",
        "text": "中小企業の従業員数を記入してください。"})
    assert response.status_code == 302
    advice = OfficeAdvice.objects.get()
    assert (advice.section, advice.office.code, advice.written_by) == (
        "consortium", "JP-IBARAKI", adviser)

    client.force_login(applicant)
    page = _advice_page(client, draft)
    assert "中小企業の従業員数を記入してください。" in page.content.decode()
    response = client.post(reverse("applications:advice", args=[draft.pk]), {
        "action": "answer", "advice": advice.pk, f"a{advice.pk}-answer": "追記しました。"})
    assert response.status_code == 302
    advice.refresh_from_db()
    assert (advice.answer, advice.answered_by) == ("追記しました。", applicant)

    client.force_login(adviser)
    assert "追記しました。" in _advice_page(client, draft).content.decode()


def test_another_office_and_an_unshared_draft_are_404(client, draft):
    Application.objects.filter(pk=draft.pk).update(shared_with_office_at="2027-05-01T00:00Z")
    client.force_login(office_staff("JP-NAGOYA"))
    assert _advice_page(client, draft).status_code == 404
    client.force_login(applicant_of(draft.organisation))
    client.post(reverse("applications:advice", args=[draft.pk]), {"action": "unshare"})
    client.force_login(office_staff("JP-IBARAKI"))
    assert _advice_page(client, draft).status_code == 404


def test_advice_is_refused_on_an_unshared_or_submitted_application_and_when_empty(draft):
    adviser = office_staff("JP-IBARAKI")
    with pytest.raises(PermissionDenied):
        office_advice_give(application=draft, by=adviser, section="overview", text="…")
    Application.objects.filter(pk=draft.pk).update(shared_with_office_at="2027-05-01T00:00Z")
    draft.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        office_advice_give(application=draft, by=adviser, section="overview", text="  ")
    assert list(refused.value.message_dict) == ["text"]
    Application.objects.filter(pk=draft.pk).update(status=S.SUBMITTED)
    draft.refresh_from_db()
    with pytest.raises(PermissionDenied):
        office_advice_give(application=draft, by=adviser, section="overview", text="遅い")


def test_an_empty_advice_is_refused_at_its_field_and_kept(client, draft):
    Application.objects.filter(pk=draft.pk).update(shared_with_office_at="2027-05-01T00:00Z")
    client.force_login(office_staff("JP-IBARAKI"))
    response = client.post(reverse("applications:advice", args=[draft.pk]),
                           {"action": "advise", "section": "overview", "text": ""})
    assert response.status_code == 200
    assert response.context["advice_form"].errors["text"] == ["Enter the advice."]
    assert response.context["advice_form"]["section"].value() == "overview"


def test_reviewers_never_see_the_advice(client, draft):
    adviser = office_staff("JP-IBARAKI")
    Application.objects.filter(pk=draft.pk).update(shared_with_office_at="2027-05-01T00:00Z")
    draft.refresh_from_db()
    office_advice_give(application=draft, by=adviser, section="partner",
                       text="ADVICE-FOR-THE-APPLICANT-ONLY")
    Application.objects.filter(pk=draft.pk).update(
        status=S.UNDER_REVIEW, reference="RIT-FY2027-0777", submitted_at="2027-05-10T00:00Z")
    reviewer = office_reviewer("DUS")
    AssignmentFactory(application=draft, reviewer=reviewer, conflict_status=ConflictStatus.NONE)
    client.force_login(reviewer)
    for name in ("applications:detail", "reviews:review"):
        response = client.get(reverse(name, args=[draft.pk]))
        assert response.status_code == 200, name
        assert "ADVICE-FOR-THE-APPLICANT-ONLY" not in response.content.decode(), name
        assert 'data-testid="advice-link"' not in response.content.decode(), name
    assert _advice_page(client, draft).status_code == 404
