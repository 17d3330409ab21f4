"""Who receives an e-mail, and in which language: the one rule for each kind of addressee.

- an applicant organisation: its contact address and every active member, in the
  organisation's preferred language;
- a user (a reviewer, HQ staff): their address, in their own language;
- an address with no account (a partner contact, an invited colleague): that address, in
  the language the caller names.
"""

from dataclasses import dataclass

from accounts.models import ApplicantOrganisation, User


@dataclass(frozen=True)
class Address:
    """Someone without an account: an e-mail address and the language to write in."""

    email: str
    language: str


Addressee = ApplicantOrganisation | User | Address


def organisation_recipients(organisation: ApplicantOrganisation) -> list[str]:
    """The organisation's contact address and its active members' addresses, sorted."""
    members = organisation.members.filter(is_active=True).values_list("email", flat=True)
    return sorted({organisation.contact_email, *members} - {""})


def resolve(to: Addressee) -> tuple[list[str], str, str]:
    """(addresses, language, identity) for `to`; the identity names the addressee in the
    notification's send-once key."""
    if isinstance(to, ApplicantOrganisation):
        return (organisation_recipients(to), to.preferred_language,
                f"organisation:{to.pk}")
    if isinstance(to, User):
        return [to.email], to.language, f"user:{to.pk}"
    if isinstance(to, Address):
        return [to.email], to.language, f"address:{to.email.lower()}"
    raise TypeError(f"notify(to=...) takes an organisation, a user or an Address, not {to!r}")
