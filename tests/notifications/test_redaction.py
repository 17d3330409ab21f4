"""Secret links never reach staff: every kind of e-mail in the registry is sent, then every
outbox page (list, each message, the application pages that list them) and every API
answer is searched for links, and each link found is followed as the public would follow
it: none acts for anyone. The same links in the e-mails as sent do work."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import translation

from accounts.enums import Role
from accounts.services import invitation_create
from applications.enums import ApplicationStatus as S
from applications.models import StatusChange
from applications.services import application_submit, partner_confirmation_request
from monitoring.services import api_token_create
from notifications import kinds
from notifications.enums import Kind
from notifications.models import Notification
from notifications.recipients import Address
from notifications.redaction import is_secret_link, redact, withheld
from notifications.services import notification_render, notify
from projects.enums import ProjectLetterKind, ProjectStatus, ReportStatus, VariationKind
from projects.models import (
    ApprovedLine,
    ProjectLetter,
    ProjectStatusChange,
    ReportStatusChange,
    SurveyInvitation,
)
from projects.services import (
    variation_refuse,
    variation_request,
    variation_resubmit,
    variation_return,
)
from sponsorship.enums import Activity, CostCategory, LetterStatus
from sponsorship.models import AwardLetter
from tests.applications.builders import applicant_of, complete_application
from tests.factories import UserFactory
from tests.projects.builders import member_of, published_project, year_of
from tests.reviews.factories import AssignmentFactory, hq_reviewer

pytestmark = pytest.mark.django_db

LINK = re.compile(r"https?://[^\s<>\"']+|(?<=href=\")[^\"]+")
# The kinds whose message carries a link that acts for its addressee.
SECRET_KINDS = {Kind.INVITATION, Kind.PASSWORD_RESET, Kind.PARTNER_REQUEST,
                Kind.SURVEY_INVITATION, Kind.INTEREST_CONFIRM, Kind.INTEREST_LINK,
                Kind.DELEGATE_CONSENT_REQUEST}


def committed(function, /, **kwargs):
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return function(**kwargs)


def every_kind_sent() -> dict:
    """One e-mail of every kind the registry holds, recorded and sent (the locmem backend):
    through the services that send them where a test can call them cheaply, through
    `notify` with the ids their renderer loads for the others."""
    submitted = complete_application()
    applicant = applicant_of(submitted.organisation)
    confirmation = committed(partner_confirmation_request, application=submitted, by=applicant,
                             contact_name="Dr. Anna Müller",
                             contact_email="anna@bw.example.de",
                             contact_organisation="BW International")
    committed(application_submit, application=submitted, by=applicant)
    project = published_project()
    application, organisation = project.application, project.organisation
    member = member_of(project, email="member@org.example.jp")
    committed(invitation_create, organisation=organisation, email="new@org.example.jp",
              by=member)
    with TestCase.captureOnCommitCallbacks(execute=True):
        Client().post(reverse("password_reset"), {"email": member.email})
    reviewer = hq_reviewer()
    assignment = AssignmentFactory(application=submitted, reviewer=reviewer)
    letter = AwardLetter.objects.create(decision=project.decision,
                                        status=LetterStatus.READY,
                                        file=ContentFile(b"%PDF-1.4 letter", name="l.pdf"))
    year = year_of(project)
    report = year.report
    survey = SurveyInvitation.objects.create(project_year=year, name="Kenji Sato",
                                             organisation_name="Hitachi Seiki",
                                             email="sato@firm.example.jp", language="en")
    change = submitted.status_changes.get()
    info = StatusChange.objects.create(application=submitted, from_status=S.SUBMITTED,
                                       to_status=S.INFO_REQUESTED, note="Which firms?")
    report_change = ReportStatusChange.objects.create(
        report=report, from_status=ReportStatus.SUBMITTED, to_status=ReportStatus.RETURNED,
        note="Receipts missing")
    project_change = ProjectStatusChange.objects.create(
        project=project, from_status=ProjectStatus.RUNNING, to_status=ProjectStatus.CANCELLED,
        note="Partner withdrew")
    # A change to the project: returned, resubmitted, refused (two e-mails of the
    # workflow), and an amendment letter of it.
    venue = ApprovedLine.objects.get(project_year=year, activity=Activity.SEMINAR_JAPAN,
                                     category=CostCategory.VENUE)
    stay = ApprovedLine.objects.get(project_year=year, activity=Activity.MATCHING_IN_JAPAN,
                                    category=CostCategory.ACCOMMODATION)
    change_of_lines = {"kind": VariationKind.REALLOCATION, "reason": "会場費が予定より安いため。",
                       "amounts": {venue.pk: venue.approved_amount - 100_000,
                                   stay.pk: stay.approved_amount + 100_000}}
    staff = UserFactory(role=Role.HQ_STAFF)
    variation = committed(variation_request, project=project, by=member, **change_of_lines)
    committed(variation_return, variation=variation, by=staff,
              note="年度を確認してください。")
    committed(variation_resubmit, variation=variation, by=member, **change_of_lines)
    committed(variation_refuse, variation=variation, by=staff,
              note="予算上認められません。")
    amendment = ProjectLetter.objects.create(
        project=project, variation=variation, kind=ProjectLetterKind.AMENDMENT,
        status=LetterStatus.READY, file=ContentFile(b"%PDF-1.4 amendment", name="a.pdf"))
    to_org = {"to": submitted.organisation, "about": submitted}
    sent = [
        (Kind.INFO_REQUESTED, to_org, {"status_change": info.pk}),
        (Kind.INFO_REMINDER, to_org, {"status_change": info.pk}),
        (Kind.INFO_ANSWERED, {"to": reviewer}, {"status_change": change.pk}),
        (Kind.APPLICATION_WITHDRAWN, to_org, {"status_change": change.pk}),
        (Kind.PARTNER_ANSWERED, to_org, {"confirmation": confirmation.pk}),
        (Kind.REVIEW_ASSIGNED, {"to": reviewer}, {"assignment": assignment.pk,
                                                  "application": submitted.pk,
                                                  "reviewer": reviewer.pk}),
        (Kind.REVIEW_DIGEST, {"to": reviewer}, {"reviewer": reviewer.pk,
                                                "assignments": [assignment.pk]}),
        (Kind.REVIEW_DEADLINE, {"to": reviewer}, {"call": submitted.call_id,
                                                  "applications": [submitted.pk],
                                                  "reviewer": reviewer.pk}),
        (Kind.MISSING_REVIEWERS, {"to": Address("hq@jetro.example.jp", "en")},
         {"call": submitted.call_id, "applications": [submitted.pk]}),
        (Kind.DECISIONS_PUBLISHED, {"to": organisation, "about": application},
         {"organisation": organisation.pk, "applications": [application.pk]}),
        (Kind.AWARD_LETTER, {"to": organisation, "about": application}, {"letter": letter.pk}),
        (Kind.REPORT_DUE_SOON, {"to": organisation}, {"report": report.pk}),
        (Kind.REPORT_LATE, {"to": organisation}, {"report": report.pk}),
        (Kind.REPORT_SUBMITTED, {"to": organisation}, {"status_change": report_change.pk}),
        (Kind.REPORT_ACCEPTED, {"to": organisation}, {"status_change": report_change.pk}),
        (Kind.REPORT_RETURNED, {"to": organisation}, {"status_change": report_change.pk}),
        (Kind.SURVEY_INVITATION, {"to": Address(survey.email, "en"), "about": application},
         {"invitation": survey.pk}),
        (Kind.PROJECT_CLOSED_EARLY, {"to": organisation}, {"status_change": project_change.pk}),
        (Kind.PROJECT_CANCELLED, {"to": organisation}, {"status_change": project_change.pk}),
        (Kind.AMENDMENT_LETTER, {"to": organisation, "about": application},
         {"letter": amendment.pk}),
    ]
    # The covering office's copy (issue 23) and a claim's moves (issue 24).
    from applications.services.office_copies import SUBMITTED
    from tests.accounts.test_office_staff import office_staff
    from tests.project.test_url_access import _returned_claim

    with TestCase.captureOnCommitCallbacks(execute=True):  # sends CLAIM_RETURNED
        claim = project.claims.get(number=_returned_claim(project, member, staff))
    claim_change = claim.status_changes.last()
    to_project = {"to": organisation, "about": application}
    sent += [
        (Kind.OFFICE_COPY, {"to": office_staff("JP-IBARAKI"), "about": submitted},
         {"what": SUBMITTED, "application": submitted.pk}),
        (Kind.CLAIM_APPROVED, to_project, {"status_change": claim_change.pk}),
        (Kind.CLAIM_PAID, to_project, {"status_change": claim_change.pk}),
    ]
    # The final report (issue 24): reminded, returned, accepted with its closing letter.
    from projects.enums import FinalReportStatus
    from projects.models import FinalReport, FinalReportStatusChange

    final = FinalReport.objects.create(project=project, status=FinalReportStatus.ACCEPTED,
                                       outcomes="成果", business_results="なし", lessons="教訓",
                                       closing_approved=2_720_000, closing_paid=1_000_000)
    final_change = FinalReportStatusChange.objects.create(
        final_report=final, from_status=FinalReportStatus.SUBMITTED,
        to_status=FinalReportStatus.RETURNED, note="Contracts per firm, please")
    closing = ProjectLetter.objects.create(
        project=project, final_report=final, kind=ProjectLetterKind.CLOSING,
        status=LetterStatus.READY, file=ContentFile(b"%PDF-1.4 closing", name="c.pdf"))
    sent += [
        (Kind.FINAL_REPORT_DUE_SOON, to_project, {"project": project.pk}),
        (Kind.FINAL_REPORT_LATE, to_project, {"project": project.pk}),
        (Kind.FINAL_REPORT_RETURNED, to_project, {"status_change": final_change.pk}),
        (Kind.FINAL_REPORT_ACCEPTED, to_project, {"letter": closing.pk}),
    ]
    for kind, where, params in sent:
        committed(notify, kind=kind, params=params, **where)
    # A traveller asked for their consent themselves (issue 26): a signed link to their page.
    from projects.services import delegate_consent_ask
    from tests.projects.builders import expert, held_activity

    traveller = expert(held_activity(project, member), member, email="anna@ipt.example.de")
    committed(delegate_consent_ask, delegate=traveller, by=member, language="en")
    _foreign_regions_kinds_sent()
    return {"applications": [application, submitted]}


def _foreign_regions_kinds_sent() -> None:
    """Issue 22: a region's signed link (to confirm its address; asked for again), the
    covering office's notice, publication, refusal and the three introduction e-mails."""
    from partnering.enums import InterestStatus
    from partnering.services import (
        interest_publish,
        interest_reject,
        introduction_create,
        region_link_send,
    )
    from regions.models import Sector
    from tests.partnering.builders import hq_staff, interest, overseas_staff

    unconfirmed = interest(InterestStatus.UNCONFIRMED, email="new@region.example",
                           language="en")
    dus = overseas_staff("DUS")
    committed(notify, kind=Kind.INTEREST_CONFIRM, to=Address(unconfirmed.contact_email, "en"),
              params={"interest": unconfirmed.pk})
    committed(notify, kind=Kind.INTEREST_TO_REVIEW, to=dus, params={"interest": unconfirmed.pk})
    awaiting = interest(InterestStatus.AWAITING_REVIEW, language="en")
    committed(interest_publish, interest=awaiting, by=dus)
    committed(region_link_send, email=awaiting.contact_email)
    applicant = applicant_of()
    committed(introduction_create, interest=awaiting, by=applicant,
              sector=Sector.objects.get(code="automotive"), message="Five firms of Ibaraki.")
    committed(interest_reject, interest=awaiting, by=hq_staff(), reason="Sectors unclear.")


def links_in(html: str) -> set[str]:
    return {link.replace("&amp;", "&") for link in LINK.findall(html)}


def followed_by_the_public(link: str):
    """GET the link as someone without a session would (a fresh client)."""
    parts = urlsplit(link)
    path = parts.path + (f"?{parts.query}" if parts.query else "")
    return Client().get(path)


# Pages open to anyone without a link (a region asks here for its link): acting for nobody.
PUBLIC_PAGES = {"/partnering/region/"}


def acts_for_someone(response) -> bool:
    """Whether a page opened without logging in did more than send to the login page or
    say the page is not there (404) or gone (410), other than a public page."""
    if response.status_code in (404, 410) or response.request["PATH_INFO"] in PUBLIC_PAGES:
        return False
    if response.status_code == 302:
        return not response["Location"].startswith(reverse("login"))
    return True


def test_every_kind_of_email_is_sent_and_no_outbox_page_or_api_answer_has_a_working_secret_link(
        client, hq_staff):
    world = every_kind_sent()
    assert {n.kind for n in Notification.objects.all()} == set(kinds.KINDS) == set(Kind.values)
    assert [(n.kind, n.last_error) for n in Notification.objects.exclude(status="sent")] == []

    # The e-mails as sent carry working secret links (the check below would see them).
    secret_in_mail = {link for message in mail.outbox for link in LINK.findall(message.body)
                      if is_secret_link(link)}
    assert len(secret_in_mail) == len(SECRET_KINDS)
    assert all(acts_for_someone(followed_by_the_public(link)) for link in secret_in_mail)

    client.force_login(hq_staff)
    pages = [reverse("notifications:outbox")]
    pages += [reverse("notifications:detail", args=[n.pk]) for n in Notification.objects.all()]
    pages += [reverse("applications:detail", args=[a.pk]) for a in world["applications"]]
    _record, token = api_token_create(by=hq_staff, label="audit")
    api = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    schema = api.get("/api/v1/openapi.json").json()
    api_paths = [path for path in schema["paths"] if "{" not in path]
    assert api_paths, "the API has operations without a path parameter"

    found = set()
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        html = response.content.decode()
        found |= links_in(html)
        assert not secret_in_mail & links_in(html), page
    for path in api_paths:
        response = api.get(path)
        assert response.status_code == 200, path
        text = response.content.decode()
        assert not any(link in text for link in secret_in_mail), path
        found |= links_in(text)

    # Each secret link is withheld where it stood, in the message's language.
    for notification in Notification.objects.filter(kind__in=SECRET_KINDS):
        body = client.get(reverse("notifications:detail", args=[notification.pk])).context["body"]
        with translation.override(notification.language):
            assert body.count(withheld()) == 1, notification.kind
    message_links = {link for link in found if "://" in link}
    assert message_links, "the messages' ordinary links are shown"
    assert [link for link in sorted(message_links)
            if acts_for_someone(followed_by_the_public(link))] == []


def test_each_kind_declares_the_secret_links_it_carries(hq_staff):
    """The registry says which kinds carry a secret link; the safety net agrees with it:
    a kind rendered for its addressee has a link the net would withhold exactly when it
    declared one."""
    every_kind_sent()
    for notification in Notification.objects.all():
        _subject, body, _files = notification_render(notification)
        assert (redact(body) != body) == bool(kinds.KINDS[notification.kind].secret), (
            notification.kind)
        assert (notification.kind in SECRET_KINDS) == bool(
            kinds.KINDS[notification.kind].secret)


@pytest.mark.parametrize("link", [
    "https://rit.example.jp/accounts/reset/MQ/cxyz12-0123456789abcdef0123456789abcdef/",
    "https://rit.example.jp/accounts/invitations/" + "ab12" * 16 + "/",
    "https://rit.example.jp/partner/confirm/eyJpZCI6MX0:1u2abc:Zm9vYmFyYmF6cXV4/",
    # Routes the portal does not have: caught by the shape of what they carry.
    "https://elsewhere.example/unsubscribe/eyJpZCI6MX0:1u2abc:Zm9vYmFyYmF6cXV4",
    "https://elsewhere.example/confirm?key=3f2a9c0d8e7b6a5f4e3d2c1b0a9f8e7d",
])
def test_the_safety_net_withholds_signed_links_of_any_kind(link):
    text = f"Open {link}.\nThen https://rit.example.jp/applications/12/ as usual."
    assert redact(text) == ("Open [link withheld: only the addressee receives it].\n"
                            "Then https://rit.example.jp/applications/12/ as usual.")


def test_a_stored_error_that_quotes_a_link_is_withheld_on_the_pages(client, hq_staff):
    application = complete_application()
    committed(application_submit, application=application,
              by=applicant_of(application.organisation))
    secret = "https://rit.example.jp/accounts/invitations/" + "0f" * 32 + "/"
    Notification.objects.update(last_error=f"SMTPDataError: 554 rejected {secret}")
    client.force_login(hq_staff)
    for page in (reverse("notifications:outbox"),
                 reverse("applications:detail", args=[application.pk]),
                 reverse("notifications:detail", args=[Notification.objects.get().pk])):
        html = client.get(page).content.decode()
        assert secret not in html
        assert "554 rejected [link withheld: only the addressee receives it]" in html


def test_make_run_prints_the_link_on_the_developers_console_and_the_outbox_withholds_it(
        client, hq_staff, settings, capsys):
    """The embedded default (`make run`): e-mail goes to the console backend, i.e. the
    terminal of the developer who started the server, links included; HQ's outbox page,
    which is readable there, still withholds them."""
    settings.EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
    application = complete_application()
    committed(partner_confirmation_request, application=application,
              by=applicant_of(application.organisation), contact_name="Dr. Anna Müller",
              contact_email="anna@bw.example.de", contact_organisation="BW International")
    [link] = re.findall(r"http://\S+/partner/confirm/\S+/", capsys.readouterr().out)
    assert acts_for_someone(followed_by_the_public(link))
    client.force_login(hq_staff)
    page = client.get(reverse("notifications:detail", args=[Notification.objects.get().pk]))
    assert urlsplit(link).path not in page.content.decode()
    assert withheld() in page.context["body"]
