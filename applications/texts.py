"""What calls and applications write on the history (rit_portal.system_texts)."""

from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext_lazy as _

from accounts.models import ApplicantOrganisation
from audit.services import changes_formatter
from rit_portal.conventions import stamp
from rit_portal.system_texts import system_text

from .models import Call

CALL_MONEY = ("budget_envelope", "cost_cap")


def japan_time(value: str) -> str:
    """An ISO timestamp as Japan time, to the minute, in the reader's convention."""
    moment = parse_datetime(value)
    return stamp(moment) if moment else value


system_text("call.created", _("Call created."))
system_text("call.changed", _("Call changed: %(changes)s."),
            changes=changes_formatter(Call, money=CALL_MONEY))
system_text("call.published", _("Call published on the public pages."))
system_text("call.unpublished", _("Call taken back to draft."))
system_text("application.partner_region_confirmed",
            _("Partner region “%(proposed)s” proposed by the applicant confirmed as "
              "%(region)s."))
system_text("application.decision_published", _("Decision published to the applicant."))
system_text("organisation.corrected",
            _("Organisation details corrected in the administration: %(changes)s."),
            changes=changes_formatter(ApplicantOrganisation))
system_text("information.answered", _("The applicant answered the request for information."))
system_text("information.answered_late",
            _("The applicant answered after the reply-by date (%(reply_by)s)."),
            reply_by=japan_time)
system_text("information.review_resumed",
            _("The review resumes with the applicant's answer."))
