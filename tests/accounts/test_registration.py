"""Registration of an applicant organisation, referral sources, and colleague invitations."""

import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.models import ApplicantOrganisation, Invitation, User
from accounts.services import invitation_create, organisation_register
from tests.factories import CallFactory, OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

VALID_CORPORATE_NUMBER = "7000012050002"  # passes the National Tax Agency check digit
PASSWORD = "kinkaku-ginkaku-2027"


def use(client, language: str) -> None:
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def registration_data(**overrides) -> dict:
    from regions.models import Prefecture

    data = {
        "org-name_ja": "しずおか光産業振興会", "org-name_en": "Shizuoka Photonics Association",
        "org-org_type": "business_association",
        "org-prefecture": str(Prefecture.objects.get(code="22").pk),
        "org-postal_code": "430-0000", "org-address": "静岡県浜松市中区1-1",
        "org-representative_name_ja": "望月 一郎", "org-representative_title_ja": "会長",
        "org-representative_name_en": "Ichiro Mochizuki", "org-representative_title_en": "Chairman",
        "org-contact_name": "杉山 花子", "org-contact_email": "info@photonics.example.jp",
        "org-contact_phone": "053-000-0000", "org-corporate_number": VALID_CORPORATE_NUMBER,
        "org-preferred_language": "ja",
        "person-email": "sugiyama@photonics.example.jp", "person-last_name": "杉山",
        "person-first_name": "花子", "person-language": "ja",
        "person-password1": PASSWORD, "person-password2": PASSWORD,
    }
    return {**data, **overrides}


def test_registration_creates_the_organisation_and_logs_the_user_in(client):
    use(client, "en")
    response = client.post(reverse("register"), registration_data(), follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    org = ApplicantOrganisation.objects.get()
    assert (org.name_ja, org.org_type, org.prefecture.code, org.corporate_number,
            org.contact_email, org.representative_name_ja, org.representative_name_en,
            org.representative_title_en, org.referral_source) == (
        "しずおか光産業振興会", "business_association", "22", VALID_CORPORATE_NUMBER,
        "info@photonics.example.jp", "望月 一郎", "Ichiro Mochizuki", "Chairman", "")
    user = User.objects.get()
    assert (user.email, user.role, user.organisation, user.last_name) == (
        "sugiyama@photonics.example.jp", Role.APPLICANT, org, "杉山")
    assert user.check_password(PASSWORD) is True
    assert response.context["user"] == user
    assert "Applicant home" in response.content.decode()


def test_referral_source_of_a_shared_link_is_recorded_at_registration(client):
    call = CallFactory()
    client.get(reverse("call-detail", args=[call.pk]), {"ref": "embassy-de"})
    client.get(reverse("register"))
    client.post(reverse("register"), registration_data())
    assert ApplicantOrganisation.objects.get().referral_source == "embassy-de"


def test_referral_source_given_to_the_registration_page_itself(client):
    client.get(reverse("register"), {"ref": "chamber-osaka"})
    client.post(reverse("register"), registration_data())
    assert ApplicantOrganisation.objects.get().referral_source == "chamber-osaka"


@pytest.mark.parametrize(("number", "message"), [
    ("7000012050003", "The check digit of this corporate number is wrong; please check the "
                      "number."),
    ("700001205000", "A corporate number has exactly 13 digits."),
    ("70000120500AB", "A corporate number has exactly 13 digits."),
])
def test_invalid_corporate_number_is_refused_at_the_field_keeping_the_rest(client, number,
                                                                          message):
    use(client, "en")
    response = client.post(reverse("register"),
                           registration_data(**{"org-corporate_number": number}))
    assert response.status_code == 200
    org_form, person_form = response.context["org_form"], response.context["person_form"]
    assert org_form.errors == {"corporate_number": [message]}
    assert person_form.errors == {}
    assert (org_form["name_ja"].value(), org_form["address"].value(),
            org_form["corporate_number"].value(), person_form["email"].value()) == (
        "しずおか光産業振興会", "静岡県浜松市中区1-1", number, "sugiyama@photonics.example.jp")
    assert (ApplicantOrganisation.objects.count(), User.objects.count()) == (0, 0)


def test_invalid_corporate_number_message_in_japanese(client):
    use(client, "ja")
    response = client.post(reverse("register"),
                           registration_data(**{"org-corporate_number": "7000012050003"}))
    assert response.context["org_form"].errors == {"corporate_number": [
        "法人番号のチェックデジットが正しくありません。番号をご確認ください。"]}


def test_corporate_number_already_registered_is_refused(client):
    OrganisationFactory(corporate_number=VALID_CORPORATE_NUMBER)
    use(client, "en")
    response = client.post(reverse("register"), registration_data())
    assert response.context["org_form"].errors == {"corporate_number": [
        "An organisation with this corporate number is already registered. Ask a colleague "
        "there to invite you."]}


def test_corporate_number_is_optional(client):
    client.post(reverse("register"), registration_data(**{"org-corporate_number": ""}))
    assert ApplicantOrganisation.objects.get().corporate_number == ""


@pytest.mark.parametrize(("overrides", "form_name", "errors"), [
    ({"person-password2": "something-else-2027"}, "person_form",
     {"password2": ["The two passwords differ."]}),
    ({"person-password1": "short", "person-password2": "short"}, "person_form",
     {"password1": ["This password is too short. It must contain at least 8 characters."]}),
    ({"org-prefecture": ""}, "org_form", {"prefecture": ["Choose the prefecture."]}),
    ({"org-contact_email": "not-an-address"}, "org_form",
     {"contact_email": ["Enter a valid email address."]}),
])
def test_other_bad_input_is_refused_at_its_field(client, overrides, form_name, errors):
    use(client, "en")
    response = client.post(reverse("register"), registration_data(**overrides))
    assert response.context[form_name].errors == errors
    assert User.objects.count() == 0


def test_an_existing_account_email_is_refused(client, applicant):
    use(client, "en")
    response = client.post(reverse("register"),
                           registration_data(**{"person-email": applicant.email.upper()}))
    assert response.context["person_form"].errors == {
        "email": ["An account with this e-mail address already exists. Log in instead."]}


def test_a_logged_in_user_is_sent_home_from_registration(client, applicant):
    client.force_login(applicant)
    response = client.get(reverse("register"))
    assert (response.status_code, response.url) == (302, reverse("home"))


# --- invitations ---------------------------------------------------------------------------

@pytest.fixture
def invite(client, applicant, django_capture_on_commit_callbacks):
    """Invite through the page (the e-mail goes after commit); return the link's path."""

    def invite_(email="colleague@org.example.jp") -> str:
        client.force_login(applicant)
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(reverse("colleagues"), {"email": email})
        return _link_after(client, response)

    return invite_


def _link_after(client, response) -> str:
    assert (response.status_code, response.url) == (302, reverse("colleagues"))
    (message,) = mail.outbox
    link = next(line for line in message.body.splitlines() if "/invitations/" in line)
    client.logout()
    return link.replace(settings.SITE_URL, "")


def test_invitation_is_e_mailed_and_accepted(client, applicant, invite):
    path = invite()
    assert mail.outbox[0].to == ["colleague@org.example.jp"]
    assert applicant.organisation.name_ja in mail.outbox[0].subject
    use(client, "en")
    page = client.get(path)
    assert page.status_code == 200
    assert "colleague@org.example.jp" in page.content.decode()
    response = client.post(path, {"last_name": "鈴木", "first_name": "次郎", "language": "en",
                                  "password1": PASSWORD, "password2": PASSWORD}, follow=True)
    assert response.redirect_chain == [(reverse("home"), 302)]
    user = User.objects.get(email="colleague@org.example.jp")
    assert (user.role, user.organisation, user.language) == (
        Role.APPLICANT, applicant.organisation, "en")
    invitation = Invitation.objects.get()
    assert (invitation.accepted_user, invitation.accepted_at is not None) == (user, True)
    assert response.context["user"] == user


def test_an_accepted_invitation_cannot_be_used_again(client, applicant, invite):
    path = invite()
    client.post(path, {"last_name": "鈴木", "first_name": "次郎", "language": "ja",
                       "password1": PASSWORD, "password2": PASSWORD})
    client.logout()
    use(client, "en")
    response = client.get(path)
    assert response.status_code == 410
    assert response.context["problem"] == (
        "This invitation has already been used. Log in with your account.")


def test_an_expired_invitation_is_refused(client, applicant, invite):
    path = invite()
    use(client, "en")
    with time_machine.travel(timezone.now() + dt.timedelta(days=14, seconds=1)):
        response = client.get(path)
        posted = client.post(path, {"last_name": "鈴木", "first_name": "次郎", "language": "ja",
                                    "password1": PASSWORD, "password2": PASSWORD})
    assert (response.status_code, posted.status_code) == (410, 410)
    assert response.context["problem"] == (
        "This invitation has expired. Ask your colleague to invite you again.")
    assert User.objects.filter(email="colleague@org.example.jp").exists() is False


def test_an_invitation_is_valid_until_its_last_moment(client, applicant, invite):
    path = invite()
    with time_machine.travel(timezone.now() + dt.timedelta(days=13, hours=23)):
        assert client.get(path).status_code == 200


def test_a_tampered_invitation_link_is_refused(client, applicant, invite):
    path = invite()
    token = path.rstrip("/").rsplit("/", 1)[-1]
    tampered = path.replace(token, token[:-1] + ("A" if token[-1] != "A" else "B"))
    use(client, "en")
    response = client.get(tampered)
    assert response.status_code == 404
    assert response.context["problem"] == (
        "This invitation link is not valid. Check that you copied the whole link from the "
        "e-mail.")


def test_inviting_an_existing_account_is_refused_at_the_field(client, applicant, hq_staff):
    client.force_login(applicant)
    use(client, "en")
    response = client.post(reverse("colleagues"), {"email": hq_staff.email})
    assert response.context["form"].errors == {
        "email": ["This address already has an account on the portal."]}
    assert (Invitation.objects.count(), len(mail.outbox)) == (0, 0)


@pytest.mark.parametrize("role_fixture", ["hq_staff", "hq_reviewer", "overseas_reviewer"])
def test_only_applicants_invite_colleagues(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("colleagues")).status_code == 404


def test_an_applicant_cannot_invite_into_another_organisation(applicant):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        invitation_create(organisation=OrganisationFactory(), email="x@example.jp", by=applicant)


@pytest.mark.parametrize("n_rows", [1, 4])
def test_colleagues_page_query_count(client, applicant, django_assert_num_queries, n_rows):
    from tests.factories import UserFactory

    for i in range(n_rows):
        UserFactory(role=Role.APPLICANT, organisation=applicant.organisation)
        Invitation.objects.create(organisation=applicant.organisation, email=f"p{i}@example.jp",
                                  token_hash=f"{i:064d}",
                                  expires_at=timezone.now() + dt.timedelta(days=3))
    client.force_login(applicant)
    # savepoint pair, session, user, organisation, members, invitations (the navigation's
    # permissions are rules: no query)
    with django_assert_num_queries(7):
        response = client.get(reverse("colleagues"))
    assert (len(response.context["members"]), len(response.context["invitations"])) == (
        n_rows + 1, n_rows)


def test_the_service_refuses_a_taken_corporate_number_and_e_mail_by_field(applicant):
    """organisation_register enforces what the forms check (e.g. two people registering at
    the same time), each message under its field; nothing is saved."""
    OrganisationFactory(corporate_number=VALID_CORPORATE_NUMBER)
    organisations = ApplicantOrganisation.objects.count()
    with pytest.raises(ValidationError) as exc:
        organisation_register(
            organisation={"name_ja": "重複団体", "corporate_number": VALID_CORPORATE_NUMBER},
            email=applicant.email.upper(), password=PASSWORD, first_name="花子",
            last_name="杉山")
    assert exc.value.message_dict == {
        "corporate_number": ["An organisation with this corporate number is already "
                             "registered. Ask a colleague there to invite you."],
        "email": ["An account with this e-mail address already exists. Log in instead."]}
    assert ApplicantOrganisation.objects.count() == organisations


def test_a_corporate_number_typed_in_full_width_digits_is_stored_in_ascii(client):
    full_width = VALID_CORPORATE_NUMBER.translate(
        str.maketrans("0123456789", "０１２３４５６７８９"))
    client.post(reverse("register"),
                registration_data(**{"org-corporate_number": full_width}))
    assert ApplicantOrganisation.objects.get().corporate_number == VALID_CORPORATE_NUMBER


def test_a_refused_registration_asks_to_type_the_password_again(client):
    use(client, "en")
    response = client.post(reverse("register"),
                           registration_data(**{"org-corporate_number": "7000012050003"}))
    html = response.content.decode()
    assert ("For your security the password is not kept: please type it again." in html,
            f'value="{PASSWORD}"' in html) == (True, False)


def test_the_latin_script_names_are_required_and_a_japanese_title_needs_its_english_one(client):
    use(client, "en")
    response = client.post(reverse("register"), registration_data(**{
        "org-name_en": "", "org-representative_name_en": "", "org-representative_title_en": ""}))
    errors = response.context["org_form"].errors
    assert errors == {
        "name_en": ["Enter the name (English)."],
        "representative_name_en": ["Enter the representative's name (Latin script)."],
        "representative_title_en": [
            "Give the title in English too: the award letter's English page prints it."],
    }
    assert ApplicantOrganisation.objects.exists() is False


def test_the_registration_form_labels_start_with_a_capital_in_english(client):
    use(client, "en")
    response = client.get(reverse("register"))
    forms = (response.context["org_form"], response.context["person_form"])
    labels = [str(form[name].label) for form in forms for name in form.fields]
    assert [label for label in labels if not label[0].isupper()] == []
    assert {"Prefecture", "Family name", "Given name", "Representative's name (Latin script)",
            "Representative's title (English)"} <= set(labels)


def test_a_member_keeps_the_latin_script_names_current_on_the_organisation_page(client):
    organisation = OrganisationFactory(representative_name_en="", representative_title_en="")
    applicant = UserFactory(role=Role.APPLICANT, organisation=organisation)
    client.force_login(applicant)
    use(client, "en")
    url = reverse("organisation-profile")
    page = client.get(url)
    data = {name: page.context["form"][name].value() or "" for name in page.context["form"].fields}

    refused = client.post(url, {**data, "representative_title_en": ""})
    assert refused.context["form"].errors == {
        "representative_name_en": ["Enter the representative's name (Latin script)."],
        "representative_title_en": [
            "Give the title in English too: the award letter's English page prints it."]}

    saved = client.post(url, {**data, "representative_name_en": "Tatsuo Kawada",
                              "representative_title_en": "Chairman"})
    assert saved.status_code == 302
    organisation.refresh_from_db()
    assert (organisation.representative_name_en, organisation.representative_title_en,
            organisation.name_ja) == ("Tatsuo Kawada", "Chairman", organisation.name_ja)
    with translation.override("en"):
        assert (organisation.representative_name, organisation.representative_title) == (
            "Tatsuo Kawada", "Chairman")
    with translation.override("ja"):
        assert organisation.representative_name == "山田 太郎"


def test_the_service_requires_the_english_names_the_letter_prints(db):
    """organisation_register enforces the Latin-script names the forms ask for, at their
    fields (a caller without the form cannot leave the award letter's English page bare)."""
    with pytest.raises(ValidationError) as exc:
        organisation_register(
            organisation={"name_ja": "英語名なし協会", "representative_title_ja": "会長"},
            email="no-english@example.jp", password=PASSWORD, first_name="花子",
            last_name="杉山")
    assert set(exc.value.message_dict) == {"name_en", "representative_name_en",
                                           "representative_title_en"}
    assert not ApplicantOrganisation.objects.filter(name_ja="英語名なし協会").exists()
