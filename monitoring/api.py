"""The read-only reporting API, version 1 (/api/v1/): calls, applications received,
decisions, sponsored projects and the dashboard's figures, as JSON with an OpenAPI schema
(/api/v1/openapi.json).

Built with django-ninja: the schema is generated from the same typed schemas that write the
responses (they cannot drift apart), and a read-only API needs nothing of Django REST
framework's writable serializers or its browsable pages (whose inline script the portal's
Content Security Policy refuses; ninja's Swagger page is switched off for the same reason).

Who may use it: HQ programme staff only, with a token they create on the API tokens page
(`Authorization: Bearer rit_…`) or, in a browser, their logged-in session. The rules of
the pages hold: no token (or a revoked, expired or unknown one) is a 401; a valid token or
session of anyone who is not HQ staff is a 404, as HQ's pages are for them. Lists are
paginated (`?page=`, `?page_size=` up to 100). The schema itself is behind the same
token or session.
"""

import datetime as dt
from decimal import Decimal
from math import ceil

from django.db.models import (
    BigIntegerField,
    Count,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from ninja import Field, NinjaAPI, Path, Query, Schema
from ninja.security import HttpBearer, SessionAuth

from applications.enums import ApplicationStatus
from applications.models import Application, Call, ConsortiumMember
from applications.selectors import applications_visible_to
from projects.enums import REPORTED, ProjectStatus
from projects.models import ProgressReport, Project
from projects.selectors import projects_visible_to
from rit_portal.throttling import PerUserThrottle
from sponsorship.enums import DecisionMode
from sponsorship.models import CostLine, SponsorshipDecision

from .money import call_money, project_money, with_money
from .services import api_token_holder, figures_current
from .tables import call_money_tables, figure_tables

MAX_ID = 2**63 - 1
MAX_PAGE = 1_000_000
PAGE_SIZE, MAX_PAGE_SIZE = 50, 100


def _hq_only(user):
    """The user if they may use the API; a 404 for anyone else who is signed in."""
    if not user.has_perm("monitoring.use_api"):
        raise Http404
    return user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer <token>`: an active token of HQ staff."""

    def authenticate(self, request, token):
        user = api_token_holder(token)
        return _hq_only(user) if user is not None else None


class HqSessionAuth(SessionAuth):
    """HQ staff's logged-in session (reading the API in a browser: GET only, no CSRF)."""

    def authenticate(self, request, key):
        user = request.user
        return _hq_only(user) if user.is_authenticated else None


AUTH = [TokenAuth(), HqSessionAuth()]


def _schema_behind_the_apis_auth(view):
    """The OpenAPI schema is read with the data's own credentials (issue 27): a token or
    session of HQ staff; 401 without one, 404 for anyone else signed in. It names every
    operation and parameter, which is for the API's users only."""

    def schema_view(request, *args, **kwargs):
        for auth in AUTH:
            user = auth(request)  # raises Http404 for a signed-in non-HQ user
            if user:
                request.auth = user
                return view(request, *args, **kwargs)
        return JsonResponse({"detail": "Unauthorized"}, status=401,
                            headers={"WWW-Authenticate": "Bearer"})

    return schema_view


api = NinjaAPI(
    title="RIT Portal reporting API", version="1", urls_namespace="api-v1",
    description=__doc__, docs_url=None, auth=AUTH,
    # At most settings.API_RATE requests per HQ user, all their tokens and their session
    # together; a 429 with Retry-After beyond.
    throttle=PerUserThrottle(scope="rit-api", setting="API_RATE"),
    docs_decorator=_schema_behind_the_apis_auth)


# --- Schemas --------------------------------------------------------------------------------

class Problem(Schema):
    detail: str | list


class PageQuery(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE)
    page_size: int = Field(PAGE_SIZE, ge=1, le=MAX_PAGE_SIZE)


class PageMeta(Schema):
    count: int
    page: int
    pages: int
    page_size: int


class CallOut(Schema):
    id: int
    fiscal_year: int
    title_ja: str
    title_en: str
    opens_at: dt.datetime
    closes_at: dt.datetime
    budget_envelope: int = Field(description="yen")
    is_published: bool
    state: str
    applications_received: int


class CallPage(PageMeta):
    items: list[CallOut]


class ApplicationOut(Schema):
    id: int
    reference: str
    call_id: int
    fiscal_year: int
    status: ApplicationStatus
    organisation_id: int
    organisation_ja: str
    organisation_en: str
    title_ja: str
    title_en: str
    sector: str | None = Field(description="sector code")
    prefectures: list[str] = Field(description="JIS codes")
    partner_region: str | None
    partner_country: str | None = Field(description="ISO 3166-1 alpha-2")
    objectives: list[str]
    duration_years: int | None
    consortium_size: int
    requested: int = Field(description="yen, the cost proposal's total")
    submitted_at: dt.datetime | None
    decision_published_at: dt.datetime | None

    @staticmethod
    def resolve_fiscal_year(obj) -> int:
        return obj.call.fiscal_year

    @staticmethod
    def resolve_organisation_ja(obj) -> str:
        return obj.organisation.name_ja

    @staticmethod
    def resolve_organisation_en(obj) -> str:
        return obj.organisation.name_en

    @staticmethod
    def resolve_sector(obj) -> str | None:
        return obj.sector.code if obj.sector else None

    @staticmethod
    def resolve_prefectures(obj) -> list[str]:
        return [prefecture.code for prefecture in obj.prefectures.all()]

    @staticmethod
    def resolve_partner_region(obj) -> str | None:
        return obj.partner_region.name_en if obj.partner_region else None

    @staticmethod
    def resolve_partner_country(obj) -> str | None:
        return obj.partner_region.country.iso2 if obj.partner_region else None


class ApplicationPage(PageMeta):
    items: list[ApplicationOut]


class DecisionOut(Schema):
    id: int
    application_id: int
    reference: str | None
    version: int
    is_current: bool
    mode: DecisionMode
    percentage: float | None
    requested_total: int = Field(description="yen")
    approved_total: int = Field(description="yen")
    decided_at: dt.datetime
    published_at: dt.datetime | None

    @staticmethod
    def resolve_reference(obj) -> str | None:
        return obj.application.reference

    @staticmethod
    def resolve_published_at(obj) -> dt.datetime | None:
        return obj.application.decision_published_at


class DecisionPage(PageMeta):
    items: list[DecisionOut]


class ProjectOut(Schema):
    id: int
    application_id: int
    reference: str
    organisation_ja: str
    organisation_en: str
    partner_region: str | None
    partner_country: str | None
    first_fiscal_year: int
    duration_years: int
    approved_total: int = Field(description="yen")
    status: ProjectStatus = Field(description="running, or how the project ended")
    ended_at: dt.datetime | None = Field(description="when it was completed, closed early "
                                                     "or cancelled")
    reports_handed_in: int
    spent: int = Field(description="yen, in progress reports handed in")
    claimed: int = Field(description="yen, in claims with the programme office, approved or "
                                     "paid")
    paid: int = Field(description="yen, in the payments recorded")

    @staticmethod
    def resolve_spent(obj) -> int:
        return obj.money_spent

    @staticmethod
    def resolve_claimed(obj) -> int:
        return obj.money_claimed

    @staticmethod
    def resolve_paid(obj) -> int:
        return obj.money_paid

    @staticmethod
    def resolve_reference(obj) -> str:
        return obj.application.reference

    @staticmethod
    def resolve_ended_at(obj) -> dt.datetime | None:
        return obj.closed_at

    @staticmethod
    def resolve_organisation_ja(obj) -> str:
        return obj.organisation.name_ja

    @staticmethod
    def resolve_organisation_en(obj) -> str:
        return obj.organisation.name_en

    @staticmethod
    def resolve_partner_region(obj) -> str | None:
        return obj.partner_region.name_en if obj.partner_region else None

    @staticmethod
    def resolve_partner_country(obj) -> str | None:
        return obj.partner_region.country.iso2 if obj.partner_region else None


class ProjectPage(PageMeta):
    items: list[ProjectOut]


class FigureTableOut(Schema):
    key: str
    title: str
    columns: list[str]
    rows: list[list[str | int | float | None]] = Field(
        description="the first cell names the row; numbers are numbers (yen whole)")


class FiguresOut(Schema):
    fiscal_year: int | None
    tables: list[FigureTableOut]


class CallMoneyOut(Schema):
    call_id: int
    tables: list[FigureTableOut] = Field(description="the call's total, per fiscal year, "
                                                     "per project (yen)")


ERRORS = {401: Problem, 404: Problem, 429: Problem}


# --- Helpers --------------------------------------------------------------------------------

def _page(queryset: QuerySet, query: PageQuery) -> dict:
    count = queryset.count()
    start = (query.page - 1) * query.page_size
    return {"count": count, "page": query.page, "page_size": query.page_size,
            "pages": ceil(count / query.page_size), "items": list(
                queryset[start:start + query.page_size])}


def _received(user) -> QuerySet[Application]:
    requested = (CostLine.objects.filter(application=OuterRef("pk")).order_by()
                 .values("application").annotate(total=Sum("total")).values("total")[:1])
    members = (ConsortiumMember.objects
               .filter(application=OuterRef("pk")).order_by().values("application")
               .annotate(n=Count("pk")).values("n")[:1])
    return (applications_visible_to(user).filter(reference__isnull=False)
            .select_related("sector", "partner_region__country")
            .prefetch_related("prefectures")
            .annotate(requested=Coalesce(Subquery(requested), Value(0),
                                         output_field=BigIntegerField()),
                      consortium_size=Coalesce(Subquery(members), Value(0),
                                               output_field=IntegerField()))
            .order_by("call__fiscal_year", "sequence"))


def _projects(user) -> QuerySet[Project]:
    reports = (ProgressReport.objects.filter(project_year__project=OuterRef("pk"),
                                             status__in=REPORTED)
               .order_by().values("project_year__project").annotate(n=Count("pk"))
               .values("n")[:1])
    return (with_money(projects_visible_to(user))
            .annotate(reports_handed_in=Coalesce(Subquery(reports), Value(0),
                                                 output_field=IntegerField()))
            .order_by("first_fiscal_year", "application__sequence"))


def _calls():
    received = (Application.objects.filter(call=OuterRef("pk"), reference__isnull=False)
                .order_by().values("call").annotate(n=Count("pk")).values("n")[:1])
    return (Call.objects.annotate(applications_received=Coalesce(
        Subquery(received), Value(0), output_field=IntegerField()))
        .order_by("fiscal_year", "opens_at"))


# --- Endpoints ------------------------------------------------------------------------------

@api.get("/calls", response={200: CallPage, **ERRORS}, url_name="calls", tags=["calls"])
def list_calls(request, query: Query[PageQuery],
               fiscal_year: int | None = Query(None, ge=2000, le=2100)):
    """Every call, oldest first, with the number of applications received."""
    calls = _calls()
    if fiscal_year is not None:
        calls = calls.filter(fiscal_year=fiscal_year)
    return _page(calls, query)


@api.get("/calls/{call_id}", response={200: CallOut, **ERRORS}, url_name="call",
         tags=["calls"])
def get_call(request, call_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(_calls(), pk=call_id)


@api.get("/calls/{call_id}/money", response={200: CallMoneyOut, **ERRORS},
         url_name="call-money", tags=["calls"])
def get_call_money(request, call_id: int = Path(..., ge=1, le=MAX_ID)):
    """The call's money as its money page shows it: approved, claimed, paid and spent
    (reported), for the call, per fiscal year and per project (every project)."""
    money = call_money(call=get_object_or_404(Call, pk=call_id))
    projects = [project_money(p) for p in money.projects]
    return {"call_id": call_id, "tables": _tables(call_money_tables(money, projects))}


@api.get("/applications", response={200: ApplicationPage, **ERRORS}, url_name="applications",
         tags=["applications"])
def list_applications(request, query: Query[PageQuery],
                      call_id: int | None = Query(None, ge=1, le=MAX_ID),
                      status: ApplicationStatus | None = None):
    """Applications received (submitted at least once; drafts stay their organisation's)."""
    applications = _received(request.auth)
    if call_id is not None:
        applications = applications.filter(call_id=call_id)
    if status is not None:
        applications = applications.filter(status=status)
    return _page(applications, query)


@api.get("/applications/{application_id}", response={200: ApplicationOut, **ERRORS},
         url_name="application", tags=["applications"])
def get_application(request, application_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(_received(request.auth), pk=application_id)


@api.get("/decisions", response={200: DecisionPage, **ERRORS}, url_name="decisions",
         tags=["decisions"])
def list_decisions(request, query: Query[PageQuery],
                   call_id: int | None = Query(None, ge=1, le=MAX_ID),
                   current_only: bool = True):
    """Sponsorship decisions (by default only each application's current version)."""
    decisions = (SponsorshipDecision.objects
                 .filter(application__in=applications_visible_to(request.auth))
                 .select_related("application").order_by("application_id", "version"))
    if call_id is not None:
        decisions = decisions.filter(application__call_id=call_id)
    if current_only:
        decisions = decisions.filter(is_current=True)
    return _page(decisions, query)


@api.get("/projects", response={200: ProjectPage, **ERRORS}, url_name="projects",
         tags=["projects"])
def list_projects(request, query: Query[PageQuery],
                  fiscal_year: int | None = Query(None, ge=2000, le=2100,
                                                  description="the call's fiscal year"),
                  # django-ninja's way of declaring a parameter (the enum is in the schema).
                  status: ProjectStatus | None = Query(  # noqa: B008
                      None, description="only the running projects, or those that ended so")):
    projects = _projects(request.auth)
    if fiscal_year is not None:
        projects = projects.filter(first_fiscal_year=fiscal_year)
    if status == ProjectStatus.RUNNING:
        projects = projects.running()
    elif status is not None:
        projects = projects.filter(status=status)
    return _page(projects, query)


@api.get("/projects/{project_id}", response={200: ProjectOut, **ERRORS}, url_name="project",
         tags=["projects"])
def get_project(request, project_id: int = Path(..., ge=1, le=MAX_ID)):
    return get_object_or_404(_projects(request.auth), pk=project_id)


@api.get("/dashboard", response={200: FiguresOut, **ERRORS}, url_name="dashboard",
         tags=["figures"])
def dashboard(request, fiscal_year: int | None = Query(None, ge=2000, le=2100)):
    """The dashboard's figures as its tables (the annual report's, in the reader's
    language: `Accept-Language`), for one fiscal year or every year."""
    figures = figures_current(fiscal_year=fiscal_year).figures  # the dashboard's, as stored
    return {"fiscal_year": fiscal_year, "tables": _tables(figure_tables(figures))}


def _tables(tables) -> list[dict]:
    return [{"key": table.key, "title": table.title, "columns": table.columns,
             "rows": [[_json_cell(cell.value) for cell in row] for row in table.rows]}
            for table in tables]


def _json_cell(value):
    return float(value) if isinstance(value, Decimal) else value
