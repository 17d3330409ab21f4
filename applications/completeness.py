"""What a complete application needs: one list of checks, shown to the applicant as a
checklist and enforced at submission (the same code serves both).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .enums import CallState
from .models import Application


@dataclass(frozen=True)
class ChecklistItem:
    section: str  # the form section that fixes it (URL name suffix / anchor)
    label: str
    problem: str = ""  # empty when the item is satisfied

    @property
    def ok(self) -> bool:
        return not self.problem


def application_checklist(*, application: Application) -> list[ChecklistItem]:
    """Every completeness item of the application, satisfied or not, in form order."""
    call = application.call
    items = [
        ChecklistItem("overview", _("Project title"),
                      "" if application.title.strip() else _("Enter the project title.")),
        ChecklistItem("overview", _("Sector"),
                      "" if application.sector_id else _("Choose the sector.")),
    ]
    members = application.consortium_members.count()
    items.append(ChecklistItem(
        "consortium", _("Consortium of at least %(n)d firms") % {"n": call.min_consortium_size},
        "" if members >= call.min_consortium_size else
        _("The consortium has %(have)d firms; the call requires at least %(need)d.")
        % {"have": members, "need": call.min_consortium_size},
    ))
    return items


def application_submission_check(*, application: Application, now=None) -> None:
    """Raise ValidationError listing every reason the application cannot be submitted now."""
    now = now or timezone.now()
    problems = [item.problem for item in application_checklist(application=application)
                if not item.ok]
    if application.call.state_at(now) != CallState.OPEN:
        problems.insert(0, _("The call is not open for submissions (it closed at %(t)s Japan "
                             "time); your draft is kept.")
                        % {"t": timezone.localtime(application.call.closes_at)
                           .strftime("%Y-%m-%d %H:%M:%S")})
    if problems:
        raise ValidationError(problems)
