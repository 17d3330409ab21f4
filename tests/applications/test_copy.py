"""Less retyping: a new application starts from last year's as an editable draft."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.enums import ApplicationStatus as S
from applications.services import application_copy, application_submit
from tests.applications.builders import applicant_of, complete_application
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year():
    application = complete_application(call=CallFactory(fiscal_year=2026))
    application.title_en = "Joint development of automotive parts"
    application.plan_summary_en = "Lightweight parts with Stuttgart."
    application.duration_years = 3
    application.save()
    application.year_plans.create(year=3, activities="3年目: 成果報告")
    application_submit(application=application, by=applicant_of(application.organisation))
    return application


def test_copy_from_last_year_produces_an_editable_draft(client, last_year):
    this_year = CallFactory(fiscal_year=2027, max_duration_years=2)
    user = applicant_of(last_year.organisation)
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    start = client.get(reverse("applications:start", args=[this_year.pk]))
    assert list(start.context["earlier"]) == [last_year]
    response = client.post(reverse("applications:copy", args=[this_year.pk]),
                           {"source": last_year.pk})
    draft = this_year.applications.get()
    assert response.url == reverse("applications:section-overview", args=[draft.pk])
    assert (draft.status, draft.reference, draft.copied_from, draft.created_by) == (
        S.DRAFT, None, last_year, user)
    copied = ("title_ja", "title_en", "sector_id", "partner_region_id", "objectives",
              "cooperation_summary", "c2_industry_development", "c2_new_products",
              "c2_business_tieups", "plan_summary_en")
    assert {f: getattr(draft, f) for f in copied} == {f: getattr(last_year, f) for f in copied}
    assert list(draft.prefectures.all()) == list(last_year.prefectures.all())
    assert [(m.name, m.corporate_number, m.capital_yen, m.interest)
            for m in draft.consortium_members.all()] == [
        (m.name, m.corporate_number, m.capital_yen, m.interest)
        for m in last_year.consortium_members.all()]
    assert [(c.date, c.form, c.people) for c in draft.prior_contacts.all()] == [
        (c.date, c.form, c.people) for c in last_year.prior_contacts.all()]
    # Within this call's maximum duration, with the plans of those years.
    assert (draft.duration_years, list(draft.year_plans.values_list("year", flat=True))) == (
        2, [1, 2])
    # This year's own: the start date, the partner's confirmation and the costs.
    assert (draft.start_date, draft.partner_confirmations.count(),
            draft.cost_lines.count()) == (None, 0, 0)
    # The draft is editable like any other.
    overview = client.get(reverse("applications:section-overview", args=[draft.pk]))
    assert overview.status_code == 200
    assert overview.context["form"]["title"].value() == last_year.title_ja
    page = client.get(reverse("applications:detail", args=[draft.pk]))
    assert f"Started from the earlier application {last_year.reference}." in (
        page.content.decode())
    # The earlier application is untouched.
    last_year.refresh_from_db()
    assert (last_year.status, last_year.consortium_members.count()) == (S.SUBMITTED, 5)


def test_only_the_organisation_copies_its_application(client, last_year):
    this_year = CallFactory(fiscal_year=2027)
    stranger = applicant_of()
    with pytest.raises(PermissionDenied):
        application_copy(source=last_year, call=this_year, by=stranger)
    client.force_login(stranger)
    response = client.post(reverse("applications:copy", args=[this_year.pk]),
                           {"source": last_year.pk})
    assert response.status_code == 404
    with pytest.raises(ValidationError):
        application_copy(source=last_year, call=last_year.call,
                         by=applicant_of(last_year.organisation))
    assert this_year.applications.count() == 0
