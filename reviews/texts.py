"""What the review process writes on an application's timeline (rit_portal.system_texts)."""

from django.utils.translation import gettext_lazy as _

from rit_portal.system_texts import system_text

system_text("review.reviewers_assigned", _("Reviewers assigned."))
system_text("review.reviewer_added", _("Another reviewer assigned."))
system_text("review.all_submitted", _("All assigned reviews submitted."))
system_text("review.reopened", _("A review was reopened."))
