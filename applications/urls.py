from django.urls import path

from .views import (
    advice,
    calls,
    information_requests,
    partner_confirmation,
    partner_regions,
    partner_section,
)
from .views import application_form as form

app_name = "applications"

urlpatterns: list = [
    # Call management (HQ programme staff).
    path("calls/", calls.call_list, name="call-manage-list"),
    path("calls/new/", calls.call_create, name="call-create"),
    path("calls/<int:pk>/edit/", calls.call_edit, name="call-edit"),
    path("calls/<int:pk>/publish/", calls.call_publish, name="call-publish"),
    path("calls/<int:pk>/unpublish/", calls.call_unpublish, name="call-unpublish"),
    path("calls/<int:pk>/history/", calls.call_history, name="call-history"),
    path("calls/referrals/", calls.referral_report, name="referral-report"),
    path("partner-regions/proposed/", partner_regions.proposed_regions,
         name="proposed-regions"),
    path("information-requests/", information_requests.information_requests,
         name="information-requests"),
    # The applicant's application (scoped by selectors.application_for_user: 404 otherwise).
    path("", form.application_list, name="list"),
    path("start/<int:call_pk>/", form.application_start, name="start"),
    path("start/<int:call_pk>/copy/", form.application_copy_view, name="copy"),
    path("<int:pk>/", form.application_detail_view, name="detail"),
    path("<int:pk>/application.pdf", form.application_pdf_download, name="pdf"),
    path("<int:pk>/overview/", form.section_overview, name="section-overview"),
    path("<int:pk>/consortium/", form.section_consortium, name="section-consortium"),
    path("<int:pk>/consortium/csv/", form.consortium_csv_upload, name="consortium-csv"),
    path("<int:pk>/consortium/template.csv", form.consortium_csv_template_download,
         name="consortium-csv-template"),
    path("<int:pk>/consortium/<int:member_pk>/edit/", form.consortium_member_edit,
         name="member-edit"),
    path("<int:pk>/consortium/<int:member_pk>/delete/", form.consortium_member_remove,
         name="member-delete"),
    path("<int:pk>/cooperation/", form.section_cooperation, name="section-cooperation"),
    path("<int:pk>/prospects/", form.section_prospects, name="section-prospects"),
    # Criterion 3: the section's tasks, each on its own page (views/partner_section.py).
    path("<int:pk>/partner/", partner_section.section_partner, name="section-partner"),
    path("<int:pk>/partner/contacts/", partner_section.partner_contacts,
         name="partner-contacts"),
    path("<int:pk>/partner/confirmation/", partner_section.partner_request,
         name="partner-request"),
    path("<int:pk>/partner/letter/", partner_section.partner_letter, name="partner-letter"),
    path("<int:pk>/partner/summary/", partner_section.partner_summary,
         name="partner-summary"),
    path("<int:pk>/partner/contacts/<int:contact_pk>/delete/", form.prior_contact_remove,
         name="prior-contact-delete"),
    path("<int:pk>/attachments/", form.section_attachments, name="section-attachments"),
    path("<int:pk>/advice/", advice.advice, name="advice"),
    path("<int:pk>/attachments/<int:attachment_pk>/", form.attachment_download,
         name="attachment-download"),
    path("<int:pk>/attachments/<int:attachment_pk>/delete/", form.attachment_remove,
         name="attachment-delete"),
    path("<int:pk>/submit/", form.application_submit_view, name="submit"),
    path("<int:pk>/withdraw/", form.application_withdraw_view, name="withdraw"),
    path("<int:pk>/request-information/", form.application_request_information_view,
         name="request-information"),
    # The partner contact's answer: no account, a signed link (English page).
    path("partner/confirm/<str:token>/", partner_confirmation.partner_confirm,
         name="partner-confirm"),
]
