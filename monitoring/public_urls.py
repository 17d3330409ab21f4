"""What monitoring serves outside its pages: the open calls as feeds (Atom, iCalendar
deadlines) for third parties to embed, and the read-only reporting API, version 1 (HQ
staff's tokens; api.py)."""

from django.urls import path

from . import feeds
from .api import api

urlpatterns = [
    path("feeds/<str:lang>/calls.atom", feeds.OpenCallsFeed(), name="feed-atom"),
    path("feeds/<str:lang>/deadlines.ics", feeds.deadlines_ical, name="feed-ical"),
    path("api/v1/", api.urls),
]
