from django.urls import path

from . import views

app_name = "reviews"

urlpatterns = [
    path("", views.index, name="index"),
    # Reviewers (scoped by selectors.assignments_visible_to: 404 otherwise).
    path("applications/<int:pk>/", views.review, name="review"),
    path("conflicts/", views.conflicts, name="conflicts"),
    # HQ programme staff.
    path("calls/<int:pk>/settings/", views.call_settings, name="settings"),
    path("calls/<int:pk>/assignments/", views.assignments, name="assignments"),
    path("applications/<int:pk>/assign/", views.assign, name="assign"),
    path("applications/<int:pk>/summary/", views.summary, name="summary"),
    path("applications/<int:pk>/feedback/", views.feedback, name="feedback"),
    path("assignments/<int:pk>/withdraw/", views.unassign, name="unassign"),
    path("reviewers/", views.reviewers, name="reviewers"),
    path("reviewers/<int:pk>/active/", views.reviewer_active, name="reviewer-active"),
]
