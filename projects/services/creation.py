"""The project created at publication: nothing retyped, everything taken from the decision.

Called by sponsorship.decisions in the transaction that publishes an approval (and when a
published approval gets a new decision version, or a waitlisted application is approved
after publication).
"""

from collections import defaultdict

from django.db import transaction

from applications.enums import ConfirmationStatus
from sponsorship.models import SponsorshipDecision
from sponsorship.obligations import fiscal_year_span, project_fiscal_year, report_due_date

from ..enums import FirmLocation
from ..models import ApprovedLine, ProgressReport, Project, ProjectFirm, ProjectYear


def _approved_by_line(decision: SponsorshipDecision) -> dict[tuple[int, str, str], int]:
    """{(year, activity, category): approved yen}: the decision's lines added up, since a
    cost proposal may hold several lines of one activity and category in a year."""
    amounts: dict[tuple[int, str, str], int] = defaultdict(int)
    for line in decision.lines.select_related("cost_line"):
        cost = line.cost_line
        amounts[(cost.year, cost.activity, cost.category)] += line.approved_amount
    return amounts


def _create(decision: SponsorshipDecision) -> Project:
    application = decision.application
    duration = application.duration_years or 1
    first_fy = application.call.fiscal_year
    partner = (application.partner_confirmations.filter(status=ConfirmationStatus.CONFIRMED)
               .order_by("-responded_at", "-pk").first())
    project = Project(
        application=application, decision=decision, organisation=application.organisation,
        partner_region=application.partner_region, first_fiscal_year=first_fy,
        duration_years=duration, approved_total=decision.approved_total,
        partner_contact_name=partner.contact_name if partner else "",
        partner_contact_email=partner.contact_email if partner else "",
        partner_contact_organisation=partner.contact_organisation if partner else "",
        partner_contact_language=partner.language if partner else "en")
    project.full_clean()
    project.save()
    for number in range(1, duration + 1):
        fiscal_year = project_fiscal_year(first_fiscal_year=first_fy, year=number)
        starts_on, ends_on = fiscal_year_span(fiscal_year)
        year = ProjectYear.objects.create(
            project=project, number=number, fiscal_year=fiscal_year, starts_on=starts_on,
            ends_on=ends_on,
            report_due_on=report_due_date(first_fiscal_year=first_fy, year=number))
        ProgressReport.objects.create(project_year=year)
    ProjectFirm.objects.bulk_create([
        ProjectFirm(project=project, name=member.name, corporate_number=member.corporate_number,
                    consortium_member=member, from_consortium=True, is_sme=member.is_sme,
                    location=FirmLocation.JAPAN)
        for member in application.consortium_members.all()])
    return project


def _set_approved_lines(project: Project, decision: SponsorshipDecision) -> None:
    """Make the approved lines those of `decision`: new keys added, amounts updated, lines
    the decision no longer funds set to 0 (kept: spend may already point at them)."""
    amounts = _approved_by_line(decision)
    years = {year.number: year for year in project.years.all()}
    existing = {(line.project_year.number, line.activity, line.category): line
                for line in ApprovedLine.objects.filter(project_year__project=project)
                .select_related("project_year")}
    for key, line in existing.items():
        amount = amounts.get(key, 0)
        if line.approved_amount != amount:
            line.approved_amount = amount
            line.save(update_fields=["approved_amount"])
    ApprovedLine.objects.bulk_create([
        ApprovedLine(project_year=years[year], activity=activity, category=category,
                     approved_amount=amount)
        for (year, activity, category), amount in sorted(amounts.items())
        if (year, activity, category) not in existing and year in years])


@transaction.atomic
def project_for_decision(*, decision: SponsorshipDecision) -> Project:
    """The project of `decision`'s application, created at its first published approval
    (years 1..duration with due dates, an empty report per year, the consortium's firms,
    the partner's contact) and carrying the approved amounts of `decision`, the current
    decision. Idempotent: a second call changes nothing; a later decision version updates
    the approved lines and total (spend already claimed stays)."""
    project = (Project.objects.select_for_update()
               .filter(application_id=decision.application_id).first())
    if project is None:
        project = _create(decision)
    elif project.decision_id == decision.pk:
        return project
    else:
        project.decision = decision
        project.approved_total = decision.approved_total
        project.save(update_fields=["decision", "approved_total"])
    _set_approved_lines(project, decision)
    return project
