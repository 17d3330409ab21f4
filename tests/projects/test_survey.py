"""The participants' satisfaction survey: a signed link per participant (firms in their
language, the partner's contact in English), one answer per link, used or expired links
refused with a clear page, response tracking and rates for HQ."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from projects.models import SurveyInvitation, SurveyResponse
from projects.selectors import survey_rates, survey_summary
from projects.services import (
    SURVEY_LINK_MAX_AGE,
    project_firm_update,
    report_firms_set,
    survey_send,
)

from .builders import member_of, published_project, year_of

pytestmark = pytest.mark.django_db

ANSWER = {"overall_satisfaction": "4", "matching_usefulness": "5", "seminar_usefulness": "",
          "interpretation_usefulness": "3", "business_result": "expected",
          "comment": "  Useful meetings.  "}


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """The year-1 survey sent to two firms (one in English) and the partner's contact."""
    project = published_project()
    member = member_of(project)
    firms = list(project.firms.order_by("pk")[:3])
    project_firm_update(firm=firms[0], by=member, contact_name="佐藤", contact_email="sato@a.jp")
    project_firm_update(firm=firms[1], by=member, contact_email="lee@b.example.com",
                        survey_language="en")
    year = year_of(project)
    report_firms_set(report=year.report, by=member, firms=firms)  # the third has no e-mail
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        invitations = survey_send(project_year=year, by=member)
    return project, member, year, invitations


def _link(message) -> str:
    return re.search(r"http://\S+/projects/survey/\S+/", message.body).group(0).split(
        "testserver", 1)[-1].replace("http://127.0.0.1:8000", "")


def test_each_participant_gets_one_link_in_their_language(sent):
    project, member, year, invitations = sent
    assert [(i.email, i.language, i.is_partner_contact) for i in invitations] == [
        ("sato@a.jp", "ja", False), ("lee@b.example.com", "en", False),
        ("a.mueller@bw.example.de", "en", True)]
    by_address = {m.to[0]: m for m in mail.outbox}
    assert set(by_address) == {"sato@a.jp", "lee@b.example.com", "a.mueller@bw.example.de"}
    assert by_address["sato@a.jp"].subject.startswith("満足度調査")
    assert by_address["a.mueller@bw.example.de"].subject.startswith("Satisfaction survey")
    assert "Dear Dr. Anna Müller," in by_address["a.mueller@bw.example.de"].body


def test_sending_again_reaches_only_those_added_since(sent):
    project, member, year, invitations = sent
    with pytest.raises(ValidationError, match="Nobody new"):
        survey_send(project_year=year, by=member)
    third = year.report.firms.get(contact_email="")
    project_firm_update(firm=third, by=member, contact_email="new@c.jp")
    assert [i.email for i in survey_send(project_year=year, by=member)] == ["new@c.jp"]


def test_a_link_works_once_and_is_refused_after(client, sent):
    project, member, year, invitations = sent
    url = _link(next(m for m in mail.outbox if m.to == ["lee@b.example.com"]))
    page = client.get(url)
    assert page.status_code == 200 and page["Content-Language"] == "en"
    invitation = SurveyInvitation.objects.get(email="lee@b.example.com")
    assert invitation.first_opened_at is not None and invitation.answered_at is None

    response = client.post(url, ANSWER)
    assert response.status_code == 302
    assert client.get(response.url).context["invitation"] == invitation  # thank-you page
    answer = SurveyResponse.objects.get()
    assert (answer.invitation, answer.overall_satisfaction, answer.matching_usefulness,
            answer.seminar_usefulness, answer.interpretation_usefulness,
            answer.business_result, answer.comment, answer.language) == (
        invitation, 4, 5, None, 3, "expected", "Useful meetings.", "en")

    again = client.get(url)
    assert again.status_code == 410
    assert "This survey has already been answered" in again.content.decode()
    second = client.post(url, {**ANSWER, "overall_satisfaction": "1"})
    assert second.status_code == 410
    assert SurveyResponse.objects.count() == 1


def test_the_survey_is_in_japanese_or_english(client, sent):
    project, member, year, invitations = sent
    url = _link(next(m for m in mail.outbox if m.to == ["sato@a.jp"]))
    japanese = client.get(url)
    assert japanese["Content-Language"] == "ja"
    assert "満足度調査" in japanese.content.decode()
    english = client.get(url + "?lang=en")
    assert english["Content-Language"] == "en"
    assert "Overall, how satisfied are you" in english.content.decode()


def test_an_answer_out_of_scale_is_refused_at_its_field(client, sent):
    project, member, year, invitations = sent
    url = _link(next(m for m in mail.outbox if m.to == ["lee@b.example.com"]))
    response = client.post(url, {**ANSWER, "overall_satisfaction": "6"})
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["overall_satisfaction"]
    assert 'Useful meetings.' in response.content.decode()  # what was typed stays
    assert SurveyResponse.objects.count() == 0


def test_an_expired_link_is_refused_with_a_clear_page(client, sent):
    project, member, year, invitations = sent
    url = _link(mail.outbox[0])
    later = dt.datetime.now(dt.UTC) + SURVEY_LINK_MAX_AGE + dt.timedelta(minutes=1)
    with time_machine.travel(later):
        response = client.get(url)
    assert response.status_code == 410
    assert "This link has expired" in response.content.decode()


def test_an_altered_link_is_refused(client, sent):
    project, member, year, invitations = sent
    url = _link(mail.outbox[0])
    response = client.get(url.replace(":", "x", 1) if ":" in url else url[:-3] + "xx/")
    assert response.status_code == 404
    assert 'data-testid="link-refused"' in response.content.decode()


def test_hq_sees_response_rates(client, sent, hq_staff):
    project, member, year, invitations = sent
    url = _link(next(m for m in mail.outbox if m.to == ["lee@b.example.com"]))
    client.post(url, ANSWER)
    client.get(_link(next(m for m in mail.outbox if m.to == ["sato@a.jp"])))  # opened only
    summary = survey_summary(invitations=SurveyInvitation.objects.all())
    assert (summary.invited, summary.opened, summary.answered, str(summary.response_rate),
            str(summary.mean_overall)) == (3, 2, 1, "33.3", "4.00")
    assert summary.business_results == {"yes": 0, "expected": 1, "no": 0}
    [rate] = survey_rates()
    assert (rate.n_invited, rate.n_opened, rate.n_answered, str(rate.response_rate)) == (
        3, 2, 1, "33.3")
    client.force_login(hq_staff)
    page = client.get(reverse("projects:hq-surveys")).content.decode()
    assert "33.3%" in page and project.application.reference in page


def test_hq_s_response_rates_are_paged_with_as_many_queries_for_one_year_as_for_many(
        client, hq_staff):
    """Every project year that sent its survey is on the page, 50 a page (the page was one
    table of every year: 175 KB at 5,000 applications), and the rates of a page take the
    same queries whatever the number of years."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rit_portal.pagination import PAGE_SIZE

    def invite(n):
        for _ in range(n):
            year = year_of(published_project(members=1))
            SurveyInvitation.objects.create(project_year=year, organisation_name="A",
                                            email="a@a.jp", language="ja")

    client.force_login(hq_staff)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("projects:hq-surveys")).status_code == 200
        return len(captured)

    invite(1)
    one = queries()
    invite(PAGE_SIZE)
    assert queries() == one
    first = client.get(reverse("projects:hq-surveys"))
    assert len(first.context["page"].object_list) == PAGE_SIZE
    second = client.get(reverse("projects:hq-surveys") + "?page=2")
    assert len(second.context["page"].object_list) == 1
    assert [y.n_invited for y in second.context["page"]] == [1]
