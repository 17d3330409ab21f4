from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from accounts import views as account_views
from applications.views import public as public_views
from monitoring import feeds
from monitoring.api import api as reporting_api

from . import views

urlpatterns = [
    path("", public_views.public_home, name="public-home"),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    path("calls/<int:pk>/", public_views.call_detail, name="call-detail"),
    # The open calls as feeds (Atom, iCalendar deadlines) for third parties to embed.
    path("feeds/<str:lang>/calls.atom", feeds.OpenCallsFeed(), name="feed-atom"),
    path("feeds/<str:lang>/deadlines.ics", feeds.deadlines_ical, name="feed-ical"),
    path("home/", account_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("applications/", include("applications.urls")),
    path("reviews/", include("reviews.urls")),
    path("sponsorship/", include("sponsorship.urls")),
    path("projects/", include("projects.urls")),
    path("notifications/", include("notifications.urls")),
    path("monitoring/", include("monitoring.urls")),
    # The read-only reporting API, version 1 (HQ staff's tokens; monitoring/api.py).
    path("api/v1/", reporting_api.urls),
    # Django's set_language, which also remembers a logged-in user's choice.
    path("i18n/setlang/", account_views.language_switch, name="set_language"),
    path("admin/", admin.site.urls),
    # For load balancers: 200 when the database and the broker answer, 503 otherwise.
    path("health/", views.health, name="health"),
]

# 404 uses Django's view with templates/404.html (the site's layout); a refused page is a
# 404 too, everywhere (rit_portal/views.py).
handler403 = "rit_portal.views.permission_denied"
handler500 = views.server_error
