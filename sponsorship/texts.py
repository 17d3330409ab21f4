"""What the selection decision writes on an application's timeline
(rit_portal.system_texts)."""

from django.utils.translation import gettext_lazy as _

from reviews.enums import Criterion
from rit_portal.money import yen
from rit_portal.system_texts import system_text


def _criteria(codes: list[str]) -> str:
    return ", ".join(str(Criterion(code).label) for code in codes)


system_text("decision.pass_marks_met", _("Every criterion reaches its pass mark."))
system_text("decision.below_pass_mark", _("Below the pass mark: %(criteria)s."),
            criteria=_criteria)
system_text("decision.approved", _("Sponsorship approved: %(amount)s."), amount=yen)
