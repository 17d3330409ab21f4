from django.contrib import admin
from django.urls import include, path
from django.views.i18n import JavaScriptCatalog

from accounts import views as account_views

from . import views

urlpatterns = [
    path("", views.public_home, name="public-home"),
    path("home/", account_views.home, name="home"),
    path("accounts/", include("accounts.urls")),
    path("applications/", include("applications.urls")),
    path("reviews/", include("reviews.urls")),
    path("sponsorship/", include("sponsorship.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("jsi18n/", JavaScriptCatalog.as_view(), name="javascript-catalog"),
    path("admin/", admin.site.urls),
]
