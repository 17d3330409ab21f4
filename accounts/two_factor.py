"""Second factor (TOTP through django-otp) for HQ staff and the administrator.

After the password, such a user confirms a six-digit code from an authenticator app, or
one of ten single-use recovery codes (stored as digests only: models.RecoveryCodeSet). It
is required before any of their pages when RIT_REQUIRE_2FA is set (production), and as
soon as they have enrolled otherwise (the embedded default and the demo: nobody is
stopped, everyone may enrol from their menu).
Both kinds of device are throttled by django-otp (a wait that doubles after each wrong code).
"""

import secrets
from base64 import b32encode

from django.conf import settings
from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in
from django.core.exceptions import ValidationError
from django.db import transaction
from django.dispatch import receiver
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import RecoveryCode, RecoveryCodeSet, recovery_code_digest
from .rules import is_hq_staff

RECOVERY_CODE_COUNT = 10
RECOVERY_DEVICE_NAME = "recovery"
APP_DEVICE_NAME = "authenticator app"


def needs_second_factor(user) -> bool:
    """HQ staff, the administrator and anyone with access to the administration."""
    return bool(user.is_authenticated
                and (is_hq_staff(user) or user.is_staff or user.is_superuser))


def app_device(user) -> TOTPDevice | None:
    """The user's confirmed authenticator app, if enrolled."""
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


# Whether the user had an authenticator app when they logged in (checked once per session).
SESSION_ENROLLED = "rit_2fa_enrolled"


@receiver(user_logged_in)
def _remember_enrolment(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and needs_second_factor(user):
        request.session[SESSION_ENROLLED] = app_device(user) is not None


def second_factor_due(request) -> bool:
    """Whether the logged-in user must confirm a code before using their pages now: always
    with RIT_REQUIRE_2FA, otherwise once they have enrolled."""
    user = request.user
    if not needs_second_factor(user) or user.is_verified():
        return False
    return settings.RIT_REQUIRE_2FA or request.session.get(SESSION_ENROLLED, False)


@transaction.atomic
def totp_enrolment_start(*, user) -> TOTPDevice:
    """The unconfirmed device whose secret the enrolment page shows (one at a time)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


@transaction.atomic
def totp_enrolment_confirm(*, user, device: TOTPDevice, code: str) -> list[str]:
    """Confirm the new app with a code it shows; it replaces any earlier app. Returns new
    recovery codes (shown once). Raises ValidationError on "code" for a wrong code."""
    if device.user_id != user.pk or device.confirmed:
        raise ValidationError({"code": _("Start the set-up again.")})
    _refuse_while_throttled(device)
    if not device.verify_token(code.strip()):
        raise ValidationError({"code": _("This code is not correct. Check the time on your "
                                         "phone and type the code the app shows now.")})
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return recovery_codes_renew(user=user)


@transaction.atomic
def recovery_codes_renew(*, user) -> list[str]:
    """Replace the user's recovery codes with RECOVERY_CODE_COUNT new ones (returned once,
    to be shown once: only their digests are stored; each works once)."""
    device, _created = RecoveryCodeSet.objects.get_or_create(user=user,
                                                             name=RECOVERY_DEVICE_NAME)
    device.codes.all().delete()
    # 16 base32 characters (80 random bits) each; django-otp's own would be 8 (40 bits).
    codes = [b32encode(secrets.token_bytes(10)).decode().lower()
             for _ in range(RECOVERY_CODE_COUNT)]
    RecoveryCode.objects.bulk_create(RecoveryCode(device=device, digest=recovery_code_digest(c))
                                     for c in codes)
    return codes


def password_confirm(*, request, password: str) -> None:
    """Check the logged-in user's password again before their second factor changes
    (replacing the app, renewing the recovery codes): a session confirmed by a recovery
    code, or left open, is not enough (ASVS V3.7.1). Goes through authenticate(), so a
    wrong password counts against the account's login throttling (django-axes) like a
    wrong login. Raises ValidationError on "password"."""
    user = request.user
    confirmed = authenticate(request, username=user.get_username(), password=password or "")
    if confirmed is None or confirmed.pk != user.pk:
        raise ValidationError({"password": _("This is not your password.")})


def recovery_codes_left(user) -> int:
    return RecoveryCode.objects.filter(device__user=user, device__confirmed=True).count()


def _refuse_while_throttled(device) -> None:
    allowed, details = device.verify_is_allowed()
    if not allowed:
        raise ValidationError({"code": _("Too many wrong codes. Wait a minute and try "
                                         "again.")})


def second_factor_verify(*, request, code: str) -> None:
    """Check `code` (app or recovery) for the logged-in user and mark the session verified.
    Raises ValidationError on "code"."""
    user = request.user
    code = "".join(code.split()).lower()
    if code.isdigit():
        device = app_device(user)
    else:
        device = RecoveryCodeSet.objects.filter(user=user, name=RECOVERY_DEVICE_NAME).first()
    if device is None:
        raise ValidationError({"code": _("This code is not correct.")})
    _refuse_while_throttled(device)
    verified = verify_token(user, device.persistent_id, code)
    if verified is None:
        raise ValidationError({"code": _("This code is not correct.")})
    otp_login(request, verified)


# Pages a user with a second factor due may still open: the second-factor pages themselves,
# logging out and the language switch.
OPEN_WHILE_DUE = ("two-factor-verify", "two-factor-setup", "logout", "set_language")


class TwoFactorMiddleware:
    """Sends a user whose second factor is due to confirm it (or to set it up) first."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if user.is_authenticated and second_factor_due(request):
            match = _resolve(request.path_info)
            if match is None or match.view_name not in OPEN_WHILE_DUE:
                target = "two-factor-verify" if app_device(user) else "two-factor-setup"
                return redirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)


def _resolve(path: str):
    from django.urls import Resolver404, resolve

    try:
        return resolve(path)
    except Resolver404:
        return None
