from django.urls import path

from . import views

app_name = "notifications"

urlpatterns = [
    path("outbox/", views.outbox_list, name="outbox"),
    path("<int:pk>/", views.notification_detail, name="detail"),
    path("<int:pk>/resend/", views.notification_resend_view, name="resend"),
]
