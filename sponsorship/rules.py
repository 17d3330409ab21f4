"""Who may edit cost proposals, set sponsorship levels and see decided amounts."""

import rules

from accounts.rules import is_hq_staff
from applications.rules import decision_published, is_editable, own_application

# The cost proposal is part of the application form: the applicant's, while editable.
rules.add_perm("sponsorship.change_cost_proposal", own_application & is_editable)
rules.add_perm("sponsorship.decide", is_hq_staff)
# Approved against requested, per line: HQ always, the applicant once published.
rules.add_perm("sponsorship.view_decision", is_hq_staff | (own_application & decision_published))

# Award letters (issue 6): HQ lists, retries and regenerates them. Who may download one is
# scoped in selectors.letter_for_download (HQ, or the applicant organisation once published).
rules.add_perm("sponsorship.manage_award_letters", is_hq_staff)
