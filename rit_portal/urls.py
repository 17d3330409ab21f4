"""The site's URLs: each app's, included by name (this module imports no app: the layers
of docs/architecture.md hold here too)."""

from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path

from . import metrics, views

urlpatterns = [
    # The open calls (the public home) and each call's page.
    path("", include("applications.public_urls")),
    # Browsers ask for /favicon.ico whatever the page says.
    path("favicon.ico", lambda request: redirect(static("favicon.svg"), permanent=True)),
    # The feeds of open calls and the read-only reporting API (/api/v1/).
    path("", include("monitoring.public_urls")),
    # Each role's home (/home/) and the language switch.
    path("", include("accounts.root_urls")),
    path("accounts/", include("accounts.urls")),
    path("applications/", include("applications.urls")),
    # Foreign regions' interest (public registration), the directory and introductions.
    path("partnering/", include("partnering.urls")),
    path("reviews/", include("reviews.urls")),
    path("sponsorship/", include("sponsorship.urls")),
    path("projects/", include("projects.urls")),
    path("notifications/", include("notifications.urls")),
    path("privacy/", include("privacy.urls")),
    path("monitoring/", include("monitoring.urls")),
    # The public showcase of sponsored tie-ups, its map, and the promoter kit.
    path("showcase/", include("showcase.urls")),
    path("admin/", admin.site.urls),
    # For load balancers: 200 when the database and the broker answer, 503 otherwise.
    path("health/", views.health, name="health"),
    path("metrics/", metrics.metrics, name="metrics"),
]

# 404 uses Django's view with templates/404.html (the site's layout); a refused page is a
# 404 too, everywhere (rit_portal/views.py).
handler403 = "rit_portal.views.permission_denied"
handler500 = views.server_error
