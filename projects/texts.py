"""What the portal writes on a progress report's timeline (rit_portal.system_texts)."""

from django.utils.dateparse import parse_date
from django.utils.translation import gettext_lazy as _

from rit_portal.conventions import short_date
from rit_portal.system_texts import system_text


def day(value: str) -> str:
    """An ISO date (as stored) in the reader's convention."""
    parsed = parse_date(value)
    return short_date(parsed) if parsed else value


system_text("report.submitted_late",
            _("Submitted %(days)s day(s) after the due date (%(due)s)."), due=day)
# HQ's decisions on a report, in the application's append-only history (applications.audit).
system_text("report.accepted", _("Progress report of project year %(year)s accepted."))
system_text("report.returned",
            _("Progress report of project year %(year)s returned for changes."))
# Written before projects had their lifecycle (now "project.completed"): kept for old rows.
system_text("project.closed", _("Every progress report accepted: the project is closed."))
# How a project ended (workflow.PROJECT), on its timeline and in the application's history.
system_text("project.completed",
            _("The final report accepted: the project is completed."))
system_text("project.closed_early", _("Project closed early by the programme office."))
system_text("project.cancelled", _("Project cancelled by the programme office."))


def _variation_kind(value: str) -> str:
    from .enums import VariationKind

    return str(VariationKind(value).label) if value in VariationKind.values else value


# Changes to a project (services.variations), on the project's and the application's history.
system_text("variation.requested", _("Change %(number)s requested: %(kind)s."),
            kind=_variation_kind)
system_text("variation.approved", _("Change %(number)s approved: %(kind)s."),
            kind=_variation_kind)
system_text("variation.refused", _("Change %(number)s refused: %(kind)s."),
            kind=_variation_kind)
system_text("variation.returned", _("Change %(number)s returned for changes: %(kind)s."),
            kind=_variation_kind)


def _yen(value) -> str:
    from rit_portal.money import yen

    return yen(int(value))


# Claims and payments (services.claims), on the project's and the application's history.
system_text("claim.submitted", _("Claim %(number)s submitted: %(amount)s."), amount=_yen)
system_text("claim.approved", _("Claim %(number)s approved: %(amount)s."), amount=_yen)
system_text("claim.returned", _("Claim %(number)s returned for changes."))
system_text("claim.paid", _("Claim %(number)s paid: %(amount)s (reference %(reference)s)."),
            amount=_yen)

# The final report (services.final_report), on the application's history.
system_text("final_report.submitted", _("Final report submitted."))
system_text("final_report.accepted", _("Final report accepted: the accounts are closed."))
system_text("final_report.returned", _("Final report returned for changes."))
