"""The money of the sponsored projects, per project, per call and per fiscal year: what was
approved, claimed, paid and reported as spent. The dashboard, the annual report, a call's
money page, its export and the API all read these functions, laid out by
`tables.money_table` / `call_money_tables`, so they cannot disagree.

One definition of each figure (projects.selectors.money_sources: approved lines as
amended; claims handed in; claims paid; spend in progress reports handed in), read two ways
by the database. Per call and per fiscal year (of the project year the money belongs to)
they are grouped sums, four queries whatever the number of projects; per project they are
correlated subqueries on the projects' own query (`with_money`), so a page of projects is
one query.
"""

from dataclasses import dataclass

from django.db.models import BigIntegerField, OuterRef, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from applications.models import Call
from projects.models import Project
from projects.selectors import MONEY_FIGURES as FIGURES
from projects.selectors import money_sources as sources
from rit_portal.bilingual import in_reader_language


@dataclass(frozen=True)
class Money:
    """Approved, claimed, paid and spent (reported), in yen, for one row (`key`, `label`)."""

    key: object
    label: str
    approved: int = 0
    claimed: int = 0
    paid: int = 0
    spent: int = 0


def _yen(expression):
    return Coalesce(expression, Value(0), output_field=BigIntegerField())


def _grouped(group: str, *, projects: QuerySet[Project] | None,
             fiscal_year: int | None = None) -> dict[object, dict[str, int]]:
    """{group key: {figure: yen}}, `group` "call" or "fiscal_year". Four queries."""
    totals: dict[object, dict[str, int]] = {}
    for figure, source in sources().items():
        path = (f"{source.project}__application__call" if group == "call"
                else f"{source.year}__fiscal_year")
        rows = source.rows
        if projects is not None:
            rows = rows.filter(**{f"{source.project}__in": projects})
        if fiscal_year is not None:
            rows = rows.filter(**{f"{source.year}__fiscal_year": fiscal_year})
        for key, total in (rows.order_by().values(path).annotate(total=_yen(Sum(source.amount)))
                           .values_list(path, "total")):
            totals.setdefault(key, {})[figure] = total
    return totals


def money_by_call(*, calls: QuerySet[Call],
                  projects: QuerySet[Project] | None = None) -> list[Money]:
    """One row per call of `calls` (every figure of its projects, in every year), oldest
    first; `projects` narrows the projects counted (a domestic office's). Five queries."""
    calls = list(calls.order_by("fiscal_year", "opens_at", "pk"))
    totals = _grouped("call", projects=Project.objects.filter(application__call__in=calls)
                      if projects is None else projects.filter(application__call__in=calls))
    return [Money(call.pk, in_reader_language(ja=call.title_ja, en=call.title_en),
                  **totals.get(call.pk, {})) for call in calls]


def money_by_fiscal_year(*, fiscal_year: int | None = None,
                         projects: QuerySet[Project] | None = None) -> list[Money]:
    """One row per fiscal year that the money belongs to (the project year of the line),
    oldest first; `fiscal_year` keeps only that year. Four queries."""
    from rit_portal.conventions import fiscal_year as fiscal_year_label

    totals = _grouped("fiscal_year", projects=projects, fiscal_year=fiscal_year)
    return [Money(year, fiscal_year_label(year), **totals[year]) for year in sorted(totals)]


def with_money(projects: QuerySet[Project]) -> QuerySet[Project]:
    """`projects` annotated with `money_approved`, `money_claimed`, `money_paid` and
    `money_spent` (yen): correlated subqueries, no join that multiplies rows."""
    annotations = {}
    for figure, source in sources().items():
        total = (source.rows.filter(**{source.project: OuterRef("pk")}).order_by()
                 .values(source.project).annotate(total=Sum(source.amount)).values("total")[:1])
        annotations[f"money_{figure}"] = _yen(Subquery(total))
    return projects.annotate(**annotations)


def project_money(project: Project) -> Money:
    """The figures of one project annotated by `with_money`."""
    return Money(project.pk, project.application.reference,
                 **{figure: getattr(project, f"money_{figure}") for figure in FIGURES})


@dataclass(frozen=True)
class CallMoney:
    """A call's money: its total, per fiscal year, and its projects (annotated)."""

    call: Call
    total: Money
    by_year: list[Money]
    projects: QuerySet[Project]


def call_money(*, call: Call) -> CallMoney:
    """Everything the call's money page, its export and the API show. Nine queries (and the
    projects' query when read)."""
    projects = Project.objects.filter(application__call=call)
    total = money_by_call(calls=Call.objects.filter(pk=call.pk))[0]
    return CallMoney(call, total, money_by_fiscal_year(projects=projects),
                     with_money(projects.select_related("application", "organisation"))
                     .order_by("application__sequence", "pk"))
