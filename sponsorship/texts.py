"""What the selection decision writes on an application's timeline
(rit_portal.system_texts)."""

from django.utils.translation import gettext_lazy as _

from reviews.enums import Criterion
from rit_portal.money import yen
from rit_portal.system_texts import system_text

from .enums import DecisionMode


def _criteria(codes: list[str]) -> str:
    return ", ".join(str(Criterion(code).label) for code in codes)


system_text("decision.pass_marks_met", _("Every criterion reaches its pass mark."))
system_text("decision.below_pass_mark", _("Below the pass mark: %(criteria)s."),
            criteria=_criteria)
system_text("decision.approved", _("Sponsorship approved: %(amount)s."), amount=yen)

system_text("decision.level_set",
            _("Sponsorship level, version %(version)s (%(mode)s): %(amount)s of %(requested)s "
              "requested."),
            mode=lambda code: str(DecisionMode(code).label) if code in DecisionMode.values
            else code, amount=yen, requested=yen)
