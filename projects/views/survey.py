"""The participant's survey behind a signed link: no login, in the invitation's language
(Japanese or English; the other one a click away). One answer per link; a used, expired or
altered link gets a page that says so."""

from django.shortcuts import redirect, render
from django.utils import translation
from django.views.decorators.cache import never_cache

from rit_portal.refusals import refusal_shown

from ..enums import SurveyLanguage
from ..forms import SurveyForm
from ..services import (
    SURVEY_LINK_MAX_AGE,
    SurveyLinkExpired,
    SurveyLinkInvalid,
    survey_answer,
    survey_invitation_from_token,
    survey_opened,
)


def _language(request, invitation=None) -> str:
    chosen = request.GET.get("lang") or request.POST.get("lang")
    if chosen not in SurveyLanguage.values:
        chosen = invitation.language if invitation is not None else SurveyLanguage.ENGLISH
    # A plain str: it goes into the Content-Language header, and a header value of any other
    # type (the enum) stops Django's development server (wsgiref) with a 500.
    return str(SurveyLanguage(chosen).value)


def _refused(request, language: str, reason: str, status: int):
    with translation.override(language):
        request.LANGUAGE_CODE = language
        response = render(request, "projects/survey/refused.html",
                          {"reason": reason, "valid_days": SURVEY_LINK_MAX_AGE.days},
                          status=status)
        response.headers["Content-Language"] = language
        return response


@never_cache
def survey(request, token: str):
    try:
        invitation = survey_invitation_from_token(token)
    except SurveyLinkExpired:
        return _refused(request, _language(request), "expired", 410)
    except SurveyLinkInvalid:
        return _refused(request, _language(request), "invalid", 404)
    language = _language(request, invitation)
    if invitation.answered_at is not None:
        if request.GET.get("thanks"):
            with translation.override(language):
                request.LANGUAGE_CODE = language
                return render(request, "projects/survey/thanks.html",
                              {"invitation": invitation, "language": language})
        return _refused(request, language, "answered", 410)
    with translation.override(language):
        request.LANGUAGE_CODE = language
        survey_opened(invitation=invitation)
        form = SurveyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with refusal_shown(request, form) as refusal:
                survey_answer(invitation=invitation, language=language, **form.cleaned_data)
            if not refusal:
                return redirect(f"{request.path}?thanks=1&lang={language}")
        project = invitation.project_year.project
        response = render(request, "projects/survey/form.html", {
            "invitation": invitation, "project": project, "year": invitation.project_year,
            "form": form, "language": language,
            "other_language": "en" if language == "ja" else "ja"})
        response.headers["Content-Language"] = language
        return response
