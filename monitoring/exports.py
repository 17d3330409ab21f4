"""A call's tables for HQ's spreadsheets: applications, consortium firms, cost lines,
reviews, decisions, sponsored projects and their money. Each `<table>_rows(call=..., by=...)`
returns the header and its rows as a `rit_portal.csv_io.QueryRows`: one `values_list`
query (figures per row from correlated subqueries, never from joins that would multiply
rows; names in the reader's language computed by the database), read from a server-side
cursor in chunks, each tuple turned into the row's cells by a small function without a
query (labels of choices and people's names looked up once per export). So
`rit_portal.csv_io.table_stream_response` streams a call of 5,000 applications at about the
speed of reading the same rows with COPY, in constant memory (bench/exports.py), and the
number of queries does not grow with the rows.

Only applications received (submitted at least once) are exported; drafts stay their
organisation's. Reviews are the submitted ones; the reviewer's name is shown to those who
may see it (rule `monitoring.see_reviewer_names`: HQ staff), anyone else reads "Reviewer 1",
"Reviewer 2"… with the reviewer's office.
"""

import json
from collections.abc import Callable, Iterator
from dataclasses import replace

from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    CharField,
    Count,
    Func,
    IntegerField,
    OuterRef,
    Subquery,
    Sum,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import full_name
from applications.enums import ApplicationStatus, Industry, Objective
from applications.models import Application, Call, ConsortiumMember
from applications.sme import sme_condition
from projects.enums import REPORTED, ProjectStatus
from projects.models import ProgressReport, Project, ProjectFirm
from regions.models import Prefecture
from reviews.enums import Recommendation, ReviewStatus
from reviews.models import Review
from rit_portal.bilingual import in_reader_language_sql, reader_language
from rit_portal.conventions import LIST_SEPARATOR
from rit_portal.csv_io import QueryRows
from sponsorship.enums import Activity, CostCategory, DecisionMode
from sponsorship.models import CostLine, DecisionLine, SponsorshipDecision

from .enums import ExportTable
from .money import call_money, project_money, with_money
from .tables import money_table

CHUNK = 1000

Rows = tuple[list[str], Iterator[list]]


def _labels(choices) -> dict[str, str]:
    """Each value of a TextChoices class and its label, translated once per export."""
    return {value: str(label) for value, label in choices.choices}


def _localiser():
    """A function giving a stored moment in the portal's time zone (None stays None)."""
    zone = timezone.get_current_timezone()
    return lambda moment: moment.astimezone(zone) if moment is not None else None


def _yes_no() -> dict[bool, str]:
    return {True: _("Yes"), False: _("No")}


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


class _Joined(Func):
    """The values of a group as one text, comma-separated, in no particular order (the
    export orders them itself): PostgreSQL's STRING_AGG, SQLite's GROUP_CONCAT."""

    output_field = CharField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="STRING_AGG(CAST(%(expressions)s AS TEXT), ',')", **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="GROUP_CONCAT(%(expressions)s, ',')", **extra)


def _prefecture_lister():
    """(subquery, function): the subquery gives an application's prefectures as their ids
    joined by commas; the function turns that text into their names in the reader's
    language, in the order of their codes, joined as `listing` joins them. Reference data
    of 47 rows read once."""
    through = Application.prefectures.through
    ids = Subquery(through.objects.filter(application=OuterRef("pk")).order_by()
                   .values("application").annotate(ids=_Joined("prefecture_id"))
                   .values("ids")[:1])
    names = {str(pk): (code, name) for pk, code, name in Prefecture.objects.values_list(
        "pk", "code", in_reader_language_sql("name"))}
    separator = LIST_SEPARATOR[reader_language()]
    cache: dict[str, str] = {}

    def listed(text: str | None) -> str:
        if not text:
            return ""
        if text not in cache:
            cache[text] = separator.join(name for _code, name in sorted(
                names[pk] for pk in text.split(",")))
        return cache[text]
    return ids, listed


def applications_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Status"), _("Applicant organisation (Japanese)"),
              _("Applicant organisation (English)"), _("Referred by"),
              _("Project title (Japanese)"), _("Project title (English)"), _("Sector"),
              _("Prefectures"), _("Partner region"), _("Country"), _("JETRO office"),
              _("Objectives"), _("Duration (years)"), _("Project start"),
              _("Consortium firms"), _("Of which SMEs"), _("Requested (yen)"),
              _("Approved (yen)"), _("Submitted at"), _("Decision published at")]
    members = ConsortiumMember.objects.filter(application=OuterRef("pk"))
    prefecture_ids, prefectures = _prefecture_lister()
    queryset = (_received(call).order_by("sequence").values_list(
        "reference", "status", "organisation__name_ja", "organisation__name_en",
        "organisation__referral_source", "title_ja", "title_en",
        in_reader_language_sql("sector__name"), prefecture_ids,
        in_reader_language_sql("partner_region__name"),
        in_reader_language_sql("partner_region__country__name"),
        in_reader_language_sql("partner_region__country__territory__office__name"),
        Cast("objectives", TextField()), "duration_years", "start_date",
        _count(members, "application"),
        _count(members.filter(sme_condition()), "application"),
        _total(CostLine.objects.filter(application=OuterRef("pk")), "application", "total"),
        _total(SponsorshipDecision.objects.filter(
            application=OuterRef("pk"), is_current=True,
            application__status=ApplicationStatus.APPROVED), "application", "approved_total"),
        "submitted_at", "decision_published_at"))
    statuses, objectives, local = _labels(ApplicationStatus), _labels(Objective), _localiser()
    objective_lists: dict[str, str] = {}

    def objectives_listed(stored: str | None) -> str:
        """The objectives' labels from their stored JSON list, read once per combination."""
        if stored not in objective_lists:
            codes = json.loads(stored) if stored else []
            objective_lists[stored] = ", ".join(objectives.get(o, o) for o in codes)
        return objective_lists[stored]

    def row(r):
        return [r[0], statuses.get(r[1], r[1]), r[2], r[3], r[4], r[5], r[6], r[7],
                prefectures(r[8]), r[9], r[10], r[11], objectives_listed(r[12]), r[13], r[14],
                r[15], r[16], r[17], r[18], local(r[19]), local(r[20])]
    return header, QueryRows(queryset, row, chunk_size=CHUNK)


def firms_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Firm"), _("Corporate number"), _("Industry type"),
              _("Stated capital (yen)"), _("Regular employees"), _("SME"),
              _("Interest in the collaboration")]
    queryset = (ConsortiumMember.objects
                .filter(application__call=call, application__reference__isnull=False)
                .order_by("application__sequence", "position", "id")
                .values_list("application__reference", "name", "corporate_number", "industry",
                             "capital_yen", "employees",
                             Case(When(sme_condition(), then=Value(True)), default=Value(False),
                                  output_field=BooleanField()),
                             "interest"))
    industries, yes_no = _labels(Industry), _yes_no()

    def row(r):
        return [r[0], r[1], r[2], industries.get(r[3], r[3]), r[4], r[5], yes_no[r[6]], r[7]]
    return header, QueryRows(queryset, row, chunk_size=CHUNK)


def cost_lines_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Project year"), _("Activity"), _("Cost category"),
              _("Description"), _("Quantity"), _("Unit"), _("Unit cost (yen)"),
              _("Line total (yen)"), _("Approved (yen)")]
    approved = (DecisionLine.objects.filter(cost_line=OuterRef("pk"), decision__is_current=True)
                .values("approved_amount")[:1])
    queryset = (CostLine.objects.filter(application__call=call,
                                        application__reference__isnull=False)
                .order_by("application__sequence", "year", "activity", "position", "id")
                .values_list("application__reference", "year", "activity", "category",
                             "description", "quantity", "unit", "unit_cost", "total",
                             Subquery(approved, output_field=BigIntegerField())))
    activities, categories = _labels(Activity), _labels(CostCategory)

    def row(r):
        return [r[0], r[1], activities.get(r[2], r[2]), categories.get(r[3], r[3]), r[4], r[5],
                r[6], r[7], r[8], r[9]]
    return header, QueryRows(queryset, row, chunk_size=CHUNK)


def reviews_rows(*, call: Call, by) -> Rows:
    named = by.has_perm("monitoring.see_reviewer_names")
    header = [_("Reference"), _("Reviewer"), _("Reviewer's office"), _("C1 score"),
              _("C1 comment"), _("C2 score"), _("C2 comment"), _("C3 score"), _("C3 comment"),
              _("Value of the project"), _("Value comment"), _("Overall recommendation"),
              _("Submitted at")]
    queryset = (Review.objects.filter(assignment__application__call=call,
                                      status=ReviewStatus.SUBMITTED)
                .order_by("assignment__application__sequence", "assignment__assigned_at",
                          "assignment_id")
                .values_list("assignment__application__reference", "assignment__reviewer_id",
                             "assignment__reviewer__first_name",
                             "assignment__reviewer__last_name", "assignment__reviewer__email",
                             in_reader_language_sql("assignment__reviewer__office__name"),
                             "c1_score", "c1_comment", "c2_score", "c2_comment", "c3_score",
                             "c3_comment", "value_score", "value_comment", "recommendation",
                             "submitted_at"))
    recommendations, local = _labels(Recommendation), _localiser()
    reviewers: dict[int, str] = {}

    def reviewer(pk: int, first: str, last: str, email: str) -> str:
        if pk not in reviewers:
            reviewers[pk] = ((full_name(first, last) or email) if named else
                             _("Reviewer %(n)d") % {"n": len(reviewers) + 1})
        return reviewers[pk]

    def row(r):
        return [r[0], reviewer(r[1], r[2], r[3], r[4]), r[5], r[6], r[7], r[8], r[9], r[10],
                r[11], r[12], r[13], recommendations.get(r[14], ""), local(r[15])]
    return header, QueryRows(queryset, row, chunk_size=CHUNK)


def decisions_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Applicant organisation"), _("Status"), _("Decision version"),
              _("Current"), _("Sponsorship level"), _("Share of the request (%)"),
              _("Requested (yen)"), _("Approved (yen)"), _("Conditions"), _("Decided by"),
              _("Decided at"), _("Decision published at")]
    queryset = (SponsorshipDecision.objects.filter(application__call=call)
                .order_by("application__sequence", "version")
                .values_list("application__reference",
                             in_reader_language_sql("application__organisation__name"),
                             "application__status", "version", "is_current", "mode",
                             "percentage", "requested_total", "approved_total",
                             in_reader_language_sql("conditions"), "decided_by_id",
                             "decided_by__first_name", "decided_by__last_name",
                             "decided_by__email", "decided_at",
                             "application__decision_published_at"))
    statuses, modes, yes_no, local = (_labels(ApplicationStatus), _labels(DecisionMode),
                                      _yes_no(), _localiser())
    deciders: dict[int, str] = {}

    def decider(pk: int, first: str, last: str, email: str) -> str:
        if pk not in deciders:
            deciders[pk] = full_name(first, last) or email
        return deciders[pk]

    def row(r):
        return [r[0], r[1], statuses.get(r[2], r[2]), r[3], yes_no[r[4]], modes.get(r[5], r[5]),
                r[6], r[7], r[8], r[9], decider(r[10], r[11], r[12], r[13]), local(r[14]),
                local(r[15])]
    return header, QueryRows(queryset, row, chunk_size=CHUNK)


def projects_rows(*, call: Call, by) -> Rows:
    header = [_("Reference"), _("Applicant organisation"), _("Project title"),
              _("Partner region"), _("Country"), _("First fiscal year"), _("Duration (years)"),
              _("Approved (yen)"), _("Status"), _("Progress reports handed in"),
              _("Spent (reported, yen)"), _("Claimed (yen)"), _("Paid (yen)"), _("Firms")]
    queryset = (with_money(Project.objects.filter(application__call=call))
                .annotate(
                    reports_in=_count(ProgressReport.objects.filter(
                        project_year__project=OuterRef("pk"), status__in=REPORTED),
                        "project_year__project"),
                    n_firms=_count(ProjectFirm.objects.filter(project=OuterRef("pk")),
                                   "project"))
                .order_by("application__sequence")
                .values_list("application__reference",
                             in_reader_language_sql("organisation__name"),
                             in_reader_language_sql("application__title"),
                             in_reader_language_sql("partner_region__name"),
                             in_reader_language_sql("partner_region__country__name"),
                             "first_fiscal_year", "duration_years", "approved_total", "status",
                             "reports_in", "money_spent", "money_claimed", "money_paid",
                             "n_firms"))
    statuses = _labels(ProjectStatus)

    def row(r):
        return [r[0], r[1], r[2], r[3], r[4], r[5], r[6], r[7], statuses.get(r[8], r[8]), r[9],
                r[10], r[11], r[12], r[13]]
    return header, QueryRows(queryset, row, chunk_size=CHUNK)


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


def rows_count(rows) -> int | None:
    """How many rows an export's `rows` will give: one COUNT of its query (Django leaves
    the unused subqueries out); None for a table that is not one query (money)."""
    queryset = getattr(rows, "queryset", None)
    return None if queryset is None else queryset.order_by().count()


def export_filename_stem(*, call: Call, table: str) -> str:
    return f"rit-FY{call.fiscal_year}-call{call.pk}-{table}"

# The tables that name people (reviewers, HQ's deciders): HQ's downloads of them are logged
# (privacy.services.access_record).
WITH_PEOPLE = {ExportTable.REVIEWS, ExportTable.DECISIONS}
