"""Every write of the projects app, one module per part of a project's life:

- `creation`: the project created at publication from the decision (sponsorship calls it);
- `project`: its end (closed early, cancelled), the partner's contact and its firms;
- `activities`: the year's activities and their delegate rosters;
- `provision`: the travellers' consent and each provision of their data to third parties;
- `reports`: the report's contents (summary, outcomes, firms, spend, receipts) and moves;
- `surveys`: the satisfaction survey's signed links and answers;
- `variations`: changes to a running project, requested, decided and applied;
- `claims`: claims of a held activity's spend, their approval per line and payment;
- `final_report`: the final report after the last year, its acceptance (the project
  completed, the closing letter) and its reminders;
- `reminders`: the beat job of reports due or late; `retention`: the projects' categories
  of the retention schedule (privacy.retention), applied by privacy's beat job.

Callers import from `projects.services`.
"""

from .activities import (
    activity_create,
    activity_delete,
    activity_update,
    delegate_create,
    delegate_delete,
    delegate_update,
)
from .claims import (
    claim_approve,
    claim_pay,
    claim_resubmit,
    claim_return,
    claim_submit,
)
from .creation import project_for_decision
from .final_report import (
    final_report_accept,
    final_report_reminders,
    final_report_return,
    final_report_save,
    final_report_submit,
)
from .project import (
    project_end,
    project_firm_create,
    project_firm_delete,
    project_firm_update,
    project_partner_contact_update,
)
from .provision import (
    CONSENT_LANGUAGES,
    CONSENT_LINK,
    ConsentLinkUsed,
    consent_information,
    delegate_consent_answer,
    delegate_consent_ask,
    delegate_consent_path,
    delegate_consent_record,
    delegate_from_consent_token,
    information_digest,
    information_part,
    invitation_letter_provide,
    travel_request_provide,
)
from .reminders import report_reminders
from .reports import (
    outcome_create,
    outcome_delete,
    receipt_add,
    receipt_delete,
    report_accept,
    report_firms_set,
    report_return,
    report_submit,
    report_summary_update,
    spend_line_create,
    spend_line_delete,
)
from .surveys import (
    SURVEY_LINK_MAX_AGE,
    SurveyLinkExpired,
    SurveyLinkInvalid,
    survey_answer,
    survey_invitation_from_token,
    survey_opened,
    survey_path,
    survey_send,
)
from .variations import (
    line_ceiling_on,
    variation_approve,
    variation_refuse,
    variation_request,
    variation_resubmit,
    variation_return,
)

__all__ = [
    "SURVEY_LINK_MAX_AGE", "SurveyLinkExpired", "SurveyLinkInvalid",
    "activity_create", "activity_delete", "activity_update",
    "delegate_create", "delegate_delete", "delegate_update",
    "outcome_create", "outcome_delete",
    "project_end",
    "project_firm_create", "project_firm_delete", "project_firm_update", "project_for_decision",
    "project_partner_contact_update", "receipt_add", "receipt_delete", "report_accept",
    "report_firms_set", "report_reminders", "report_return", "report_submit",
    "report_summary_update", "spend_line_create", "spend_line_delete", "survey_answer",
    "survey_invitation_from_token", "survey_opened", "survey_path", "survey_send",
    "line_ceiling_on", "variation_approve", "variation_refuse", "variation_request",
    "variation_resubmit", "variation_return",
    "claim_approve", "claim_pay", "claim_resubmit", "claim_return", "claim_submit",
    "consent_information", "delegate_consent_record", "invitation_letter_provide",
    "travel_request_provide", "CONSENT_LANGUAGES", "CONSENT_LINK", "ConsentLinkUsed",
    "delegate_consent_answer", "delegate_consent_ask", "delegate_consent_path",
    "delegate_from_consent_token", "information_digest", "information_part",
    "final_report_accept", "final_report_reminders", "final_report_return",
    "final_report_save", "final_report_submit",
]
