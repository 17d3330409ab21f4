"""Writes of a progress report: its summary, outcomes, the firms that took part, the actual
spend and its receipts, and the moves (submit, accept, return) through workflow.REPORT.

Contents change while the report is with the organisation (ability EDIT). Spend is claimed
against one approved line of the year and never above it: the line is locked while the
spend is added up, so two concurrent claims cannot pass the ceiling together.
"""

import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.services.attachments import attachment_validate, pdf_display_name
from audit.services import audit_record
from rit_portal.money import yen
from rit_portal.permissions import require
from rit_portal.system_texts import event

from ..enums import OUTCOMES_WITH_VALUE
from ..enums import ReportStatus as R
from ..models import (
    ApprovedLine,
    Outcome,
    ProgressReport,
    Receipt,
    SpendLine,
)
from ..workflow import EDIT, REPORT, report_transition
from .project import require_member
from .variations import line_ceiling_on


def require_report_editable(*, report: ProgressReport, by) -> None:
    require_member(project=report.project_year.project, by=by)
    REPORT.require(report, EDIT)


@transaction.atomic
def report_summary_update(*, report: ProgressReport, by, summary: str) -> ProgressReport:
    require_report_editable(report=report, by=by)
    report.summary = summary.strip()
    report.full_clean()
    report.save(update_fields=["summary", "updated_at"])
    return report


@transaction.atomic
def report_firms_set(*, report: ProgressReport, by, firms) -> ProgressReport:
    """The firms that took part in the year: firms of the report's project only."""
    require_report_editable(report=report, by=by)
    firms = list(firms)
    if any(firm.project_id != report.project_year.project_id for firm in firms):
        raise ValidationError({"firms": _("Choose firms of this project.")})
    report.firms.set(firms)
    report.save(update_fields=["updated_at"])
    return report


@transaction.atomic
def outcome_create(*, report: ProgressReport, by, kind: str, count: int,
                   value_yen: int | None, description: str) -> Outcome:
    """Record one type of outcome with its number (and value in yen)."""
    require_report_editable(report=report, by=by)
    if kind in OUTCOMES_WITH_VALUE and value_yen is None:
        raise ValidationError({"value_yen": _("Give the total value of the contracts in yen.")})
    outcome = Outcome(report=report, kind=kind, count=count, value_yen=value_yen,
                      description=description.strip())
    outcome.full_clean()
    outcome.save()
    return outcome


@transaction.atomic
def outcome_delete(*, outcome: Outcome, by) -> None:
    require_report_editable(report=outcome.report, by=by)
    outcome.delete()


def _spent_on(line: ApprovedLine) -> int:
    return line.spend_lines.aggregate(
        s=Coalesce(Sum("amount"), Value(0), output_field=BigIntegerField()))["s"]


@transaction.atomic
def spend_line_create(*, report: ProgressReport, by, approved_line: ApprovedLine,
                      description: str, amount: int, paid_on, receipt=None) -> SpendLine:
    """Claim `amount` yen against `approved_line` (with its receipt, a PDF, if given).

    Refused, with the message at the amount, when the spend on the line would exceed what
    was approved for it; nothing is saved then."""
    require_report_editable(report=report, by=by)
    line = ApprovedLine.objects.select_for_update().get(pk=approved_line.pk)
    if line.project_year_id != report.project_year_id:
        raise ValidationError({"approved_line": _("Choose an approved line of this year.")})
    spent = _spent_on(line)
    # The line as it stood on the day the spend was paid: an approved change to the
    # project (a reallocation) holds from its date on (services.variations).
    ceiling = line_ceiling_on(line, paid_on) if paid_on else line.approved_amount
    if isinstance(amount, int) and spent + amount > ceiling:
        remaining = max(ceiling - spent, 0)
        raise ValidationError({"amount": _(
            "Spend above the approved line is not covered: %(approved)s was approved for "
            "“%(line)s” in project year %(year)d, %(spent)s is already claimed, so at most "
            "%(remaining)s can be added.") % {
            "approved": yen(ceiling), "line": line, "year": report.project_year.number,
            "spent": yen(spent), "remaining": yen(remaining)}})
    if paid_on and paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("The payment date cannot be in the future.")})
    spend = SpendLine(report=report, approved_line=line, description=description.strip(),
                      amount=amount, paid_on=paid_on)
    spend.full_clean()
    spend.save()
    if receipt is not None:
        receipt_add(spend_line=spend, by=by, uploaded=receipt)
    return spend


@transaction.atomic
def spend_line_delete(*, spend_line: SpendLine, by) -> None:
    """Remove a spend line and its receipts (their files once the removal is committed:
    rit_portal.stored_files)."""
    require_report_editable(report=spend_line.report, by=by)
    spend_line.delete()


@transaction.atomic
def receipt_add(*, spend_line: SpendLine, by, uploaded) -> Receipt:
    """Store a receipt: a PDF checked exactly as the applications' attachments are
    (applications.services.attachments: attachment_validate, pdf_display_name), under a
    generated name."""
    require_report_editable(report=spend_line.report, by=by)
    try:
        attachment_validate(uploaded)
    except ValidationError as exc:
        raise ValidationError({"receipt": exc.messages}) from exc
    receipt = Receipt(spend_line=spend_line, original_name=pdf_display_name(uploaded.name),
                      size=uploaded.size, uploaded_by=by)
    receipt.file.save(f"{uuid.uuid4().hex}.pdf", uploaded, save=False)
    receipt.full_clean()
    receipt.save()
    return receipt


@transaction.atomic
def receipt_delete(*, receipt: Receipt, by) -> None:
    require_report_editable(report=receipt.spend_line.report, by=by)
    receipt.delete()  # its file goes once this is committed (rit_portal.stored_files)


# --- Moves ----------------------------------------------------------------------------------

@transaction.atomic
def report_submit(*, report: ProgressReport, by):
    """Hand the report in (the checklist must be complete); a late one says so on its
    timeline."""
    require_member(project=report.project_year.project, by=by)
    due = report.project_year.report_due_on
    late_by = (timezone.localdate() - due).days
    return report_transition(report=report, to=R.SUBMITTED, by=by,
                             event=event("report.submitted_late", days=late_by,
                                         due=due.isoformat()) if late_by > 0 else None)


@transaction.atomic
def report_accept(*, report: ProgressReport, by, note: str = ""):
    """HQ accepts the report (recorded in the application's history too). The project is
    completed once its final report is accepted (services.final_report)."""
    change = report_transition(report=report, to=R.ACCEPTED, by=by, note=note)
    project = report.project_year.project
    audit_record(event=event("report.accepted", year=report.project_year.number), by=by,
                 application=project.application, note=change.note)
    return change


@transaction.atomic
def report_return(*, report: ProgressReport, by, note: str):
    """HQ sends the report back to the organisation with what to change (recorded in the
    application's history too)."""
    require(by, "projects.follow_projects",
            message=_("Only HQ programme staff may return a report."))
    change = report_transition(report=report, to=R.RETURNED, by=by, note=note)
    audit_record(event=event("report.returned", year=report.project_year.number), by=by,
                 application=report.project_year.project.application, note=change.note)
    return change

