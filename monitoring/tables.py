"""The figures laid out as tables, each with its chart where one helps: what the dashboard
page, the annual report's PDF, its CSV and its XLSX show. One layout for all four, so the
same number stands in the same place everywhere; labels are in the active language
(`translation.override` for the report).

A table is rows of typed cells (a count, yen, a percentage, a mean score, or text): the
pages format them (`cell_text`), CSV and XLSX keep the number itself.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from rit_portal.conventions import fiscal_year
from rit_portal.money import yen

from .charts import PALETTE, Bar, Series, bar_chart, line_chart
from .money import CallMoney, Money
from .selectors import Breakdown, Figures

COUNT, YEN, PERCENT, MEAN, TEXT = "count", "yen", "percent", "mean", "text"


@dataclass(frozen=True)
class Cell:
    value: object  # int, Decimal, str or None (no figure)
    kind: str = COUNT

    @property
    def text(self) -> str:
        return cell_text(self.value, self.kind)

    @property
    def numeric(self) -> bool:
        return self.kind != TEXT


def cell_text(value, kind: str) -> str:
    """A figure as the pages show it: 1,234 · ¥1,234 · 12.5% · 3.75 · "—" for none."""
    if value is None:
        return "—"
    if kind == YEN:
        return yen(value)
    if kind == PERCENT:
        return f"{value}%"
    if kind == COUNT:
        return f"{value:,}"
    return str(value)


@dataclass
class FigureTable:
    key: str
    title: str
    columns: list[str]
    rows: list[list[Cell]]
    note: str = ""
    chart: SafeString = field(default_factory=lambda: SafeString(""))

    @property
    def stacks_on_phones(self) -> bool:
        """Wider than a phone: each row becomes a block of labelled lines there."""
        return len(self.columns) > 3

    @property
    def labelled_rows(self) -> list[list[tuple[str, Cell]]]:
        """Each row's cells with their column's heading (the label a stacked cell shows)."""
        return [list(zip(self.columns, row, strict=False)) for row in self.rows]


def _approved_count() -> str:
    return pgettext("number of applications", "Approved")


def _value() -> str:
    return pgettext("a figure's value", "Value")


def _t(value, kind=COUNT) -> Cell:
    return Cell(value, kind)


def _labelled(label: str, *cells: Cell) -> list[Cell]:
    return [Cell(label, TEXT), *cells]


def _breakdown_table(key: str, title: str, heading: str, rows: list[Breakdown], *,
                     chart: bool = False, note: str = "") -> FigureTable:
    table = FigureTable(key, title, [heading, _("Projects"), _("Approved (yen)")],
                        [_labelled(row.label, _t(row.projects), _t(row.value, YEN))
                         for row in rows], note=note)
    if chart:
        table.chart = bar_chart(
            key=f"chart-{key}", title=title,
            description=_("Sponsored projects per row of the table beside the chart."),
            bars=[Bar(row.label, row.projects, f"{row.projects:,}") for row in rows])
    return table


def figure_tables(figures: Figures) -> list[FigureTable]:
    """Every table of the dashboard and the report, in reading order."""
    funnel, budget, firms, survey = figures.funnel, figures.budget, figures.firms, figures.survey
    tables = [
        FigureTable("applications", _("Applications and decisions"),
                    [_("Figure"), _("Number"), _("Share of those received")], [
                        _labelled(_("Calls"), _t(figures.calls), _t(None, PERCENT)),
                        _labelled(_("Applications received"), _t(funnel.received),
                                  _t(None, PERCENT)),
                        _labelled(_("Eligible"), _t(funnel.eligible),
                                  _t(funnel.eligible_share, PERCENT)),
                        _labelled(_approved_count(), _t(funnel.approved),
                                  _t(funnel.approved_share, PERCENT)),
                    ], note=_("Eligible: applications that passed the eligibility decision "
                              "(approved, waitlisted or turned down later included).")),
    ]
    budget_rows = _budget_rows(budget)
    budget_table = FigureTable(
        "budget", _("Budget envelope, requested, approved and spent"),
        [_("Figure"), _("Amount (yen)")],
        [_labelled(label, _t(amount, YEN)) for label, amount in budget_rows],
        note=_("Requested: the cost proposals of the applications received. Spent: what "
               "the projects of these calls reported in progress reports handed in, in "
               "every project year so far."))
    budget_table.chart = bar_chart(
        key="chart-budget", title=budget_table.title,
        description=_("The budget envelope, the amounts requested, approved and spent, in "
                      "yen, as in the table beside the chart."),
        bars=[Bar(label, amount, yen(amount), PALETTE[i])
              for i, (label, amount) in enumerate(budget_rows)])
    tables.append(budget_table)
    tables.append(FigureTable(
        "projects", _("Sponsored projects and supported firms"), [_("Figure"), _value()], [
            _labelled(_("Projects sponsored"), _t(figures.projects)),
            _labelled(_("Value of the projects (approved, yen)"),
                      _t(figures.projects_value, YEN)),
            _labelled(_("Projects running in the year"), _t(figures.projects_running)),
            _labelled(_("Supported firms (distinct)"), _t(firms.firms)),
            _labelled(_("Of which SMEs"), _t(firms.smes)),
            _labelled(_("Share of SMEs"), _t(firms.sme_share, PERCENT)),
        ], note=_("A firm in several consortia is counted once: by its corporate number, "
                  "otherwise by its name (width, case and spaces ignored).")))
    tables.append(FigureTable(
        "by-status", _("Sponsored projects by how they ended"), [_("Status"), _("Projects")],
        [_labelled(row.label, _t(row.count)) for row in figures.by_status],
        note=_("Running: reports still due. Completed: every year's report accepted. Closed "
               "early or cancelled by the programme office, with a reason.")))
    several = _("A project of several prefectures counts in each.")
    tables += [
        _breakdown_table("by-sector", _("Sponsored projects by sector"), _("Sector"),
                         figures.by_sector, chart=True),
        _breakdown_table("by-country", _("Sponsored projects by partner country"),
                         _("Country"), figures.by_country, chart=True),
        _breakdown_table("by-region", _("Sponsored projects by partner region"),
                         _("Partner region"), figures.by_region),
        _breakdown_table("by-office", _("Sponsored projects by overseas office"),
                         _("JETRO office"), figures.by_office),
        _breakdown_table("by-prefecture", _("Sponsored projects by prefecture"),
                         _("Prefecture"), figures.by_prefecture, note=several),
        FigureTable("objectives", _("Types of international collaboration planned"),
                    [_("Objective"), _("Projects")],
                    [_labelled(row.label, _t(row.count)) for row in figures.objectives],
                    note=_("The objectives the sponsored projects' applications named; a "
                           "project may name several.")),
        FigureTable("outcomes", _("Reported outcomes"),
                    [_("Outcome"), _("Number"), _("Value (yen)")],
                    [_labelled(row.label, _t(row.count), _t(row.value_yen, YEN))
                     for row in figures.outcomes],
                    note=_("From the progress reports of the year handed in.")),
        FigureTable("participation", _("Activities held and their participants"),
                    [_("Activity"), _("Held"), _("Foreign experts received"),
                     _("Japanese delegates sent"), _("Firms attending"), _("Participants")],
                    [_labelled(row.label, _t(row.held), _t(row.foreign_experts),
                               _t(row.delegates_sent), _t(row.firms_attending),
                               _t(row.participants))
                     for row in figures.participation]),
        FigureTable("satisfaction", _("Participants' satisfaction"),
                    [_("Figure"), _value()], [
                        _labelled(_("Participants invited"), _t(survey.invited)),
                        _labelled(_("Opened the survey"), _t(survey.opened)),
                        _labelled(_("Answered"), _t(survey.answered)),
                        _labelled(_("Response rate"), _t(survey.response_rate, PERCENT)),
                        _labelled(_("Overall satisfaction (1–5)"),
                                  _t(survey.mean_overall, MEAN)),
                        _labelled(_("Usefulness of the business matching (1–5)"),
                                  _t(survey.mean_matching, MEAN)),
                        _labelled(_("Usefulness of the seminars (1–5)"),
                                  _t(survey.mean_seminars, MEAN)),
                        _labelled(_("Usefulness of the interpretation (1–5)"),
                                  _t(survey.mean_interpretation, MEAN)),
                        _labelled(_("A business result followed"),
                                  _t(survey.business_results.get("yes", 0))),
                        _labelled(_("A business result is expected"),
                                  _t(survey.business_results.get("expected", 0))),
                        _labelled(_("No business result"),
                                  _t(survey.business_results.get("no", 0))),
                    ], note=_("Means leave out the answers “did not take part”.")),
        FigureTable("referrals", _("How applicants found the programme"),
                    [_("Channel"), _("Organisations"), _("Applications received"),
                     _approved_count()],
                    [_labelled(row.label, _t(row.organisations), _t(row.applications),
                               _t(row.approved)) for row in figures.referrals],
                    note=_("The shared link (?ref=…) that brought each organisation to "
                           "register.")),
    ]
    tables += [
        money_table("money-by-call", _("Approved, claimed, paid and spent per call"),
                    _("Call"), figures.money_by_call, note=_money_note()),
        money_table("money-by-year", _("Approved, claimed, paid and spent per fiscal year"),
                    _("Fiscal year"), figures.money_by_year,
                    note=_("The fiscal year of the project year each amount belongs to.")),
    ]
    tables.append(_trend_table(figures))
    return tables


def money_columns(heading: str) -> list[str]:
    return [heading, pgettext("an amount", "Approved"), pgettext("an amount", "Claimed"),
            pgettext("an amount", "Paid"), _("Spent (reported)")]


def _money_note() -> str:
    return _("Approved: the approved lines as amended. Claimed: claims with the programme "
             "office, approved or paid. Paid: the payments recorded. Spent: progress reports "
             "handed in.")


def money_table(key: str, title: str, heading: str, rows: list[Money], *,
                total: Money | None = None, note: str = "") -> FigureTable:
    """Approved, claimed, paid and spent (yen) per row; `total` as the last row."""
    return FigureTable(key, title, money_columns(heading), [
        _labelled(row.label, _t(row.approved, YEN), _t(row.claimed, YEN), _t(row.paid, YEN),
                  _t(row.spent, YEN))
        for row in [*rows, *([total] if total is not None else [])]], note=note)


def call_money_tables(money: CallMoney, projects: list[Money]) -> list[FigureTable]:
    """A call's money: its total and per fiscal year, then `projects` (one row each: the
    page shows a page of them, the export and the API all)."""
    return [
        money_table("call-total", _("The call's projects together"), _("Call"),
                    [money.total], note=_money_note()),
        money_table("call-by-year", _("Per fiscal year"), _("Fiscal year"), money.by_year,
                    note=_("The fiscal year of the project year each amount belongs to.")),
        money_table("call-projects", _("Per project"), _("Reference"), projects),
    ]


def _trend_table(figures: Figures) -> FigureTable:
    trend = figures.trend
    table = FigureTable(
        "trend", _("Across the years"),
        [_("Fiscal year"), _("Received"), _("Eligible"), _approved_count(), _("Projects"),
         _("Budget envelope"), _("Approved (yen)"), _("Spent (reported)")],
        [[Cell(fiscal_year(row.fiscal_year), TEXT), _t(row.received), _t(row.eligible),
          _t(row.approved), _t(row.projects), _t(row.envelope, YEN), _t(row.approved_yen, YEN),
          _t(row.spent, YEN)] for row in trend],
        note=_("Every fiscal year with a call, whichever year the other figures are for."))
    labels = [fiscal_year(row.fiscal_year) for row in trend]
    series = [(_("Applications received"), [row.received for row in trend]),
              (_("Eligible"), [row.eligible for row in trend]),
              (_approved_count(), [row.approved for row in trend])]
    table.chart = line_chart(
        key="chart-trend", title=_("Applications received, eligible and approved per year"),
        description=_("One line per figure across the fiscal years, as in the table beside "
                      "the chart."),
        x_labels=labels,
        series=[Series(name, values, [f"{v:,}" for v in values], PALETTE[i])
                for i, (name, values) in enumerate(series)])
    return table


def _budget_rows(budget) -> list[tuple[str, int]]:
    return [(_("Budget envelope"), budget.envelope),
            (pgettext("an amount", "Requested"), budget.requested),
            (pgettext("an amount", "Approved"), budget.approved),
            (_("Spent (reported)"), budget.spent)]


def glance_rows(glance) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """HQ's home panel: (the funnel, the budget) of `glance` as (label, value as shown),
    with the dashboard's labels and formats."""
    funnel = [(_("Applications received"), cell_text(glance.funnel.received, COUNT)),
              (_("Eligible"), cell_text(glance.funnel.eligible, COUNT)),
              (_approved_count(), cell_text(glance.funnel.approved, COUNT))]
    return funnel, [(label, cell_text(value, YEN)) for label, value in
                    _budget_rows(glance.budget)]


def headline(figures: Figures) -> list[tuple[str, str]]:
    """The few figures shown first on the dashboard: (label, value as shown)."""
    return [
        (_("Applications received"), cell_text(figures.funnel.received, COUNT)),
        (_approved_count(), cell_text(figures.funnel.approved, COUNT)),
        (_("Projects sponsored"), cell_text(figures.projects, COUNT)),
        (_("Value of the projects"), cell_text(figures.projects_value, YEN)),
        (_("Supported firms"), cell_text(figures.firms.firms, COUNT)),
        (_("Share of SMEs"), cell_text(figures.firms.sme_share, PERCENT)),
        (_("Overall satisfaction (1–5)"), cell_text(figures.survey.mean_overall, MEAN)),
        (_("Survey response rate"), cell_text(figures.survey.response_rate, PERCENT)),
    ]


def long_rows(tables: list[FigureTable]):
    """Every figure as one row (table, row, column, value): the report's CSV. Numbers are
    the numbers themselves (yen whole, percentages and means as decimals), none is empty."""
    for table in tables:
        for row in table.rows:
            label = row[0].text
            for column, cell in zip(table.columns[1:], row[1:], strict=True):
                value = cell.value
                yield [table.title, label, column,
                       "" if value is None else (str(value) if isinstance(value, Decimal)
                                                 else value)]
