"""The portal's URLs with the bench's bare views in front (bench/settings.py)."""

from django.urls import path

from rit_portal.urls import handler403, handler500
from rit_portal.urls import urlpatterns as portal_urlpatterns

from . import bare

urlpatterns = [
    path("bench/bare/<str:page>/", bare.bare_page, name="bench-bare"),
    path("bench/queries/<str:bench_id>/", bare.query_count, name="bench-queries"),
    *portal_urlpatterns,
]
__all__ = ["handler403", "handler500", "urlpatterns"]
