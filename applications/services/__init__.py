"""Every write to calls and applications, one module per part of the journey:

- `calls`: HQ creates, edits and publishes calls, and confirms proposed partner regions;
- `draft`: the applicant starts an application and saves the form's sections;
- `consortium`: the member firms, one by one or from a CSV file;
- `partner`: the partner contact's online confirmation (signed links);
- `attachments`: PDF uploads;
- `submission`: submission and withdrawal (status changes go through workflow.py).

Callers import from `applications.services`; the names below are the public interface.
"""

from .advice import application_share_with_office, office_advice_answer, office_advice_give
from .attachments import attachment_add, attachment_delete, pdf_display_name
from .calls import (
    CALL_FIELDS,
    JAPAN,
    call_create,
    call_publish,
    call_rules_check,
    call_unpublish,
    call_update,
    proposed_region_confirm,
)
from .consortium import (
    ConsortiumCsvError,
    consortium_csv_template,
    consortium_import_csv,
    consortium_member_create,
    consortium_member_delete,
    consortium_member_update,
    normalised_firm_name,
)
from .draft import (
    application_cooperation_update,
    application_copy,
    application_create,
    application_english_summaries_update,
    application_overview_update,
    application_prospects_update,
    prior_contact_create,
    prior_contact_delete,
    require_editable,
)
from .partner import (
    PARTNER_LINK_MAX_AGE,
    PartnerLinkExpired,
    PartnerLinkInvalid,
    partner_confirmation_answer,
    partner_confirmation_from_token,
    partner_confirmation_path,
    partner_confirmation_request,
)
from .referrals import referral_visit_record
from .submission import (
    application_request_information,
    application_submit,
    application_withdraw,
)

__all__ = [
    "referral_visit_record",
    "CALL_FIELDS", "JAPAN", "PARTNER_LINK_MAX_AGE",
    "ConsortiumCsvError", "PartnerLinkExpired", "PartnerLinkInvalid",
    "application_cooperation_update", "application_copy", "application_create",
    "application_english_summaries_update", "application_overview_update",
    "application_prospects_update", "application_request_information", "application_submit",
    "application_withdraw",
    "attachment_add", "attachment_delete", "call_create",
    "call_publish", "call_rules_check", "call_unpublish", "call_update",
    "consortium_csv_template", "consortium_import_csv",
    "consortium_member_create", "consortium_member_delete", "consortium_member_update",
    "normalised_firm_name", "partner_confirmation_answer", "pdf_display_name",
    "partner_confirmation_from_token", "partner_confirmation_path",
    "partner_confirmation_request", "prior_contact_create",
    "prior_contact_delete", "proposed_region_confirm", "require_editable",
    "application_share_with_office", "office_advice_answer", "office_advice_give",
]
