"""Public feeds of the calls open or about to open, for chambers, associations and embassies
to embed (the case study's advice: promote the programme through third parties): an Atom
feed of the calls and an iCalendar file of their deadlines, in Japanese or English, no
login. Links back carry `?ref=feed`, so HQ sees in the referral figures which organisations
came through a feed (accounts.referrals.FEED_SOURCE)."""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from accounts.referrals import FEED_SOURCE
from applications.selectors import calls_public
from rit_portal.money import yen

LANGUAGES = ("ja", "en")


def _call_link(call) -> str:
    """The call's public page, marked as reached through a feed (relative: the feed
    framework and the calendar below make it absolute)."""
    return f"{reverse('call-detail', args=[call.pk])}?ref={FEED_SOURCE}"


def _deadline_text(call) -> str:
    closes = timezone.localtime(call.closes_at)
    return _("Applications until %(closes)s (Japan time). Budget: %(budget)s.") % {
        "closes": f"{closes:%Y-%m-%d %H:%M}", "budget": yen(call.budget_envelope)}


class OpenCallsFeed(Feed):
    """Atom: one entry per published call that is open or not yet open."""

    feed_type = Atom1Feed

    def __call__(self, request, *args, lang: str = "ja", **kwargs):
        if lang not in LANGUAGES:
            raise Http404
        with translation.override(lang):
            return super().__call__(request, *args, lang=lang, **kwargs)

    def get_object(self, request, lang: str):
        return lang

    def title(self, lang):
        return _("JETRO Regional Industry Tie-up (RIT) programme: calls for applications")

    def subtitle(self, lang):
        return _("Calls open now or opening soon, with their deadlines (Japan time).")

    def link(self, lang):
        return reverse("public-home")

    def feed_url(self, lang):
        return reverse("feed-atom", kwargs={"lang": lang})

    def items(self, lang):
        return calls_public()

    def item_title(self, call):
        return call.title

    def item_description(self, call):
        return f"{_deadline_text(call)}\n\n{call.guidance}"

    def item_link(self, call):
        return _call_link(call)

    def item_pubdate(self, call):
        return call.opens_at

    def item_updateddate(self, call):
        return call.updated_at


def deadlines_ical(request, lang: str):
    """iCalendar: each open or coming call's deadline as an event at its closing time."""
    if lang not in LANGUAGES:
        raise Http404
    with translation.override(lang):
        calendar = Calendar()
        calendar.add("prodid", "-//JETRO//RIT Portal//EN")
        calendar.add("version", "2.0")
        calendar.add("x-wr-calname", _("RIT programme: application deadlines"))
        calendar.add("x-wr-timezone", "Asia/Tokyo")
        stamp = timezone.now().replace(microsecond=0)
        host = request.get_host().split(":")[0]
        for call in calls_public():
            deadline = Event()
            deadline.add("uid", f"rit-call-{call.pk}-deadline@{host}")
            deadline.add("dtstamp", stamp)
            deadline.add("dtstart", call.closes_at.astimezone(dt.UTC))
            deadline.add("dtend", call.closes_at.astimezone(dt.UTC))
            deadline.add("summary", _("Deadline: %(call)s") % {"call": call.title})
            deadline.add("description", _deadline_text(call))
            deadline.add("url", request.build_absolute_uri(_call_link(call)))
            deadline.add("transp", "TRANSPARENT")
            calendar.add_component(deadline)
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="rit-deadlines-{lang}.ics"'
    return response
