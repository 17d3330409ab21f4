from django.urls import path

from . import views

app_name = "monitoring"

urlpatterns: list = [
    # HQ: the dashboard, the annual report, the exports of a call, the API tokens.
    path("", views.dashboard, name="dashboard"),
    path("offices/<str:code>/", views.office_dashboard, name="office"),
    path("reports/", views.reports, name="reports"),
    path("reports/<int:pk>/", views.report_detail, name="report"),
    path("reports/<int:pk>/progress/", views.report_progress, name="report-progress"),
    path("reports/<int:pk>/retry/", views.report_retry, name="report-retry"),
    path("reports/<int:pk>/download.<str:fmt>", views.report_download, name="report-download"),
    path("calls/<int:pk>/money/", views.call_money_view, name="call-money"),
    path("calls/<int:pk>/export/<str:table>.<str:fmt>", views.call_export, name="call-export"),
    path("exports/", views.exports, name="exports"),
    path("exports/<int:pk>/", views.export_detail, name="export"),
    path("exports/<int:pk>/download", views.export_download, name="export-download"),
    path("exports/<int:pk>/retry/", views.export_retry, name="export-retry"),
    path("api-tokens/", views.api_tokens, name="api-tokens"),
    path("api-tokens/<int:pk>/revoke/", views.api_token_revoke_view, name="api-token-revoke"),
]
