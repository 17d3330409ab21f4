"""What a complete progress report needs: one list of checks, shown to the organisation as a
checklist and enforced at submission (the same code serves both), as for applications
(applications.completeness, whose ChecklistItem it uses)."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from applications.completeness import ChecklistItem
from rit_portal.conventions import listing

from .enums import ActivityStatus
from .models import ProgressReport


def _item(section: str, label: str, ok: bool, problem: str) -> ChecklistItem:
    return ChecklistItem(section, label, "" if ok else problem)


def report_checklist(*, report: ProgressReport) -> list[ChecklistItem]:
    """Every completeness item of the report, satisfied or not, in section order."""
    from .selectors import spend_against_approved

    year = report.project_year
    activities = list(year.activities.all())
    planned = [a for a in activities if a.status == ActivityStatus.PLANNED]
    held = [a for a in activities if a.status == ActivityStatus.HELD]
    without_participants = [a for a in held if not a.participants_total]
    firm_ids = set(report.firms.values_list("id", flat=True))
    invited = set(year.survey_invitations.values_list("firm_id", flat=True))
    firms = {"n": len(firm_ids), "unsent": len(firm_ids - invited)}
    lines = spend_against_approved(project_year=year)
    approved = sum(line.approved_amount for line in lines)
    over = [line for line in lines if line.spent > line.approved_amount]
    spend = report.spend_lines.aggregate(n=Count("id", distinct=True),
                                         bare=Count("id", distinct=True,
                                                    filter=Q(receipts__isnull=True)))

    def titles(rows) -> str:
        return listing(str(a.title) for a in rows)

    return [
        _item("activities", _("The year's activities"), bool(activities),
              _("Record the activities of the year (held or cancelled).")),
        _item("activities", _("Every activity held or cancelled"), not planned,
              ngettext("Mark this planned activity as held or cancelled: %(titles)s.",
                       "Mark these planned activities as held or cancelled: %(titles)s.",
                       len(planned)) % {"titles": titles(planned)}),
        _item("activities", _("Participants of the activities held"), not without_participants,
              _("Enter the participants of: %(titles)s.")
              % {"titles": titles(without_participants)}),
        _item("outcomes", _("Outcomes of the year"), report.outcomes.exists(),
              _("Record the year's outcomes (business meetings count too).")),
        _item("firms", _("Firms that took part"), firms["n"] > 0,
              _("Tick the firms that took part in the year's activities.")),
        _item("spend", _("Actual spend against the approved sponsorship"),
              spend["n"] > 0 or approved == 0,
              _("Enter the year's actual spend against the approved lines.")),
        _item("spend", _("A receipt for every spend line"), spend["bare"] == 0,
              ngettext("Attach a receipt (PDF) to the spend line that has none.",
                       "Attach a receipt (PDF) to the %(n)d spend lines that have none.",
                       spend["bare"]) % {"n": spend["bare"]}),
        _item("spend", _("Spend within the approved lines"), not over,
              _("The spend exceeds the approved amount on: %(lines)s. Reduce it.")
              % {"lines": listing(f"{line.activity_label} / {line.category_label}"
                                    for line in over)}),
        _item("survey", _("Satisfaction survey sent to the firms that took part"),
              firms["n"] > 0 and firms["unsent"] == 0,
              ngettext("%(n)d firm that took part has not been sent the survey; add its "
                       "contact e-mail and send it.",
                       "%(n)d firms that took part have not been sent the survey; add their "
                       "contact e-mails and send it.", firms["unsent"]) % {"n": firms["unsent"]}
              if firms["n"] else _("Tick the firms that took part, then send them the survey.")),
        _item("summary", _("Summary of the year"), bool(report.summary.strip()),
              _("Write a short summary of the year.")),
    ]


def report_submission_check(*, report: ProgressReport) -> None:
    """Raise ValidationError listing every reason the report cannot be submitted."""
    problems = [item.problem for item in report_checklist(report=report) if not item.ok]
    if problems:
        raise ValidationError(problems)
