"""The streamed exports (monitoring.exports: one `values_list` query each, rows formatted
without building models) write exactly what the exports wrote before they streamed from
the database: the previous model-built rows are kept below as the reference, and every
table's CSV is compared byte for byte, in Japanese and in English, on a call holding the
awkward cases (formula-like texts, Japanese and Latin names, reviewers with and without an
office, pseudonyms, empty relations, several prefectures, decisions superseded). The number
of queries of each export does not grow with the rows; the XLSX holds the same rows."""

import io

import openpyxl
import pytest
from django.db import connection
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
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as t  # not `_`: makemessages skips it

from accounts.enums import Role
from applications.enums import ApplicationStatus, Objective
from applications.models import Application, Call, ConsortiumMember
from applications.sme import sme_condition
from monitoring.enums import ExportTable
from monitoring.exports import EXPORTS
from monitoring.money import with_money
from projects.enums import REPORTED
from projects.models import ProgressReport, Project, ProjectFirm
from regions.models import Prefecture
from reviews.enums import Recommendation, ReviewStatus
from reviews.models import Review
from rit_portal.conventions import listing
from rit_portal.csv_io import csv_chunks
from sponsorship.enums import Activity, CostCategory, DecisionMode
from sponsorship.models import CostLine, DecisionLine, SponsorshipDecision
from tests.factories import UserFactory
from tests.monitoring.builders import programme_world, received, sponsored
from tests.reviews.factories import AssignmentFactory, office_reviewer, submitted_review
from tests.sponsorship.factories import CostLineFactory

pytestmark = pytest.mark.django_db

CHUNK = 1000


# --- The exports as they were written before they streamed (the reference) ---------------

def _received(call: Call):
    return Application.objects.filter(call=call, reference__isnull=False)


def _count(queryset, field: str = "pk"):
    return Coalesce(Subquery(queryset.order_by().values(field)
                             .annotate(n=Count("pk")).values("n")[:1]),
                    Value(0), output_field=IntegerField())


def _total(queryset, group: str, amount: str):
    return Coalesce(Subquery(queryset.order_by().values(group)
                             .annotate(total=Sum(amount)).values("total")[:1]),
                    Value(0), output_field=BigIntegerField())


def _local(moment):
    return timezone.localtime(moment) if moment else None


def _yes_no(value: bool) -> str:
    return t("Yes") if value else t("No")


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


def before_applications_rows(*, call: Call, by):
    header = [t("Reference"), t("Status"), t("Applicant organisation (Japanese)"),
              t("Applicant organisation (English)"), t("Referred by"),
              t("Project title (Japanese)"), t("Project title (English)"), t("Sector"),
              t("Prefectures"), t("Partner region"), t("Country"), t("JETRO office"),
              t("Objectives"), t("Duration (years)"), t("Project start"),
              t("Consortium firms"), t("Of which SMEs"), t("Requested (yen)"),
              t("Approved (yen)"), t("Submitted at"), t("Decision published at")]
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


def before_firms_rows(*, call: Call, by):
    header = [t("Reference"), t("Firm"), t("Corporate number"), t("Industry type"),
              t("Stated capital (yen)"), t("Regular employees"), t("SME"),
              t("Interest in the collaboration")]
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


def before_cost_lines_rows(*, call: Call, by):
    header = [t("Reference"), t("Project year"), t("Activity"), t("Cost category"),
              t("Description"), t("Quantity"), t("Unit"), t("Unit cost (yen)"),
              t("Line total (yen)"), t("Approved (yen)")]
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


def before_reviews_rows(*, call: Call, by):
    named = by.has_perm("monitoring.see_reviewer_names")
    header = [t("Reference"), t("Reviewer"), t("Reviewer's office"), t("C1 score"),
              t("C1 comment"), t("C2 score"), t("C2 comment"), t("C3 score"), t("C3 comment"),
              t("Value of the project"), t("Value comment"), t("Overall recommendation"),
              t("Submitted at")]
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
            pseudonyms[user.pk] = t("Reviewer %(n)d") % {"n": len(pseudonyms) + 1}
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


def before_decisions_rows(*, call: Call, by):
    header = [t("Reference"), t("Applicant organisation"), t("Status"), t("Decision version"),
              t("Current"), t("Sponsorship level"), t("Share of the request (%)"),
              t("Requested (yen)"), t("Approved (yen)"), t("Conditions"), t("Decided by"),
              t("Decided at"), t("Decision published at")]
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


def before_projects_rows(*, call: Call, by):
    header = [t("Reference"), t("Applicant organisation"), t("Project title"),
              t("Partner region"), t("Country"), t("First fiscal year"), t("Duration (years)"),
              t("Approved (yen)"), t("Status"), t("Progress reports handed in"),
              t("Spent (reported, yen)"), t("Claimed (yen)"), t("Paid (yen)"), t("Firms")]
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


BEFORE = {
    ExportTable.APPLICATIONS: before_applications_rows,
    ExportTable.FIRMS: before_firms_rows,
    ExportTable.COST_LINES: before_cost_lines_rows,
    ExportTable.REVIEWS: before_reviews_rows,
    ExportTable.DECISIONS: before_decisions_rows,
    ExportTable.PROJECTS: before_projects_rows,
}


# --- The call --------------------------------------------------------------------------

def awkward_call():
    """programme_world's FY2026 call with reviews by named, Japanese-named, office-less
    and overseas reviewers, formula-like texts, an empty sector and region, and a decision
    superseded by a second one."""
    world = programme_world()
    call = world["calls"][0]
    project = world["projects"][0]
    application = project.application
    Application.objects.filter(pk=application.pk).update(
        title_en="=HYPERLINK(\"http://x\")", title_ja="+81 事業")
    Application.objects.filter(pk=world["others"][0].pk).update(sector=None, partner_region=None,
                                                               title_en="")
    ConsortiumMember.objects.filter(application=application).update(interest="@mention")
    CostLineFactory(application=world["others"][1], description="-10% 値引き")
    japanese = UserFactory(role=Role.HQ_REVIEWER, first_name="花子", last_name="佐藤",
                           office=None)
    latin = UserFactory(role=Role.HQ_REVIEWER, first_name="Keiko", last_name="Tanaka")
    nameless = UserFactory(role=Role.HQ_REVIEWER, first_name="", last_name="")
    overseas = office_reviewer("DUS", first_name="Anna", last_name="Becker")
    for n, reviewer in enumerate([japanese, latin, nameless, overseas]):
        for target in (application, world["others"][1]):
            review = submitted_review(AssignmentFactory(application=target, reviewer=reviewer),
                                      c1=1 + n % 3)
            if n == 1:
                Review.objects.filter(pk=review.pk).update(value_comment="=cmd|' /C calc'!A0")
    AssignmentFactory(application=world["others"][2], reviewer=latin)  # no review: left out
    decision = SponsorshipDecision.objects.get(application=application, is_current=True)
    SponsorshipDecision.objects.filter(pk=decision.pk).update(
        conditions_ja="=条件", conditions_en="")
    return call


def _bytes(header, rows) -> bytes:
    return b"".join(csv_chunks(header, rows))


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_streamed_table_is_byte_for_byte_what_the_model_built_export_wrote(
        hq_staff, language):
    call = awkward_call()
    for table, before in BEFORE.items():
        with translation.override(language):
            expected = _bytes(*before(call=call, by=hq_staff))
            streamed = _bytes(*EXPORTS[table](call=call, by=hq_staff))
            outsider = UserFactory(role=Role.HQ_REVIEWER)
            expected_pseudonyms = _bytes(*before(call=call, by=outsider))
            streamed_pseudonyms = _bytes(*EXPORTS[table](call=call, by=outsider))
        assert streamed.count(b"\r\n") > 1, table
        assert streamed == expected, table
        assert streamed_pseudonyms == expected_pseudonyms, table


def _export(client, call, table, fmt) -> bytes:
    response = client.get(reverse("monitoring:call-export", args=[call.pk, table, fmt]))
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def _queries(client, call, table) -> int:
    with CaptureQueriesContext(connection) as queries:
        _export(client, call, table, "csv")
    return len(queries)


def test_the_queries_of_an_export_do_not_grow_with_its_rows(client, hq_staff):
    call = awkward_call()
    client.force_login(hq_staff)
    _export(client, call, "applications", "csv")  # the session and caches warmed
    before = {table: _queries(client, call, table) for table in ExportTable.values}
    for n in range(4):
        application = received(call, ApplicationStatus.UNDER_REVIEW)
        application.prefectures.set(Prefecture.objects.filter(code__in=["13", "27"][:n % 2 + 1]))
        submitted_review(AssignmentFactory(application=application,
                                           reviewer=office_reviewer("DUS")))
        CostLineFactory(application=application)
        sponsored(call, firms=[(f"追加 {n}", "", {"capital_yen": 1, "employees": 1})])
    after = {table: _queries(client, call, table) for table in ExportTable.values}
    assert after == before


@pytest.mark.parametrize("table", [t for t in ExportTable.values if t != "money"])
def test_the_xlsx_holds_the_rows_of_the_csv(client, hq_staff, table):
    import csv

    call = awkward_call()
    client.force_login(hq_staff)
    client.cookies["django_language"] = "en"
    text = _export(client, call, table, "csv").decode("utf-8").removeprefix("\ufeff")
    rows = list(csv.reader(io.StringIO(text)))
    sheet = openpyxl.load_workbook(io.BytesIO(_export(client, call, table, "xlsx"))).active
    cells = [["" if c is None else c for c in row] for row in sheet.iter_rows(values_only=True)]
    assert len(cells) == len(rows) > 1
    assert [str(row[0]) for row in cells] == [row[0] for row in rows]
    formula_like = [cell for row in sheet.iter_rows() for cell in row
                    if isinstance(cell.value, str) and cell.value[:1] in ("=", "+", "-", "@")]
    csv_formula_like = [value for row in rows for value in row if value.startswith("'")]
    assert len(formula_like) == len(csv_formula_like)
    assert all(cell.data_type == "s" for cell in formula_like)  # text, never a formula
