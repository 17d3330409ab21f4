"""The foreign side's language (rit_portal/partner_languages.py, one rule for every page a
foreign partner reads without an account): the region's public pages open in the reader's
choice (`?lang=`, the page's chooser), else the browser's language among the partner
languages, else English, with English wherever a text is not translated; the contact's
e-mails are written in the language the form was filled in (English when the portal no
longer offers it)."""

from functools import wraps

from rit_portal import partner_languages

ENGLISH = partner_languages.ENGLISH


def partner_language(code: str) -> str:
    """The language to write to a contact who chose `code` (English if not offered)."""
    return str(code) if partner_languages.is_partner_language(code) else ENGLISH


def in_foreign_reader_language(view):
    """A view decorator: the page in the reader's partner language (see above), its
    chooser in `request.partner_languages`, Content-Language set."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        language = partner_languages.language_for(request)
        with partner_languages.override(language, request):
            request.partner_languages = partner_languages.chooser(request, language)
            response = view(request, *args, **kwargs)
        response.headers["Content-Language"] = str(language)
        return response

    return wrapper


def with_language(url: str, request) -> str:
    """`url` in the page's language (the chooser's `lang` kept across a redirect)."""
    return f"{url}?lang={request.LANGUAGE_CODE}"
