from django.urls import path

from .views import directory, public, staff

app_name = "partnering"

urlpatterns = [
    # The foreign region's pages (no account).
    path("register/", public.register, name="register"),
    path("register/sent/", public.register_sent, name="register-sent"),
    path("region/", public.access, name="access"),
    path("region/<str:token>/", public.region, name="region"),
    # HQ and the covering overseas office.
    path("interests/", staff.interest_list, name="interests"),
    path("interests/new/", staff.interest_new, name="interest-new"),
    path("interests/<int:pk>/", staff.interest_detail, name="interest"),
    path("interests/<int:pk>/publish/", staff.interest_publish_view, name="interest-publish"),
    path("introductions/", staff.introduction_list, name="introductions"),
    path("introductions/<int:pk>/", staff.introduction_detail, name="introduction"),
    # Applicant organisations.
    path("directory/", directory.directory, name="directory"),
    path("directory/<int:pk>/", directory.directory_detail, name="directory-detail"),
    path("introductions/<int:pk>/start/", directory.introduction_start,
         name="introduction-start"),
]
