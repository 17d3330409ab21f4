"""HQ asks for more information: the form opens again, the applicant is told, resubmits."""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from tests.applications.builders import applicant_of, complete_application
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _submitted():
    from applications.services import application_submit

    application = complete_application()
    application_submit(application=application, by=applicant_of(application.organisation))
    return application


def test_hq_requests_information_and_the_applicant_is_told(
        client, django_capture_on_commit_callbacks):
    application = _submitted()
    client.force_login(UserFactory(role=Role.HQ_STAFF))
    url = reverse("applications:request-information", args=[application.pk])
    reply_by = (timezone.localtime() + dt.timedelta(days=7)).replace(second=0, microsecond=0)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"note": "パートナーの書簡を添付してください",
                                     "reply_by": reply_by.strftime("%Y-%m-%dT%H:%M")})
    assert response.status_code == 302
    application.refresh_from_db()
    change = application.status_changes.last()
    assert (application.status, change.note, change.reply_by) == (
        S.INFO_REQUESTED, "パートナーの書簡を添付してください", reply_by)
    assert [m.subject for m in mail.outbox] == [
        f"【RIT ポータル】{application.reference} 追加情報のお願い"]
    assert "パートナーの書簡を添付してください" in mail.outbox[0].body
    # The form is open again for the applicant.
    client.force_login(applicant_of(application.organisation))
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.context["may"].edit is True


def test_a_request_needs_the_information_and_a_future_date(client):
    application = _submitted()
    client.force_login(UserFactory(role=Role.HQ_STAFF))
    url = reverse("applications:request-information", args=[application.pk])
    response = client.post(url, {"note": " ", "reply_by": "2020-01-01T10:00"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"note": ["This field is required."]}
    response = client.post(url, {"note": "More detail on C2", "reply_by": "2020-01-01T10:00"})
    assert response.context["form"].errors == {
        "reply_by": ["The reply date must be in the future."]}
    application.refresh_from_db()
    assert application.status == S.SUBMITTED


def test_only_hq_and_only_while_the_status_permits(client):
    application = _submitted()
    url = reverse("applications:request-information", args=[application.pk])
    client.force_login(applicant_of(application.organisation))
    assert client.get(url).status_code == 404
    client.force_login(UserFactory(role=Role.HQ_STAFF))
    application.status = S.REVIEWED
    application.save(update_fields=["status"])
    response = client.post(url, {"note": "x"}, follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        "More information can be requested only while the application is submitted or "
        "under review."]
    application.refresh_from_db()
    assert application.status == S.REVIEWED
