"""APPI Art. 33–35: a person downloads what the portal holds about them (JSON and a
readable PDF) from their account's menu; the programme office answers someone without an
account by searching every category by name or e-mail address, exporting, correcting or
erasing, each request and every action on it on the history.

The fixture puts one person (Yuki Tanabe, 田辺 由紀) in every category the portal keeps,
and another (Kenji Ono) in the same records: the person's download holds every category
and nothing of the other."""

import datetime as dt
import hashlib
import json
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.models import Invitation
from applications.enums import AttachmentKind, ContactForm
from applications.models import Attachment, PartnerConfirmation, PriorContact
from audit.models import AuditEvent
from audit.services import audit_record
from monitoring.selectors import programme_figures
from notifications.enums import Kind
from notifications.models import Notification
from privacy import holdings as privacy_holdings
from privacy.enums import AccessKind, IdentityCheck, ProvisionKind, RequestKind
from privacy.models import DataRequest
from privacy.services import access_record, collection_record, provision_record
from projects.enums import BusinessResult, SurveyLanguage
from projects.models import Delegate, ProjectActivity, SurveyInvitation, SurveyResponse
from regions.models import JetroOffice
from reviews.enums import ConflictStatus, ConflictType
from reviews.models import StandingConflict
from rit_portal.system_texts import event
from tests.factories import UserFactory
from tests.partnering.builders import interest
from tests.projects.builders import complete_report, expert, member_of, published_project, year_of
from tests.reviews.factories import AssignmentFactory, submitted_review

pytestmark = pytest.mark.django_db

EMAIL = "y.t.42@mail.example.jp"
OTHER_EMAIL = "k.o.77@mail.example.jp"
# What of the other person must never appear in the person's download.
OTHER_TRACES = ("Ono", "ONO", "Kenji", "k.o.77", "小野", "健二")

# Every category a signed-in person's download lists.
SELF_SERVICE = {
    "account", "organisation", "invitations", "notifications", "history", "applications",
    "partner_confirmations", "prior_contacts", "application_files", "reviews", "conflicts",
    "partnering_interests", "project_partner_contacts", "firm_contacts", "delegates",
    "roster_looks", "surveys", "receipts", "collections", "access_log", "provisions",
}


@pytest.fixture
def world():
    """The person and the other in every category (the other beside them in the same
    application, roster, notification, provision, survey year and firms)."""
    project = published_project()
    application = project.application
    person = member_of(project, email=EMAIL, first_name="Yuki", last_name="Tanabe")
    other = member_of(project, email=OTHER_EMAIL, first_name="Kenji", last_name="Ono")
    hq = UserFactory(role=Role.HQ_STAFF, is_staff=True)

    organisation = project.organisation
    organisation.contact_name, organisation.contact_name_en = "田辺 由紀", "Yuki Tanabe"
    organisation.contact_email = EMAIL
    organisation.save(update_fields=["contact_name", "contact_name_en", "contact_email"])
    application.created_by = person
    application.save(update_fields=["created_by"])
    # The invitation the other sent the person (it made their account), and the one the
    # person sent the other: the address invited is the other's.
    for address, by, accepted in ((EMAIL, other, person), (OTHER_EMAIL, person, None)):
        Invitation.objects.create(
            organisation=organisation, email=address, invited_by=by,
            token_hash=hashlib.sha256(address.encode()).hexdigest(),
            expires_at=timezone.now() + dt.timedelta(days=7), accepted_user=accepted,
            accepted_at=timezone.now() if accepted else None)
    for who, name in ((person, "plan-tanabe.pdf"), (other, "plan-ono.pdf")):
        Attachment.objects.create(application=application, kind=AttachmentKind.values[0],
                                  file=f"attachments/{application.pk}/{name}",
                                  original_name=name, size=1024, uploaded_by=who)
    for name, address in (("Yuki Tanabe", EMAIL), ("Kenji Ono", OTHER_EMAIL)):
        PartnerConfirmation.objects.create(application=application, contact_name=name,
                                           contact_email=address,
                                           contact_organisation="BW International")
    PriorContact.objects.create(application=application, date=dt.date(2025, 5, 1),
                                form=ContactForm.values[0],
                                people="Yuki Tanabe, Kenji Ono")

    # A reviewer's work: reviews and conflicts, the other reviewing the same application.
    assignment = AssignmentFactory(reviewer=person)
    for who, comment in ((assignment, "Strong consortium."), (AssignmentFactory(
            application=assignment.application, reviewer=other), "Weak plan.")):
        review = submitted_review(who)
        review.c1_comment = comment
        review.save(update_fields=["c1_comment"])
    AssignmentFactory(reviewer=person, conflict_status=ConflictStatus.CONFLICT,
                      conflict_type=ConflictType.values[0], conflict_note="Former employer.",
                      conflict_declared_at=timezone.now())
    StandingConflict.objects.create(reviewer=person, conflict_type=ConflictType.FIRM,
                                    firm_name="Mito Precision", note="Shareholder.",
                                    declared_at=timezone.now())

    # The project: receipts the person uploaded, the firms' contacts, the partner contact,
    # the roster, the survey.
    complete_report(project, by=person)
    firms = list(project.firms.order_by("pk")[:2])
    for firm, (name, address) in zip(firms, (("Yuki Tanabe", EMAIL), ("Kenji Ono", OTHER_EMAIL)),
                                     strict=True):
        firm.contact_name, firm.contact_email = name, address
        firm.save(update_fields=["contact_name", "contact_email"])
    project.partner_contact_name, project.partner_contact_email = "Yuki Tanabe", EMAIL
    project.save(update_fields=["partner_contact_name", "partner_contact_email"])
    activity = ProjectActivity.objects.filter(project_year__project=project).first()
    delegate = expert(activity, person, family="Tanabe", given="Yuki")
    expert(activity, other, family="Ono", given="Kenji")
    year = year_of(project)
    for name, address, score, comment in (("Yuki Tanabe", EMAIL, 5, "Very useful."),
                                          ("Kenji Ono", OTHER_EMAIL, 2, "Too short.")):
        invitation = SurveyInvitation.objects.create(
            project_year=year, firm=firms[0], name=name, organisation_name=firms[0].name,
            email=address, language=SurveyLanguage.ENGLISH, answered_at=timezone.now())
        SurveyResponse.objects.create(invitation=invitation, overall_satisfaction=score,
                                      business_result=BusinessResult.EXPECTED,
                                      comment=comment, language=SurveyLanguage.ENGLISH)

    interest(contact_name="Yuki Tanabe", email=EMAIL)
    interest(contact_name="Kenji Ono", email=OTHER_EMAIL)
    Notification.objects.create(kind=Kind.APPLICATION_SUBMITTED, key="rights-1",
                                recipients=[EMAIL, OTHER_EMAIL], language="ja",
                                next_attempt_at=timezone.now())
    audit_record(event=event("call.created"), by=person, call=application.call)
    audit_record(event=event("call.created"), by=other, call=application.call)
    collection_record(record=delegate, by=person)
    access_record(by=person, what=AccessKind.ROSTER, subject="Roster of Tanabe's visit")
    access_record(by=other, what=AccessKind.ROSTER, subject="Roster of Ono's visit")
    # HQ's looks at what names the travellers, as projects' views record them (the
    # roster of their activity, the year's travel request, each one's invitation letter).
    reference = application.reference
    for what, about in ((AccessKind.ROSTER, activity.title_ja),
                        (AccessKind.TRAVEL_REQUEST, f"Y{activity.project_year.number}"),
                        (AccessKind.INVITATION_LETTER, "TANABE, Yuki"),
                        (AccessKind.INVITATION_LETTER, "ONO, Kenji")):
        access_record(by=hq, what=what, subject=f"{reference} · {about}")
    provision_record(by=hq, what=ProvisionKind.TRAVEL_REQUEST, subject="Travel request",
                     items="passport names, flights", people=["TANABE, Yuki", "ONO, Kenji"],
                     recipient_kind="travel_agent", recipient_name="JTB Corporate Sales")
    return {"person": person, "other": other, "hq": hq, "project": project,
            "delegate": delegate, "activity": activity}


def _download(client, user, file_format: str, language: str = "en"):
    client.force_login(user)
    client.cookies["django_language"] = language
    response = client.get(reverse("privacy:my-data-download", args=[file_format]))
    assert response.status_code == 200
    return response


def test_a_person_s_download_holds_every_category_and_nothing_of_anyone_else(client, world):
    response = _download(client, world["person"], "json")
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="rit-portal-my-data-')
    text = response.content.decode()
    document = json.loads(text)
    held = {c["category"]: c["records"] for c in document["categories"]}
    assert set(held) == SELF_SERVICE
    assert {code for code, records in held.items() if records} == SELF_SERVICE
    for trace in OTHER_TRACES:
        assert trace not in text, trace
    # Each category holds the person's own records, as typed.
    assert held["account"][0]["fields"]["e-mail address"] == EMAIL
    assert held["organisation"][0]["fields"]["contact person"] == "田辺 由紀"
    assert held["organisation"][0]["fields"]["contact person (Latin script)"] == "Yuki Tanabe"
    assert [r["fields"]["e-mail address"] for r in held["invitations"]] == [EMAIL]
    assert [r["fields"]["contact name"] for r in held["partner_confirmations"]] == [
        "Yuki Tanabe"]
    assert [r["fields"]["file"] for r in held["application_files"]] == ["plan-tanabe.pdf"]
    assert [r["fields"]["C1 comment"] for r in held["reviews"]] == ["Strong consortium."]
    assert len(held["conflicts"]) == 2
    assert [r["fields"]["comment"] for r in held["surveys"]] == ["Very useful."]
    assert [r["fields"]["family name (as in passport)"] for r in held["delegates"]] == ["Tanabe"]
    assert held["provisions"][0]["fields"]["people"] == "TANABE, Yuki"
    assert held["notifications"][0]["fields"]["addressed to"] == EMAIL
    assert [r["fields"]["about"] for r in held["access_log"]] == ["Roster of Tanabe's visit"]
    # Found by the person's name: the prior contact naming them (their name only) and
    # HQ's looks at the roster, travel request and invitation letter they are on.
    assert [r["fields"]["people involved"] for r in held["prior_contacts"]] == ["Yuki Tanabe"]
    reference = world["project"].application.reference
    year = world["activity"].project_year.number
    assert sorted(r["fields"]["about"] for r in held["roster_looks"]) == sorted([
        f"{reference} · {world['activity'].title_ja}", f"{reference} · Y{year}",
        f"{reference} · TANABE, Yuki"])
    assert held["receipts"][0]["fields"]["file"] == "receipt.pdf"


def test_the_other_person_s_download_holds_theirs_only(client, world):
    text = _download(client, world["other"], "json").content.decode()
    assert "Kenji" in text and OTHER_EMAIL in text
    for trace in ("Tanabe", "TANABE", EMAIL, "田辺"):
        assert trace not in text, trace


def test_a_prior_contact_is_the_person_s_only_where_one_name_is_theirs(client, world):
    """The download finds a prior contact by the person's name as HQ's search compares it
    (either order, case and width ignored), shows only their name, and leaves out a contact
    whose words match only across other people's names."""
    application = world["project"].application
    for people in ("ＴＡＮＡＢＥ Yuki；Dr. Kenji Ono", "Kenji Tanabe, Yuki Ono"):
        PriorContact.objects.create(application=application, date=dt.date(2026, 1, 20),
                                    form=ContactForm.values[0], people=people)
    text = _download(client, world["person"], "json", "ja").content.decode()
    held = {c["category"]: c["records"] for c in json.loads(text)["categories"]}
    assert sorted(r["fields"]["関係者"] for r in held["prior_contacts"]) == [
        "Yuki Tanabe", "ＴＡＮＡＢＥ Yuki"]
    for trace in OTHER_TRACES:
        assert trace not in text, trace
    # The record's title in the portal's date form (the JSON's values stay ISO).
    assert [r["record"].split(" — ")[-1] for r in held["prior_contacts"]] == [
        "2025年5月1日", "2026年1月20日"]


def test_hq_s_look_at_a_roster_is_in_the_download_of_each_traveller_on_it(client, world):
    """HQ opens the roster (projects' view logs it): each traveller on it finds that look
    in their own download; a look at another activity's roster is in nobody's."""
    client.force_login(world["hq"])
    client.cookies["django_language"] = "en"
    activity = world["activity"]
    page = client.get(reverse("projects:activity", args=[world["project"].pk, activity.pk]))
    assert page.status_code == 200
    looked = f"{world['project'].application.reference} · {activity.title_en}"
    for who in ("person", "other"):
        held = {c["category"]: c["records"] for c in json.loads(
            _download(client, world[who], "json").content)["categories"]}
        assert looked in [r["fields"]["about"] for r in held["roster_looks"]], who
    access_record(by=world["hq"], what=AccessKind.ROSTER,
                  subject=f"{world['project'].application.reference} · Another visit")
    text = _download(client, world["person"], "json").content.decode()
    assert "Another visit" not in text


def test_a_history_entry_of_the_person_s_own_action_withholds_who_else_it_names(client, world):
    """The person's own actions can name others (an HQ reviewer assigned, an address
    invited, a name searched for): their download withholds those, HQ's search keeps them."""
    person = world["person"]
    application = world["project"].application
    audit_record(event=event("review.assigned", reviewer="Kenji Ono"), by=person,
                 application=application)
    audit_record(event=event("review.conflict_declared", reviewer="Yuki Tanabe"), by=person,
                 application=application)
    text = _download(client, person, "json").content.decode()
    assert "— assigned as reviewer." in text
    assert "Yuki Tanabe declared a conflict of interest." in text
    for trace in OTHER_TRACES:
        assert trace not in text, trace
    [history] = [holding for holding in privacy_holdings.holdings_matching("tanabe")
                 if holding.category.code == "history"]
    what_happened = {str(value) for entry in history.entries for label, value in entry.fields
                     if str(label) == "what happened"}
    assert "Kenji Ono assigned as reviewer." in what_happened


def _pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "holdings.pdf"
    path.write_bytes(content)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], check=True,
                          capture_output=True, text=True).stdout


@pytest.mark.parametrize(("language", "heading"), [
    ("en", "Personal data held by the RIT Portal"),
    ("ja", "RITポータルが保有する個人データ"),
])
def test_the_pdf_is_readable_in_the_person_s_language(client, world, tmp_path, language,
                                                       heading):
    response = _download(client, world["person"], "pdf", language)
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content, tmp_path)
    assert heading in text
    assert "Tanabe" in text and "田辺 由紀" in text and EMAIL in text
    assert "Ono" not in text and "Kenji" not in text


def test_the_account_menu_leads_to_the_page_and_its_downloads(client, world):
    client.force_login(world["person"])
    client.cookies["django_language"] = "en"
    home = client.get(reverse("home")).content.decode()
    assert f'href="{reverse("privacy:my-data")}" data-testid="my-data-link"' in home
    page = client.get(reverse("privacy:my-data"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count('data-testid="my-data-category"') == len(SELF_SERVICE)
    assert reverse("privacy:my-data-download", args=["pdf"]) in html
    assert "Kenji" not in html


def test_the_page_is_for_signed_in_people_only(client):
    response = client.get(reverse("privacy:my-data-download", args=["json"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


# HQ's answer to a request ---------------------------------------------------------------


def _request(hq, **fields) -> DataRequest:
    values = {"person_name": "Yuki Tanabe", "person_email": EMAIL,
              "kind": RequestKind.DISCLOSURE, "identified_by": IdentityCheck.KNOWN_ADDRESS,
              "details": "Asked by e-mail what is held about her."} | fields
    from privacy.services import data_request_record

    return data_request_record(by=hq, **values)


def _matches(client, data_request, term: str) -> dict[str, int]:
    page = client.get(reverse("privacy:request", args=[data_request.pk]),
                      {"term": term, "search": "1"})
    assert page.status_code == 200
    return {group["holding"].category.code: len(group["entries"])
            for group in page.context["holdings"] if group["entries"]}


# Found by the name (records naming the person, records of their account), by the address.
BY_NAME = {"account", "organisation", "history", "applications", "partner_confirmations",
           "prior_contacts", "application_files", "reviews", "conflicts",
           "partnering_interests", "project_partner_contacts", "firm_contacts", "delegates",
           "roster_looks", "surveys", "receipts", "collections", "access_log", "provisions"}
BY_EMAIL = {"account", "organisation", "invitations", "notifications", "history", "applications",
            "partner_confirmations", "application_files", "reviews", "conflicts",
            "partnering_interests", "project_partner_contacts", "firm_contacts", "surveys",
            "receipts", "collections", "access_log"}


def test_hq_finds_every_category_by_name_and_by_e_mail(client, world):
    hq = world["hq"]
    data_request = _request(hq)
    client.force_login(hq)
    client.cookies["django_language"] = "en"
    assert set(_matches(client, data_request, "tanabe")) == BY_NAME
    assert set(_matches(client, data_request, EMAIL)) == BY_EMAIL
    # Case, full-width letters, either order, the name as written in Japanese.
    tanabe = _matches(client, data_request, "Tanabe")
    assert _matches(client, data_request, "ＴＡＮＡＢＥ") == tanabe
    assert _matches(client, data_request, "TANABE, Yuki") == tanabe
    assert set(_matches(client, data_request, "田辺　由紀")) == {"organisation"}
    assert set(_matches(client, data_request, "Ｙ.Ｔ.42@MAIL.example.jp")) == BY_EMAIL
    # Each search HQ ran is on the request's history.
    searched = AuditEvent.objects.filter(event="privacy.request_searched",
                                         event_params__request=data_request.pk)
    assert [e.event_params["term"] for e in searched.order_by("pk")] == [
        "tanabe", EMAIL, "tanabe", "tanabe", "tanabe, yuki", "田辺 由紀", EMAIL]


def test_a_match_shows_only_the_person_s_part_of_a_shared_record(client, world):
    client.force_login(world["hq"])
    client.cookies["django_language"] = "en"
    data_request = _request(world["hq"])
    page = client.get(reverse("privacy:request", args=[data_request.pk]), {"term": "tanabe"})
    html = page.content.decode()
    assert "TANABE, Yuki" in html and "ONO, Kenji" not in html
    export = client.get(reverse("privacy:request-export", args=[data_request.pk, "json"]),
                        {"term": "tanabe"})
    text = export.content.decode()
    assert export["Content-Disposition"] == (
        f'attachment; filename="personal-data-request-{data_request.pk}.json"')
    for trace in OTHER_TRACES:
        assert trace not in text, trace


def test_hq_exports_what_matches_with_the_self_service_code(client, world, tmp_path):
    client.force_login(world["hq"])
    client.cookies["django_language"] = "ja"
    data_request = _request(world["hq"])
    pdf = client.get(reverse("privacy:request-export", args=[data_request.pk, "pdf"]),
                     {"term": EMAIL})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    text = _pdf_text(pdf.content, tmp_path)
    assert "RITポータルが保有する個人データ" in text and "田辺 由紀" in text
    document = json.loads(client.get(
        reverse("privacy:request-export", args=[data_request.pk, "json"]),
        {"term": EMAIL}).content)
    assert {c["category"] for c in document["categories"] if c["records"]} == BY_EMAIL
    exported = AuditEvent.objects.filter(event="privacy.request_exported",
                                         event_params__request=data_request.pk)
    assert sorted(e.event_params["format"] for e in exported) == ["json", "pdf"]


def test_a_correction_changes_the_field_and_is_on_the_history(client, world):
    hq = world["hq"]
    data_request = _request(hq, kind=RequestKind.CORRECTION)
    client.force_login(hq)
    client.cookies["django_language"] = "en"
    delegate = world["delegate"]
    url = reverse("privacy:request-correct", args=[data_request.pk])
    done = client.post(url, {"category": "delegates", "record": delegate.pk,
                             "field": "given_names", "value": "Yukiko", "term": "tanabe"})
    assert done.status_code == 302
    assert done["Location"] == reverse("privacy:request", args=[data_request.pk]) + "?term=tanabe"
    delegate.refresh_from_db()
    assert delegate.given_names == "Yukiko"
    entry = AuditEvent.objects.get(event="privacy.record_corrected")
    assert (entry.by, entry.event_params) == (hq, {
        "request": data_request.pk, "category": "delegates", "record": delegate.pk,
        "field": "given names (as in passport)"})
    assert "Yukiko" not in json.dumps(entry.event_params)  # values are not kept on the history
    # A value the record refuses comes back at its field, as typed.
    refused = client.post(url, {"category": "delegates", "record": delegate.pk,
                                "field": "given_names", "value": "由紀", "term": "tanabe"})
    assert refused.status_code == 400
    html = refused.content.decode()
    assert "Write the name in Latin letters exactly as in the passport" in html
    assert 'value="由紀" id="id_value"' in html
    delegate.refresh_from_db()
    assert delegate.given_names == "Yukiko"


def test_an_erasure_blanks_the_person_s_fields_and_keeps_the_figures(client, world):
    hq = world["hq"]
    project = world["project"]
    figures = programme_figures()
    data_request = _request(hq, kind=RequestKind.ERASURE)
    client.force_login(hq)
    client.cookies["django_language"] = "en"
    term = "tanabe"
    url = reverse("privacy:request-erase", args=[data_request.pk])
    erasable = {c.code for c in privacy_holdings.CATEGORIES if c.erasable}
    assert erasable == {"partner_confirmations", "prior_contacts", "project_partner_contacts",
                        "firm_contacts", "delegates", "surveys", "partnering_interests",
                        "invitations"}
    for found_by in (term, EMAIL):  # an invitation is found by its address only
        page = client.get(reverse("privacy:request", args=[data_request.pk]),
                          {"term": found_by})
        for group in page.context["holdings"]:
            if group["holding"].category.code not in erasable:
                continue
            for row in group["entries"]:
                response = client.post(url, {"category": group["holding"].category.code,
                                             "record": row["entry"].pk, "term": found_by})
                assert response.status_code == 302
    after = _matches(client, data_request, term)
    assert not set(after) & erasable
    assert _matches(client, data_request, EMAIL).keys() == BY_EMAIL - erasable
    # What monitoring counts is unchanged: the roster's travellers, the survey's scores.
    assert programme_figures() == figures
    assert Delegate.objects.filter(activity__project_year__project=project).count() == 2
    answer = SurveyResponse.objects.get(overall_satisfaction=5)
    assert (answer.comment, answer.invitation.name) == ("", "")
    assert answer.invitation.email.endswith("@removed.invalid")  # as the retention schedule
    invited = Invitation.objects.get(accepted_user=world["person"])
    assert set(Invitation.objects.values_list("email", flat=True)) == {
        OTHER_EMAIL, f"invitation-{invited.pk}@removed.invalid"}
    # The other person's records are untouched.
    assert _matches(client, data_request, "kenji ono").keys() >= {
        "delegates", "surveys", "firm_contacts", "partner_confirmations"}
    erased = AuditEvent.objects.filter(event="privacy.record_erased",
                                       event_params__request=data_request.pk)
    assert {e.event_params["category"] for e in erased} == erasable


def test_a_request_is_recorded_and_closed_with_its_answer_on_the_history(client, world):
    hq = world["hq"]
    client.force_login(hq)
    client.cookies["django_language"] = "en"
    created = client.post(reverse("privacy:request-new"), {
        "person_name": "Yuki Tanabe", "person_email": EMAIL, "kind": RequestKind.DISCLOSURE,
        "identified_by": IdentityCheck.DOCUMENT, "details": "Letter of 1 December."})
    data_request = DataRequest.objects.get()
    assert created["Location"] == reverse("privacy:request", args=[data_request.pk])
    closed = client.post(reverse("privacy:request-close", args=[data_request.pk]),
                         {"answer": "Sent the PDF export on 7 December."})
    assert closed.status_code == 302
    data_request.refresh_from_db()
    assert (data_request.is_open, data_request.closed_by) == (False, hq)
    trail = AuditEvent.objects.filter(event_params__request=data_request.pk).order_by("pk")
    assert [(e.event, e.by, e.note) for e in trail] == [
        ("privacy.request_recorded", hq, ""),
        ("privacy.request_closed", hq, "Sent the PDF export on 7 December.")]
    page = client.get(reverse("privacy:request", args=[data_request.pk])).content.decode()
    assert "Sent the PDF export on 7 December." in page
    assert f"Personal data request {data_request.pk} closed with its answer." in page
    # A closed request takes no more actions.
    refused = client.post(reverse("privacy:request-erase", args=[data_request.pk]), {
        "category": "delegates", "record": world["delegate"].pk}, follow=True)
    assert "This request is closed" in refused.content.decode()
    world["delegate"].refresh_from_db()
    assert world["delegate"].family_name == "Tanabe"


def test_bad_input_gets_a_message_at_its_field(client, world):
    hq = world["hq"]
    client.force_login(hq)
    client.cookies["django_language"] = "en"
    empty = client.post(reverse("privacy:request-new"), {"person_name": "  "})
    assert empty.status_code == 200
    assert set(empty.context["form"].errors) == {"person_name", "kind", "identified_by"}
    data_request = _request(hq)
    url = reverse("privacy:request", args=[data_request.pk])
    for term, message in (("", "Enter the name or e-mail address."),
                          ("ａ", "at least 2 characters")):
        page = client.get(url, {"term": term, "search": "1"})
        assert page.status_code == 200
        assert message in " ".join(page.context["search"].errors["term"])
        assert page.context["holdings"] == []
    export = client.get(reverse("privacy:request-export", args=[data_request.pk, "pdf"]),
                        {"term": ""})
    assert export.status_code == 400 and "Enter the name or e-mail address." in \
        export.content.decode()
    unknown = client.post(reverse("privacy:request-correct", args=[data_request.pk]), {
        "category": "delegates", "record": 999999, "field": "given_names", "value": "X"})
    assert unknown.status_code == 400
    assert "This record no longer exists." in unknown.content.decode()
    not_here = client.post(reverse("privacy:request-correct", args=[data_request.pk]), {
        "category": "reviews", "record": 1, "field": "c1_comment", "value": "X"})
    assert "Records of this kind cannot be changed here." in not_here.content.decode()
    no_answer = client.post(reverse("privacy:request-close", args=[data_request.pk]),
                            {"answer": " "})
    assert no_answer.status_code == 400
    assert no_answer.context["close_form"].errors == {
        "answer": ["Enter the answer given to the person."]}
    assert client.get(reverse("privacy:request", args=[999999])).status_code == 404
    assert client.get(reverse("privacy:request-export", args=[data_request.pk, "xml"]),
                      {"term": "tanabe"}).status_code == 404


@pytest.mark.parametrize("role", [Role.APPLICANT, Role.HQ_REVIEWER, Role.OFFICE_STAFF])
def test_the_requests_pages_are_hq_s_only(client, world, role):
    data_request = _request(world["hq"])
    user = world["person"] if role == Role.APPLICANT else UserFactory(
        role=role, office=JetroOffice.objects.get(
            code="HQ" if role == Role.HQ_REVIEWER else "JP-IBARAKI"))
    client.force_login(user)
    for url in (reverse("privacy:requests"), reverse("privacy:request-new"),
                reverse("privacy:request", args=[data_request.pk]),
                reverse("privacy:request-export", args=[data_request.pk, "json"])
                + "?term=tanabe"):
        assert client.get(url).status_code == 404, url
    for name in ("request-correct", "request-erase", "request-close"):
        assert client.post(reverse(f"privacy:{name}", args=[data_request.pk]), {
            "category": "delegates", "record": world["delegate"].pk, "field": "family_name",
            "value": "X", "answer": "X"}).status_code == 404
    world["delegate"].refresh_from_db()
    assert world["delegate"].family_name == "Tanabe"
    assert AuditEvent.objects.filter(by=user, event__startswith="privacy.").count() == 0


def test_the_requests_list_is_paginated_with_bounded_queries(client, world,
                                                             django_assert_max_num_queries):
    hq = world["hq"]
    client.force_login(hq)
    _request(hq)
    with django_assert_max_num_queries(12) as one:
        assert client.get(reverse("privacy:requests")).status_code == 200
    for n in range(55):
        _request(hq, person_name=f"Person {n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        page = client.get(reverse("privacy:requests"))
    assert page.context["page"].paginator.count == 56
    assert len(page.context["page"].object_list) == 50


def test_a_search_s_queries_do_not_grow_with_its_matches(client, world,
                                                         django_assert_max_num_queries):
    hq = world["hq"]
    client.force_login(hq)
    data_request = _request(hq)
    url = reverse("privacy:request", args=[data_request.pk])
    with django_assert_max_num_queries(60) as few:
        client.get(url, {"term": "tanabe"})
    activity = world["delegate"].activity
    for n in range(8):
        expert(activity, world["person"], family="Tanabe", given=f"Extra {chr(65 + n)}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        page = client.get(url, {"term": "tanabe"})
    delegates = next(g for g in page.context["holdings"]
                     if g["holding"].category.code == "delegates")
    assert len(delegates["entries"]) == 9


def test_each_app_registers_the_categories_it_keeps():
    """privacy imports no app above it: each registers its categories (its apps.py)."""
    from accounts.holdings import AuditTrail
    from privacy.services import REQUEST_TRAIL

    registered = {}
    for item in privacy_holdings.CATEGORIES:
        registered.setdefault(item.matching.__module__, []).append(item.code)
    assert registered == {
        "accounts.holdings": ["account", "organisation", "invitations", "notifications",
                              "history"],
        "applications.holdings": ["applications", "partner_confirmations", "prior_contacts",
                                  "application_files"],
        "partnering.holdings": ["partnering_interests"],
        "reviews.holdings": ["reviews", "conflicts"],
        "projects.holdings": ["project_partner_contacts", "firm_contacts", "delegates",
                              "roster_looks", "surveys", "receipts"],
        "privacy.categories": ["collections", "access_log", "provisions"],
    }
    assert list(REQUEST_TRAIL) == [AuditTrail]
