"""The form's sections: drafts saved at any time, nothing typed lost, the checklist."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from applications.completeness import application_checklist
from applications.enums import ApplicationStatus, Objective
from applications.models import Application, ProposedPartnerRegion
from applications.sections import SECTIONS
from regions.models import Country, PartnerRegion, Prefecture, Sector
from tests.applications.builders import applicant_of, complete_application
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db


def test_applicant_starts_a_draft_in_an_open_call(client):
    call = CallFactory()
    user = applicant_of()
    client.force_login(user)
    response = client.post(reverse("applications:start", args=[call.pk]), {"title": "新規事業"})
    application = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:section-overview",
                                           args=[application.pk])
    assert (application.organisation, application.status, application.title, application.call) \
        == (user.organisation, ApplicationStatus.DRAFT, "新規事業", call)


def test_no_draft_in_a_closed_call(client):
    call = CallFactory(opens_at=timezone.now() - dt.timedelta(days=40),
                       closes_at=timezone.now() - dt.timedelta(days=1))
    client.force_login(applicant_of())
    response = client.post(reverse("applications:start", args=[call.pk]), {"title": "新規事業"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["This call is not open for "
                                                           "applications."]
    assert Application.objects.count() == 0


def overview_data(**overrides):
    data = {"title": "水処理技術の共同実証", "title_en": "Water treatment pilot",
            "sector": Sector.objects.get(code="water-treatment").pk,
            "prefectures": [Prefecture.objects.get(code="40").pk],
            "partner_region": PartnerRegion.objects.get(name_en="Baden-Württemberg").pk,
            "proposed_country": "", "proposed_name": "", "proposed_note": ""}
    return {**data, **overrides}


def test_overview_saves_and_goes_on_to_the_next_section(client):
    application = ApplicationFactory(sector=None, partner_region=None)
    client.force_login(applicant_of(application.organisation))
    response = client.post(reverse("applications:section-overview", args=[application.pk]),
                           {**overview_data(), "continue": "1"})
    assert response["Location"] == reverse("applications:section-consortium",
                                           args=[application.pk])
    application.refresh_from_db()
    assert (application.title_ja, application.sector.code, application.partner_region.name_en,
            [p.code for p in application.prefectures.all()]) == (
        "水処理技術の共同実証", "water-treatment", "Baden-Württemberg", ["40"])


def test_a_missing_partner_region_can_be_proposed_for_hq(client):
    application = ApplicationFactory(partner_region=None)
    client.force_login(applicant_of(application.organisation))
    client.post(reverse("applications:section-overview", args=[application.pk]), overview_data(
        partner_region="", proposed_country=Country.objects.get(iso2="DE").pk,
        proposed_name="Rheinland-Pfalz", proposed_note="州経済省と交流あり"))
    proposal = ProposedPartnerRegion.objects.get(application=application)
    assert (proposal.country.iso2, proposal.name, proposal.note) == (
        "DE", "Rheinland-Pfalz", "州経済省と交流あり")
    item = [i for i in application_checklist(application=application)
            if i.label == "Foreign partner region"][0]
    assert item.ok


def test_choosing_and_proposing_a_region_at_once_is_refused_keeping_what_was_typed(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    with translation.override("ja"):
        response = client.post(
            reverse("applications:section-overview", args=[application.pk]),
            overview_data(title="変更後の事業名", proposed_name="Rheinland-Pfalz",
                          proposed_country=Country.objects.get(iso2="DE").pk),
            HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"proposed_name": [
        "一覧から相手地域を選ぶか、新しい地域を提案するか、どちらか一方にしてください。"]}
    assert form["title"].value() == "変更後の事業名"
    application.refresh_from_db()
    assert application.title_ja == "自動車部品の共同開発"


def cooperation_data(**overrides):
    data = {"objectives": [Objective.EXPORT, Objective.OTHER], "objectives_other": "人材交流",
            "cooperation_summary": "概要", "start_date": "2027-07-01", "duration_years": "2",
            "year_1": "専門家招へい", "year_2": "", "year_3": "展示会"}
    return {**data, **overrides}


def test_cooperation_saves_year_plans_and_keeps_later_years(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    client.post(reverse("applications:section-cooperation", args=[application.pk]),
                cooperation_data())
    application.refresh_from_db()
    assert (application.objectives, application.start_date, application.duration_years) == (
        ["export", "other"], dt.date(2027, 7, 1), 2)
    assert list(application.year_plans.values_list("year", "activities")) == [
        (1, "専門家招へい"), (3, "展示会")]
    item = [i for i in application_checklist(application=application)
            if i.label == "Activities for each project year"][0]
    assert item.problem == "Describe the activities of project year(s) 2."


@pytest.mark.parametrize("duration", ["0", "4"])
def test_duration_outside_one_to_the_call_maximum_is_refused_at_the_field(client, duration):
    application = ApplicationFactory(duration_years=None)
    client.force_login(applicant_of(application.organisation))
    response = client.post(reverse("applications:section-cooperation", args=[application.pk]),
                           cooperation_data(duration_years=duration, start_date="2027-13-01"))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["start_date"] == ["Enter a valid date."]
    # Field errors first; the service's rule runs once the values have their types.
    response = client.post(reverse("applications:section-cooperation", args=[application.pk]),
                           cooperation_data(duration_years=duration))
    assert response.context["form"].errors == {"duration_years": [
        "The duration must be between 1 and 3 years in this call."]}
    assert response.context["form"]["year_1"].value() == "専門家招へい"
    application.refresh_from_db()
    assert application.duration_years is None


def test_prospects_save_as_draft(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    client.post(reverse("applications:section-prospects", args=[application.pk]),
                {"c2_industry_development": "産業", "c2_new_products": "",
                 "c2_business_tieups": "提携"})
    application.refresh_from_db()
    assert (application.c2_industry_development, application.c2_new_products,
            application.c2_business_tieups) == ("産業", "", "提携")


def test_checklist_of_an_empty_draft_lists_every_missing_item_with_its_section():
    application = ApplicationFactory(sector=None, partner_region=None, duration_years=None)
    missing = [(i.section, i.label) for i in application_checklist(application=application)
               if not i.ok and i.section != "costs"]  # the cost proposal's items: sponsorship
    assert missing == [
        ("overview", "Sector"), ("overview", "Japanese region"),
        ("overview", "Foreign partner region"), ("consortium", "Consortium of at least 5 firms"),
        ("cooperation", "Objectives"), ("cooperation", "Summary of the planned cooperation"),
        ("cooperation", "Project start"), ("cooperation", "Duration"),
        ("cooperation", "Activities for each project year"),
        ("prospects", "Development of the region's industries and technologies"),
        ("prospects", "New products"), ("prospects", "Business tie-ups"),
        ("partner", "Prior contact with the partner region"),
        ("partner", "Partner's confirmation of interest"),
    ]


def test_checklist_of_a_complete_application_is_satisfied():
    application = complete_application()
    assert [i.label for i in application_checklist(application=application) if not i.ok] == []


def test_submit_page_links_each_missing_item_to_its_section(client):
    application = ApplicationFactory(sector=None)
    client.force_login(applicant_of(application.organisation))
    response = client.get(reverse("applications:submit", args=[application.pk]))
    html = response.content.decode()
    assert (f'<a href="{reverse("applications:section-overview", args=[application.pk])}">Sector'
            in html)
    # Criterion 3 is cut into tasks: each item links to its task's page.
    assert (f'<a href="{reverse("applications:partner-contacts", args=[application.pk])}">'
            "Prior contact" in html)
    assert (f'<a href="{reverse("applications:partner-request", args=[application.pk])}">'
            "Partner&#x27;s confirmation of interest" in html)


@pytest.mark.parametrize("section", ["overview", "consortium", "cooperation", "prospects",
                                     "partner", "attachments"])
def test_every_section_renders_in_japanese(client, section):
    application = complete_application()
    client.force_login(applicant_of(application.organisation))
    label = {key: label for key, label, _url in SECTIONS}[section]
    with translation.override("ja"):
        response = client.get(reverse(f"applications:section-{section}", args=[application.pk]),
                              HTTP_ACCEPT_LANGUAGE="ja")
        label_ja = str(label)
    assert response.status_code == 200
    assert label_ja != str(label)  # the test runs in English: the label is translated
    assert f"<span>{list(dict(SECTIONS_KEYS).keys()).index(section) + 1}. {label_ja}</span>" \
        in response.content.decode()


SECTIONS_KEYS = [(key, label) for key, label, _url in SECTIONS]


def test_the_detail_page_of_a_complete_draft_shows_no_empty_warning(client):
    application = complete_application()
    client.force_login(applicant_of(application.organisation))
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.context["open_items"] == []
    assert 'data-testid="open-items"' not in page.content.decode()


def test_the_detail_page_lists_only_the_missing_items(client):
    application = ApplicationFactory(sector=None)
    client.force_login(applicant_of(application.organisation))
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert page.context["open_items"][0].label == "Sector"
    assert all(not item.ok for item in page.context["open_items"])


def test_the_detail_page_names_the_organisation_in_the_page_language(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    page = client.get(reverse("applications:detail", args=[application.pk]),
                      headers={"accept-language": "en"})
    organisation = application.organisation
    html = page.content.decode()
    assert (organisation.name_en in html, organisation.name_ja in html) == (True, False)


@pytest.mark.parametrize(("language", "title_ja", "title_en", "expected"), [
    ("ja", "2027年度 RIT募集", "FY2027 RIT call", "2027年度 RIT募集"),
    ("en", "2027年度 RIT募集", "FY2027 RIT call", "FY2027 RIT call"),
    ("en", "RIT募集", "RIT call", "FY2027 RIT call"),
])
def test_a_call_is_named_without_repeating_its_year(language, title_ja, title_en, expected):
    call = CallFactory(fiscal_year=2027, title_ja=title_ja, title_en=title_en)
    with translation.override(language):
        assert str(call) == expected


def test_consortium_form_labels_start_with_a_capital_in_english(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    page = client.get(reverse("applications:section-consortium", args=[application.pk]))
    form = page.context["member_form"]
    assert (str(form["capital_yen"].label), str(form["employees"].label)) == (
        "Stated capital (yen)", "Regular employees")
