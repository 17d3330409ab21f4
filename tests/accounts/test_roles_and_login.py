import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from accounts.enums import Role
from accounts.models import User
from accounts.validators import validate_corporate_number
from demo.accounts import DEMO_PASSWORD
from demo.accounts import run as demo_run
from tests.factories import DEFAULT_PASSWORD

pytestmark = pytest.mark.django_db

HOME_HEADINGS = {
    Role.APPLICANT: "Applicant home",
    Role.HQ_REVIEWER: "Reviewer home",
    Role.OVERSEAS_REVIEWER: "Reviewer home",
    Role.HQ_STAFF: "Programme office",
    Role.SITE_ADMIN: "Programme office",
}


def test_login_page_in_japanese_and_english(client):
    ja = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="ja")
    assert ja.status_code == 200
    assert "RIT ポータルにログイン" in ja.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    en = client.get(reverse("login"))
    assert "Log in to the RIT Portal" in en.content.decode()
    assert 'id="language-switcher"' in en.content.decode()


def test_every_demo_login_reaches_its_role_home_in_the_users_language(client):
    logins = demo_run()
    assert len(logins) == User.objects.count()
    for email, _label in logins:
        user = User.objects.get(email=email)
        response = client.post(reverse("login"), {"username": email, "password": DEMO_PASSWORD},
                               follow=True)
        assert response.redirect_chain[-1][0] == reverse("home"), email
        with translation.override(user.language):
            heading = gettext(HOME_HEADINGS[user.role])
        assert heading in response.content.decode(), email
        client.post(reverse("logout"))


def test_demo_data_is_idempotent():
    demo_run()
    count = User.objects.count()
    demo_run()
    # Ten applicants, HQ staff, the administrator, two HQ reviewers and a reviewer for
    # each office covering a demo partner region (Düsseldorf has two).
    assert User.objects.count() == count == 22


@pytest.mark.parametrize("role_fixture", ["applicant", "hq_staff", "hq_reviewer",
                                          "overseas_reviewer"])
def test_wrong_password_is_refused_with_a_message(client, role_fixture, request):
    user = request.getfixturevalue(role_fixture)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    response = client.post(reverse("login"), {"username": user.email, "password": "nope"})
    assert response.status_code == 200
    assert "Please enter a correct e-mail address and password" in response.content.decode()
    assert response.context["form"]["username"].value() == user.email


@pytest.mark.parametrize(("role_fixture", "expected"), [
    ("applicant", ["Calls", "My home", "Sponsored projects", "Foreign partner directory",
                   "Colleagues"]),
    ("hq_reviewer", ["Calls", "My home", "Conflicts of interest"]),
    ("overseas_reviewer", ["Calls", "My home", "Conflicts of interest",
                           "Foreign regions' interest", "Introductions"]),
    ("hq_staff", ["Calls", "Programme office", "Manage calls", "Review and selection",
                  "Sponsorship decisions", "Award letters", "Progress reports",
                  "Changes to projects", "Claims and payments", "Final reports",
                  "Showcase stories", "Foreign regions' interest",
                  "Introductions", "Monitoring", "Outbox", "Personal data requests",
                  "Provisions to third parties", "Reviewers", "Domestic office staff",
                  "API tokens"]),
])
def test_navigation_shows_only_what_the_role_may_use(client, request, role_fixture, expected):
    client.force_login(request.getfixturevalue(role_fixture))
    response = client.get(reverse("home"))
    assert [(str(item["label"]), item["active"]) for item in response.context["nav_items"]] == [
        (label, label in ("My home", "Programme office")) for label in expected]


def test_hq_navigation_is_grouped_into_menus(client, hq_staff):
    """Issue 29: HQ's entries sit in four menus, so that the bar is one row; a group of
    one entry is a plain link; the page's group is marked active."""
    client.force_login(hq_staff)
    menu = client.get(reverse("sponsorship:decision-list")).context["nav_menu"]
    assert [(str(entry["label"]), [str(item["label"]) for item in entry.get("entries", [])])
            for entry in menu] == [
        ("Calls", []), ("Programme office", []),
        ("Selection", ["Manage calls", "Review and selection", "Sponsorship decisions",
                       "Award letters", "Foreign regions' interest", "Introductions"]),
        ("Projects", ["Progress reports", "Changes to projects", "Claims and payments",
                      "Final reports", "Showcase stories"]),
        ("Monitoring", ["Monitoring", "Outbox", "Personal data requests",
                        "Provisions to third parties"]),
        ("Settings", ["Reviewers", "Domestic office staff", "API tokens"])]
    assert [entry["active"] for entry in menu] == [False, False, True, False, False, False]


def test_an_applicant_has_no_menus(client, applicant):
    client.force_login(applicant)
    menu = client.get(reverse("home")).context["nav_menu"]
    assert [("entries" in entry, str(entry["label"])) for entry in menu] == [
        (False, "Calls"), (False, "My home"), (False, "Sponsored projects"),
        (False, "Foreign partner directory"), (False, "Colleagues")]


def test_an_anonymous_visitor_sees_only_the_calls(client):
    response = client.get(reverse("public-home"))
    assert [(str(item["label"]), item["url"]) for item in response.context["nav_items"]] == [
        ("Calls", reverse("public-home")), ("Tie-ups", reverse("showcase:list"))]


def test_anonymous_visitor_sees_public_page_and_is_sent_to_login_for_home(client):
    assert client.get(reverse("public-home")).status_code == 200
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={reverse('home')}"


def test_password_reset_sends_an_email_through_the_outbox_and_its_link_works(
        client, applicant, django_capture_on_commit_callbacks):
    from notifications.models import Notification

    applicant.language = "en"
    applicant.save(update_fields=["language"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": applicant.email})
    assert response.status_code == 302
    assert Notification.objects.get().params == {"user": applicant.pk}
    assert len(mail.outbox) == 1
    assert (mail.outbox[0].to, mail.outbox[0].subject) == (
        [applicant.email], "[RIT Portal] Reset your password")
    link = next(line for line in mail.outbox[0].body.splitlines() if "/accounts/reset/" in line)
    page = client.get(link.replace(settings.SITE_URL, ""), follow=True)
    assert page.context["validlink"] is True


def test_password_change(client, applicant):
    client.force_login(applicant)
    response = client.post(reverse("password_change"), {
        "old_password": DEFAULT_PASSWORD, "new_password1": "a-new-Passw0rd-for-rit",
        "new_password2": "a-new-Passw0rd-for-rit"})
    assert response.status_code == 302
    applicant.refresh_from_db()
    assert applicant.check_password("a-new-Passw0rd-for-rit")


@pytest.mark.parametrize(("number", "ok"), [
    ("7000012050002", True),   # National Tax Agency
    ("8000012050002", False),  # wrong check digit
    ("700001205000", False),   # 12 digits
    ("70000120500O2", False),  # a letter
    ("", True),                # optional
])
def test_corporate_number_check_digit(number, ok):
    from django.core.exceptions import ValidationError

    if ok:
        validate_corporate_number(number)
    else:
        with pytest.raises(ValidationError):
            validate_corporate_number(number)


def test_language_chosen_while_logged_in_is_remembered_for_the_next_login(client, applicant):
    client.force_login(applicant)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    applicant.refresh_from_db()
    assert applicant.language == "en"
    client.post(reverse("logout"))
    client.cookies.clear()
    response = client.post(reverse("login"), {"username": applicant.email,
                                               "password": DEFAULT_PASSWORD}, follow=True)
    assert client.cookies["django_language"].value == "en"
    assert "Applicant home" in response.content.decode()


@pytest.mark.parametrize(("first", "last", "expected"), [
    ("花子", "佐藤", "佐藤 花子"),        # Japanese: family name first
    ("Anna", "Becker", "Anna Becker"),  # Western: given name first
    ("Jürgen", "Müller", "Jürgen Müller"),
    ("", "佐藤", "佐藤"),
])
def test_full_name_follows_the_order_of_the_names_script(first, last, expected):
    from accounts.models import User

    assert User(first_name=first, last_name=last).get_full_name() == expected
