"""The traveller's own consent behind a signed link (no account): the Art. 28 information
(the partner country, its system for protecting personal information, the recipients'
measures: services.provision.consent_information, the same the organisation shows) in
Japanese or English (the reader's choice, else the browser's: Japanese for a Japanese
browser, English for any other; else the language the request was sent in), and their
answer, given or refused. A used, replaced, expired or altered link gets a page that
says so."""

from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from rit_portal import partner_languages
from rit_portal.refusals import refusal_shown
from rit_portal.signed_links import LinkExpired, LinkInvalid

from ..forms import TravellerConsentForm
from ..services import (
    CONSENT_LANGUAGES,
    CONSENT_LINK,
    ConsentLinkUsed,
    consent_information,
    delegate_consent_answer,
    delegate_from_consent_token,
    information_digest,
    information_part,
)

TEMPLATE = "projects/consent/{}.html"


def _language(request, default: str = "en") -> str:
    """ja or en: the page's content (the Art. 28 information) exists in these two."""
    chosen = partner_languages.language_for(request, default=default or "en")
    return "ja" if chosen == "ja" else "en"


def _render(request, language: str, name: str, context: dict, status: int = 200):
    return partner_languages.render(request, language, TEMPLATE.format(name), context,
                                    status=status, only=CONSENT_LANGUAGES)


def _refused(request, language: str, reason: str, status: int):
    return _render(request, language, "refused",
                   {"reason": reason, "valid_days": CONSENT_LINK.max_age.days}, status)


@never_cache
def traveller_consent(request, token: str):
    try:
        delegate = delegate_from_consent_token(token)
    except LinkExpired:
        return _refused(request, _language(request), "expired", 410)
    except LinkInvalid:
        return _refused(request, _language(request), "invalid", 404)
    except ConsentLinkUsed as used:
        language = _language(request, used.delegate.consent_language)
        if used.reason == "answered" and request.GET.get("done"):
            return _render(request, language, "done", {"delegate": used.delegate})
        return _refused(request, language, used.reason, 410)
    language = _language(request, delegate.consent_language)
    project = delegate.activity.project_year.project
    with partner_languages.override(language, request):
        try:
            _country, information = consent_information(project=project)
        except ValidationError as exc:  # not assessed yet: nothing to consent to
            return _render(request, language, "form", {
                "delegate": delegate, "project": project, "unavailable": exc.messages[0]})
        form = TravellerConsentForm(request.POST if request.method == "POST" else None,
                                    initial={"shown": information_digest(information)})
        if request.method == "POST" and form.is_valid():
            with refusal_shown(request, form) as refusal:
                delegate_consent_answer(delegate=delegate,
                                        consented=form.cleaned_data["answer"] == "give",
                                        shown=form.cleaned_data["shown"])
            if not refusal:
                return redirect(f"{request.path}?done=1&lang={language}")
            # The information changed meanwhile: the form shows what is true now.
            form.data = form.data.copy()
            form.data["shown"] = information_digest(information)
        return _render(request, language, "form", {
            "delegate": delegate, "project": project, "form": form,
            "information": information_part(information, language)})
