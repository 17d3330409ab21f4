"""Reads of the sponsorship app: the selection board, money totals computed by the
database (never in Python), award letters as far as the user may see them."""

from dataclasses import dataclass
from typing import NamedTuple

from django.core.paginator import Page
from django.db.models import (
    BigIntegerField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce

from accounts.rules import is_hq_staff
from applications.enums import DECIDED
from applications.enums import ApplicationStatus as S
from applications.models import Application, Call
from applications.predicates import published_filter
from applications.workflow import APPLICATION, SET_SPONSORSHIP_LEVEL, abilities_for
from reviews.models import Feedback
from reviews.selectors import (
    ApplicationScores,
    review_settings_for,
    scores_from_aggregates,
    stored_value_mean,
    with_stored_scores,
)
from rit_portal.lifecycle import May
from rit_portal.pagination import paginate

from .enums import (
    BOARD_JOB_IN_PROGRESS,
    Activity,
    BoardJobItemStatus,
    BoardJobStatus,
    CostCategory,
    LetterStatus,
)
from .models import (
    AwardLetter,
    BoardJob,
    CostLine,
    DecisionLine,
    LetterBatch,
    SponsorshipDecision,
)


class BudgetSummary(NamedTuple):
    envelope: int
    approved: int
    remaining: int


def call_budget_summary(*, call: Call) -> BudgetSummary:
    """The call's envelope, the sum approved by current decisions, and what remains (yen)."""
    approved = SponsorshipDecision.objects.filter(
        application__call_id=call.pk, is_current=True
    ).aggregate(s=Coalesce(Sum("approved_total"), Value(0), output_field=BigIntegerField()))["s"]
    return BudgetSummary(call.budget_envelope, approved, call.budget_envelope - approved)


def _zero_if_null(subquery: Subquery) -> Coalesce:
    return Coalesce(subquery, Value(0), output_field=BigIntegerField())


def money_totals() -> dict:
    """An application's money, as subqueries by name: `requested_total` (sum of its cost
    lines, yen), `approved_total` (the current decision's approved sum, yen; 0 when
    undecided) and `decision_version` (None when undecided)."""
    requested = (
        CostLine.objects.filter(application=OuterRef("pk"))
        .order_by().values("application").annotate(s=Sum("total")).values("s")
    )
    # At most one current decision per application (a unique constraint): no ordering needed.
    current = SponsorshipDecision.objects.filter(application=OuterRef("pk"),
                                                 is_current=True).order_by()
    return {
        "requested_total": _zero_if_null(Subquery(requested)),
        "approved_total": _zero_if_null(Subquery(current.values("approved_total")[:1])),
        "decision_version": Subquery(current.values("version")[:1],
                                     output_field=IntegerField()),
    }


def with_money_totals(queryset: QuerySet[Application]) -> QuerySet[Application]:
    """Applications annotated with every `money_totals()`: one query, whatever the number
    of rows."""
    return queryset.annotate(**money_totals())


def cost_lines_for(*, application: Application) -> QuerySet[CostLine]:
    return CostLine.objects.filter(application=application)


class CostTotals(NamedTuple):
    grand: int
    by_year: list[dict]  # {"year", "total"}
    by_activity: list[dict]  # {"activity", "label", "total"}
    by_category: list[dict]  # {"category", "label", "total"}
    by_year_activity: list[dict]  # {"year", "activity", "label", "total"}
    count: int


def cost_totals(*, application: Application) -> CostTotals:
    """Totals of the application's cost proposal per year, activity, category and overall:
    one aggregate in the database over the generated `total` column per (year, activity,
    category), the coarser totals added up from those few rows (one query, not five)."""
    groups = (CostLine.objects.filter(application=application).order_by()
              .values_list("year", "activity", "category")
              .annotate(total=Sum("total"), count=Count("id")))
    by_year, by_activity, by_category, by_year_activity = {}, {}, {}, {}
    grand = count = 0
    for year, activity, category, total, lines in groups:
        grand += total
        count += lines
        by_year[year] = by_year.get(year, 0) + total
        by_activity[activity] = by_activity.get(activity, 0) + total
        by_category[category] = by_category.get(category, 0) + total
        by_year_activity[year, activity] = by_year_activity.get((year, activity), 0) + total
    activity_order = {value: i for i, value in enumerate(Activity.values)}
    category_order = {value: i for i, value in enumerate(CostCategory.values)}
    return CostTotals(
        grand,
        [{"year": year, "total": by_year[year]} for year in sorted(by_year)],
        [{"activity": activity, "total": by_activity[activity],
          "label": Activity(activity).label}
         for activity in sorted(by_activity, key=activity_order.__getitem__)],
        [{"category": category, "total": by_category[category],
          "label": CostCategory(category).label}
         for category in sorted(by_category, key=category_order.__getitem__)],
        [{"year": year, "activity": activity, "total": by_year_activity[year, activity],
          "label": Activity(activity).label}
         for year, activity in sorted(by_year_activity,
                                      key=lambda key: (key[0], activity_order[key[1]]))],
        count)


def current_decision(*, application: Application) -> SponsorshipDecision | None:
    """The application's current decision with its lines (and their cost lines), or None."""
    return (
        SponsorshipDecision.objects.filter(application=application, is_current=True)
        .select_related("decided_by")
        .prefetch_related(Prefetch("lines",
                                   queryset=DecisionLine.objects.select_related("cost_line")))
        .first()
    )


def decision_history(*, application: Application) -> QuerySet[SponsorshipDecision]:
    """Every version of the application's decision, newest first."""
    return (SponsorshipDecision.objects.filter(application=application)
            .select_related("decided_by").order_by("-version"))


def decision_year_activity_totals(*, decision: SponsorshipDecision) -> list[dict]:
    """Requested and approved sums of one decision version per (year, activity)."""
    activity_order = {value: i for i, value in enumerate(Activity.values)}
    rows = (
        DecisionLine.objects.filter(decision=decision).order_by()
        .values("cost_line__year", "cost_line__activity")
        .annotate(requested=Sum("requested_amount"), approved=Sum("approved_amount"))
    )
    result = [
        {"year": row["cost_line__year"], "activity": row["cost_line__activity"],
         "label": Activity(row["cost_line__activity"]).label,
         "requested": row["requested"], "approved": row["approved"]}
        for row in rows
    ]
    return sorted(result, key=lambda r: (r["year"], activity_order[r["activity"]]))


def requested_year_activity_totals(*, application: Application) -> list[dict]:
    """Requested sums per (year, activity) when no decision exists yet (approved None)."""
    activity_order = {value: i for i, value in enumerate(Activity.values)}
    rows = (CostLine.objects.filter(application=application).order_by()
            .values("year", "activity").annotate(requested=Sum("total")))
    result = [{"year": row["year"], "activity": row["activity"],
               "label": Activity(row["activity"]).label, "requested": row["requested"],
               "approved": None} for row in rows]
    return sorted(result, key=lambda r: (r["year"], activity_order[r["activity"]]))


def decidable_applications(*, call: Call) -> QuerySet[Application]:
    """The call's applications HQ can give (or has given) a sponsorship level, with their
    money totals and only the columns the decisions list shows, by status then reference;
    one query (a page of it: `paginate`)."""
    decided = SponsorshipDecision.objects.filter(application=OuterRef("pk"))
    return with_money_totals(
        Application.objects.filter(call=call)
        .filter(Q(status__in=APPLICATION.statuses_granting(SET_SPONSORSHIP_LEVEL))
                | Exists(decided))
        .only("reference", "status", "title_ja", "title_en", "partner_region",
              "organisation__name_ja", "organisation__name_en")
        .select_related("organisation", "partner_region")
        .order_by("status", "reference", "pk"))

# --- The selection board --------------------------------------------------------------------

# The board's sorts: `?sort=value` (ascending) or `?sort=-value` (descending), each the
# column (or annotation) the database orders by before it cuts the page. The reference
# breaks ties, so paging never shows a row twice; rows without a figure (no submitted
# review yet) come last both ways.
_BOARD_COLUMNS = {"reference": "reference", "value": "value_mean",
                  "requested": "requested_total", "approved": "approved_total",
                  "status": "status"}
BOARD_SORTS = tuple(sort for name in _BOARD_COLUMNS for sort in (name, f"-{name}"))


def _board_order(sort: str) -> list:
    column = F(_BOARD_COLUMNS[sort.lstrip("-")])
    first = (column.desc(nulls_last=True) if sort.startswith("-")
             else column.asc(nulls_last=True))
    return [first, "reference", "pk"]


@dataclass
class BoardRow:
    application: Application
    scores: ApplicationScores
    may: May  # what the user may do with the application


def board_applications(*, call: Call) -> QuerySet[Application]:
    """Every submitted application of the call: what the board's filters narrow down."""
    return Application.objects.filter(call=call).exclude(status=S.DRAFT).order_by()


def _board_sort_key(name: str):
    """The aggregate or subquery a board sort orders by (the same one the row shows)."""
    if name == "value":
        return stored_value_mean()
    if name in ("requested", "approved"):
        return money_totals()[f"{name}_total"]
    return None


def board_page(*, call: Call, queryset: QuerySet[Application], user, sort: str,
               params) -> Page:
    """One page of the board (`params["page"]`), sorted by `sort` (one of BOARD_SORTS) in
    the database, each row a `BoardRow` with the scores stored with the reviews
    (`reviews.models.ScoreTally`, kept by the review services), the money totals summed in
    SQL, only the columns the board shows, and what `user` may do with it (`may`).

    In two steps, so that the database never groups or sorts wide rows: the ids of the
    page, ordered by the sort's one figure; then those rows with every figure. Five
    queries whatever the number of rows: the count, the ids, the rows, the review
    settings, the agreed (consensus) scores."""
    name = sort.lstrip("-")
    key = _board_sort_key(name)
    ids = queryset.annotate(**({_BOARD_COLUMNS[name]: key} if key is not None else {}))
    page = paginate(ids.order_by(*_board_order(sort)).values_list("pk", flat=True),
                    params=params, count=queryset.count())
    page_ids = list(page.object_list)
    columns = ("call_id", "reference", "status", "title_ja", "title_en", "decision_published_at",
               "organisation__name_ja", "organisation__name_en", "sector", "partner_region")
    rows = (with_stored_scores(with_money_totals(Application.objects.filter(pk__in=page_ids)))
            .annotate(feedback_written=_zero_if_null(Subquery(
                Feedback.objects.filter(application=OuterRef("pk")).order_by()
                .values("application").annotate(n=Count("pk")).values("n"))))
            .only(*columns)
            .select_related("organisation", "sector",
                            "partner_region__country__territory__office")
            .prefetch_related("consensus_scores")
            .order_by())
    position = {pk: n for n, pk in enumerate(page_ids)}
    settings = review_settings_for(call=call)
    page.object_list = [BoardRow(
        application=a, scores=scores_from_aggregates(
            application=a, consensus=list(a.consensus_scores.all()), settings=settings),
        may=abilities_for(application=a, user=user))
        for a in sorted(rows, key=lambda a: position[a.pk])]
    return page


def unpublished_decisions_count(*, call: Call) -> int:
    return Application.objects.filter(published_filter(yes=False), call=call,
                                      status__in=DECIDED).count()


# --- Award letters ----------------------------------------------------------------------

def letter_for_download(*, user, pk: int) -> AwardLetter:
    """A ready letter `user` may download: HQ any, an applicant their organisation's
    published ones (the `sponsorship.view_decision` rule, as a query). Anything else raises
    AwardLetter.DoesNotExist (a 404 in views)."""
    letters = (AwardLetter.objects.select_related("decision__application__call")
               .filter(status=LetterStatus.READY))
    if is_hq_staff(user):
        return letters.get(pk=pk)
    if user.is_authenticated and user.is_active and user.organisation_id:
        return letters.get(published_filter("decision__application__"), pk=pk,
                           decision__application__organisation_id=user.organisation_id)
    raise AwardLetter.DoesNotExist


def letters_for_application(*, user, application: Application) -> list[AwardLetter]:
    """The application's letters, newest version first, if `user` may see its decision."""
    if not user.has_perm("sponsorship.view_decision", application):
        return []
    return list(AwardLetter.objects.select_related("decision")
                .filter(decision__application=application)
                .order_by("-decision__version"))


def calls_with_letters() -> QuerySet[Call]:
    """Calls that have letters, each annotated with counts per status."""
    letter = "applications__sponsorship_decisions__award_letter"
    by_status = {f"letters_{status}": Count(letter, filter=Q(**{f"{letter}__status": status}))
                 for status in LetterStatus.values}
    return (Call.objects.annotate(letters_total=Count(letter), **by_status)
            .filter(letters_total__gt=0)
            .order_by("-fiscal_year", "-opens_at"))


def letters_for_call(*, call: Call, status: str = "") -> QuerySet[AwardLetter]:
    """Every letter of `call` (all versions; of one LetterStatus when `status` names one),
    for HQ's letters page, by application reference then newest version."""
    letters = AwardLetter.objects.filter(decision__application__call=call)
    if status in LetterStatus.values:
        letters = letters.filter(status=status)
    return (letters
            .select_related("decision__application__organisation")
            .order_by("decision__application__reference", "decision__application_id",
                      "-decision__version"))


def batch_progress(batch: LetterBatch) -> dict:
    """How far the regeneration `batch` has come: counts and a whole percentage."""
    counts = batch.letters.aggregate(
        ready=Count("pk", filter=Q(status=LetterStatus.READY)),
        failed=Count("pk", filter=Q(status=LetterStatus.FAILED)))
    done = counts["ready"] + counts["failed"]
    total = batch.total
    return {"batch": batch.pk, "total": total, "done": done, "ready": counts["ready"],
            "failed": counts["failed"], "finished": done >= total,
            "percent": round(100 * done / total) if total else 100}


def latest_batch(*, call: Call) -> LetterBatch | None:
    return call.letter_batches.select_related("requested_by").order_by(
        "-requested_at", "-pk").first()


def letter_gauges() -> list:
    """For /metrics/ (rit_portal.metrics): award letters pending, rendering or failed, and
    board jobs (publications, bulk actions) queued, running or failed."""
    from rit_portal.metrics import status_counts

    from .enums import LetterStatus as S
    from .models import AwardLetter

    return [status_counts(AwardLetter, name="rit_award_letters",
                          documentation="Award letters not (yet) produced, by status.",
                          statuses=[S.PENDING, S.RENDERING, S.FAILED]),
            status_counts(BoardJob, name="rit_board_jobs",
                          documentation="Publications and bulk actions of the selection board "
                                        "queued, running or failed.",
                          statuses=[*BOARD_JOB_IN_PROGRESS, BoardJobStatus.FAILED])]


# --- Board jobs (publication, bulk actions): their pages -------------------------------------

def board_job_progress(job) -> dict:
    """How far board job `job` has come (its page and its JSON): counts, a whole percentage,
    and whether it has stopped (finished or failed)."""
    return {"job": job.pk, "status": job.status, "total": job.total, "done": job.processed,
            "percent": job.percent, "finished": not job.in_progress}


def board_job_outcomes(job) -> dict:
    """What became of the job's applications: how many each way, and the items that were
    not done (refused, skipped, failed) with their message, in order."""
    counts = dict(job.items.values_list("status").annotate(n=Count("pk"))
                  .values_list("status", "n"))
    return {"counts": {status: counts.get(status, 0) for status in BoardJobItemStatus.values},
            "not_done": list(job.items.exclude(status__in=[BoardJobItemStatus.DONE,
                                                           BoardJobItemStatus.PENDING])
                             .select_related("application").order_by("position"))}


def board_jobs_to_show(*, call: Call) -> list:
    """The call's board jobs its selection board points to: those under way or failed,
    newest first."""
    return list(call.board_jobs.filter(status__in=[*BOARD_JOB_IN_PROGRESS, BoardJobStatus.FAILED])
                .select_related("requested_by").order_by("-requested_at", "-pk")[:5])
