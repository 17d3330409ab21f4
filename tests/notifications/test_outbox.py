"""The outbox in-process: recorded with the change, sent after commit, once; owed e-mail
survives a broker that is down and a mail server that refuses; HQ sees and resends."""

import datetime as dt
from unittest import mock

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from accounts.enums import Role
from accounts.mail import organisation_recipients
from accounts.services import invitation_create, invitation_token
from applications.enums import ApplicationStatus as S
from applications.services import application_submit, partner_confirmation_request
from notifications.enums import Kind, NotificationStatus
from notifications.models import Notification
from notifications.recipients import Address
from notifications.services import (
    MAX_ATTEMPTS,
    RETRY_BACKOFF,
    SWEEP_GRACE,
    notification_resend,
    notifications_sweep,
    notify,
)
from tests.applications.builders import applicant_of, complete_application
from tests.factories import ApplicationFactory, CallFactory, OrganisationFactory, UserFactory
from tests.reviews.factories import reviewed_application

pytestmark = pytest.mark.django_db

REFUSED = "django.core.mail.backends.locmem.EmailBackend.send_messages"


def committed(function, /, **kwargs):
    """Run `function` in a transaction and then what its commit runs (the send tasks)."""
    with TestCase.captureOnCommitCallbacks(execute=True), transaction.atomic():
        return function(**kwargs)


@pytest.fixture
def submitted():
    """A complete application submitted by its applicant, e-mail sent."""
    application = complete_application()
    user = applicant_of(application.organisation)
    committed(application_submit, application=application, by=user)
    return application


# --- Recording and sending -------------------------------------------------------------

def test_the_email_is_recorded_with_the_change_and_sent_after_commit():
    application = complete_application()
    user = applicant_of(application.organisation)
    with TestCase.captureOnCommitCallbacks(execute=False) as callbacks:
        application_submit(application=application, by=user)
    notification = Notification.objects.get()
    assert (notification.kind, notification.status, notification.params) == (
        Kind.APPLICATION_SUBMITTED, NotificationStatus.PENDING,
        {"status_change": application.status_changes.get().pk})
    assert list(notification.applications.all()) == [application]
    assert mail.outbox == []  # nothing before the commit
    for callback in callbacks:
        callback()
    notification.refresh_from_db()
    assert (notification.status, notification.attempts) == (NotificationStatus.SENT, 1)
    assert [m.to for m in mail.outbox] == [organisation_recipients(application.organisation)]


def test_a_change_rolled_back_owes_nothing():
    application = complete_application()
    user = applicant_of(application.organisation)
    with TestCase.captureOnCommitCallbacks(execute=True), pytest.raises(RuntimeError), \
            transaction.atomic():
        application_submit(application=application, by=user)
        raise RuntimeError("the request failed after the submission")
    application.refresh_from_db()
    assert (application.status, Notification.objects.count(), mail.outbox) == (
        S.DRAFT, 0, [])


def test_the_same_email_is_recorded_once(submitted):
    change = submitted.status_changes.get()
    again = committed(notify, kind=Kind.APPLICATION_SUBMITTED, to=submitted.organisation,
                      about=submitted, params={"status_change": change.pk})
    assert again is None
    assert (Notification.objects.count(), len(mail.outbox)) == (1, 1)


def test_one_recipient_rule_for_an_organisation():
    organisation = OrganisationFactory(contact_email="office@org.example.jp")
    UserFactory(role=Role.APPLICANT, organisation=organisation, email="b@org.example.jp")
    UserFactory(role=Role.APPLICANT, organisation=organisation, email="a@org.example.jp")
    UserFactory(role=Role.APPLICANT, organisation=organisation, email="gone@org.example.jp",
                is_active=False)
    UserFactory(role=Role.APPLICANT, organisation=organisation, email="office@org.example.jp")
    assert organisation_recipients(organisation) == [
        "a@org.example.jp", "b@org.example.jp", "office@org.example.jp"]


@pytest.mark.parametrize(("language", "subject"), [
    ("ja", "【RIT ポータル】申請 {ref} を受け付けました"),
    ("en", "[RIT Portal] Application {ref} submitted"),
])
def test_the_email_is_in_the_organisations_language(language, subject):
    application = complete_application(organisation__preferred_language=language)
    committed(application_submit, application=application,
              by=applicant_of(application.organisation))
    assert [m.subject for m in mail.outbox] == [subject.format(ref=application.reference)]
    assert Notification.objects.get().language == language


def test_emails_are_plain_text_nothing_is_html_escaped():
    application = complete_application(title_en="R&D “Tōhoku” <pilot>",
                                       organisation__preferred_language="en")
    committed(application_submit, application=application,
              by=applicant_of(application.organisation))
    assert (f"Your application {application.reference} “R&D “Tōhoku” <pilot>” has been "
            "submitted") in mail.outbox[0].body


def test_a_partner_contact_is_written_to_in_english(settings):
    application = ApplicationFactory(organisation__preferred_language="ja")
    user = applicant_of(application.organisation)
    confirmation = committed(partner_confirmation_request, application=application, by=user,
                             contact_name="Dr. Anna Müller", contact_email="anna@bw.example.de",
                             contact_organisation="BW International")
    notification = Notification.objects.get()
    assert (notification.recipients, notification.language, notification.params) == (
        ["anna@bw.example.de"], "en", {"confirmation": confirmation.pk})
    assert mail.outbox[0].subject.startswith("Please confirm your interest")


def test_the_invitation_passes_only_its_id_and_the_link_is_rebuilt_from_it(applicant):
    invitation, token = committed(invitation_create, organisation=applicant.organisation,
                                  email="new@org.example.jp", by=applicant)
    notification = Notification.objects.get()
    assert notification.params == {"invitation": invitation.pk}
    assert token == invitation_token(invitation)
    assert token not in invitation.token_hash
    path = reverse("invitation-accept", args=[token])
    assert [line for line in mail.outbox[0].body.splitlines() if path in line] == [
        "http://127.0.0.1:8000" + path]


# --- Failures: the mail server, the broker --------------------------------------------

def test_a_refused_send_stays_owed_with_the_error_and_the_sweep_sends_it_once():
    application = complete_application()
    before = timezone.now()
    with mock.patch(REFUSED, side_effect=ConnectionRefusedError("[Errno 111] refused")):
        committed(application_submit, application=application,
                  by=applicant_of(application.organisation))
    application.refresh_from_db()
    notification = Notification.objects.get()
    assert (application.status, notification.status, notification.attempts,
            notification.last_error) == (
        S.SUBMITTED, NotificationStatus.PENDING, 1,
        "ConnectionRefusedError: [Errno 111] refused")
    assert before + RETRY_BACKOFF[0] <= notification.next_attempt_at
    assert notification.next_attempt_at <= timezone.now() + RETRY_BACKOFF[0]
    # Not yet due: the sweep leaves it; due: sent once; the next sweep finds nothing.
    assert committed(notifications_sweep) == 0
    later = notification.next_attempt_at
    assert committed(notifications_sweep, now=later) == 1
    assert committed(notifications_sweep, now=later + SWEEP_GRACE) == 0
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error,
            len(mail.outbox)) == (NotificationStatus.SENT, 2, "", 1)


def test_after_the_last_attempt_the_email_is_marked_failed(submitted):
    notification = Notification.objects.get()
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.PENDING, attempts=MAX_ATTEMPTS - 1,
        next_attempt_at=timezone.now())
    with mock.patch(REFUSED, side_effect=OSError("mailbox unavailable")):
        assert committed(notifications_sweep) == 1
    notification.refresh_from_db()
    assert (notification.status, notification.attempts, notification.last_error) == (
        NotificationStatus.FAILED, MAX_ATTEMPTS, "OSError: mailbox unavailable")
    assert committed(notifications_sweep, now=timezone.now() + dt.timedelta(days=30)) == 0


def test_a_broker_that_is_down_costs_the_submission_nothing(client, broker_down):
    application = complete_application()
    user = applicant_of(application.organisation)
    client.force_login(user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("applications:submit", args=[application.pk]),
                               {"confirm": "on"},
                               follow=True)
    application.refresh_from_db()
    assert (response.status_code, application.status) == (200, S.SUBMITTED)
    assert [str(m) for m in response.context["messages"]] == [
        f"Your application has been submitted with reference {application.reference}. "
        "A confirmation e-mail is on its way."]
    notification = Notification.objects.get()
    assert (notification.status, notification.attempts) == (NotificationStatus.PENDING, 0)
    assert notification.last_error.startswith("The task queue was unreachable: OperationalError")
    assert notification.next_attempt_at <= timezone.now()  # owed now: the next sweep sends it
    assert mail.outbox == []


def test_after_one_refused_connection_a_request_stops_trying_the_broker(broker_down, hq_staff):
    """Publishing for many organisations pays for one refused connection, not one each."""
    from celery.app.task import Task

    from sponsorship.board_jobs import applications_publish_decisions
    from sponsorship.decisions import sponsorship_decide
    from sponsorship.enums import DecisionMode
    from tests.sponsorship.factories import CostLineFactory

    call = CallFactory()
    approved = reviewed_application(call=call, status=S.ELIGIBLE)
    CostLineFactory(application=approved)
    sponsorship_decide(application=approved, by=hq_staff, mode=DecisionMode.FULL)
    reviewed_application(call=call, status=S.REJECTED)
    reviewed_application(call=call, status=S.WAITLISTED)
    with mock.patch.object(Task, "apply_async", autospec=True,
                           side_effect=Task.apply_async) as sent:
        committed(applications_publish_decisions, call=call, by=hq_staff)
    assert sent.call_count == 1  # 3 decision e-mails and 1 letter queued, 1 broker attempt
    assert Notification.objects.filter(status=NotificationStatus.PENDING).count() == 3


# --- HQ: per application, resend, the outbox pages -----------------------------------

def test_hq_sees_every_email_of_the_application_with_status_and_error(client, submitted,
                                                                    hq_staff):
    notification = Notification.objects.get()
    Notification.objects.filter(pk=notification.pk).update(
        status=NotificationStatus.FAILED, last_error="SMTPRecipientsRefused: 550")
    client.force_login(hq_staff)
    page = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert page.count('data-testid="notification"') == 1
    assert 'data-testid="notification-status">Failed<' in page
    assert 'data-testid="notification-error">SMTPRecipientsRefused: 550<' in page
    assert reverse("notifications:resend", args=[notification.pk]) in page


def test_the_applicant_does_not_see_the_email_panel(client, submitted):
    client.force_login(submitted.organisation.members.get())
    page = client.get(reverse("applications:detail", args=[submitted.pk])).content.decode()
    assert 'data-testid="notifications-panel"' not in page


def test_hq_resends_a_sent_email_as_a_new_one(client, submitted, hq_staff):
    original = Notification.objects.get()
    client.force_login(hq_staff)
    back = reverse("applications:detail", args=[submitted.pk])
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("notifications:resend", args=[original.pk]),
                               {"next": back}, follow=True)
    assert response.redirect_chain == [(back, 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "The e-mail has been queued to be sent again."]
    copy = Notification.objects.exclude(pk=original.pk).get()
    assert (copy.resend_of, copy.requested_by, copy.status, copy.recipients) == (
        original, hq_staff, NotificationStatus.SENT, original.recipients)
    assert [m.subject for m in mail.outbox] == [mail.outbox[0].subject] * 2
    assert list(copy.applications.all()) == [submitted]


def test_only_hq_resends(client, submitted, hq_reviewer):
    notification = Notification.objects.get()
    with pytest.raises(PermissionDenied):
        notification_resend(notification=notification, by=submitted.organisation.members.get())
    client.force_login(hq_reviewer)
    assert client.post(reverse("notifications:resend", args=[notification.pk])
                       ).status_code == 404
    assert Notification.objects.count() == 1


# The signed link carries the second it was made: the clock stands still so that the
# test's own copy of the link is made in the same second as the e-mail's.
@time_machine.travel(dt.datetime(2027, 5, 10, 9, 30, tzinfo=dt.UTC), tick=False)
def test_staff_read_the_partners_email_in_the_browser_without_its_link(client, hq_staff):
    """The partner's signed link answers for the partner: the e-mail carries it, the page
    HQ reads does not (tests/notifications/test_redaction.py tries every kind)."""
    application = ApplicationFactory()
    confirmation = committed(partner_confirmation_request, application=application,
                             by=applicant_of(application.organisation),
                             contact_name="Dr. Anna Müller", contact_email="anna@bw.example.de",
                             contact_organisation="BW International")
    from applications.services import partner_confirmation_path

    client.force_login(hq_staff)
    outbox = client.get(reverse("notifications:outbox")).content.decode()
    notification = Notification.objects.get()
    detail_url = reverse("notifications:detail", args=[notification.pk])
    assert detail_url in outbox
    assert f'href="{reverse("applications:detail", args=[application.pk])}"' in outbox
    response = client.get(detail_url)
    page = response.content.decode()
    link = "http://127.0.0.1:8000" + partner_confirmation_path(confirmation=confirmation)
    assert link in mail.outbox[0].body
    assert partner_confirmation_path(confirmation=confirmation) not in page
    assert response.context["body"] == mail.outbox[0].body.replace(
        link, "[link withheld: only the addressee receives it]")
    assert 'data-testid="message-to">anna@bw.example.de<' in page


def test_the_outbox_is_not_browsable_where_email_leaves_the_machine(client, settings,
                                                                     hq_staff, submitted):
    settings.NOTIFICATIONS_BROWSABLE_OUTBOX = False
    client.force_login(hq_staff)
    notification = Notification.objects.get()
    assert client.get(reverse("notifications:outbox")).status_code == 404
    assert client.get(reverse("notifications:detail", args=[notification.pk])).status_code == 404
    page = client.get(reverse("applications:detail", args=[submitted.pk]))
    assert "Outbox" not in [str(item["label"]) for item in page.context["nav_items"]]
    # HQ still sees the status and may resend: only the message itself stays unread.
    html = page.content.decode()
    assert html.count('data-testid="notification"') == 1
    assert f'href="{reverse("notifications:detail", args=[notification.pk])}"' not in html


@pytest.mark.parametrize("who", ["applicant", "hq_reviewer", "overseas_reviewer"])
def test_the_outbox_is_hq_only(client, request, who):
    client.force_login(request.getfixturevalue(who))
    assert client.get(reverse("notifications:outbox")).status_code == 404


@pytest.mark.parametrize("rows", [1, 4])
def test_outbox_query_count(client, hq_staff, rows, django_assert_num_queries):
    call = CallFactory()
    for _ in range(rows):
        application = complete_application(call=call)
        committed(application_submit, application=application,
                  by=applicant_of(application.organisation))
    client.force_login(hq_staff)
    # savepoint, session, user, count, the page of notifications, their applications,
    # release (the navigation's permissions are rules: no query).
    with django_assert_num_queries(7):
        response = client.get(reverse("notifications:outbox"))
    assert response.content.decode().count('data-testid="notification"') == rows


@pytest.mark.parametrize("rows", [1, 4])
def test_the_application_page_shows_hq_its_emails_in_a_fixed_number_of_queries(
        client, hq_staff, rows, django_assert_num_queries):
    application = ApplicationFactory()
    for n in range(rows):
        committed(notify, kind=Kind.PARTNER_REQUEST, to=Address(f"p{n}@bw.example.de", "en"),
                  about=application, params={"confirmation": n})
    client.force_login(hq_staff)
    with django_assert_num_queries(APPLICATION_PAGE_QUERIES_FOR_HQ):
        response = client.get(reverse("applications:detail", args=[application.pk]))
    assert response.content.decode().count('data-testid="notification"') == rows


# As for the applicant (tests/applications/test_query_counts.py), with HQ's panels; the
# e-mails take one query.
APPLICATION_PAGE_QUERIES_FOR_HQ = 19


def test_the_partners_email_is_plain_text_with_the_title_as_typed(client, hq_staff):
    """Plain-text e-mails are rendered by one engine that never escapes HTML
    (settings.TEMPLATES "email", notifications.services._render_text): & < > " stay as
    typed in the subject and the body; the outbox page escapes them once, for HTML."""
    title = 'R&D <pilot> "Smart & Green"'
    application = ApplicationFactory(title_en=title, organisation__name_en="A&B <Association>")
    user = applicant_of(application.organisation)
    committed(partner_confirmation_request, application=application, by=user,
              contact_name="Dr. Anna Müller", contact_email="anna@bw.example.de",
              contact_organisation="BW International")
    message = mail.outbox[0]
    assert message.subject == ("Please confirm your interest in a Regional Industry Tie-up "
                               "project with A&B <Association>")
    assert f"for the project “{title}” with your organisation" in message.body
    assert "&amp;" not in message.body + message.subject
    assert "&lt;" not in message.body and "&quot;" not in message.body

    client.force_login(hq_staff)
    page = client.get(reverse("notifications:detail", args=[Notification.objects.get().pk]))
    html = page.content.decode()
    assert "R&amp;D &lt;pilot&gt; &quot;Smart &amp; Green&quot;" in html
    assert "&amp;amp;" not in html
    assert "<pilot>" not in html and "<Association>" not in html
