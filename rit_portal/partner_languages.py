"""The languages of the pages a foreign partner or participant reads without an account.

Staff and applicants use the portal in Japanese or English (`settings.LANGUAGES`, the
language switcher, LocaleMiddleware). The pages behind a signed link that a foreign
partner region or a participant opens — the partner's confirmation of interest, the
participants' satisfaction survey, a foreign region's registration of interest and its own
page (partnering) — and the e-mails that carry those links are offered in
the partner countries' languages too (`settings.PARTNER_LANGUAGES`: English, Japanese,
German, French, Korean, Vietnamese, Traditional Chinese).

The rules, one home each:
- `language_for(request, default=...)`: the reader's choice on the page (`?lang=`, kept
  by the page's form), else the browser's Accept-Language, else the language the link was
  sent in, else English.
- `override(language)`: renders in that language with **English** where a text is
  missing. Django falls back to `settings.LANGUAGE_CODE` (Japanese), which a foreign
  reader cannot read; the partner catalogues (`partner_locale/`) are complete for these
  pages (tests/project/test_partner_languages.py), and should a string slip through, the
  reader gets its English original.
- `chooser(request, current)`: the links of the language chooser
  (`templates/_partner_languages.html`).
"""

from contextlib import contextmanager
from urllib.parse import urlencode

from django import shortcuts
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

ENGLISH = "en"


def codes() -> list[str]:
    return [code for code, _name in settings.PARTNER_LANGUAGES]


def is_partner_language(code) -> bool:
    return isinstance(code, str) and code in codes()


def choices() -> list[tuple[str, str]]:
    """(code, name in its own script), for a form's choice of the language of a link."""
    return list(settings.PARTNER_LANGUAGES)


def _supported_variant(tag: str) -> str | None:
    """The partner language a browser's language tag asks for, or None. Chinese counts
    only in its traditional script (zh-Hant, zh-TW, zh-HK, zh-MO)."""
    tag = tag.lower().replace("_", "-")
    if tag.startswith("zh"):
        parts = tag.split("-")[1:]
        return "zh-hant" if {"hant", "tw", "hk", "mo"} & set(parts) else None
    base = tag.split("-")[0]
    return base if base != "zh" and is_partner_language(base) else None


def from_accept_language(header: str) -> str | None:
    """The first partner language in the browser's preferences (by quality), or None."""
    for tag, _quality in trans_real.parse_accept_lang_header(header or ""):
        if tag == "*":
            continue
        found = _supported_variant(tag)
        if found:
            return found
    return None


def language_for(request, *, default: str = ENGLISH) -> str:
    """The language of a partner-facing page: the reader's choice (`lang` in the query or
    the posted form), else the browser's, else `default` (the language the link was sent
    in), else English. Always one of the partner languages, as a plain str."""
    chosen = request.GET.get("lang") or request.POST.get("lang")
    if is_partner_language(chosen):
        return str(chosen)
    from_browser = from_accept_language(request.META.get("HTTP_ACCEPT_LANGUAGE", ""))
    if from_browser:
        return from_browser
    return str(default) if is_partner_language(default) else ENGLISH


def _english_where_missing(language: str) -> None:
    """Make the active catalogue of a partner language fall back to English (the msgid)
    rather than to Japanese, Django's default language here."""
    if language[:2] in ("ja", "en"):
        return
    catalogue = trans_real.translation(language)
    # Django chains the default language's catalogue as the fallback of every other one
    # (DjangoTranslation._add_fallback); without it a missing text is its English msgid.
    catalogue._fallback = None


@contextmanager
def override(language: str, request=None):
    """Render in `language` (English where a text is missing); sets the request's
    LANGUAGE_CODE too, as LocaleMiddleware would, so that templates' `{% get_current_language %}`
    and the `<html lang>` agree."""
    with translation.override(language):
        _english_where_missing(language)
        if request is not None:
            request.LANGUAGE_CODE = language
        yield


def chooser(request, current: str, only=None) -> list[dict]:
    """The language chooser's entries: each language's name in its own script, the link
    to this page in it (the other query parameters kept), and whether it is the current;
    `only`: the codes a page offers (a page whose content exists in fewer languages)."""
    kept = {key: value for key, value in request.GET.items() if key != "lang"}
    return [{"code": code, "name": name, "current": code == current,
             "url": f"{request.path}?{urlencode({**kept, 'lang': code})}"}
            for code, name in settings.PARTNER_LANGUAGES if only is None or code in only]


def render(request, language: str, template: str, context: dict, status: int = 200,
           only=None):
    """A partner-facing page in `language`: its chooser (of the languages `only` names,
    else all), `language` in the context, and the Content-Language header (a plain str:
    wsgiref refuses any other type)."""
    with override(language, request):
        response = shortcuts.render(request, template, {
            **context, "language": language,
            "partner_languages": chooser(request, language, only)}, status=status)
    response.headers["Content-Language"] = str(language)
    return response
