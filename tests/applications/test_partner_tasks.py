"""Criterion 3, one task per page (issue 29, item 5): the section's page lists the four
tasks with their state, each links to its own page of one form, and each page returns to
the list after saving; the completeness checklist links each item to its task's page."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from applications.enums import AttachmentKind, ConfirmationStatus, ContactForm
from applications.models import Attachment, PartnerConfirmation, PriorContact
from tests.applications.builders import PDF_BYTES, applicant_of, attach_pdf
from tests.factories import ApplicationFactory, CallFactory

pytestmark = pytest.mark.django_db

TASKS = ["applications:partner-contacts", "applications:partner-request",
         "applications:partner-letter", "applications:partner-summary"]


def states(client, application) -> dict:
    response = client.get(reverse("applications:section-partner", args=[application.pk]))
    assert response.status_code == 200
    return {task.key: (task.state, task.detail, task.done) for task in response.context["tasks"]}


@pytest.fixture
def draft(client):
    application = ApplicationFactory(call=CallFactory(english_summaries=["contacts"]))
    client.force_login(applicant_of(application.organisation))
    return application


def test_the_section_lists_its_four_tasks_each_linking_to_its_page(client, draft):
    response = client.get(reverse("applications:section-partner", args=[draft.pk]))
    html = response.content.decode()
    assert [task.url for task in response.context["tasks"]] == [
        reverse(name, args=[draft.pk]) for name in TASKS]
    for name in TASKS:
        assert f'href="{reverse(name, args=[draft.pk])}"' in html
    # The page itself holds no form to fill: each task is on its own page.
    assert "<textarea" not in html and 'type="file"' not in html
    assert states(client, draft) == {
        "contacts": ("To do", "", False), "request": ("To do", "", False),
        "letter": ("To do", "", False), "summary": ("To do", "", False)}


def test_an_english_summary_the_call_does_not_require_is_optional(client):
    application = ApplicationFactory(call=CallFactory(english_summaries=[]))
    client.force_login(applicant_of(application.organisation))
    assert states(client, application)["summary"] == ("Optional", "", False)


def test_each_task_saves_and_returns_to_the_section(client, draft):
    overview = reverse("applications:section-partner", args=[draft.pk])
    sent = [
        ("applications:partner-contacts", {
            "contact-date": "2025-10-14", "contact-form": ContactForm.EVENT,
            "contact-people": "山田会長、Dr. Müller", "contact-description": "展示会で面談"}),
        ("applications:partner-request", {
            "request-contact_name": "Dr. Anna Müller",
            "request-contact_email": "a.mueller@bw-i.example.de",
            "request-contact_organisation": "Baden-Württemberg International"}),
        ("applications:partner-summary", {"en-contacts": "We met at a fair in Stuttgart."}),
    ]
    for name, data in sent:
        response = client.post(reverse(name, args=[draft.pk]), data)
        assert (response.status_code, response["Location"]) == (302, overview), name
    assert states(client, draft) == {
        "contacts": ("Done", "1 recorded", True),
        "request": ("Awaiting the answer", "", False),
        "letter": ("To do", "", False), "summary": ("Done", "", True)}
    response = client.post(reverse("applications:partner-letter", args=[draft.pk]),
                           {"letter-file": SimpleUploadedFile("letter.pdf", PDF_BYTES)})
    assert (response.status_code, response["Location"]) == (302, overview)
    assert states(client, draft)["request"] == ("Not needed", "", False)
    assert states(client, draft)["letter"] == ("Done", "1 uploaded", True)
    assert list(Attachment.objects.values_list("kind", flat=True)) == [
        AttachmentKind.PARTNER_LETTER]
    draft.refresh_from_db()
    assert draft.contacts_summary_en == "We met at a fair in Stuttgart."


def test_a_confirmed_answer_makes_the_letter_unneeded(client, draft):
    PartnerConfirmation.objects.create(
        application=draft, contact_name="Dr. Anna Müller", contact_email="a@bw.example.de",
        contact_organisation="BW International", status=ConfirmationStatus.CONFIRMED)
    found = states(client, draft)
    assert (found["request"], found["letter"]) == (("Done", "", True),
                                                   ("Not needed", "", False))


def test_a_task_sent_wrong_stays_on_its_page_with_what_was_typed(client, draft):
    response = client.post(reverse("applications:partner-request", args=[draft.pk]), {
        "request-contact_name": "Dr. Anna Müller", "request-contact_email": "not-an-address",
        "request-contact_organisation": "BW International"})
    assert response.status_code == 200
    assert response.context["form"].errors == {"contact_email": ["Enter a valid email address."]}
    html = response.content.decode()
    assert "data-error-summary" in html and 'value="Dr. Anna Müller"' in html
    assert not PartnerConfirmation.objects.exists()


def test_removing_a_contact_or_a_letter_goes_back_to_its_task(client, draft):
    contact = PriorContact.objects.create(application=draft, date=dt.date(2025, 1, 1),
                                          form=ContactForm.VISIT_ABROAD, people="森")
    letter = attach_pdf(draft, kind=AttachmentKind.PARTNER_LETTER, name="letter.pdf")
    response = client.post(reverse("applications:prior-contact-delete",
                                   args=[draft.pk, contact.pk]))
    assert response["Location"] == reverse("applications:partner-contacts", args=[draft.pk])
    response = client.post(reverse("applications:attachment-delete", args=[draft.pk, letter.pk]))
    assert response["Location"] == reverse("applications:partner-letter", args=[draft.pk])
    assert not PriorContact.objects.exists() and not Attachment.objects.exists()


def test_the_checklist_links_each_criterion_3_item_to_its_task(client, draft):
    html = client.get(reverse("applications:submit", args=[draft.pk])).content.decode()
    for name, label in [("applications:partner-contacts", "Prior contact with the partner"),
                        ("applications:partner-request", "Partner&#x27;s confirmation of"),
                        ("applications:partner-summary", "English summary of the prior")]:
        assert f'<a href="{reverse(name, args=[draft.pk])}">{label}' in html, name


def test_a_task_page_shows_only_its_own_checklist_items(client, draft):
    response = client.get(reverse("applications:partner-contacts", args=[draft.pk]))
    assert [item.label for item in response.context["section_items"]] == [
        "Prior contact with the partner region"]


def test_the_section_reads_in_japanese(client, draft):
    with translation.override("ja"):
        response = client.get(reverse("applications:section-partner", args=[draft.pk]),
                              HTTP_ACCEPT_LANGUAGE="ja")
    found = [(task.label, task.state) for task in response.context["tasks"]]
    assert all(label.isascii() is False and state.isascii() is False
               for label, state in found), found
