"""Who reviews what: reviewers' workload, HQ's reviewers page, cover and proposals, the
assignment page's rows and candidates, conflict hints, applications missing reviewers."""

from dataclasses import dataclass

from django.db.models import (
    Case,
    Count,
    F,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts.enums import REVIEWER_ROLES, Role
from accounts.models import User
from applications.enums import AWAITING_REVIEWS
from applications.models import Application, Call
from applications.workflow import APPLICATION, ASSIGN_REVIEWERS
from regions.selectors import office_covering

from ..enums import (
    ConflictStatus,
    ConflictType,
    ReviewStatus,
)
from ..models import (
    ReviewAssignment,
)
from .scoping import awaiting_filter, standing_conflict_hits
from .scores import assignments_prefetch


def workload_counts() -> dict:
    """The reviewers' workload counted from their assignments, per reviewer: `awaiting`
    (open to them, `awaiting_filter`: `open_assignments()` but for their being active) and
    `unconflicted` (every assignment without a declared conflict). One join over their
    assignments (each with at most one application and one review, so nothing is counted
    twice and nothing needs making distinct). The fresh computation `ReviewerLoad` stores
    (services.reviewer_loads_refresh)."""
    return {
        "awaiting": Count("review_assignments",
                          filter=awaiting_filter("review_assignments__")),
        "unconflicted": Count("review_assignments", filter=~Q(
            review_assignments__conflict_status=ConflictStatus.CONFLICT)),
    }


# The names ReviewerLoad stores them under.
WORKLOAD_FIELDS = tuple(workload_counts())


def _with_workload(queryset: QuerySet[User]) -> QuerySet[User]:
    """Reviewers annotated with `open_assignments` (`open_assignments()`: awaiting them;
    none while deactivated) and `all_assignments` (unconflicted), read from their stored
    `ReviewerLoad` (one join, no aggregation over the assignments; no row: nothing)."""
    return queryset.annotate(
        open_assignments=Case(When(is_active=True,
                                   then=Coalesce(F("reviewer_load__awaiting"), 0)),
                              default=Value(0)),
        all_assignments=Coalesce(F("reviewer_load__unconflicted"), 0))


def reviewers_with_workload(*, role: str, office_id: int | None = None) -> QuerySet[User]:
    """Active reviewers of `role` (of office `office_id` when given), least loaded first."""
    qs = User.objects.filter(role=role, is_active=True)
    if office_id is not None:
        qs = qs.filter(office_id=office_id)
    # Fewest open assignments first; among equals, fewest assignments overall (unconflicted).
    return _with_workload(qs).order_by("open_assignments", "all_assignments", "last_name",
                                       "email")


# --- reviewers (HQ's page) ----------------------------------------------------------------

def reviewers_for_management() -> QuerySet[User]:
    """Every reviewer, active or not, with their office: HQ reviewers first, then by office
    and name. What HQ's reviewers page pages through (`paginate`); the page's rows get
    their workload from `with_workload_of`, so neither the count nor the page aggregates
    every reviewer's assignments."""
    return (User.objects.filter(role__in=REVIEWER_ROLES).select_related("office")
            .order_by("role", "office__code", "last_name", "first_name", "email", "pk"))


def with_workload_of(reviewers) -> list[User]:
    """`reviewers` (one page of `reviewers_for_management`), in their order, each with
    `open_assignments` and `all_assignments` (`_with_workload`: stored). One query."""
    reviewers = list(reviewers)
    counts = {row["pk"]: row for row in _with_workload(
        User.objects.filter(pk__in=[u.pk for u in reviewers]))
        .values("pk", "open_assignments", "all_assignments").order_by()}
    for reviewer in reviewers:
        reviewer.open_assignments = counts[reviewer.pk]["open_assignments"]
        reviewer.all_assignments = counts[reviewer.pk]["all_assignments"]
    return reviewers


def reviewer_invitations_pending() -> QuerySet:
    """Reviewer invitations not yet accepted (expired ones included), newest first."""
    from accounts.models import Invitation

    return (Invitation.objects.filter(role__in=REVIEWER_ROLES,
                                      accepted_at__isnull=True)
            .select_related("office", "invited_by").order_by("-created_at"))


def offices_lacking_reviewers() -> list:
    """The overseas offices that cover the partner region of an application awaiting review
    and have no active reviewer, each with `waiting` (how many such applications). Two
    queries."""
    from regions.models import JetroOffice

    office_field = "partner_region__country__territory__office"
    counts = dict(Application.objects.filter(status__in=AWAITING_REVIEWS)
                  .exclude(**{f"{office_field}__isnull": True})
                  .values_list(office_field).annotate(n=Count("id")).order_by())
    staffed = set(User.objects.filter(role=Role.OVERSEAS_REVIEWER, is_active=True,
                                      office__in=counts).values_list("office_id", flat=True))
    offices = list(JetroOffice.objects.filter(pk__in=set(counts) - staffed).order_by("code"))
    for office in offices:
        office.waiting = counts[office.pk]
    return offices


def reviewer_may_assess(*, reviewer: User, application: Application) -> bool:
    """HQ reviewers assess any application; overseas ones only their office's territory."""
    if not reviewer.is_active:
        return False
    if reviewer.role == Role.HQ_REVIEWER:
        return True
    if reviewer.role == Role.OVERSEAS_REVIEWER and application.partner_region_id:
        office = office_covering(partner_region=application.partner_region)
        return office is not None and office.pk == reviewer.office_id
    return False


# Every application needs at least one unconflicted reviewer of each kind.
REQUIRED_REVIEWER_ROLES = REVIEWER_ROLES


def assignment_gives_cover(assignment: ReviewAssignment) -> bool:
    """Whether the assignment counts towards the application's reviewers: not conflicted,
    and its reviewer still active or their review already submitted (a deactivated
    reviewer's unfinished work must be reassigned)."""
    if assignment.is_conflicted:
        return False
    review = getattr(assignment, "review", None)
    return assignment.reviewer.is_active or bool(review and review.is_submitted)


def _cover_filter(prefix: str = "") -> Q:
    """`assignment_gives_cover` as a filter on assignments (through `prefix`)."""
    return (~Q(**{f"{prefix}conflict_status": ConflictStatus.CONFLICT})
            & (Q(**{f"{prefix}reviewer__is_active": True})
               | Q(**{f"{prefix}review__status": ReviewStatus.SUBMITTED})))


def missing_reviewer_roles(assignments) -> list[str]:
    """The required kinds of reviewer (HQ, overseas office) that no assignment giving cover
    among `assignments` (with their reviewers and reviews loaded) provides."""
    present = {a.reviewer.role for a in assignments if assignment_gives_cover(a)}
    return [role for role in REQUIRED_REVIEWER_ROLES if role not in present]


def _proposal(*, assignments, office_id: int | None, hq_pool, office_pool,
              blocked=frozenset()) -> list[User]:
    """The least loaded reviewer of each missing kind from the pools (ordered by workload),
    skipping anyone already assigned (or conflicted) and the reviewer ids `blocked` (a
    conflict declared in advance)."""
    taken = {a.reviewer_id for a in assignments} | set(blocked)
    pools = {Role.HQ_REVIEWER: hq_pool,
             Role.OVERSEAS_REVIEWER: [u for u in office_pool if u.office_id == office_id]
             if office_id else []}
    proposal = []
    for role in missing_reviewer_roles(assignments):
        proposal += [u for u in pools[role] if u.pk not in taken][:1]
    return proposal


def reviewers_proposed(*, application: Application) -> list[User]:
    """The reviewers the portal proposes: one HQ reviewer and one reviewer of the office
    covering the partner region's country, each the least loaded, skipping anyone already
    assigned (or conflicted); a kind already covered by an active assignment is not proposed.
    """
    office = (office_covering(partner_region=application.partner_region)
              if application.partner_region_id else None)
    hq_pool = list(reviewers_with_workload(role=Role.HQ_REVIEWER))
    office_pool = (list(reviewers_with_workload(role=Role.OVERSEAS_REVIEWER,
                                                office_id=office.pk)) if office else [])
    return _proposal(
        assignments=list(application.review_assignments.select_related("reviewer", "review")),
        office_id=office.pk if office else None, hq_pool=hq_pool, office_pool=office_pool,
        blocked={reviewer for reviewer, _application in standing_conflict_hits(
            reviewer_ids=[u.pk for u in hq_pool + office_pool],
            application_ids=[application.pk])})


def assignment_applications(*, call: Call, missing_only: bool = False
                            ) -> QuerySet[Application]:
    """The applications of HQ's assignment page: the call's applications that may be given
    reviewers, in reference order (with `missing_only`, those lacking an HQ or an overseas
    reviewer who gives cover: `applications_missing_reviewers`)."""
    queryset = Application.objects.filter(call=call,
                                          status__in=APPLICATION.statuses_granting(ASSIGN_REVIEWERS))
    if missing_only:
        queryset = queryset.filter(pk__in=applications_missing_reviewers(call=call)
                                   .order_by().values("pk"))
    return queryset.order_by("reference", "pk")


def assignment_rows(*, application_ids) -> list[Application]:
    """HQ's assignment page, for the applications `application_ids` (one page of
    `assignment_applications`, kept in that order): each with its assignments,
    `covering_office`, `missing_reviewers` (a required kind of reviewer lacking), the
    portal's `proposal` and `unfilled` (the kinds the proposal cannot provide: nobody
    free), and only the columns the page shows. A fixed number of queries for any number
    of rows."""
    application_ids = list(application_ids)
    position = {pk: n for n, pk in enumerate(application_ids)}
    rows = sorted(Application.objects.filter(pk__in=application_ids)
                  .only("reference", "status", "title_ja", "title_en", "organisation__name_ja",
                        "organisation__name_en", "partner_region")
                  .select_related("organisation",
                                  "partner_region__country__territory__office")
                  .prefetch_related(assignments_prefetch(narrow=True)).order_by(),
                  key=lambda a: position[a.pk])
    for application in rows:
        application.missing_roles = missing_reviewer_roles(
            list(application.review_assignments.all()))
        application.missing_reviewers = bool(application.missing_roles)
    # The reviewers' workload only when a row needs a proposal (late in the review, none do).
    lacking = [a for a in rows if a.missing_roles]
    hq_pool = list(reviewers_with_workload(role=Role.HQ_REVIEWER)) if lacking else []
    office_pool = list(reviewers_with_workload(role=Role.OVERSEAS_REVIEWER)) if lacking else []
    blocked: dict[int, set[int]] = {}
    for reviewer_id, application_id in standing_conflict_hits(
            reviewer_ids=[u.pk for u in hq_pool + office_pool],
            application_ids=[a.pk for a in lacking]) if lacking else ():
        blocked.setdefault(application_id, set()).add(reviewer_id)
    for application in rows:
        assignments = list(application.review_assignments.all())
        territory = (getattr(application.partner_region.country, "territory", None)
                     if application.partner_region_id else None)
        application.covering_office = territory.office if territory else None
        missing = application.missing_roles
        application.proposal = _proposal(
            assignments=assignments, office_id=territory.office_id if territory else None,
            hq_pool=hq_pool, office_pool=office_pool,
            blocked=blocked.get(application.pk, ())) if missing else []
        proposed = {user.role for user in application.proposal}
        application.unfilled = [role for role in missing if role not in proposed]
    return rows


def assignment_candidates(*, application: Application) -> list[User]:
    """Everyone HQ may assign to the application (HQ reviewers, the covering office's),
    except reviewers who declared a conflict with it, on it or in advance. Each carries
    `hints`: the links the portal knows between them and the application
    (`conflict_hints`), shown to HQ, not blocking."""
    return assignment_choices(application=application, shown=None).candidates


# The candidates the assignment page lists at most (a search narrows them).
CANDIDATES_SHOWN = 50


@dataclass
class AssignmentChoices:
    """The assignment page's choice: `candidates` (those matching the search, the least
    loaded first, at most `shown`, with the ones already chosen or proposed always among
    them), `matching` (how many match in all) and the portal's `proposal`."""

    candidates: list[User]
    matching: int
    proposal: list[User]
    office: object  # the JetroOffice covering the partner region, or None


def _matches(user: User, words: list[str]) -> bool:
    import unicodedata

    text = unicodedata.normalize("NFKC", " ".join([
        user.get_full_name(), user.email,
        user.office.name if user.office_id else ""])).casefold()
    return all(word in text for word in words)


def assignment_choices(*, application: Application, assignments=None, search: str = "",
                       shown: int | None = CANDIDATES_SHOWN) -> AssignmentChoices:
    """`assignment_candidates` and `reviewers_proposed` from one reading of the reviewers'
    workload: the candidates whose name, e-mail or office contains every word of `search`
    (any case or width), at most `shown` of them (None: all) plus the proposal and the
    reviewers already assigned, each with `hints`. `assignments`: the application's
    assignments with their reviewers and reviews, when the caller has read them."""
    import unicodedata

    office = (office_covering(partner_region=application.partner_region)
              if application.partner_region_id else None)
    if assignments is None:
        assignments = list(application.review_assignments.select_related("reviewer", "review"))
    hq_pool = list(reviewers_with_workload(role=Role.HQ_REVIEWER).select_related("office"))
    office_pool = (list(reviewers_with_workload(role=Role.OVERSEAS_REVIEWER,
                                                office_id=office.pk).select_related("office"))
                   if office else [])
    blocked = {reviewer for reviewer, _application in standing_conflict_hits(
        reviewer_ids=[u.pk for u in hq_pool + office_pool], application_ids=[application.pk])}
    proposal = _proposal(assignments=assignments, office_id=office.pk if office else None,
                         hq_pool=hq_pool, office_pool=office_pool, blocked=blocked)
    conflicted = {a.reviewer_id for a in assignments if a.is_conflicted}
    everyone = [u for u in hq_pool + office_pool
                if u.pk not in blocked and u.pk not in conflicted]
    words = unicodedata.normalize("NFKC", search).casefold().split()
    matching = [u for u in everyone if _matches(u, words)] if words else everyone
    kept = {a.reviewer_id for a in assignments} | {u.pk for u in proposal}
    listed = matching if shown is None else matching[:shown]
    listed_ids = {u.pk for u in listed}
    candidates = listed + [u for u in everyone if u.pk in kept and u.pk not in listed_ids]
    hints = conflict_hints(application=application, reviewer_ids=[u.pk for u in candidates])
    for candidate in candidates:
        candidate.hints = hints.get(candidate.pk, [])
    return AssignmentChoices(candidates, len(matching), proposal, office)


@dataclass(frozen=True)
class ConflictHint:
    """A link the portal knows between a reviewer and an application: shown to the
    reviewer when they declare, and to HQ when it assigns; it never blocks."""

    code: str  # "reviewed" or "declared"
    other: Application  # the organisation's other application the link comes from
    conflict_type: str = ""

    @property
    def text(self) -> str:
        from django.utils.translation import gettext as _

        values = {"ref": self.other.reference or self.other.title,
                  "fy": self.other.call.fiscal_year}
        if self.code == "reviewed":
            return _("Reviewed this organisation's application %(ref)s (FY%(fy)s).") % values
        values["type"] = ConflictType(self.conflict_type or ConflictType.OTHER).label
        return _("Declared a conflict of interest (%(type)s) on this organisation's "
                 "application %(ref)s (FY%(fy)s).") % values


def conflict_hints(*, application: Application, reviewer_ids) -> dict[int, list[ConflictHint]]:
    """Per reviewer id, the links the portal knows with `application`: they reviewed
    another application of the same organisation (declared no conflict on it), or
    declared a conflict on one. One query."""
    hints: dict[int, list[ConflictHint]] = {}
    others = (ReviewAssignment.objects
              .filter(reviewer_id__in=list(reviewer_ids),
                      application__organisation_id=application.organisation_id)
              .exclude(application=application)
              .exclude(conflict_status=ConflictStatus.UNDECLARED)
              .select_related("application__call")
              .order_by("-application__call__fiscal_year", "application__reference"))
    for assignment in others:
        code = "declared" if assignment.is_conflicted else "reviewed"
        hints.setdefault(assignment.reviewer_id, []).append(ConflictHint(
            code, assignment.application, assignment.conflict_type))
    return hints


def applications_missing_reviewers(*, call: Call | None = None) -> QuerySet[Application]:
    """Submitted or under-review applications lacking an HQ reviewer or a reviewer of the
    overseas office who gives cover (never assigned, or after a conflict or the reviewer's
    deactivation: `assignment_gives_cover`)."""
    active = _cover_filter("review_assignments__")
    qs = Application.objects.filter(status__in=AWAITING_REVIEWS)
    if call is not None:
        qs = qs.filter(call=call)
    # One join over the assignments (each with one reviewer and at most one review):
    # nothing is counted twice, so no COUNT(DISTINCT) and its sort.
    return (qs.annotate(
        hq_reviewers=Count("review_assignments", filter=active & Q(
            review_assignments__reviewer__role=Role.HQ_REVIEWER)),
        office_reviewers=Count("review_assignments", filter=active & Q(
            review_assignments__reviewer__role=Role.OVERSEAS_REVIEWER)),
        conflicts=Count("review_assignments", filter=Q(
            review_assignments__conflict_status=ConflictStatus.CONFLICT)),
    ).filter(Q(hq_reviewers=0) | Q(office_reviewers=0))
        .select_related("call", "organisation", "partner_region__country")
        .order_by("call_id", "reference"))
