"""Reads of the projects app: scoped lookups for the pages, and the figures that HQ, the
reviewers' past-outcomes panel and the monitoring (dashboard, annual report) aggregate.

Scoping: `projects_visible_to(user)` is the one rule behind every project URL (the
applicant organisation's projects, every project for HQ, none for anyone else: a 404).

Figures (each one or two queries, over whatever subset the caller passes):
- `outcome_totals(reports=...)`: outcomes per type, counted and valued in yen;
- `participation_totals(activities=...)`: activities held per type and their participants;
- `survey_summary(invitations=...)`: invited, opened, answered, response rate, mean scores;
- `survey_years(...)`, `survey_rates(...)`: the same per project year (HQ's page, paged);
- `spend_against_approved(...)`: spend against each approved line;
- `reported_outcomes(application_ids=...)`: per project, for reviewers of later applications;
- `money_sources()`: where approved, claimed, paid and spent come from (the monitoring's
  money figures and `project_accounts`, the final report's closing of the accounts).
Only reports handed in count (enums.REPORTED); drafts never reach a figure.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    Avg,
    BigIntegerField,
    Case,
    CharField,
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.rules import is_applicant, is_hq_staff, is_office_staff
from accounts.selectors import covered_by_office_of
from audit.models import AuditEvent
from sponsorship.enums import Activity, CostCategory

from .enums import (
    CLAIMS_HANDED_IN,
    REPORTED,
    ActivityStatus,
    BusinessResult,
    ClaimStatus,
    FinalReportStatus,
    OutcomeKind,
    ProjectStatus,
    ReportStanding,
    ReportStatus,
    VariationStatus,
)
from .models import (
    ApprovedLine,
    Claim,
    ClaimLine,
    ClaimStatusChange,
    Delegate,
    FinalReport,
    FinalReportStatusChange,
    Outcome,
    Payment,
    ProgressReport,
    Project,
    ProjectActivity,
    ProjectLetter,
    ProjectStatusChange,
    ProjectYear,
    Receipt,
    ReportStatusChange,
    SpendLine,
    SurveyInvitation,
    SurveyResponse,
    TravelLeg,
    Variation,
    VariationLine,
    VariationStatusChange,
    project_running,
)

# --- Scoping --------------------------------------------------------------------------------


def projects_visible_to(user) -> QuerySet[Project]:
    """Every project `user` may open: the applicant organisation's own, all for HQ staff,
    those of its prefectures' organisations for an office in Japan's staff, none for anyone
    else (reviewers included)."""
    queryset = Project.objects.select_related(
        "application__call", "organisation", "partner_region__country")
    if is_hq_staff(user):
        return queryset
    if is_applicant(user):
        return queryset.filter(organisation_id=user.organisation_id)
    if is_office_staff(user):
        return queryset.filter(covered_by_office_of(user))
    return queryset.none()


def project_for_user(*, user, pk: int) -> Project:
    """The project `pk` if `user` may see it; Http404 otherwise (never a 403)."""
    return get_object_or_404(projects_visible_to(user), pk=pk)


def project_detail(*, user, pk: int) -> Project:
    """The project with its timeline, its years, their reports and approved lines (scoped
    as above)."""
    return get_object_or_404(
        projects_visible_to(user).prefetch_related(
            Prefetch("status_changes",
                     queryset=ProjectStatusChange.objects.select_related("by")),
            Prefetch("years", queryset=ProjectYear.objects.select_related("report")
                     .prefetch_related("approved_lines", "activities")
                     .annotate(n_invited=Count("survey_invitations", distinct=True),
                               n_answered=Count("survey_invitations", distinct=True,
                                                filter=Q(survey_invitations__answered_at__isnull=False))))),
        pk=pk)


def project_timeline(*, project: Project, user) -> list:
    """The project's timeline, oldest first: its status changes (prefetched by
    project_detail) and, for HQ, the history entries of its application and of its
    organisation (the organisation's own changes, corrections, decisions on its reports,
    changes to the project). One query for HQ, none otherwise."""
    changes = list(project.status_changes.all())
    if not user.has_perm("projects.follow_projects"):
        return changes
    entries = AuditEvent.objects.filter(
        Q(application_id=project.application_id)
        | Q(organisation_id=project.organisation_id, application__isnull=True),
        at__gte=project.created_at).select_related("by")
    return sorted(changes + list(entries), key=lambda e: e.at)


def variation_for_user(*, user, pk: int, number: int) -> Variation:
    """Change `number` of project `pk` with its lines and history; 404 as above."""
    project = project_for_user(user=user, pk=pk)
    variation = get_object_or_404(
        Variation.objects.select_related("activity__project_year", "project_year",
                                         "requested_by")
        .prefetch_related(Prefetch("lines", queryset=VariationLine.objects.select_related(
                              "approved_line__project_year")),
                          Prefetch("status_changes",
                                   queryset=VariationStatusChange.objects.select_related("by"))),
        project=project, number=number)
    variation.project = project
    return variation


def variations_of(*, project: Project) -> list[Variation]:
    """The project's changes, newest first, with their amendment letters."""
    return list(project.variations.select_related("letter"))


def variations_for_hq(*, status: str = "") -> QuerySet[Variation]:
    """Every change to a project (those awaiting a decision first), for HQ's list."""
    rows = Variation.objects.select_related("project__application", "project__organisation")
    if status:
        rows = rows.filter(status=status)
    return rows.order_by(Case(When(status=VariationStatus.REQUESTED, then=Value(0)),
                              default=Value(1)), "-requested_at", "pk")


def claim_for_user(*, user, pk: int, number: int) -> Claim:
    """Claim `number` of project `pk` with its lines, receipts, payment and history."""
    project = project_for_user(user=user, pk=pk)
    claim = get_object_or_404(
        Claim.objects.select_related("activity__project_year", "payment")
        .prefetch_related(Prefetch("lines", queryset=ClaimLine.objects.select_related(
                              "approved_line__project_year").prefetch_related(
                              Prefetch("receipts", queryset=Receipt.objects.select_related(
                                  "spend_line__report__project_year")))),
                          Prefetch("status_changes",
                                   queryset=ClaimStatusChange.objects.select_related("by"))),
        project=project, number=number)
    claim.project = project
    return claim


def claims_of(*, project: Project) -> list[Claim]:
    """The project's claims, newest first, with their totals and payment."""
    return list(project.claims.select_related("activity", "payment")
                .annotate(claimed_total=Coalesce(Sum("lines__claimed"), Value(0),
                                                 output_field=BigIntegerField()),
                          approved_total=Sum("lines__approved")))


def claims_for_hq(*, status: str = "") -> QuerySet[Claim]:
    """Every claim (those awaiting a decision first, then those to be paid), for HQ."""
    rows = (Claim.objects.select_related("project__application", "project__organisation",
                                         "activity", "payment")
            .annotate(claimed_total=Coalesce(Sum("lines__claimed"), Value(0),
                                             output_field=BigIntegerField()),
                      approved_total=Sum("lines__approved")))
    if status:
        rows = rows.filter(status=status)
    return rows.order_by(Case(When(status=ClaimStatus.SUBMITTED, then=Value(0)),
                              When(status=ClaimStatus.APPROVED, then=Value(1)),
                              default=Value(2)), "-submitted_at", "pk")


def payments_for_accounting(*, fiscal_year: int | None = None) -> QuerySet[Payment]:
    """The payments recorded, oldest first, for the accounting office's export."""
    rows = Payment.objects.select_related("claim__project__application",
                                          "claim__project__organisation", "claim__activity")
    if fiscal_year is not None:
        rows = rows.filter(claim__project__first_fiscal_year=fiscal_year)
    return rows.order_by("paid_on", "pk")


def letter_for_user(*, user, pk: int, letter_pk: int) -> ProjectLetter:
    project = project_for_user(user=user, pk=pk)
    letter = get_object_or_404(ProjectLetter.objects.select_related("variation"),
                               project=project, pk=letter_pk)
    letter.project = project
    return letter


def year_for_user(*, user, pk: int, number: int) -> ProjectYear:
    """Project year `number` of project `pk`, with its project and report; 404 when the
    user may not see the project or it has no such year."""
    project = project_for_user(user=user, pk=pk)
    year = get_object_or_404(ProjectYear.objects.select_related("report"),
                             project=project, number=number)
    year.project = project
    year.report.project_year = year
    return year


def activity_for_user(*, user, pk: int, activity_pk: int) -> ProjectActivity:
    """An activity of project `pk` with its year and project; 404 as above."""
    project = project_for_user(user=user, pk=pk)
    activity = get_object_or_404(
        ProjectActivity.objects.select_related("project_year__report", "co_organising_office"),
        project_year__project=project, pk=activity_pk)
    activity.project_year.project = project
    activity.project_year.report.project_year = activity.project_year
    return activity


def activities_followed_by_office(user) -> QuerySet[ProjectActivity]:
    """The activities an office in Japan's staff member follows: those their office
    co-organises and those of the organisations of its prefectures; none for anyone else."""
    if not is_office_staff(user):
        return ProjectActivity.objects.none()
    return ProjectActivity.objects.filter(
        Q(co_organising_office_id=user.office_id)
        | covered_by_office_of(user, prefix="project_year__project__organisation__"))


def office_upcoming_activities(*, user, today=None) -> QuerySet[ProjectActivity]:
    """The office's upcoming activities (last day today or later, Japan time; not
    cancelled), soonest first, each with its project, organisation and co-organising office
    and its number of travellers."""
    today = today or timezone.localdate()
    return (activities_followed_by_office(user)
            .filter(ends_on__gte=today).exclude(status=ActivityStatus.CANCELLED)
            .select_related("project_year__project__application",
                            "project_year__project__organisation", "co_organising_office")
            .annotate(travellers=Count("delegates"))
            .order_by("starts_on", "pk"))


def office_activity_for_user(*, user, activity_pk: int) -> ProjectActivity:
    """One activity the user's office follows, with its project; 404 for any other."""
    return get_object_or_404(
        activities_followed_by_office(user).select_related(
            "project_year__project__application", "project_year__project__organisation",
            "project_year__project__partner_region", "co_organising_office"),
        pk=activity_pk)


@dataclass(frozen=True)
class TravelDates:
    """A traveller's journey as an office in Japan sees it: who travels (the traveller's
    kind and organisation) and when, never the name, nationality or passport details."""

    traveller_type: str
    organisation: str
    legs: list


def travel_dates(*, activity: ProjectActivity) -> list[TravelDates]:
    """The travel dates of the activity's delegates, outbound flight first (two queries)."""
    return [TravelDates(traveller_type=delegate.get_traveller_type_display(),
                        organisation=delegate.organisation, legs=list(delegate.legs.all()))
            for delegate in activity.delegates.order_by("traveller_type", "pk")
            .prefetch_related(Prefetch("legs", queryset=TravelLeg.objects.order_by(
                "position", "travel_date")))]


def projects_of_organisation(*, organisation_id: int) -> QuerySet[Project]:
    return (Project.objects.filter(organisation_id=organisation_id)
            .select_related("application__call", "partner_region__country")
            .prefetch_related(Prefetch("years", queryset=ProjectYear.objects
                                       .select_related("report"))))


def projects_for_hq(*, fiscal_year: int | None = None, status: str = "") -> QuerySet[Project]:
    """Every project, newest call first; of one first fiscal year, of one status."""
    queryset = (Project.objects.select_related("application__call", "organisation",
                                               "partner_region__country")
                .prefetch_related(Prefetch("years", queryset=ProjectYear.objects
                                           .select_related("report"))))
    if fiscal_year:
        queryset = queryset.filter(first_fiscal_year=fiscal_year)
    if status == ProjectStatus.RUNNING:
        queryset = queryset.running()
    elif status:
        queryset = queryset.filter(status=status)
    return queryset.order_by("-first_fiscal_year", "application__reference")


def roster(*, activity: ProjectActivity) -> list[Delegate]:
    """The activity's delegates with their nationalities, who recorded their consent, and
    their legs (two queries)."""
    return list(activity.delegates.select_related("nationality", "consent_by")
                .prefetch_related(Prefetch("legs", queryset=TravelLeg.objects.order_by(
                    "position", "travel_date"))))


def report_timeline(*, report: ProgressReport) -> list[ReportStatusChange]:
    return list(report.status_changes.select_related("by"))


# --- Spend against the approved sponsorship -------------------------------------------------

@dataclass
class SpendRow:
    """One approved line with what was spent against it (every report of its year)."""

    pk: int
    year: int
    activity: str
    category: str
    approved_amount: int
    spent: int

    @property
    def remaining(self) -> int:
        return self.approved_amount - self.spent

    @property
    def over(self) -> bool:
        return self.spent > self.approved_amount

    @property
    def activity_label(self) -> str:
        return str(Activity(self.activity).label)

    @property
    def category_label(self) -> str:
        return str(CostCategory(self.category).label)


def spend_against_approved(*, project_year: ProjectYear | None = None,
                           project: Project | None = None) -> list[SpendRow]:
    """Each approved line of the year (or of every year of the project) with the spend
    claimed against it, in year, activity and category order. One query."""
    lines = ApprovedLine.objects.all()
    if project_year is not None:
        lines = lines.filter(project_year=project_year)
    if project is not None:
        lines = lines.filter(project_year__project=project)
    rows = (lines.annotate(spent=Coalesce(Sum("spend_lines__amount"), Value(0),
                                          output_field=BigIntegerField()))
            .values_list("pk", "project_year__number", "activity", "category",
                         "approved_amount", "spent"))
    activity_order = {value: i for i, value in enumerate(Activity.values)}
    category_order = {value: i for i, value in enumerate(CostCategory.values)}
    return sorted((SpendRow(*row) for row in rows),
                  key=lambda r: (r.year, activity_order[r.activity], category_order[r.category]))


def spend_lines_of(*, report: ProgressReport) -> list[SpendLine]:
    return list(report.spend_lines.select_related("approved_line").prefetch_related("receipts"))


# --- HQ's list of reports -------------------------------------------------------------------

def _standing(today):
    """Where each report stands (enums.ReportStanding), computed by the database: a report
    not handed in is due or late only while its project runs (models.project_running)."""
    return Case(
        When(status=ReportStatus.ACCEPTED, then=Value(ReportStanding.ACCEPTED)),
        When(status=ReportStatus.SUBMITTED, then=Value(ReportStanding.SUBMITTED)),
        When(~project_running("project_year__project__"),
             then=Value(ReportStanding.NOT_REQUIRED)),
        When(status=ReportStatus.RETURNED, then=Value(ReportStanding.RETURNED)),
        When(project_year__report_due_on__lt=today, then=Value(ReportStanding.LATE)),
        default=Value(ReportStanding.DUE), output_field=CharField())


def reports_for_hq(*, today=None, standing: str = "",
                   fiscal_year: int | None = None) -> QuerySet[ProgressReport]:
    """Every progress report with `standing` (due, late, submitted, returned, accepted as
    of `today`, Japan time), soonest due first; filtered by standing and by the fiscal year
    of the project year. One query."""
    today = today or timezone.localdate()
    queryset = (ProgressReport.objects
                .select_related("project_year__project__application__call",
                                "project_year__project__organisation",
                                "project_year__project__partner_region")
                .annotate(standing=_standing(today)))
    if standing:
        queryset = queryset.filter(standing=standing)
    if fiscal_year:
        queryset = queryset.filter(project_year__fiscal_year=fiscal_year)
    return queryset.order_by("project_year__report_due_on",
                             "project_year__project__application__reference")


def report_standing_counts(*, today=None, fiscal_year: int | None = None) -> dict[str, int]:
    """{standing: number of reports} for every standing (zeros included). One query."""
    rows = (reports_for_hq(today=today, fiscal_year=fiscal_year).order_by()
            .values("standing").annotate(n=Count("id")))
    counts = dict.fromkeys(ReportStanding.values, 0)
    counts.update({row["standing"]: row["n"] for row in rows})
    return counts


# --- Figures for HQ, reviewers and the monitoring -------------------------------------------

def reported(queryset: QuerySet[ProgressReport]) -> QuerySet[ProgressReport]:
    """Only the reports whose figures count (handed in or accepted)."""
    return queryset.filter(status__in=REPORTED)


@dataclass(frozen=True)
class OutcomeTotal:
    kind: str
    count: int
    value_yen: int

    @property
    def label(self) -> str:
        return str(OutcomeKind(self.kind).label)


def outcome_totals(*, reports: QuerySet[ProgressReport]) -> list[OutcomeTotal]:
    """Outcomes of the reports handed in among `reports`, per type in OutcomeKind order:
    how many, and their value in yen (0 where none was given). One query."""
    rows = (Outcome.objects.filter(report__in=reported(reports)).values("kind")
            .annotate(count=Sum("count"),
                      value=Coalesce(Sum("value_yen"), Value(0),
                                     output_field=BigIntegerField()))
            .order_by())
    by_kind = {row["kind"]: row for row in rows}
    return [OutcomeTotal(kind, by_kind[kind]["count"], by_kind[kind]["value"])
            for kind in OutcomeKind.values if kind in by_kind]


@dataclass(frozen=True)
class ParticipationTotal:
    activity_type: str
    held: int
    foreign_experts: int
    delegates_sent: int
    firms_attending: int
    participants: int

    @property
    def label(self) -> str:
        return str(Activity(self.activity_type).label)


def participation_totals(*, activities: QuerySet[ProjectActivity]) -> list[ParticipationTotal]:
    """Activities held among `activities`, per type, with their participants. One query."""
    rows = (activities.filter(status=ActivityStatus.HELD).values("activity_type")
            .annotate(held=Count("id"), foreign=Sum("foreign_experts"),
                      sent=Sum("delegates_sent"), firms=Sum("firms_attending"),
                      total=Sum("participants_total"))
            .order_by())
    by_type = {row["activity_type"]: row for row in rows}
    return [ParticipationTotal(t, r["held"], r["foreign"], r["sent"], r["firms"], r["total"])
            for t in Activity.values if (r := by_type.get(t))]


@dataclass(frozen=True)
class SurveySummary:
    invited: int
    opened: int
    answered: int
    mean_overall: Decimal | None
    mean_matching: Decimal | None
    mean_seminars: Decimal | None
    mean_interpretation: Decimal | None
    business_results: dict = field(default_factory=dict)  # BusinessResult value → answers

    @property
    def response_rate(self) -> Decimal | None:
        """Answered / invited, in per cent to one decimal (None when nobody was invited)."""
        if not self.invited:
            return None
        return (Decimal(100 * self.answered) / self.invited).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)


def _mean(value) -> Decimal | None:
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def survey_summary(*, invitations: QuerySet[SurveyInvitation]) -> SurveySummary:
    """What the satisfaction survey says over `invitations`: invited, opened, answered, the
    mean of each 1–5 question (answers "not applicable" left out) and the answers on
    business results. Two queries."""
    counts = invitations.aggregate(
        invited=Count("id"), opened=Count("id", filter=Q(first_opened_at__isnull=False)),
        answered=Count("id", filter=Q(answered_at__isnull=False)))
    responses = SurveyResponse.objects.filter(invitation__in=invitations)
    means = responses.aggregate(overall=Avg("overall_satisfaction"),
                                matching=Avg("matching_usefulness"),
                                seminars=Avg("seminar_usefulness"),
                                interpretation=Avg("interpretation_usefulness"))
    results = dict.fromkeys(BusinessResult.values, 0)
    for row in responses.values("business_result").annotate(n=Count("id")).order_by():
        results[row["business_result"]] = row["n"]
    return SurveySummary(counts["invited"], counts["opened"], counts["answered"],
                         _mean(means["overall"]), _mean(means["matching"]),
                         _mean(means["seminars"]), _mean(means["interpretation"]), results)


def survey_years(*, fiscal_year: int | None = None):
    """The project years that sent their survey, newest first: what HQ's response-rate page
    pages through (counted without the rates' aggregation)."""
    years = ProjectYear.objects.filter(
        Exists(SurveyInvitation.objects.filter(project_year=OuterRef("pk"))))
    if fiscal_year:
        years = years.filter(fiscal_year=fiscal_year)
    return years.order_by(*SURVEY_YEAR_ORDER)


SURVEY_YEAR_ORDER = ("-fiscal_year", "project__application__reference", "number")


def survey_rates(*, year_ids=None, fiscal_year: int | None = None) -> list[ProjectYear]:
    """HQ's response rates of the project years `year_ids` (a page of `survey_years`; all
    of them when None), each with `n_invited`, `n_opened`, `n_answered`, `mean_overall` and
    `response_rate` (per cent). One query."""
    years = survey_years(fiscal_year=fiscal_year)
    if year_ids is not None:
        years = ProjectYear.objects.filter(pk__in=list(year_ids)).order_by(*SURVEY_YEAR_ORDER)
    years = list(years.select_related("project__application", "project__organisation")
                 .annotate(n_invited=Count("survey_invitations", distinct=True),
                           n_opened=Count("survey_invitations", distinct=True, filter=Q(
                               survey_invitations__first_opened_at__isnull=False)),
                           n_answered=Count("survey_invitations", distinct=True, filter=Q(
                               survey_invitations__answered_at__isnull=False)),
                           mean_overall=Avg(
                               "survey_invitations__response__overall_satisfaction")))
    for year in years:
        year.response_rate = (Decimal(100 * year.n_answered) / year.n_invited).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP)
        year.mean_overall = _mean(year.mean_overall)
    return years


def survey_invitations_of(*, project_year: ProjectYear) -> list[SurveyInvitation]:
    return list(project_year.survey_invitations.select_related("response"))


# --- For reviewers of a later application ---------------------------------------------------

@dataclass
class ReportedOutcomes:
    """What a sponsored project reported, for the reviewers' past-outcomes panel."""

    reports_in: int = 0
    outcomes: list[OutcomeTotal] = field(default_factory=list)
    answered: int = 0
    invited: int = 0
    mean_overall: Decimal | None = None


def reported_outcomes(*, application_ids) -> dict[int, ReportedOutcomes]:
    """{application id: ReportedOutcomes} for the projects of these applications: reports
    handed in, outcome totals per type, survey answers and mean overall satisfaction.
    Applications without a project are left out. Three queries."""
    projects = dict(Project.objects.filter(application_id__in=application_ids)
                    .values_list("pk", "application_id"))
    found = {application_id: ReportedOutcomes() for application_id in projects.values()}
    reports = (ProgressReport.objects.filter(project_year__project__in=projects,
                                             status__in=REPORTED)
               .values("project_year__project").annotate(n=Count("id")).order_by())
    for row in reports:
        found[projects[row["project_year__project"]]].reports_in = row["n"]
    outcomes = defaultdict(list)
    rows = (Outcome.objects.filter(report__project_year__project__in=projects,
                                   report__status__in=REPORTED)
            .values("report__project_year__project", "kind")
            .annotate(count=Sum("count"), value=Coalesce(Sum("value_yen"), Value(0),
                                                         output_field=BigIntegerField()))
            .order_by())
    order = {value: i for i, value in enumerate(OutcomeKind.values)}
    for row in rows:
        outcomes[row["report__project_year__project"]].append(
            OutcomeTotal(row["kind"], row["count"], row["value"]))
    for project_id, totals in outcomes.items():
        found[projects[project_id]].outcomes = sorted(totals, key=lambda t: order[t.kind])
    surveys = (SurveyInvitation.objects.filter(project_year__project__in=projects)
               .values("project_year__project")
               .annotate(invited=Count("id"),
                         answered=Count("id", filter=Q(answered_at__isnull=False)),
                         mean=Avg("response__overall_satisfaction"))
               .order_by())
    for row in surveys:
        summary = found[projects[row["project_year__project"]]]
        summary.invited, summary.answered = row["invited"], row["answered"]
        summary.mean_overall = _mean(row["mean"])
    return found


# --- Money: approved, claimed, paid, spent --------------------------------------------------

APPROVED, CLAIMED, PAID, SPENT = "approved", "claimed", "paid", "spent"
MONEY_FIGURES = (APPROVED, CLAIMED, PAID, SPENT)


@dataclass(frozen=True)
class MoneySource:
    """Where one money figure comes from: its rows, their path to the project and to the
    project year, and the amount summed."""

    rows: QuerySet
    project: str
    year: str
    amount: str


def money_sources() -> dict[str, MoneySource]:
    """The one definition of each money figure:
    - approved: the approved lines as they stand (a reallocation moves money between them);
    - claimed: the claims handed in (awaiting HQ, approved or paid; a returned claim is the
      organisation's again);
    - paid: what HQ approved in the claims it paid (each claim's payment is that sum);
    - spent: the spend lines of progress reports handed in (enums.REPORTED)."""
    return {
        APPROVED: MoneySource(ApprovedLine.objects.all(), "project_year__project",
                              "project_year", "approved_amount"),
        CLAIMED: MoneySource(ClaimLine.objects.filter(claim__status__in=CLAIMS_HANDED_IN),
                             "claim__project", "approved_line__project_year", "claimed"),
        PAID: MoneySource(ClaimLine.objects.filter(claim__status=ClaimStatus.PAID),
                          "claim__project", "approved_line__project_year", "approved"),
        SPENT: MoneySource(SpendLine.objects.filter(report__status__in=REPORTED),
                           "report__project_year__project", "report__project_year", "amount"),
    }


@dataclass(frozen=True)
class Accounts:
    """A project's accounts: approved, claimed, paid, spent (reported); unspent is what was
    approved and not paid."""

    approved: int
    claimed: int
    paid: int
    spent: int

    @property
    def unspent(self) -> int:
        return max(self.approved - self.paid, 0)


def project_accounts(*, project: Project) -> Accounts:
    """The project's accounts now, computed from its lines, claims and reports (one query
    per figure)."""
    return Accounts(**{
        figure: source.rows.filter(**{source.project: project})
        .aggregate(total=Coalesce(Sum(source.amount), Value(0),
                                  output_field=BigIntegerField()))["total"]
        for figure, source in money_sources().items()})


# --- The final report -----------------------------------------------------------------------

def final_report_for_user(*, user, pk: int) -> FinalReport:
    """The final report of project `pk` (an unsaved draft when none was written yet), with
    its history and letter; 404 when the user may not see the project."""
    project = project_for_user(user=user, pk=pk)
    report = (FinalReport.objects.select_related("letter")
              .prefetch_related(Prefetch("status_changes",
                                         queryset=FinalReportStatusChange.objects
                                         .select_related("by")))
              .filter(project=project).first())
    if report is None:
        report = FinalReport(project=project)
    report.project = project
    return report


def final_report_due_on(*, project: Project):
    """The final report is due with the last project year's report (30 April after it,
    unless a change moved that date)."""
    last = max(project.years.all(), key=lambda year: year.number, default=None)
    return last.report_due_on if last is not None else None


def final_reports_for_hq(*, status: str = "") -> QuerySet[FinalReport]:
    """Every final report handed in at least once (those awaiting a decision first)."""
    rows = (FinalReport.objects.exclude(status=FinalReportStatus.DRAFT)
            .select_related("project__application", "project__organisation"))
    if status:
        rows = rows.filter(status=status)
    return rows.order_by(Case(When(status=FinalReportStatus.SUBMITTED, then=Value(0)),
                              default=Value(1)), "-submitted_at", "pk")
