"""Who may do what on the showcase: the organisation agrees to publication and writes its
story (on its project's page), HQ approves the story; the showcase itself is public."""

import rules

from accounts.rules import is_hq_staff
from projects.rules import own_project

rules.add_perm("showcase.manage_entry", own_project)
rules.add_perm("showcase.approve_stories", is_hq_staff)
