"""The programme's figures (case study 5.1: number and value of projects, types of
international collaboration, supported firms, participants' satisfaction), for one fiscal
year or across every year: the dashboard, the annual report's PDF, CSV and XLSX, and the
API's `dashboard` all read `programme_figures` as last stored (models.FiguresSnapshot,
refreshed by beat and by each annual report: services.figures_current), so they cannot
disagree.

Every figure is computed by the database (aggregates and annotations), in a fixed number
of queries whatever the number of calls, applications and projects
(tests/monitoring/test_figures.py counts them with 1 and with several projects).

What "the fiscal year" means for each figure (a project runs one to three fiscal years):
- applications, decisions, the budget and the sponsored projects (with their breakdowns,
  firms and objectives) belong to the **call** of that fiscal year; "spent" is what those
  projects reported in every year so far;
- what happened during the year (activities held, outcomes, the satisfaction survey) is
  read from the **project years** that fall in that fiscal year, of every project;
- only progress reports handed in count (projects.enums.REPORTED), as everywhere.
"""

import functools
import types
import typing
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field, fields, is_dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import (
    BigIntegerField,
    Case,
    CharField,
    Count,
    F,
    Func,
    Q,
    QuerySet,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from accounts.referrals import channel_choices
from applications.enums import PASSED_ELIGIBILITY, ApplicationStatus, Objective
from applications.models import Application, Call
from projects.enums import REPORTED, ProjectStatus
from projects.models import (
    ProgressReport,
    Project,
    ProjectActivity,
    ProjectFirm,
    ProjectYear,
    SpendLine,
    SurveyInvitation,
    project_running,
)
from projects.selectors import (
    OutcomeTotal,
    ParticipationTotal,
    SurveySummary,
    outcome_totals,
    participation_totals,
    survey_summary,
)
from rit_portal.bilingual import in_reader_language
from sponsorship.models import CostLine, SponsorshipDecision

from .money import Money, money_by_call, money_by_fiscal_year

# --- Firms counted once ---------------------------------------------------------------------

def name_key(name: str) -> str:
    """A firm's name as firms are compared: NFKC (full-width letters and digits folded to
    their usual forms), case folded, without spaces of any width."""
    return "".join(unicodedata.normalize("NFKC", name or "").casefold().split())


class NormalisedName(Func):
    """`name_key` computed by the database: PostgreSQL's NORMALIZE(…, NFKC); on SQLite the
    function `rit_name_key`, registered on each connection (apps.py) as `name_key`."""

    output_field = CharField()
    arity = 1

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection,
                           template="REPLACE(LOWER(NORMALIZE(%(expressions)s, NFKC)), ' ', '')",
                           **extra)

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, function="rit_name_key", **extra)


@dataclass(frozen=True)
class FirmCount:
    """Distinct firms and how many of them are SMEs."""

    firms: int
    smes: int

    @property
    def sme_share(self) -> Decimal | None:
        return percentage(self.smes, self.firms)


def distinct_firms(firms: QuerySet[ProjectFirm]) -> FirmCount:
    """The firms among `firms` counted once: by corporate number where known, otherwise by
    normalised name — and a firm without a number whose name matches a numbered firm's is
    that firm. A firm is an SME when any of its rows says so. Two queries."""
    numbered = firms.exclude(corporate_number="")
    by_number = numbered.aggregate(
        firms=Count("corporate_number", distinct=True),
        smes=Count("corporate_number", distinct=True, filter=Q(is_sme=True)))
    numbered_names = numbered.annotate(key=NormalisedName(F("name"))).values("key")
    by_name = (firms.filter(corporate_number="").annotate(key=NormalisedName(F("name")))
               .exclude(key__in=numbered_names)
               .aggregate(firms=Count("key", distinct=True),
                          smes=Count("key", distinct=True, filter=Q(is_sme=True))))
    return FirmCount(by_number["firms"] + by_name["firms"], by_number["smes"] + by_name["smes"])


# --- Small helpers --------------------------------------------------------------------------

def percentage(part: int, whole: int) -> Decimal | None:
    """`part` of `whole` in per cent to one decimal (None when `whole` is 0)."""
    if not whole:
        return None
    return (Decimal(100 * part) / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _yen_sum(field_name: str):
    return Coalesce(Sum(field_name), Value(0), output_field=BigIntegerField())


# --- The figures ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Funnel:
    received: int
    eligible: int
    approved: int

    @property
    def eligible_share(self) -> Decimal | None:
        return percentage(self.eligible, self.received)

    @property
    def approved_share(self) -> Decimal | None:
        return percentage(self.approved, self.received)


@dataclass(frozen=True)
class Budget:
    envelope: int
    requested: int
    approved: int
    spent: int


@dataclass(frozen=True)
class Breakdown:
    """Sponsored projects of one sector, prefecture, country, partner region or office."""

    label: str
    projects: int
    value: int


@dataclass(frozen=True)
class LabelledCount:
    key: str
    label: str
    count: int


@dataclass(frozen=True)
class ReferralRow:
    channel: str
    label: str
    organisations: int
    applications: int
    approved: int


@dataclass(frozen=True)
class TrendRow:
    fiscal_year: int
    received: int
    eligible: int
    approved: int
    projects: int
    envelope: int
    approved_yen: int
    spent: int


@dataclass
class Figures:
    """Every figure of the dashboard for `fiscal_year` (None: every year)."""

    fiscal_year: int | None
    calls: int
    funnel: Funnel
    budget: Budget
    projects: int
    projects_value: int
    projects_running: int
    by_status: list[LabelledCount]
    by_sector: list[Breakdown]
    by_prefecture: list[Breakdown]
    by_country: list[Breakdown]
    by_region: list[Breakdown]
    by_office: list[Breakdown]
    firms: FirmCount
    objectives: list[LabelledCount]
    outcomes: list[OutcomeTotal]
    participation: list[ParticipationTotal]
    survey: SurveySummary
    referrals: list[ReferralRow]
    trend: list[TrendRow] = field(default_factory=list)
    # Approved, claimed, paid and spent per call of the year and per fiscal year (money.py).
    money_by_call: list[Money] = field(default_factory=list)
    money_by_year: list[Money] = field(default_factory=list)


def fiscal_years() -> list[int]:
    """Every fiscal year with a call or a project year, newest first. One query."""
    years = (Call.objects.order_by().values_list("fiscal_year", flat=True)
             .union(ProjectYear.objects.order_by().values_list("fiscal_year", flat=True)))
    return sorted(set(years), reverse=True)


def _calls(fiscal_year: int | None) -> QuerySet[Call]:
    calls = Call.objects.all()
    return calls if fiscal_year is None else calls.filter(fiscal_year=fiscal_year)


def _in_prefectures(queryset, prefectures: frozenset | None, prefix: str):
    """`queryset` limited to the organisations of `prefectures` (ids; None: every one),
    the organisation reached through `prefix`: the one filter of a domestic office's view."""
    if prefectures is None:
        return queryset
    return queryset.filter(**{f"{prefix}organisation__prefecture_id__in": prefectures})


def received_applications(fiscal_year: int | None,
                          prefectures: frozenset | None = None) -> QuerySet[Application]:
    """Applications submitted (they carry a reference from their first submission) to the
    calls of `fiscal_year`; withdrawn ones included: they were received."""
    applications = _in_prefectures(Application.objects.filter(reference__isnull=False),
                                   prefectures, "")
    if fiscal_year is not None:
        applications = applications.filter(call__fiscal_year=fiscal_year)
    return applications


def sponsored_projects(fiscal_year: int | None,
                       prefectures: frozenset | None = None) -> QuerySet[Project]:
    """The projects of the calls of `fiscal_year` (created when the approval is published)."""
    projects = _in_prefectures(Project.objects.all(), prefectures, "")
    return projects if fiscal_year is None else projects.filter(first_fiscal_year=fiscal_year)


def _years(fiscal_year: int | None, prefectures: frozenset | None = None
           ) -> QuerySet[ProjectYear]:
    years = _in_prefectures(ProjectYear.objects.all(), prefectures, "project__")
    return years if fiscal_year is None else years.filter(fiscal_year=fiscal_year)


def _funnel(applications: QuerySet[Application]) -> Funnel:
    counts = applications.aggregate(
        received=Count("id"),
        eligible=Count("id", filter=Q(status__in=PASSED_ELIGIBILITY)),
        approved=Count("id", filter=Q(status=ApplicationStatus.APPROVED)))
    return Funnel(counts["received"], counts["eligible"], counts["approved"])


def _budget(calls, applications, projects) -> Budget:
    envelope = calls.aggregate(total=_yen_sum("budget_envelope"))["total"]
    requested = (CostLine.objects.filter(application__in=applications)
                 .aggregate(total=_yen_sum("total"))["total"])
    approved = (SponsorshipDecision.objects
                .filter(is_current=True, application__in=applications,
                        application__status=ApplicationStatus.APPROVED)
                .aggregate(total=_yen_sum("approved_total"))["total"])
    spent = (SpendLine.objects.filter(report__status__in=REPORTED,
                                      report__project_year__project__in=projects)
             .aggregate(total=_yen_sum("amount"))["total"])
    return Budget(envelope, requested, approved, spent)


def _not_given() -> str:
    return str(_("Not given"))


def _breakdown(projects: QuerySet[Project], prefix: str) -> list[Breakdown]:
    """Projects and their approved value per `<prefix>` record (its bilingual name), the
    largest first. One query."""
    rows = (projects.values(f"{prefix}__name_ja", f"{prefix}__name_en")
            .annotate(n=Count("id", distinct=True), value=_yen_sum("approved_total"))
            .order_by("-n", "-value", f"{prefix}__name_en"))
    return [Breakdown(in_reader_language(ja=row[f"{prefix}__name_ja"] or "",
                                         en=row[f"{prefix}__name_en"] or "") or _not_given(),
                      row["n"], row["value"])
            for row in rows]


def _by_status(projects: QuerySet[Project]) -> list[LabelledCount]:
    """The projects still running and how the others ended, in the lifecycle's order
    (projects.workflow.PROJECT), zeros included. One query."""
    counts = projects.aggregate(**{value: Count("id", filter=Q(status=value))
                                   for value in ProjectStatus.values})
    return [LabelledCount(value, str(ProjectStatus(value).label), counts[value])
            for value in ProjectStatus.values]


def _running_in(years: QuerySet[ProjectYear]) -> int:
    """Projects that ran during one of `years`: a year counts while its project runs, or
    if the project ended on or after the year's first day (a project cancelled or closed
    early stops counting from its next year). One query."""
    # One filter(): the year tested is the year matched (a second filter would join the
    # years again and test any of them).
    return (Project.objects.filter(Q(years__in=years) & (
        project_running() | Q(closed_at__date__gte=F("years__starts_on"))))
            .distinct().count())


def _objectives(projects: QuerySet[Project]) -> list[LabelledCount]:
    """Sponsored projects per objective of their application (types of international
    collaboration planned). One query. Objectives are a JSON list of codes: a code is
    matched with its quotes, which no other code contains."""
    counts = projects.aggregate(**{
        value: Count("id", filter=Q(application__objectives__icontains=f'"{value}"'))
        for value in Objective.values})
    return [LabelledCount(value, str(Objective(value).label), counts[value])
            for value in Objective.values]


def _channel_of(field_name: str):
    """The sharing channel (accounts.referrals) of a referral source, in SQL: the channel's
    key for "chamber" or "chamber-…", "" for no source, "other" for anything else."""
    whens = [When(Q(**{field_name: key}) | Q(**{f"{field_name}__startswith": f"{key}-"}),
                  then=Value(key))
             for key, _label in channel_choices()]
    return Case(When(**{field_name: ""}, then=Value("")), *whens, default=Value("other"),
                output_field=CharField())


def _referrals(applications: QuerySet[Application]) -> list[ReferralRow]:
    """Applications received per channel that brought their organisation (the programme's
    promotion, case study 7.2). One query."""
    labels = dict(channel_choices())
    rows = (applications.annotate(channel=_channel_of("organisation__referral_source"))
            .values("channel")
            .annotate(organisations=Count("organisation", distinct=True),
                      applications=Count("id"),
                      approved=Count("id", filter=Q(status=ApplicationStatus.APPROVED)))
            .order_by("-applications", "channel"))
    none, other = _("No shared link"), _("Other links")
    return [ReferralRow(row["channel"],
                        str(labels.get(row["channel"]) or (none if not row["channel"] else other)),
                        row["organisations"], row["applications"], row["approved"])
            for row in rows]


def _by_fiscal_year(queryset, year_field: str, **aggregates) -> dict[int, dict]:
    rows = queryset.values(year_field).annotate(**aggregates).order_by()
    return {row[year_field]: row for row in rows}


def _trend(prefectures: frozenset | None = None) -> list[TrendRow]:
    """The figures of every fiscal year with a call, oldest first. Five queries."""
    received = _by_fiscal_year(
        received_applications(None, prefectures), "call__fiscal_year", received=Count("id"),
        eligible=Count("id", filter=Q(status__in=PASSED_ELIGIBILITY)),
        approved=Count("id", filter=Q(status=ApplicationStatus.APPROVED)))
    envelopes = _by_fiscal_year(Call.objects.all(), "fiscal_year",
                                envelope=_yen_sum("budget_envelope"))
    approved = _by_fiscal_year(
        _in_prefectures(SponsorshipDecision.objects.filter(
            is_current=True, application__status=ApplicationStatus.APPROVED,
            application__reference__isnull=False), prefectures, "application__"),
        "application__call__fiscal_year", total=_yen_sum("approved_total"))
    projects = _by_fiscal_year(sponsored_projects(None, prefectures), "first_fiscal_year",
                               n=Count("id"))
    spent = _by_fiscal_year(
        _in_prefectures(SpendLine.objects.filter(report__status__in=REPORTED), prefectures,
                        "report__project_year__project__"),
        "report__project_year__project__first_fiscal_year", total=_yen_sum("amount"))
    zero = defaultdict(int)
    return [TrendRow(year, received.get(year, zero)["received"],
                     received.get(year, zero)["eligible"], received.get(year, zero)["approved"],
                     projects.get(year, zero)["n"], envelopes[year]["envelope"],
                     approved.get(year, zero)["total"], spent.get(year, zero)["total"])
            for year in sorted(envelopes)]


@dataclass(frozen=True)
class Glance:
    fiscal_year: int
    funnel: Funnel
    budget: Budget


def latest_fiscal_year() -> int | None:
    """The fiscal year of the latest call (HQ's home page shows its figures at a glance);
    None before the first call. One query."""
    return Call.objects.order_by("-fiscal_year").values_list("fiscal_year", flat=True).first()


def programme_figures(*, fiscal_year: int | None = None,
                      prefectures: frozenset | None = None) -> Figures:
    """Every figure of the dashboard for the calls and project years of `fiscal_year`
    (None: every year), with the trend across years. About forty queries, whatever the
    amount of data.

    `prefectures` (ids) limits every figure to the applications and projects of the
    organisations of those prefectures: a domestic office's view (`office_figures`). The
    calls and their envelopes stay the programme's."""
    calls = _calls(fiscal_year)
    applications = received_applications(fiscal_year, prefectures)
    projects = sponsored_projects(fiscal_year, prefectures)
    years = _years(fiscal_year, prefectures)
    project_totals = projects.aggregate(n=Count("id"), value=_yen_sum("approved_total"))
    reports = ProgressReport.objects.filter(project_year__in=years)
    return Figures(
        fiscal_year=fiscal_year,
        calls=calls.count(),
        funnel=_funnel(applications),
        budget=_budget(calls, applications, projects),
        projects=project_totals["n"],
        projects_value=project_totals["value"],
        projects_running=_running_in(years),
        by_status=_by_status(projects),
        by_sector=_breakdown(projects, "application__sector"),
        by_prefecture=_breakdown(projects, "application__prefectures"),
        by_country=_breakdown(projects, "partner_region__country"),
        by_region=_breakdown(projects, "partner_region"),
        by_office=_breakdown(projects, "partner_region__country__territory__office"),
        firms=distinct_firms(ProjectFirm.objects.filter(project__in=projects,
                                                        from_consortium=True)),
        objectives=_objectives(projects),
        outcomes=outcome_totals(reports=reports),
        participation=participation_totals(activities=ProjectActivity.objects.filter(
            project_year__in=years, project_year__report__status__in=REPORTED)),
        survey=survey_summary(invitations=SurveyInvitation.objects.filter(
            project_year__in=years)),
        referrals=_referrals(applications),
        trend=_trend(prefectures),
        money_by_call=money_by_call(calls=calls, projects=projects),
        money_by_year=money_by_fiscal_year(
            fiscal_year=fiscal_year,
            projects=None if prefectures is None else sponsored_projects(None, prefectures)),
    )


# --- The figures as stored (models.FiguresSnapshot) ------------------------------------------

def _as_json(value):
    if is_dataclass(value):
        return {f.name: _as_json(getattr(value, f.name)) for f in fields(value)}
    if isinstance(value, list):
        return [_as_json(item) for item in value]
    if isinstance(value, dict):
        return {key: _as_json(item) for key, item in value.items()}
    if isinstance(value, Decimal):
        return str(value)
    return value


@functools.cache
def _field_types(kind) -> dict:
    return typing.get_type_hints(kind)


def _from_json(kind, value):
    """`value` (JSON) read back as `kind`, the type the dataclass field declares."""
    if value is None:
        return None
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        (kind,) = [arg for arg in typing.get_args(kind) if arg is not type(None)]
    if is_dataclass(kind):
        hints = _field_types(kind)
        return kind(**{f.name: _from_json(hints[f.name], value[f.name]) for f in fields(kind)})
    if typing.get_origin(kind) is list:
        (item,) = typing.get_args(kind)
        return [_from_json(item, v) for v in value]
    if kind is Decimal:
        return Decimal(value)
    return value


def figures_as_json(figures: Figures) -> dict:
    """The figures as the snapshot stores them (decimals as strings, labels as shown)."""
    return _as_json(figures)


def figures_from_json(data: dict) -> Figures | None:
    """The stored figures as `Figures`, equal to what `programme_figures` returned when
    they were stored; None when they no longer fit `Figures` (a release changed its
    fields): then they are computed again."""
    try:
        return _from_json(Figures, data)
    except (TypeError, KeyError, ValueError, ArithmeticError):
        return None


@dataclass(frozen=True)
class StoredFigures:
    figures: Figures
    computed_at: object  # datetime


def stored_figures(*, fiscal_year: int | None, language: str,
                   office: str = "") -> StoredFigures | None:
    """The figures of `fiscal_year` (None: every year) in `language` as last refreshed
    (services.figures_refresh): the programme's, or those of the office of code `office`;
    None when never stored or no longer readable. One query."""
    from .models import FiguresSnapshot

    row = (FiguresSnapshot.objects.filter(fiscal_year=fiscal_year or 0, language=language,
                                          office=office)
           .values_list("figures", "computed_at").first())
    figures = figures_from_json(row[0]) if row else None
    return StoredFigures(figures, row[1]) if figures is not None else None


def report_gauges() -> list:
    """For /metrics/ (rit_portal.metrics): annual reports pending, rendering or failed."""
    from rit_portal.metrics import status_counts

    from .enums import ReportJobStatus as S
    from .models import AnnualReport

    return [status_counts(AnnualReport, name="rit_annual_reports",
                          documentation="Annual monitoring reports not (yet) produced, by status.",
                          statuses=[S.PENDING, S.RENDERING, S.FAILED])]


def offices_in_japan():
    """The JETRO offices in Japan that cover prefectures: those with monitoring figures."""
    from regions.enums import OfficeKind
    from regions.models import JetroOffice

    return (JetroOffice.objects.exclude(kind=OfficeKind.OVERSEAS)
            .filter(domestic_territories__isnull=False).distinct())


def office_prefectures(office) -> frozenset:
    """The ids of the prefectures a JETRO office in Japan covers."""
    return frozenset(office.domestic_territories.values_list("prefecture_id", flat=True))


def office_figures(*, office, fiscal_year: int | None = None) -> Figures:
    """HQ's figures limited to the organisations of the prefectures `office` covers."""
    return programme_figures(fiscal_year=fiscal_year, prefectures=office_prefectures(office))
