"""English summaries for overseas-office reviewers: the call decides which are required,
the checklist asks for them, reviewers reading English see them first, the partner sees
the plan's summary."""

import pytest
from django.urls import reverse

from applications.completeness import application_checklist
from applications.english import EnglishSummary
from applications.enums import ApplicationStatus as S
from applications.models import Call, PartnerConfirmation
from applications.services import application_submit, partner_confirmation_request
from tests.applications.builders import applicant_of, complete_application
from tests.reviews.factories import AssignmentFactory, office_reviewer

pytestmark = pytest.mark.django_db
PLAN = "Joint development of lightweight EV brackets with the Stuttgart automotive cluster."


def _english(client, user):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def _requiring(*codes):
    application = complete_application()
    application.call.english_summaries = list(codes)
    application.call.save(update_fields=["english_summaries"])
    return application


def test_hq_chooses_the_required_summaries_in_the_call_form(client, hq_staff):
    from tests.applications.test_calls import form_data

    client.force_login(hq_staff)
    response = client.post(reverse("applications:call-create"),
                           {**form_data(), "english_summaries": ["plan", "firms"]})
    assert response.status_code == 302
    assert Call.objects.get().english_summaries == ["plan", "firms"]


def test_an_application_cannot_be_submitted_without_the_summaries_the_call_requires(client):
    application = _requiring(EnglishSummary.PLAN, EnglishSummary.FIRMS)
    user = applicant_of(application.organisation)
    _english(client, user)
    response = client.post(reverse("applications:submit", args=[application.pk]),
                           {"confirm": "on"})
    problem = "Write this English summary, which the call requires (at most 1,000 characters)."
    assert response.context["problems"] == [problem, problem]
    assert [(i.section, str(i.label)) for i in application_checklist(application=application)
            if not i.ok] == [
        ("cooperation", "English summary of the planned cooperation"),
        ("consortium", "English summary of the firms' interests")]

    # Written in their sections (the firms' one in its own small form), it submits.
    client.post(reverse("applications:section-cooperation", args=[application.pk]), {
        "objectives": ["export"], "cooperation_summary": "ドイツとの共同開発",
        "start_date": "2027-07-01", "duration_years": "2", "year_1": "招へい",
        "year_2": "派遣", "en-plan": PLAN})
    client.post(reverse("applications:section-consortium", args=[application.pk]), {
        "action": "summary", "en-firms": "Six suppliers want German partners."})
    application.refresh_from_db()
    assert (application.plan_summary_en, application.firms_summary_en) == (
        PLAN, "Six suppliers want German partners.")
    response = client.post(reverse("applications:submit", args=[application.pk]),
                           {"confirm": "on"})
    application.refresh_from_db()
    assert (response.status_code, application.status) == (302, S.SUBMITTED)


def test_a_summary_is_short_and_a_long_one_keeps_what_was_typed(client):
    application = _requiring(EnglishSummary.PROSPECTS)
    _english(client, applicant_of(application.organisation))
    url = reverse("applications:section-prospects", args=[application.pk])
    page = client.get(url).content.decode()
    assert 'data-char-count="1000"' in page
    assert "Required by this call, for the reviewers of the overseas office." in page
    too_long = "x" * 1001
    response = client.post(url, {"c2_industry_development": "高度化", "c2_new_products": "部品",
                                 "c2_business_tieups": "提携", "en-prospects": too_long})
    assert response.context["summary_form"].errors == {"prospects": [
        "Ensure this value has at most 1000 characters (it has 1001)."]}
    assert response.context["summary_form"]["prospects"].value() == too_long
    application.refresh_from_db()
    assert (application.c2_industry_development, application.prospects_summary_en) == (
        "地域の自動車部品産業の高度化", "")  # neither saved
    # A line break counts once, as the counter shows it.
    exact = "a" * 499 + "\r\n" + "b" * 500
    response = client.post(url, {"c2_industry_development": "高度化", "c2_new_products": "部品",
                                 "c2_business_tieups": "提携", "en-prospects": exact})
    assert response.status_code == 302
    application.refresh_from_db()
    assert len(application.prospects_summary_en) == 1000


def _page_order(content: str, first: str, second: str) -> bool:
    return content.index(first) < content.index(second)


def test_a_reviewer_reading_english_sees_the_english_first_and_the_japanese_beside_it(client):
    application = _requiring(EnglishSummary.PLAN)
    application.plan_summary_en = PLAN
    application.status = S.UNDER_REVIEW
    application.save()
    reviewer = office_reviewer(language="en")
    AssignmentFactory(application=application, reviewer=reviewer)
    _english(client, reviewer)
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert _page_order(detail, PLAN, application.cooperation_summary)
    review = client.get(reverse("reviews:review", args=[application.pk])).content.decode()
    assert _page_order(review, PLAN, application.cooperation_summary)
    # In Japanese the original comes first, the summary beside it.
    client.post(reverse("set_language"), {"language": "ja", "next": "/"})
    detail = client.get(reverse("applications:detail", args=[application.pk])).content.decode()
    assert _page_order(detail, application.cooperation_summary, PLAN)


def test_the_partner_sees_the_plan_s_english_summary(client):
    from applications.services import partner_confirmation_path

    application = complete_application()
    application.plan_summary_en = PLAN
    application.save()
    confirmation = partner_confirmation_request(
        application=application, by=applicant_of(application.organisation),
        contact_name="Dr. Vogel", contact_email="v@bw.example.de",
        contact_organisation="BW International")
    page = client.get(partner_confirmation_path(confirmation=confirmation))
    assert PLAN in page.content.decode()
    assert PartnerConfirmation.objects.count() == 2  # the builder's and this one


def test_without_a_requirement_the_summaries_are_optional():
    application = complete_application()
    application_submit(application=application, by=applicant_of(application.organisation))
    assert application.status == S.SUBMITTED
