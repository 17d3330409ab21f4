"""The lifecycle of a foreign region's interest (rit_portal.lifecycle):

    unconfirmed ──the contact confirms the address (the portal)──▶ awaiting review
    awaiting review ──HQ or the covering office──▶ published | not published (a reason)
    published ──HQ or the covering office takes it off, with a reason──▶ not published
    not published ──HQ or the covering office──▶ published

An interest the office registers on the region's behalf starts awaiting review (no address
to confirm: the office met the region). The contact is told of publication and of a
refusal (with the reason), in the contact's language.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications.predicates import is_system
from notifications.enums import Kind
from notifications.recipients import Address
from notifications.services import notify
from rit_portal.lifecycle import Ability, Lifecycle, May, Rule

from .enums import InterestStatus as I
from .languages import partner_language
from .models import Interest, InterestStatusChange
from .rules import reviews_interest


def _reason_check(interest: Interest, *, note: str = "", **facts) -> None:
    if not note:
        raise ValidationError({"note": _("Give the reason: the region reads it.")})


INTEREST_MOVES: dict[str, dict[str, Rule]] = {
    I.UNCONFIRMED: {I.AWAITING_REVIEW: Rule(is_system)},
    I.AWAITING_REVIEW: {I.PUBLISHED: Rule(reviews_interest),
                        I.REJECTED: Rule(reviews_interest, check=_reason_check)},
    I.PUBLISHED: {I.REJECTED: Rule(reviews_interest, check=_reason_check)},
    I.REJECTED: {I.PUBLISHED: Rule(reviews_interest)},
}

EDIT_INTEREST = Ability("edit_interest", gettext_lazy(
    "The region has not confirmed its address yet (%(status)s): it cannot be edited now."))
INTRODUCE = Ability("introduce", gettext_lazy(
    "This interest is not in the directory (%(status)s)."))

INTEREST_ABILITIES: dict[str, frozenset[Ability]] = {
    I.UNCONFIRMED: frozenset(),
    I.AWAITING_REVIEW: frozenset({EDIT_INTEREST}),
    I.PUBLISHED: frozenset({EDIT_INTEREST, INTRODUCE}),
    I.REJECTED: frozenset({EDIT_INTEREST}),
}


def _contact(interest: Interest):
    return Address(interest.contact_email, partner_language(interest.contact_language)), ()


INTEREST = Lifecycle(
    name="interest", model=Interest, statuses=I, moves=INTEREST_MOVES,
    abilities=INTEREST_ABILITIES, history=InterestStatusChange, subject="interest",
    stamps={I.PUBLISHED: "published_at"},
    told={I.PUBLISHED: Kind.INTEREST_PUBLISHED, I.REJECTED: Kind.INTEREST_REJECTED},
    notify=notify, addressee=_contact, lock_related=("country",),
    cannot_move=gettext_lazy("An interest cannot move from “%(from)s” to “%(to)s”."),
    not_yours=gettext_lazy("Only HQ or the JETRO office covering the country may do this."),
)
INTEREST.may.update(
    edit=reviews_interest & INTEREST.allows(EDIT_INTEREST),
    publish=INTEREST.may_move(I.PUBLISHED),
    reject=INTEREST.may_move(I.REJECTED),
)


def interest_abilities_for(*, interest: Interest, user) -> May:
    return INTEREST.abilities_for(interest, user)


def interest_transition(*, interest: Interest, to: str, by, note: str = "",
                        event: dict | None = None) -> InterestStatusChange:
    """Move `interest` to status `to`, acting as `by` (rit_portal.lifecycle's mover)."""
    return INTEREST.move(interest, to=to, by=by, note=note, event=event)
