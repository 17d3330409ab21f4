"""A link that acts for someone without an account (a partner contact, a participant, a
foreign region): django.core.signing over what it stands for (an id and the addressee's
e-mail address, so that it cannot be altered to open another record and stops working
when the address changes), checked against a maximum age.

    REGION_LINK = SignedLink(salt="partnering.region-page", max_age=dt.timedelta(days=30))
    token = REGION_LINK.token({"id": interest.pk, "email": interest.contact_email})
    data = REGION_LINK.payload(token)     # LinkExpired / LinkInvalid

The partner's confirmation (applications.services.partner) and the survey
(projects.services.surveys) follow the same pattern with their own exceptions.
"""

import datetime as dt
from dataclasses import dataclass

from django.core import signing


class LinkExpired(Exception):
    """The link was genuine but is older than its maximum age."""


class LinkInvalid(Exception):
    """The link was altered or truncated, or names a record that no longer exists."""


@dataclass(frozen=True)
class SignedLink:
    salt: str
    max_age: dt.timedelta

    def token(self, payload: dict) -> str:
        return signing.dumps(payload, salt=self.salt, compress=True)

    def payload(self, token: str) -> dict:
        """What the token was made from; LinkExpired or LinkInvalid else."""
        try:
            data = signing.loads(token, salt=self.salt, max_age=self.max_age)
        except signing.SignatureExpired as exc:
            raise LinkExpired from exc
        except signing.BadSignature as exc:
            raise LinkInvalid from exc
        if not isinstance(data, dict):
            raise LinkInvalid
        return data
