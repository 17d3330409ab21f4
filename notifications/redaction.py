"""What staff may read of an e-mail: the message as its addressee gets it, less every link
that acts for the addressee (a password reset, an invitation, a partner's confirmation, a
participant's survey: whoever opens such a link is taken for its addressee).

Two layers, one rule ("a secret link is never shown to staff"):

1. The kinds registry: each kind names the values of its context that are secret links
   (`register_kind(..., secret=("link",))`); `staff_context` replaces them before the
   message is rendered for a page, so the token is never in the page at all.
2. A safety net over any text shown (`redact`): every URL whose route takes a token
   (`<token>`, `<uidb64>`, …) or that carries something shaped like a signed value or a
   long random key is replaced, whatever kind it came in. A kind that forgets to declare
   its secret link is still redacted, and the test of every kind
   (tests/notifications/test_redaction.py) fails until it declares it.
"""

import re
from urllib.parse import parse_qsl, unquote, urlsplit

from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

# Words in a route's parameter names that mark it as a secret (accounts' `<uidb64>/<token>`,
# applications' and projects' `<token>`).
SECRET_PARAMETER_WORDS = ("token", "uid", "signature", "secret", "key")
# Absolute links as they appear in plain-text e-mails (site_url + path).
URL = re.compile(r"https?://[^\s<>\"'()\[\]{}]+", re.IGNORECASE)
# django.core.signing's output (payload:timestamp:signature, base64url with ':' between).
SIGNED_VALUE = re.compile(r"^[\w-]{2,}(?::[\w-]{4,}){1,2}$")
# A long random key: hexadecimal or base64url, with letters and digits mixed.
RANDOM_KEY = re.compile(r"^(?=.*\d)(?=.*[A-Za-z])[\w-]{24,}$")


def withheld() -> str:
    """What a page shows in place of a secret link (in the active language)."""
    return _("[link withheld: only the addressee receives it]")


def staff_context(context: dict, secret: tuple[str, ...]) -> dict:
    """The context with its secret values (`secret`: names of context keys) withheld."""
    return {**context, **{name: withheld() for name in secret if name in context}}


def _looks_secret(value: str) -> bool:
    value = unquote(value)
    return bool(SIGNED_VALUE.match(value) or RANDOM_KEY.match(value))


def is_secret_link(url: str) -> bool:
    """Whether `url` would act for someone: its route takes a secret parameter, or a path
    segment or query value is shaped like a signed value or a random key."""
    parts = urlsplit(url)
    try:
        match = resolve(unquote(parts.path) or "/")
    except Resolver404:
        match = None
    if match is not None and any(word in name.lower() for name in match.kwargs
                                 for word in SECRET_PARAMETER_WORDS):
        return True
    values = [segment for segment in parts.path.split("/") if segment]
    values += [value for _name, value in parse_qsl(parts.query)]
    values += [parts.fragment] if parts.fragment else []
    return any(_looks_secret(value) for value in values)


def redact(text: str) -> str:
    """`text` with every secret link (is_secret_link) replaced by withheld()."""
    if not text:
        return text

    def replace(match: re.Match) -> str:
        url = match.group(0).rstrip(".,;:!?")
        tail = match.group(0)[len(url):]
        return (withheld() if is_secret_link(url) else url) + tail

    return URL.sub(replace, text)
