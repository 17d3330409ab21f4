"""The pages of accounts at the site's root: each role's home, the language switch."""

from django.urls import path

from . import views

urlpatterns = [
    path("home/", views.home, name="home"),
    # Django's set_language, which also remembers a logged-in user's choice.
    path("i18n/setlang/", views.language_switch, name="set_language"),
]
