"""What accounts tells the notifications app at start-up (apps.py): how its people are
written to, and the e-mails it owns (an invitation, a password reset)."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifications.enums import Kind
from notifications.kinds import register_kind
from notifications.recipients import register_addressee

from .models import ApplicantOrganisation, Invitation, User


def organisation_recipients(organisation: ApplicantOrganisation) -> list[str]:
    """The organisation's contact address and its active members' addresses, sorted."""
    members = organisation.members.filter(is_active=True).values_list("email", flat=True)
    return sorted({organisation.contact_email, *members} - {""})


def _invitation(params: dict) -> dict:
    from .services import invitation_link

    invitation = (Invitation.objects.select_related("organisation", "office", "invited_by")
                  .get(pk=params["invitation"]))
    return {"invitation": invitation, "link": invitation_link(invitation)}


def _password_reset(params: dict) -> dict:
    # Made when sent: valid for PASSWORD_RESET_TIMEOUT from then, and only until the
    # password changes or the user logs in (Django's token covers both).
    user = User.objects.get(pk=params["user"])
    path = reverse("password_reset_confirm",
                   kwargs={"uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
                           "token": default_token_generator.make_token(user)})
    return {"user": user, "link": settings.SITE_URL + path}


def register() -> None:
    # An applicant organisation: its contact address and every active member, in the
    # organisation's preferred language. A user: their address, in their own language.
    register_addressee(ApplicantOrganisation, lambda organisation: (
        organisation_recipients(organisation), organisation.preferred_language,
        f"organisation:{organisation.pk}"))
    register_addressee(User, lambda user: ([user.email], user.language, f"user:{user.pk}"))
    # Both links act for their addressee: staff never see them (notifications.redaction).
    register_kind(Kind.INVITATION, context=_invitation, secret=("link",))
    register_kind(Kind.PASSWORD_RESET, context=_password_reset, secret=("link",))
