"""The languages of the foreign side: the public pages' and the contact's e-mails.

A foreign visitor reads the public pages in the language they chose (the language cookie),
else the first of their browser's languages the portal has, else English — never the
portal's default Japanese for a browser that does not ask for it. Their e-mails are written
in the language they registered in, English when the portal no longer has it.
"""

from django.conf import settings
from django.utils import translation
from django.utils.translation.trans_real import parse_accept_lang_header

FALLBACK = "en"


def available() -> set[str]:
    return {code for code, _name in settings.LANGUAGES}


def partner_language(code: str) -> str:
    """The language to write to a contact who chose `code` (English if not offered)."""
    return code if code in available() else FALLBACK


def foreign_reader_language(request) -> str:
    """The language of a public page for a visitor without an account (see above)."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen in available():
        return chosen
    for accepted, _quality in parse_accept_lang_header(
            request.META.get("HTTP_ACCEPT_LANGUAGE", "")):
        for code in (accepted.lower(), accepted.lower().split("-")[0]):
            if code in available():
                return code
    return FALLBACK


def in_foreign_reader_language(view):
    """A view decorator: the page in foreign_reader_language, with Content-Language."""
    from functools import wraps

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = foreign_reader_language(request)
        with translation.override(language):
            request.LANGUAGE_CODE = language
            response = view(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
        response.headers["Content-Language"] = language
        return response

    return wrapper
