"""APPI Art. 21 (purpose of use): the privacy notice is public in both languages, every
version's text is kept, every form that collects personal data links to it, and each
collection is recorded with the version in force."""

import datetime as dt
from pathlib import Path

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation

from accounts.services import invitation_accept, invitation_create
from applications.services import partner_confirmation_answer, partner_confirmation_request
from privacy.models import Collection, PrivacyNotice
from privacy.services import notice_current, notice_publish
from projects.services import (
    project_firm_create,
    project_partner_contact_update,
    survey_answer,
    survey_send,
)
from tests.factories import ApplicationFactory, OrganisationFactory, UserFactory
from tests.projects.builders import expert, held_activity, member_of, published_project, year_of

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def collected(record) -> list[tuple[int, object]]:
    """(notice version, who typed it) of each collection of `record`."""
    return [(c.notice.version, c.by) for c in Collection.objects.filter(
        content_type=ContentType.objects.get_for_model(record), object_id=record.pk)
        .select_related("notice", "by")]


def test_the_first_version_is_installed_in_both_languages():
    notice = notice_current()
    assert notice.version == 1
    assert notice.text_ja.startswith("# 1. 個人情報の取扱者")
    assert notice.text_en.startswith("# 1. Who handles your personal data")
    with translation.override("ja"):
        blocks = notice.blocks()
    assert [b.text for b in blocks if b.is_heading][:2] == [
        "1. 個人情報の取扱者", "2. 取得する個人情報と利用目的"]
    assert (blocks[1].is_heading, blocks[1].text[:14]) == (False, "独立行政法人日本貿易振興機構")


@pytest.mark.parametrize(("language", "heading", "version"), [
    ("ja", "RITポータルにおける個人情報の取扱い", "個人情報の取扱いについて　第1版"),
    ("en", "How the RIT Portal uses personal data", "Privacy notice, version 1"),
])
def test_the_notice_page_is_public_in_both_languages(client, language, heading, version):
    client.cookies["django_language"] = language
    page = client.get(reverse("privacy:notice"))
    assert page.status_code == 200
    text = page.content.decode()
    assert heading in text and version in text
    assert ("2. What we collect and why" in text) == (language == "en")
    assert ("2. 取得する個人情報と利用目的" in text) == (language == "ja")


def test_a_new_version_keeps_the_earlier_text_readable():
    first = notice_current()
    second = notice_publish(text_ja="# 新しい版\n\n本文", text_en="# New version\n\nText")
    assert (second.version, notice_current()) == (2, second)
    with pytest.raises(ValueError):
        first.text_en = "rewritten"
        first.save()
    with pytest.raises(ValueError):
        first.delete()
    first.refresh_from_db()
    assert first.text_en.startswith("# 1. Who handles your personal data")


def test_an_earlier_version_is_shown_as_no_longer_in_force(client):
    notice_publish(text_ja="# 新しい版\n\n本文", text_en="# New version\n\nText")
    client.cookies["django_language"] = "en"
    old = client.get(reverse("privacy:notice-version", args=[1])).content.decode()
    assert "This version is no longer in force." in old
    assert "1. Who handles your personal data" in old
    current = client.get(reverse("privacy:notice")).content.decode()
    assert "New version" in current and "no longer in force" not in current
    assert client.get(reverse("privacy:notice-version", args=[9])).status_code == 404


# Every template with a form that collects personal data, and the number of such forms.
FORMS_WITH_PERSONAL_DATA = {
    "accounts/templates/accounts/registration/register.html": 1,
    "accounts/templates/accounts/registration/invitation_accept.html": 1,
    "accounts/templates/accounts/registration/organisation.html": 1,
    "applications/templates/applications/form/partner_contacts.html": 1,  # prior contacts
    "applications/templates/applications/form/partner_request.html": 1,  # the request
    "applications/templates/applications/partner/confirm.html": 1,
    "projects/templates/projects/partner_contact.html": 1,
    "projects/templates/projects/firms.html": 1,
    "projects/templates/projects/firm_edit.html": 1,
    "projects/templates/projects/activity.html": 1,  # the roster
    "projects/templates/projects/delegate_edit.html": 1,
    "projects/templates/projects/survey/form.html": 1,
    "projects/templates/projects/consent/form.html": 1,  # the traveller's own answer
    # A foreign region's registration: by its contact, or by the office after a visit.
    "partnering/templates/partnering/public/register.html": 1,
    "partnering/templates/partnering/staff/interest_new.html": 1,
}


@pytest.mark.parametrize(("template", "forms"), FORMS_WITH_PERSONAL_DATA.items())
def test_every_form_that_collects_personal_data_links_to_the_notice(template, forms):
    text = (ROOT / template).read_text()
    assert text.count('{% include "privacy/_notice_link.html" %}') == forms


def test_the_link_is_on_the_pages(client):
    page = client.get(reverse("register")).content.decode()
    assert 'data-testid="privacy-notice-link"' in page
    assert f'href="{reverse("privacy:notice")}"' in page
    # and in the footer of every page
    assert 'data-testid="footer-privacy"' in client.get("/").content.decode()


def test_the_roster_form_links_to_the_notice(client):
    project = published_project()
    member = member_of(project)
    activity = held_activity(project, member)
    client.force_login(member)
    page = client.get(reverse("projects:activity", args=[project.pk, activity.pk]))
    assert 'data-testid="privacy-notice-link"' in page.content.decode()


def test_registration_records_the_notice_version(client):
    from tests.accounts.test_registration import registration_data

    client.post(reverse("register"), registration_data())
    from accounts.models import ApplicantOrganisation, User

    user = User.objects.get()
    assert collected(ApplicantOrganisation.objects.get()) == [(1, user)]
    assert collected(user) == [(1, user)]


def test_each_collection_records_the_version_in_force(django_capture_on_commit_callbacks):
    project = published_project()
    member = member_of(project)
    activity = held_activity(project, member)
    delegate = expert(activity, member)
    assert collected(delegate) == [(1, member)]
    notice_publish(text_ja="# 第2版\n\n本文", text_en="# Version 2\n\nText")
    # A later change is a new collection, under the version then in force.
    project_partner_contact_update(project=project, by=member, name="Dr. Anna Müller",
                                   email="a.mueller@bw.example.de",
                                   organisation="BW International")
    assert collected(project) == [(2, member)]
    firm = project_firm_create(project=project, by=member, name="Oulu Robotics Oy",
                               location="elsewhere", contact_name="Aino Virtanen",
                               contact_email="aino@oulurobotics.example.fi",
                               survey_language="en")
    assert collected(firm) == [(2, member)]
    year = year_of(project)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = survey_send(project_year=year, by=member)[0]
    response = survey_answer(invitation=invitation, language="en", overall_satisfaction=4,
                             business_result="expected")
    assert collected(response) == [(2, None)]  # the participant, through the link


def test_the_partner_confirmation_records_both_sides():
    application = ApplicationFactory()
    applicant = UserFactory(role="applicant", organisation=application.organisation)
    confirmation = partner_confirmation_request(
        application=application, by=applicant, contact_name="Dr. Anna Müller",
        contact_email="a.mueller@bw.example.de", contact_organisation="BW International")
    partner_confirmation_answer(confirmation=confirmation, confirmed=True, message="Yes.")
    assert collected(confirmation) == [(1, applicant), (1, None)]


def test_an_invited_person_s_account_records_the_version():
    organisation = OrganisationFactory()
    inviter = UserFactory(role="applicant", organisation=organisation)
    invitation, _token = invitation_create(organisation=organisation, email="new@example.jp",
                                           by=inviter)
    user = invitation_accept(invitation=invitation, password="kinkaku-ginkaku-2027",
                             first_name="花子", last_name="杉山")
    assert collected(user) == [(1, user)]


def test_published_at_is_shown_in_the_reader_s_convention(client):
    notice = PrivacyNotice.objects.get(version=1)
    client.cookies["django_language"] = "ja"
    page = client.get(reverse("privacy:notice")).content.decode()
    local = notice.published_at.astimezone(dt.timezone(dt.timedelta(hours=9)))
    assert f"{local.year}年{local.month}月{local.day}日" in page
