"""The public pages at the site's root: the open calls and each call's page."""

from django.urls import path

from .views import public

urlpatterns = [
    path("", public.public_home, name="public-home"),
    path("calls/<int:pk>/", public.call_detail, name="call-detail"),
]
