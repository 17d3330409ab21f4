"""The privacy notice (public, every version kept; the current one shows the retention
schedule in force, privacy.retention); a person's download of what the portal holds about
them; the programme office's answers to personal data requests (APPI Art. 33–35)."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rit_portal import partner_languages
from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown, refusal_to_form

from . import retention, services
from .enums import AccessKind
from .export import holdings_json, holdings_pdf
from .forms import (
    CloseForm,
    CorrectionForm,
    DataRequestForm,
    ErasureForm,
    ProvisionFilterForm,
    SearchForm,
)
from .holdings import SHOWN_PER_CATEGORY, holdings_of_user
from .models import PrivacyNotice
from .selectors import data_request_for_user, data_requests, provision_years, provisions

FORMATS = {"json": "application/json; charset=utf-8", "pdf": "application/pdf"}

SITE_LANGUAGES = ("ja", "en")


def _reader_language(request) -> str:
    """The reader's choice on the page (`?lang=`, one of the partner languages), else a
    partner language the browser prefers over Japanese and English (a foreign partner
    arriving from a page in their language), else the site's language (Japanese or
    English, as the language switcher and LocaleMiddleware chose)."""
    chosen = request.GET.get("lang")
    if partner_languages.is_partner_language(chosen):
        return str(chosen)
    browser = partner_languages.from_accept_language(request.META.get("HTTP_ACCEPT_LANGUAGE",
                                                                      ""))
    if browser and browser not in SITE_LANGUAGES:
        return browser
    return translation.get_language() or "ja"


def notice(request, version: int | None = None):
    """The notice in force, or an earlier version (what a person was told then), in
    Japanese, English or a partner language: there, its translation marked as one (the
    Japanese text authoritative), or the English text while the version has none."""
    versions = list(PrivacyNotice.objects.order_by("-version"))
    shown = next((n for n in versions if version is None or n.version == version), None)
    if shown is None:
        raise Http404
    language = _reader_language(request)
    translated = None
    if language not in SITE_LANGUAGES:
        translated = shown.translations.filter(language=language).first()
    with translation.override("ja" if language == "ja" else "en"):
        # The stored bilingual text in the language shown: Japanese, else English.
        blocks = translated.blocks() if translated else shown.blocks()
    is_current = shown == versions[0]
    foreign = language not in SITE_LANGUAGES
    return partner_languages.render(request, language, "privacy/notice.html", {
        "notice": shown, "versions": versions, "is_current": is_current,
        # The schedule's table is in Japanese and English; a foreign reader has its
        # summary in the translated text (section 5).
        "schedule": retention.schedule() if is_current and not foreign else [],
        "blocks": blocks, "translated": translated, "foreign": language not in SITE_LANGUAGES,
        "untranslated": language not in SITE_LANGUAGES and translated is None,
        "text_language": language if translated or language in SITE_LANGUAGES else "en"})


def _download(content: bytes, *, file_format: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=FORMATS[file_format])
    response["Content-Disposition"] = f'attachment; filename="{name}.{file_format}"'
    return response


@gate()
def my_data(request):
    """What the portal holds about the signed-in person, every category, and its files."""
    return render(request, "privacy/my_data.html", {
        "holdings": holdings_of_user(request.user, limit=SHOWN_PER_CATEGORY),
        "shown": SHOWN_PER_CATEGORY})


@gate()
def my_data_download(request, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    about = str(request.user)  # name <address>
    if file_format == "json":
        content = holdings_json(holdings_of_user(request.user), about=about)
    else:  # for reading: the first of each category, as the page shows them
        content = holdings_pdf(holdings_of_user(request.user, limit=SHOWN_PER_CATEGORY),
                               about=about, shown=SHOWN_PER_CATEGORY)
    return _download(content, file_format=file_format,
                     name=f"rit-portal-my-data-{timezone.localdate():%Y%m%d}")


@gate("privacy.answer_requests")
def request_list(request):
    page = paginate(data_requests(), params=request.GET)
    return render(request, "privacy/requests.html", {"page": page})


@gate("privacy.read_provisions")
def provision_list(request):
    """The record of provisions to third parties (APPI Art. 29), newest first, filtered;
    reading it is logged (it shows passport names). A filter that does not validate shows
    its message at the field and the unfiltered record."""
    form = ProvisionFilterForm(request.GET or None, years=provision_years())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    page = paginate(provisions(**{key: value for key, value in filters.items() if value}),
                    params=request.GET)
    services.access_record(by=request.user, what=AccessKind.PROVISIONS,
                           subject=f"Provisions to third parties · p. {page.number}",
                           path=request.get_full_path())
    return render(request, "privacy/provisions.html", {"form": form, "page": page})


@gate("privacy.answer_requests")
def request_new(request):
    form = DataRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data_request = refusal_to_form(form, lambda: services.data_request_record(
            by=request.user, **form.cleaned_data))
        if data_request is not None:
            messages.success(request, _("The request has been recorded."))
            return redirect("privacy:request", pk=data_request.pk)
    return render(request, "privacy/request_new.html", {"form": form})


def _shown(holdings, correction):
    """The holdings as the request's page shows them: each entry with one small form per
    field HQ may correct (the failed one keeps what was typed and its messages)."""
    failed = None
    if correction is not None and correction.is_bound:
        failed = (correction.data.get("category"), correction.data.get("record"),
                  correction.data.get("field"))
    shown = []
    for holding in holdings or ():
        entries = []
        for entry in holding.entries:
            fields = []
            for name, value in entry.correctable.items():
                here = failed == (holding.category.code, str(entry.pk), name)
                fields.append({
                    "name": name, "label": holding.category.corrections.get(name, name),
                    "value": correction.data.get("value", "") if here else value,
                    "errors": ([str(m) for errors in correction.errors.values() for m in errors]
                               if here else []),
                })
            entries.append({"entry": entry, "corrections": fields})
        shown.append({"holding": holding, "entries": entries})
    return shown


def _detail(request, data_request, *, correction=None, close_form=None, status=200):
    """The request's page: its facts, the search (`?term=`; written on the history when
    HQ sends the search form), what matches grouped by category, the history."""
    search = SearchForm(request.GET if "term" in request.GET else None,
                        initial={"term": data_request.person_email or data_request.person_name})
    holdings = None
    if search.is_bound and search.is_valid():
        holdings = refusal_to_form(search, lambda: services.data_request_search(
            request=data_request, term=search.cleaned_data["term"], by=request.user,
            on_trail="search" in request.GET))
    term = search.cleaned_data.get("term", "") if search.is_bound and not search.errors else ""
    return render(request, "privacy/request.html", {
        "data_request": data_request, "search": search, "holdings": _shown(holdings, correction),
        "searched": holdings is not None, "term": term,
        "term_query": urlencode({"term": term}),
        "correction": correction, "close_form": close_form or CloseForm(),
        "trail": services.request_trail(request=data_request),
    }, status=status)


@gate("privacy.answer_requests", lookup=data_request_for_user)
def request_detail(request, data_request):
    return _detail(request, data_request)


@gate("privacy.answer_requests", lookup=data_request_for_user)
def request_export(request, data_request, file_format: str):
    if file_format not in FORMATS:
        raise Http404
    search = SearchForm(request.GET)
    holdings = search.is_valid() and refusal_to_form(search, lambda: services.data_request_search(
        request=data_request, term=search.cleaned_data["term"], by=request.user,
        on_trail=False))
    if not holdings:
        return _detail(request, data_request, status=400)
    term = search.cleaned_data["term"]
    services.data_request_exported(request=data_request, term=term, file_format=file_format,
                                   by=request.user)
    about = _("what the portal holds matching “%(term)s” (request of %(person)s)") % {
        "term": term, "person": data_request.person_name}
    content = (holdings_json(holdings, about=about) if file_format == "json"
               else holdings_pdf(holdings, about=about))
    return _download(content, file_format=file_format,
                     name=f"personal-data-request-{data_request.pk}")


def _back(data_request, term: str):
    url = reverse("privacy:request", kwargs={"pk": data_request.pk})
    return redirect(f"{url}?{urlencode({'term': term})}" if term else url)


@require_POST
@gate("privacy.answer_requests", lookup=data_request_for_user)
def request_correct(request, data_request):
    form = CorrectionForm(request.POST)
    term = request.POST.get("term", "")
    if form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request, form) as refusal:
            services.record_correct(request=data_request, category_code=data["category"],
                                    pk=data["record"], field=data["field"],
                                    value=data["value"], by=request.user)
        if not refusal:
            messages.success(request, _("The field has been corrected."))
            return _back(data_request, term)
    request.GET = request.GET.copy()
    request.GET["term"] = term
    return _detail(request, data_request, correction=form, status=400)


@require_POST
@gate("privacy.answer_requests", lookup=data_request_for_user)
def request_erase(request, data_request):
    form = ErasureForm(request.POST)
    term = request.POST.get("term", "")
    if form.is_valid():
        with refusal_shown(request) as refusal:
            services.record_erase(request=data_request,
                                  category_code=form.cleaned_data["category"],
                                  pk=form.cleaned_data["record"], by=request.user)
        if not refusal:
            messages.success(request, _("The record's personal fields have been erased."))
    else:
        messages.error(request, _("This record cannot be erased here."))
    return _back(data_request, term)


@require_POST
@gate("privacy.answer_requests", lookup=data_request_for_user)
def request_close(request, data_request):
    form = CloseForm(request.POST)
    if form.is_valid() and refusal_to_form(form, lambda: services.data_request_close(
            request=data_request, answer=form.cleaned_data["answer"], by=request.user)):
        messages.success(request, _("The request has been closed with its answer."))
        return redirect("privacy:request", pk=data_request.pk)
    return _detail(request, data_request, close_form=form, status=400)
