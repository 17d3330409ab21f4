"""Second factor for HQ staff and the administrator, with it REQUIRED (as production
settings have it) and with it optional (the embedded default and the demo)."""

import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.enums import Role
from accounts.models import RecoveryCode, recovery_code_digest
from tests.factories import DEFAULT_PASSWORD, UserFactory


@pytest.fixture
def required(settings):
    settings.RIT_REQUIRE_2FA = True


def code_for(device: TOTPDevice, *, offset: int = 0) -> str:
    code = totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits,
                drift=offset)
    return f"{code:06d}"


def login(client, user):
    response = client.post(reverse("login"), {"username": user.email,
                                              "password": DEFAULT_PASSWORD})
    assert response.status_code == 302
    client.cookies["django_language"] = "en"  # the login set the user's (Japanese)
    return response


def enrol(client, user) -> list[str]:
    """Walk the set-up page; returns the recovery codes it shows."""
    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(reverse("two-factor-setup"), {"code": code_for(device)})
    assert response.status_code == 200
    page = response.content.decode()
    return re.findall(r"<li>([a-z2-7]{16})</li>", page.split('data-testid="recovery-codes"')[1])


def test_hq_staff_must_set_up_a_second_factor_before_any_hq_page(client, hq_staff, required):
    login(client, hq_staff)
    response = client.get(reverse("applications:call-manage-list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("two-factor-setup") + "?next=")
    setup = client.get(response["Location"])
    assert 'data-testid="qr"' in setup.content.decode() and "<svg" in setup.content.decode()
    codes = enrol(client, hq_staff)
    assert len(codes) == 10 and len(set(codes)) == 10
    assert client.get(reverse("applications:call-manage-list")).status_code == 200


def test_after_the_next_login_the_code_is_asked_and_a_wrong_one_refused(client, hq_staff,
                                                                        required):
    login(client, hq_staff)
    enrol(client, hq_staff)
    client.post(reverse("logout"))
    login(client, hq_staff)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two-factor-verify"))
    wrong = client.post(reverse("two-factor-verify"), {"code": "000000"})
    assert "This code is not correct." in wrong.content.decode()
    assert client.get(reverse("home")).status_code == 302
    device = TOTPDevice.objects.get(user=hq_staff)
    device.throttling_failure_count = 0  # the wrong code above started django-otp's wait
    device.save()
    ok = client.post(reverse("two-factor-verify") + "?next=/reviews/",
                     {"code": code_for(device, offset=1), "next": "/reviews/"})
    assert ok.status_code == 302 and ok["Location"] == "/reviews/"
    assert client.get(reverse("home")).status_code == 200


def test_repeated_wrong_codes_are_throttled(client, hq_staff, required):
    login(client, hq_staff)
    enrol(client, hq_staff)
    client.post(reverse("logout"))
    login(client, hq_staff)
    client.post(reverse("two-factor-verify"), {"code": "000000"})
    device = TOTPDevice.objects.get(user=hq_staff)
    # Even the right code waits for django-otp's delay after a failure.
    response = client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    assert "Too many wrong codes." in response.content.decode()


def test_a_recovery_code_works_once(client, hq_staff, required):
    login(client, hq_staff)
    codes = enrol(client, hq_staff)
    for attempt in range(2):
        client.post(reverse("logout"))
        login(client, hq_staff)
        response = client.post(reverse("two-factor-verify"), {"code": codes[0].upper()})
        if attempt == 0:
            assert response.status_code == 302
        else:
            assert "This code is not correct." in response.content.decode()
    assert RecoveryCode.objects.filter(device__user=hq_staff).count() == 9


def stored_digests(user) -> list[str]:
    return sorted(RecoveryCode.objects.filter(device__user=user).values_list("digest", flat=True))


def test_recovery_codes_are_stored_as_digests_only(client, hq_staff, required):
    login(client, hq_staff)
    codes = enrol(client, hq_staff)
    stored = stored_digests(hq_staff)
    assert stored == sorted(recovery_code_digest(code) for code in codes)
    assert not any(code in digest for code in codes for digest in stored)
    assert len(stored[0]) == 64 and recovery_code_digest(codes[0].upper()) == \
        recovery_code_digest(" ".join(codes[0]))  # as typed: any case, spaces ignored
    # A stolen digest is no code: typed as one, it is refused.
    client.post(reverse("logout"))
    login(client, hq_staff)
    refused = client.post(reverse("two-factor-verify"), {"code": stored[0][:16]})
    assert "This code is not correct." in refused.content.decode()
    assert stored_digests(hq_staff) == stored


def test_the_migration_turns_plain_static_tokens_into_digests(db, hq_staff):
    import importlib
    from types import SimpleNamespace

    from django.apps import apps
    from django.db import connection

    from accounts.models import RecoveryCodeSet

    migration = importlib.import_module(
        "accounts.migrations.0008_recovery_codes_from_static_tokens")
    plain = ["abcdefghijklmnop", "qrstuvwxyz234567"]
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE otp_static_staticdevice (id integer PRIMARY KEY, "
                       "user_id bigint, name varchar(64), confirmed boolean, "
                       "throttling_failure_timestamp timestamp NULL, "
                       "throttling_failure_count integer, created_at timestamp NULL, "
                       "last_used_at timestamp NULL)")
        cursor.execute("CREATE TABLE otp_static_statictoken (id integer PRIMARY KEY, "
                       "device_id integer, token varchar(16))")
        cursor.execute("INSERT INTO otp_static_staticdevice VALUES "
                       "(7, %s, 'recovery', %s, NULL, 2, NULL, NULL)", [hq_staff.pk, True])
        for number, token in enumerate(plain, start=1):
            cursor.execute("INSERT INTO otp_static_statictoken VALUES (%s, 7, %s)",
                           [number, token])
    migration.forwards(apps, SimpleNamespace(connection=connection))
    device = RecoveryCodeSet.objects.get(user=hq_staff)
    assert (device.name, device.confirmed, device.throttling_failure_count) == (
        "recovery", True, 2)
    assert stored_digests(hq_staff) == sorted(recovery_code_digest(t) for t in plain)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM otp_static_statictoken")
        assert cursor.fetchone() == (0,)
        cursor.execute("SELECT count(*) FROM otp_static_staticdevice")
        assert cursor.fetchone() == (0,)
    # Each old code still works, once.
    device.throttling_failure_count = 0
    device.save()
    assert device.verify_token(plain[1]) is True
    assert device.verify_token(plain[1]) is False
    assert stored_digests(hq_staff) == [recovery_code_digest(plain[0])]


def test_the_administration_needs_the_second_factor_too(client, db, required):
    admin = UserFactory(role=Role.SITE_ADMIN, is_staff=True, is_superuser=True)
    login(client, admin)
    assert client.get("/admin/")["Location"].startswith(reverse("two-factor-setup"))
    enrol(client, admin)
    assert client.get("/admin/").status_code == 200


def test_a_password_alone_cannot_replace_the_app(client, hq_staff, required):
    login(client, hq_staff)
    enrol(client, hq_staff)
    client.post(reverse("logout"))
    login(client, hq_staff)
    response = client.get(reverse("two-factor-setup"))
    assert response["Location"] == reverse("two-factor-verify")
    assert TOTPDevice.objects.filter(user=hq_staff).count() == 1


def _logged_in_with_a_recovery_code(client, user) -> list[str]:
    """Enrol, log out, log in again confirming with a recovery code; the codes left."""
    login(client, user)
    codes = enrol(client, user)
    client.post(reverse("logout"))
    login(client, user)
    assert client.post(reverse("two-factor-verify"), {"code": codes[0]}).status_code == 302
    return codes[1:]


@pytest.mark.parametrize(("password", "error"), [
    ("", "Enter your password."), ("wrong-password", "This is not your password.")])
def test_replacing_the_app_after_a_recovery_code_login_asks_for_the_password(
        client, hq_staff, required, password, error):
    """ASVS V3.7.1: a session confirmed by one recovery code (someone who found the printed
    codes and the password's session) cannot move the second factor to their own phone
    without the password."""
    _logged_in_with_a_recovery_code(client, hq_staff)
    old = TOTPDevice.objects.get(user=hq_staff, confirmed=True)
    page = client.get(reverse("two-factor-setup"))
    assert page.status_code == 200
    assert list(page.context["form"].fields) == ["code", "password"]
    new = TOTPDevice.objects.get(user=hq_staff, confirmed=False)
    refused = client.post(reverse("two-factor-setup"),
                          {"password": password, "code": code_for(new)})
    assert refused.status_code == 200
    assert refused.context["form"].errors == {"password": [error]}
    assert list(TOTPDevice.objects.filter(user=hq_staff, confirmed=True)) == [old]
    # With the password the new phone replaces the old one.
    done = client.post(reverse("two-factor-setup"),
                       {"password": DEFAULT_PASSWORD, "code": code_for(new)})
    assert done.status_code == 200 and 'data-testid="recovery-codes"' in done.content.decode()
    assert list(TOTPDevice.objects.filter(user=hq_staff)) == [new]


@pytest.mark.parametrize(("password", "error"), [
    ("", "Enter your password."), ("wrong-password", "This is not your password.")])
def test_renewing_the_recovery_codes_after_a_recovery_code_login_asks_for_the_password(
        client, hq_staff, required, password, error):
    left = _logged_in_with_a_recovery_code(client, hq_staff)
    manage = client.get(reverse("two-factor"))
    assert 'data-testid="renew-codes"' in manage.content.decode()
    assert 'name="password"' in manage.content.decode()
    refused = client.post(reverse("two-factor-recovery-codes"), {"password": password})
    assert refused.status_code == 400
    assert refused.context["renew_form"].errors == {"password": [error]}
    assert stored_digests(hq_staff) == sorted(recovery_code_digest(c) for c in left)
    done = client.post(reverse("two-factor-recovery-codes"), {"password": DEFAULT_PASSWORD})
    assert done.status_code == 200
    new = re.findall(r"<li>([a-z2-7]{16})</li>",
                     done.content.decode().split('data-testid="recovery-codes"')[1])
    assert stored_digests(hq_staff) == sorted(recovery_code_digest(c) for c in new)
    assert not set(new) & set(left)


def test_wrong_passwords_on_the_two_factor_pages_count_towards_the_login_lockout(
        client, hq_staff, required, settings):
    settings.AXES_ENABLED = True
    settings.AXES_FAILURE_LIMIT = 3
    settings.TRUSTED_PROXY_COUNT = 0
    _logged_in_with_a_recovery_code(client, hq_staff)
    for _ in range(3):
        client.post(reverse("two-factor-recovery-codes"), {"password": "guess"})
    client.post(reverse("logout"))
    locked = client.post(reverse("login"), {"username": hq_staff.email,
                                            "password": DEFAULT_PASSWORD})
    assert locked.status_code == 429


def test_the_password_is_asked_again_in_japanese(client, hq_staff, required):
    _logged_in_with_a_recovery_code(client, hq_staff)
    client.cookies["django_language"] = "ja"
    refused = client.post(reverse("two-factor-recovery-codes"), {"password": "wrong"})
    assert refused.context["renew_form"].errors == {"password": ["パスワードが正しくありません。"]}


def test_applicants_and_reviewers_are_not_asked_and_have_no_such_pages(client, applicant,
                                                                      hq_reviewer, required):
    for user in (applicant, hq_reviewer):
        login(client, user)
        assert client.get(reverse("home")).status_code == 200
        assert client.get(reverse("two-factor-setup")).status_code == 404
        client.post(reverse("logout"))


def test_in_the_embedded_default_hq_is_not_stopped_until_enrolled(client, hq_staff):
    login(client, hq_staff)
    assert client.get(reverse("home")).status_code == 200
    page = client.get(reverse("two-factor")).content.decode()
    assert "Not set up yet." in page
    enrol(client, hq_staff)
    client.post(reverse("logout"))
    login(client, hq_staff)
    assert client.get(reverse("home"))["Location"].startswith(reverse("two-factor-verify"))


def test_the_setup_page_in_japanese(client, hq_staff):
    client.cookies["django_language"] = "ja"
    client.force_login(hq_staff)
    page = client.get(reverse("two-factor-setup")).content.decode()
    assert "二要素認証を設定する" in page


def test_production_settings_require_it():
    from tests.project.test_settings import run_python

    out = run_python(
        "import django; django.setup(); from django.conf import settings as s; "
        "print(s.RIT_REQUIRE_2FA, s.LANGUAGE_COOKIE_SECURE, s.TRUSTED_PROXY_COUNT, "
        "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, "
        "s.SECURE_HSTS_SECONDS, s.SECURE_CONTENT_TYPE_NOSNIFF, s.X_FRAME_OPTIONS)",
        DJANGO_SETTINGS_MODULE="rit_portal.settings.production", SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="rit.example.jp", EMAIL_URL="smtp+tls://portal:pw@smtp.example.jp:587")
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ["True", "True", "1", "True", "True", "True", "31536000",
                                  "True", "DENY"]
