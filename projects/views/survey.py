"""The participant's survey behind a signed link: no login, in the participant's language
(rit_portal/partner_languages.py: the reader's choice, else the browser's language, else
the invitation's language; every partner language a click away). One answer per link; a
used, expired or altered link gets a page that says so."""

from django.shortcuts import redirect
from django.views.decorators.cache import never_cache

from rit_portal import partner_languages
from rit_portal.refusals import refusal_shown

from ..forms import SurveyForm
from ..services import (
    SURVEY_LINK_MAX_AGE,
    SurveyLinkExpired,
    SurveyLinkInvalid,
    survey_answer,
    survey_invitation_from_token,
    survey_opened,
)


def _refused(request, language: str, reason: str, status: int):
    return partner_languages.render(request, language, "projects/survey/refused.html",
                 {"reason": reason, "valid_days": SURVEY_LINK_MAX_AGE.days}, status=status)


@never_cache
def survey(request, token: str):
    try:
        invitation = survey_invitation_from_token(token)
    except SurveyLinkExpired:
        return _refused(request, partner_languages.language_for(request), "expired", 410)
    except SurveyLinkInvalid:
        return _refused(request, partner_languages.language_for(request), "invalid", 404)
    language = partner_languages.language_for(request, default=invitation.language)
    if invitation.answered_at is not None:
        if request.GET.get("thanks"):
            return partner_languages.render(request, language, "projects/survey/thanks.html",
                         {"invitation": invitation})
        return _refused(request, language, "answered", 410)
    with partner_languages.override(language, request):
        survey_opened(invitation=invitation)
        form = SurveyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with refusal_shown(request, form) as refusal:
                survey_answer(invitation=invitation, language=language, **form.cleaned_data)
            if not refusal:
                return redirect(f"{request.path}?thanks=1&lang={language}")
        project = invitation.project_year.project
        return partner_languages.render(request, language, "projects/survey/form.html", {
            "invitation": invitation, "project": project, "year": invitation.project_year,
            "form": form})
