from django.urls import path

from . import views

app_name = "privacy"

urlpatterns = [
    path("", views.notice, name="notice"),
    path("v<int:version>/", views.notice, name="notice-version"),
    path("my-data/", views.my_data, name="my-data"),
    path("my-data/download.<str:file_format>", views.my_data_download, name="my-data-download"),
    path("requests/", views.request_list, name="requests"),
    path("provisions/", views.provision_list, name="provisions"),
    path("requests/new/", views.request_new, name="request-new"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/export.<str:file_format>", views.request_export,
         name="request-export"),
    path("requests/<int:pk>/correct/", views.request_correct, name="request-correct"),
    path("requests/<int:pk>/erase/", views.request_erase, name="request-erase"),
    path("requests/<int:pk>/close/", views.request_close, name="request-close"),
]
