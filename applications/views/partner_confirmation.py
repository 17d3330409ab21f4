"""The partner contact's page behind the signed link: no login, in the partner's language
(rit_portal/partner_languages.py: the reader's choice, else the browser's language, else
the language the request was sent in)."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from rit_portal import partner_languages

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
    try:
        confirmation = partner_confirmation_from_token(token)
    except PartnerLinkExpired:
        return partner_languages.render(request, partner_languages.language_for(request),
                     "applications/partner/link_refused.html",
                     {"expired": True, "valid_days": PARTNER_LINK_MAX_AGE.days}, status=410)
    except PartnerLinkInvalid:
        return partner_languages.render(request, partner_languages.language_for(request),
                     "applications/partner/link_refused.html", {"expired": False}, status=404)
    language = partner_languages.language_for(request, default=confirmation.language)
    with partner_languages.override(language, request):
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
                return redirect(f"{request.path}?lang={language}")
        return partner_languages.render(request, language, "applications/partner/confirm.html", {
            "confirmation": confirmation, "application": confirmation.application,
            "form": form, "pending": pending})
