"""What partnering registers with the applications app (apps.py): a draft started from an
introduction offers, in its criterion 3 section, to ask the region's contact to confirm
the interest (the request form filled in with the contact)."""

from applications.selectors import PARTNER_CONTACT_SUGGESTIONS

from .models import Introduction


def contact_of_introduction(*, application) -> dict | None:
    introduction = (Introduction.objects.select_related("interest")
                    .filter(application=application).first())
    if introduction is None:
        return None
    interest = introduction.interest
    return {"contact_name": interest.contact_name, "contact_email": interest.contact_email,
            "contact_organisation": interest.organisation_name,
            "language": interest.contact_language}


def register() -> None:
    PARTNER_CONTACT_SUGGESTIONS.register(contact_of_introduction)
