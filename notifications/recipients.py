"""Who receives an e-mail, and in which language: one rule for each kind of addressee.

Notifications knows no app above it: the app that owns a kind of addressee registers its
rule at start-up (accounts/mail.py: an applicant organisation — its contact address and
every active member, in the organisation's preferred language; a user — their address, in
their own language). An address with no account (a partner contact, an invited
colleague) is an `Address`: that address, in the language the caller names.
"""

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Address:
    """Someone without an account: an e-mail address and the language to write in."""

    email: str
    language: str


# (addresses, language, identity): the identity names the addressee in the send-once key.
Resolved = tuple[list[str], str, str]
_RESOLVERS: dict[type, Callable[[object], Resolved]] = {}


def register_addressee(model: type, resolver: Callable[[object], Resolved]) -> None:
    """Register how an instance of `model` is written to (its addresses, language and
    identity)."""
    _RESOLVERS[model] = resolver


def resolve(to) -> Resolved:
    """(addresses, language, identity) for `to`: an Address, or an instance of a model an
    app registered."""
    if isinstance(to, Address):
        return [to.email], to.language, f"address:{to.email.lower()}"
    for model in type(to).__mro__:
        if model in _RESOLVERS:
            return _RESOLVERS[model](to)
    raise TypeError(f"notify(to=...) takes an Address or a registered addressee, not {to!r}")
