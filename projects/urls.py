from django.urls import path

from .views import (
    activities,
    claims,
    consent,
    final_report,
    hq,
    office,
    projects,
    reports,
    survey,
    variations,
)

app_name = "projects"

# Every URL with a project's pk looks the project up for the user (selectors.
# projects_visible_to): another organisation's project, or any project for a reviewer, is a
# 404.
year = "<int:pk>/years/<int:year>"
activity = "<int:pk>/activities/<int:activity_pk>"

urlpatterns: list = [
    path("", projects.project_list, name="list"),
    path("<int:pk>/", projects.project_view, name="detail"),
    path("<int:pk>/end/", projects.project_end_view, name="end"),
    path("<int:pk>/partner-contact/", projects.partner_contact, name="partner-contact"),
    path("<int:pk>/firms/", projects.firms, name="firms"),
    path("<int:pk>/firms/<int:firm_pk>/edit/", projects.firm_edit, name="firm-edit"),
    path("<int:pk>/firms/<int:firm_pk>/delete/", projects.firm_delete, name="firm-delete"),
    # Changes to the project (variations) and their amendment letters.
    path("<int:pk>/changes/", variations.variation_list, name="variations"),
    path("<int:pk>/changes/new/", variations.variation_new, name="variation-new"),
    path("<int:pk>/changes/<int:number>/", variations.variation_view, name="variation"),
    path("<int:pk>/changes/<int:number>/edit/", variations.variation_edit,
         name="variation-edit"),
    path("<int:pk>/letters/<int:letter_pk>/", variations.project_letter_download,
         name="letter-download"),
    path("<int:pk>/letters/<int:letter_pk>/retry/", final_report.project_letter_retry_view,
         name="letter-retry"),
    # The final report after the last year (accepted: the project completed, closing letter).
    path("<int:pk>/final-report/", final_report.final_report_view, name="final-report"),
    # Claims of an activity's spend and their payment.
    path("<int:pk>/claims/", claims.claim_list, name="claims"),
    path("<int:pk>/claims/new/", claims.claim_new, name="claim-new"),
    path("<int:pk>/claims/<int:number>/", claims.claim_view, name="claim"),
    path("<int:pk>/claims/<int:number>/edit/", claims.claim_edit, name="claim-edit"),
    # The report of one project year, section by section.
    path(f"{year}/activities/", activities.report_activities, name="report-activities"),
    path(f"{year}/outcomes/", reports.report_outcomes, name="report-outcomes"),
    path(f"{year}/outcomes/<int:outcome_pk>/delete/", reports.outcome_remove,
         name="outcome-delete"),
    path(f"{year}/firms/", reports.report_firms, name="report-firms"),
    path(f"{year}/spend/", reports.report_spend, name="report-spend"),
    path(f"{year}/spend/<int:line_pk>/delete/", reports.spend_remove, name="spend-delete"),
    path(f"{year}/spend/<int:line_pk>/receipts/", reports.receipt_upload,
         name="receipt-upload"),
    path(f"{year}/receipts/<int:receipt_pk>/", reports.receipt_download,
         name="receipt-download"),
    path(f"{year}/receipts/<int:receipt_pk>/delete/", reports.receipt_remove,
         name="receipt-delete"),
    path(f"{year}/survey/", reports.report_survey, name="report-survey"),
    path(f"{year}/summary/", reports.report_summary, name="report-summary"),
    path(f"{year}/submit/", reports.report_submit_view, name="report-submit"),
    path(f"{year}/review/", reports.report_review, name="report-review"),
    path(f"{year}/travel-request.<str:fmt>", activities.travel_request,
         name="travel-request"),
    # An activity and its roster (delegates' personal data).
    path(f"{activity}/", activities.activity_view, name="activity"),
    path(f"{activity}/edit/", activities.activity_edit, name="activity-edit"),
    path(f"{activity}/delete/", activities.activity_remove, name="activity-delete"),
    path(f"{activity}/delegates/<int:delegate_pk>/edit/", activities.delegate_edit,
         name="delegate-edit"),
    path(f"{activity}/delegates/<int:delegate_pk>/delete/", activities.delegate_remove,
         name="delegate-delete"),
    path(f"{activity}/delegates/<int:delegate_pk>/consent/", activities.delegate_consent,
         name="delegate-consent"),
    path(f"{activity}/delegates/<int:delegate_pk>/invitation-letter.pdf",
         activities.invitation_letter, name="invitation-letter"),
    # HQ.
    path("reports/", hq.report_list, name="hq-reports"),
    path("surveys/", hq.survey_rate_list, name="hq-surveys"),
    path("changes/", variations.hq_variation_list, name="hq-variations"),
    path("claims/", claims.hq_claim_list, name="hq-claims"),
    path("final-reports/", final_report.hq_final_report_list, name="hq-final-reports"),
    path("payments.<str:fmt>", claims.payments_export, name="payments-export"),
    # An office in Japan: its upcoming activities and their travellers' dates.
    path("office/activities/", office.office_activity_list, name="office-activities"),
    path("office/activities/<int:activity_pk>/", office.office_activity,
         name="office-activity"),
    # The participant's survey: no account, a signed link.
    path("survey/<str:token>/", survey.survey, name="survey"),
    # The traveller's own consent to the provision of their data: a signed link.
    path("consent/<str:token>/", consent.traveller_consent, name="traveller-consent"),
]
