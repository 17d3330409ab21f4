from django.urls import path

from . import kit_views, views

app_name = "showcase"

urlpatterns = [
    path("", views.showcase_list, name="list"),
    path("review/", views.showcase_review, name="review"),
    path("review/<int:pk>/", views.showcase_review_decide, name="review-decide"),
    path("projects/<int:pk>/", views.showcase_project, name="project"),
    # The promoter kit: its page, each open call's poster, the frameable list of calls.
    path("kit/", kit_views.promoter_kit, name="kit"),
    path("kit/calls/<int:pk>/poster.pdf", kit_views.poster, name="poster"),
    path("embed/calls/", kit_views.embed_calls, name="embed-calls"),
    # Each tie-up's permanent link: its application's reference (RIT-FY2026-0001).
    path("<slug:reference>/", views.showcase_detail, name="detail"),
]
