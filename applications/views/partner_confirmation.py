"""The partner contact's page behind the signed link: no login, always in English."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from ..enums import ConfirmationStatus
from ..forms import PartnerAnswerForm
from ..services import (
    PARTNER_LINK_MAX_AGE,
    PartnerLinkExpired,
    PartnerLinkInvalid,
    partner_confirmation_answer,
    partner_confirmation_from_token,
)


@never_cache
def partner_confirm(request, token: str):
    """Show the request and take the answer once; refuse expired or altered links."""
    with translation.override("en"):
        request.LANGUAGE_CODE = "en"
        try:
            confirmation = partner_confirmation_from_token(token)
        except PartnerLinkExpired:
            return render(request, "applications/partner/link_refused.html",
                          {"expired": True, "valid_days": PARTNER_LINK_MAX_AGE.days},
                          status=410)
        except PartnerLinkInvalid:
            return render(request, "applications/partner/link_refused.html",
                          {"expired": False}, status=404)
        form = PartnerAnswerForm(request.POST or None)
        pending = confirmation.status == ConfirmationStatus.PENDING
        if request.method == "POST" and pending and form.is_valid():
            try:
                partner_confirmation_answer(
                    confirmation=confirmation,
                    confirmed=form.cleaned_data["answer"] == "confirm",
                    message=form.cleaned_data["message"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                return redirect(request.path)
        response = render(request, "applications/partner/confirm.html", {
            "confirmation": confirmation, "application": confirmation.application,
            "form": form, "pending": pending})
        response.headers["Content-Language"] = "en"
        return response
