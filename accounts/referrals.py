"""Referral sources: which shared link (chamber, association, embassy ...) brought a visitor.

A public page reached with `?ref=<source>` keeps the source in the session; registration
stores it on the new organisation (ApplicantOrganisation.referral_source).
"""

import re

from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

SESSION_KEY = "rit_referral_source"
COUNTED_KEY = "rit_referral_counted"
MAX_LENGTH = 50

# Requests that are not a person opening the page: crawlers, link previews, monitors,
# scripts and prefetches. A cheap test of what the request says about itself; nothing of it
# is stored.
NOT_A_PERSON = re.compile(
    r"bot|crawl|spider|slurp|preview|fetch|scan|monitor|check|headless|lighthouse|"
    r"curl|wget|python|java/|go-http|okhttp|axios|node|ruby|perl|php|libwww|http[-_ ]?client|"
    r"facebookexternalhit|embedly|whatsapp|skype|slack|discord|telegram", re.IGNORECASE)

# Ready-made sharing channels shown with each call. Any other `ref` value is kept as well,
# e.g. "embassy-de" for one embassy.
SHARE_CHANNELS = [
    ("chamber", _("Chambers of commerce and industry")),
    ("association", _("Regional business associations")),
    ("prefecture", _("Prefectural and municipal governments")),
    ("embassy", _("Embassies and consulates")),
    ("jetro-office", _("JETRO offices")),
    ("newsletter", _("Newsletters and mailing lists")),
]
# Sources that are not shared by people: the links in the public feeds of open calls
# (monitoring.feeds), which chambers, associations and embassies embed.
FEED_SOURCE = "feed"
OTHER_CHANNELS = [(FEED_SOURCE, _("Feeds of open calls (Atom, calendar)"))]


def channel_choices() -> list[tuple[str, str]]:
    """(key, label) of every channel a referral source can belong to."""
    return SHARE_CHANNELS + OTHER_CHANNELS


def share_links(page_url: str) -> list[tuple[str, str]]:
    """(channel label, the page's address with that channel's `?ref=`) for each channel."""
    return [(label, f"{page_url}?ref={source}") for source, label in SHARE_CHANNELS]


def channel_label(source: str) -> str:
    """The channel a source belongs to ("embassy-de" → embassies), "" when none matches."""
    for key, label in channel_choices():
        if source == key or source.startswith(f"{key}-"):
            return str(label)
    return ""


def clean_referral_source(value: str) -> str:
    """A safe, short slug of what came in the link ("" when nothing usable came)."""
    return slugify(value or "")[:MAX_LENGTH]


def referral_remember(request) -> str:
    """Keep `?ref=` of this request in the session; the first source seen wins.

    Returns the source now kept (possibly from an earlier page).
    """
    source = clean_referral_source(request.GET.get("ref", ""))
    if source and not request.session.get(SESSION_KEY):
        request.session[SESSION_KEY] = source
    return request.session.get(SESSION_KEY, "")


def counts_as_visit(request, *, source: str, page: str) -> bool:
    """Whether this request is a visit the promoter `source` brought to `page` that has
    not been counted yet: a GET that says it is a browser (not a robot, a link preview or a
    prefetch), the first on `page` with that code today in this visitor's session (the
    session keeps which; it is marked counted here)."""
    if not source or request.method != "GET":
        return False
    agent = request.headers.get("User-Agent", "")
    purpose = (request.headers.get("Sec-Purpose", "") + request.headers.get("Purpose", "")
               + request.headers.get("X-Moz", ""))
    if not agent.startswith("Mozilla/") or NOT_A_PERSON.search(agent) or "prefetch" in purpose:
        return False
    from django.utils import timezone

    key = f"{source}|{page}|{timezone.localdate().isoformat()}"
    counted = request.session.get(COUNTED_KEY, [])
    if key in counted:
        return False
    request.session[COUNTED_KEY] = [*counted[-19:], key]
    return True


def referral_kept(request) -> str:
    return request.session.get(SESSION_KEY, "")
