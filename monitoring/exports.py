"""A call's tables for HQ's spreadsheets: applications, consortium firms, cost lines,
reviews, decisions and sponsored projects. Each `<table>_rows(call=..., by=...)` returns
the header and an iterator of rows read from the database in chunks
(`QuerySet.iterator`), so that `rit_portal.csv_io.table_stream_response` writes a call of
5,000 applications in bounded memory (bench/exports.py). Figures per row come from
subqueries, never from joins that would multiply rows.

Only applications received (submitted at least once) are exported; drafts stay their
organisation's. Reviews are the submitted ones; the reviewer's name is shown to those who
may see it (rule `monitoring.see_reviewer_names`: HQ staff), anyone else reads "Reviewer 1",
"Reviewer 2"… with the reviewer's office.
"""

from collections.abc import Callable, Iterator
from dataclasses import replace

from django.db.models import (
    BigIntegerField,
    Count,
    IntegerField,
    OuterRef,
    Prefetch,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from applications.enums import ApplicationStatus, Objective
from applications.models import Application, Call, ConsortiumMember
from applications.sme import sme_condition
from projects.enums import REPORTED
from projects.models import ProgressReport, Project, ProjectFirm
from regions.models import Prefecture
from reviews.enums import Recommendation, ReviewStatus
from reviews.models import Review
from rit_portal.conventions import listing
from sponsorship.enums import Activity, CostCategory, DecisionMode
from sponsorship.models import CostLine, DecisionLine, SponsorshipDecision

from .enums import ExportTable
from .money import call_money, project_money, with_money
from .tables import money_table

CHUNK = 1000

Rows = tuple[list[str], Iterator[list]]


def _local(moment):
    return timezone.localtime(moment) if moment else None


def _yes_no(value: bool) -> str:
    return _("Yes") if value else _("No")


def _received(call: Call):
    return Application.objects.filter(call=call, reference__isnull=False)


def _count(queryset, field: str = "pk"):
    """A correlated count as a subquery (no join on the outer query)."""
    return Coalesce(Subquery(queryset.order_by().values(field)
                             .annotate(n=Count("pk")).values("n")[:1]),
                    Value(0), output_field=IntegerField())


def _total(queryset, group: str, amount: str):
    return Coalesce(Subquery(queryset.order_by().values(group)
                             .annotate(total=Sum(amount)).values("total")[:1]),
                    Value(0), output_field=BigIntegerField())


def applications_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Status"), _("Applicant organisation (Japanese)"),
              _("Applicant organisation (English)"), _("Referred by"),
              _("Project title (Japanese)"), _("Project title (English)"), _("Sector"),
              _("Prefectures"), _("Partner region"), _("Country"), _("JETRO office"),
              _("Objectives"), _("Duration (years)"), _("Project start"),
              _("Consortium firms"), _("Of which SMEs"), _("Requested (yen)"),
              _("Approved (yen)"), _("Submitted at"), _("Decision published at")]
    members = ConsortiumMember.objects.filter(application=OuterRef("pk"))
    queryset = (_received(call)
                .select_related("organisation", "sector",
                                "partner_region__country__territory__office")
                .prefetch_related(Prefetch("prefectures",
                                           queryset=Prefecture.objects.order_by("code")))
                .annotate(n_members=_count(members, "application"),
                          n_smes=_count(members.filter(sme_condition()), "application"),
                          requested=_total(CostLine.objects.filter(application=OuterRef("pk")),
                                           "application", "total"),
                          approved=_total(SponsorshipDecision.objects.filter(
                              application=OuterRef("pk"), is_current=True,
                              application__status=ApplicationStatus.APPROVED),
                              "application", "approved_total"))
                .order_by("sequence"))
    objectives = dict(Objective.choices)

    def rows():
        for a in queryset.iterator(chunk_size=CHUNK):
            region = a.partner_region
            country = region.country if region else None
            territory = getattr(country, "territory", None) if country else None
            yield [a.reference, a.get_status_display(), a.organisation.name_ja,
                   a.organisation.name_en, a.organisation.referral_source, a.title_ja,
                   a.title_en, a.sector.name if a.sector else "",
                   listing(p.name for p in a.prefectures.all()),
                   region.name if region else "", country.name if country else "",
                   territory.office.name if territory else "",
                   ", ".join(str(objectives.get(o, o)) for o in a.objectives),
                   a.duration_years, a.start_date, a.n_members, a.n_smes, a.requested,
                   a.approved, _local(a.submitted_at), _local(a.decision_published_at)]
    return header, rows()


def firms_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Firm"), _("Corporate number"), _("Industry type"),
              _("Stated capital (yen)"), _("Regular employees"), _("SME"),
              _("Interest in the collaboration")]
    queryset = (ConsortiumMember.objects
                .filter(application__call=call, application__reference__isnull=False)
                .select_related("application").order_by("application__sequence", "position",
                                                        "id"))

    def rows():
        for m in queryset.iterator(chunk_size=CHUNK):
            yield [m.application.reference, m.name, m.corporate_number,
                   m.get_industry_display(), m.capital_yen, m.employees, _yes_no(m.is_sme),
                   m.interest]
    return header, rows()


def cost_lines_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Project year"), _("Activity"), _("Cost category"),
              _("Description"), _("Quantity"), _("Unit"), _("Unit cost (yen)"),
              _("Line total (yen)"), _("Approved (yen)")]
    approved = (DecisionLine.objects.filter(cost_line=OuterRef("pk"), decision__is_current=True)
                .values("approved_amount")[:1])
    queryset = (CostLine.objects.filter(application__call=call,
                                        application__reference__isnull=False)
                .select_related("application")
                .annotate(approved=Subquery(approved, output_field=BigIntegerField()))
                .order_by("application__sequence", "year", "activity", "position", "id"))
    activities, categories = dict(Activity.choices), dict(CostCategory.choices)

    def rows():
        for line in queryset.iterator(chunk_size=CHUNK):
            yield [line.application.reference, line.year,
                   str(activities.get(line.activity, line.activity)),
                   str(categories.get(line.category, line.category)), line.description,
                   line.quantity, line.unit, line.unit_cost, line.total, line.approved]
    return header, rows()


def reviews_rows(*, call: Call, by) -> Rows:
    named = by.has_perm("monitoring.see_reviewer_names")
    header = [_("Reference"), _("Reviewer"), _("Reviewer's office"), _("C1 score"),
              _("C1 comment"), _("C2 score"), _("C2 comment"), _("C3 score"), _("C3 comment"),
              _("Value of the project"), _("Value comment"), _("Overall recommendation"),
              _("Submitted at")]
    queryset = (Review.objects.filter(assignment__application__call=call,
                                      status=ReviewStatus.SUBMITTED)
                .select_related("assignment__application", "assignment__reviewer__office")
                .order_by("assignment__application__sequence", "assignment__assigned_at",
                          "assignment_id"))
    recommendations = dict(Recommendation.choices)
    pseudonyms: dict[int, str] = {}

    def reviewer(user) -> str:
        if named:
            return user.get_full_name() or user.email
        if user.pk not in pseudonyms:
            pseudonyms[user.pk] = _("Reviewer %(n)d") % {"n": len(pseudonyms) + 1}
        return pseudonyms[user.pk]

    def rows():
        for r in queryset.iterator(chunk_size=CHUNK):
            person = r.assignment.reviewer
            yield [r.assignment.application.reference, reviewer(person),
                   person.office.name if person.office else "", r.c1_score, r.c1_comment,
                   r.c2_score, r.c2_comment, r.c3_score, r.c3_comment, r.value_score,
                   r.value_comment, str(recommendations.get(r.recommendation, "")),
                   _local(r.submitted_at)]
    return header, rows()


def decisions_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Applicant organisation"), _("Status"), _("Decision version"),
              _("Current"), _("Sponsorship level"), _("Share of the request (%)"),
              _("Requested (yen)"), _("Approved (yen)"), _("Conditions"), _("Decided by"),
              _("Decided at"), _("Decision published at")]
    queryset = (SponsorshipDecision.objects.filter(application__call=call)
                .select_related("application__organisation", "decided_by")
                .order_by("application__sequence", "version"))
    modes = dict(DecisionMode.choices)

    def rows():
        for d in queryset.iterator(chunk_size=CHUNK):
            a = d.application
            yield [a.reference, a.organisation.name, a.get_status_display(), d.version,
                   _yes_no(d.is_current), str(modes.get(d.mode, d.mode)), d.percentage,
                   d.requested_total, d.approved_total, d.conditions,
                   d.decided_by.get_full_name() or d.decided_by.email, _local(d.decided_at),
                   _local(a.decision_published_at)]
    return header, rows()


def projects_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Applicant organisation"), _("Project title"),
              _("Partner region"), _("Country"), _("First fiscal year"), _("Duration (years)"),
              _("Approved (yen)"), _("Status"), _("Progress reports handed in"),
              _("Spent (reported, yen)"), _("Claimed (yen)"), _("Paid (yen)"), _("Firms")]
    queryset = (with_money(Project.objects.filter(application__call=call))
                .select_related("application", "organisation", "partner_region__country")
                .annotate(
                    reports_in=_count(ProgressReport.objects.filter(
                        project_year__project=OuterRef("pk"), status__in=REPORTED),
                        "project_year__project"),
                    n_firms=_count(ProjectFirm.objects.filter(project=OuterRef("pk")),
                                   "project"))
                .order_by("application__sequence"))

    def rows():
        for p in queryset.iterator(chunk_size=CHUNK):
            region = p.partner_region
            yield [p.application.reference, p.organisation.name, p.application.title,
                   region.name if region else "", region.country.name if region else "",
                   p.first_fiscal_year, p.duration_years, p.approved_total,
                   p.get_status_display(), p.reports_in, p.money_spent, p.money_claimed,
                   p.money_paid, p.n_firms]
    return header, rows()


def money_rows(*, call: Call, by) -> Rows:
    """The call's money page as one table: a row per project, then the call's total
    (tables.money_table, the page's layout)."""
    money = call_money(call=call)
    projects = [project_money(p) for p in money.projects.iterator(chunk_size=CHUNK)]
    table = money_table("call-projects", "", _("Reference"), projects,
                        total=replace(money.total, label=_("Total")))
    return table.columns, ([cell.value for cell in row] for row in table.rows)


EXPORTS: dict[str, Callable[..., Rows]] = {
    ExportTable.APPLICATIONS: applications_rows,
    ExportTable.FIRMS: firms_rows,
    ExportTable.COST_LINES: cost_lines_rows,
    ExportTable.REVIEWS: reviews_rows,
    ExportTable.DECISIONS: decisions_rows,
    ExportTable.PROJECTS: projects_rows,
    ExportTable.MONEY: money_rows,
}


def export_filename_stem(*, call: Call, table: str) -> str:
    return f"rit-FY{call.fiscal_year}-call{call.pk}-{table}"

# The tables that name people (reviewers, HQ's deciders): HQ's downloads of them are logged
# (privacy.services.access_record).
WITH_PEOPLE = {ExportTable.REVIEWS, ExportTable.DECISIONS}
