"""Who may use the monitoring: HQ programme staff (and the administrator, by role). For
anyone else its pages and the API do not exist (404), as everywhere on the portal."""

import rules

from accounts.rules import is_hq_staff, is_office_staff

# The dashboard, the annual report (start, follow, retry, download) and the call exports.
rules.add_perm("monitoring.view_figures", is_hq_staff)
# A domestic office's figures: HQ for any office, the office's staff for their own.
@rules.predicate
def works_at(user, office) -> bool:
    return office is not None and user.office_id == office.pk


rules.add_perm("monitoring.view_office_figures", is_hq_staff | (is_office_staff & works_at))
# Who reviewed what, by name, in the reviews export.
rules.add_perm("monitoring.see_reviewer_names", is_hq_staff)
# The read-only API and its tokens.
rules.add_perm("monitoring.use_api", is_hq_staff)
