"""Reads of calls and applications that views need, annotated and prefetched."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, Q, QuerySet, Subquery, Sum
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import ApplicantOrganisation
from accounts.rules import is_applicant, is_hq_staff, is_office_staff
from accounts.selectors import covered_by_office_of
from audit.models import AuditEvent
from regions.models import PartnerRegion, Sector
from rit_portal.registry import Registry

from .enums import ApplicationStatus
from .models import Application, Call, ProposedPartnerRegion, ReferralVisit, StatusChange
from .visibility import applicant_status, sees_everything
from .workflow import awaits_information


def _with_sectors(queryset: QuerySet[Call]) -> QuerySet[Call]:
    return queryset.prefetch_related(
        Prefetch("focus_sectors", queryset=Sector.objects.order_by("position", "code")))


def calls_for_management() -> list[Call]:
    """Every call, newest first, each with `status_counts` [(status label, n)] and `n_applications`.

    Two queries plus the sectors prefetch, whatever the number of calls.
    """
    calls = list(_with_sectors(Call.objects.all()))
    counts: dict[int, dict[str, int]] = defaultdict(dict)
    rows = (Application.objects.filter(call__in=calls).values("call_id", "status")
            .annotate(n=Count("id")).order_by())
    for row in rows:
        counts[row["call_id"]][row["status"]] = row["n"]
    for call in calls:
        mine = counts.get(call.pk, {})
        call.status_counts = [(status.label, mine[status.value])
                              for status in ApplicationStatus if status.value in mine]
        call.n_applications = sum(mine.values())
    return calls


def calls_public(*, now=None) -> QuerySet[Call]:
    """Published calls still open or not yet open, the soonest closing first."""
    now = (now or timezone.now()).replace(microsecond=0)
    return _with_sectors(Call.objects.filter(is_published=True, closes_at__gte=now)
                         .order_by("closes_at"))


def call_public_or_404(*, pk: int, user) -> Call:
    """A published call; drafts only for those who manage calls (a preview)."""
    queryset = _with_sectors(Call.objects.all())
    if not user.has_perm("applications.manage_calls"):
        queryset = queryset.filter(is_published=True)
    return get_object_or_404(queryset, pk=pk)


def referral_report(*, call: Call | None = None) -> list[dict]:
    """Per referral source (a promoter's `?ref=` code): the visits its links brought (to
    `call`'s page with `call`, else to every public page counted), the organisations
    registered after arriving through it, their applications and submissions.

    With `call`, applications are counted for that call only. The source "" (typed the
    address or came without a shared link) is reported as well. Two queries, whatever the
    number of sources; most organisations first, then most visits."""
    in_call = Q(applications__call=call) if call is not None else Q()
    rows = {row["referral_source"]: {
        "referral_source": row["referral_source"], "visits": 0,
        "organisations": row["n_organisations"], "applications": row["n_applications"],
        "submitted": row["n_submitted"]}
        for row in ApplicantOrganisation.objects.values("referral_source").annotate(
            n_organisations=Count("id", distinct=True),
            n_applications=Count("applications", filter=in_call, distinct=True),
            n_submitted=Count("applications", distinct=True,
                              filter=in_call & Q(applications__reference__isnull=False)))}
    visits = ReferralVisit.objects.filter(call=call) if call is not None else \
        ReferralVisit.objects.all()
    for row in visits.values("source").annotate(n=Sum("visits")):
        rows.setdefault(row["source"], {"referral_source": row["source"], "visits": 0,
                                        "organisations": 0, "applications": 0,
                                        "submitted": 0})["visits"] = row["n"]
    return sorted(rows.values(), key=lambda r: (-r["organisations"], -r["visits"],
                                                r["referral_source"]))


# Functions (user=...) -> a queryset of the application ids that apps further up let their
# roles open: the reviews app registers its reviewers' (reviews/apps.py).
VISIBLE_APPLICATIONS = Registry("applications other roles may open")


# Functions (application=...) -> {"contact_name", "contact_email", "contact_organisation"}
# or None: the partner contact a draft's criterion 3 section offers to ask while it has
# asked nobody yet (partnering registers the region's contact of the JETRO introduction a
# draft started from).
PARTNER_CONTACT_SUGGESTIONS = Registry("partner contacts a draft's criterion 3 section offers")


def partner_contact_suggested(*, application: Application) -> dict:
    """The first suggestion of PARTNER_CONTACT_SUGGESTIONS for the draft, or {}."""
    for suggest in PARTNER_CONTACT_SUGGESTIONS:
        found = suggest(application=application)
        if found:
            return dict(found)
    return {}


def applications_visible_to(user) -> QuerySet[Application]:
    """Every application `user` may open: applicants their organisation's, HQ staff all,
    staff of an office in Japan those of its prefectures' organisations (submitted ones),
    reviewers those assigned to them for which they declared no conflict of interest.

    The one scoping rule behind every application URL (page, costs, files, exports, PDF):
    anything else is a 404.
    """
    queryset = Application.objects.select_related("call", "organisation")
    if is_hq_staff(user):
        return queryset
    if is_applicant(user):
        return queryset.filter(organisation_id=user.organisation_id)
    if is_office_staff(user):
        return queryset.filter(office_applications_filter(user))
    # Other roles see what the app that gives them applications registered (reviewers: the
    # applications assigned to them once they have declared no conflict of interest, the
    # reviews app's one scoping rule; before that only the review page's declaration form
    # exists for them).
    visible = Q(pk__in=[])
    for application_ids in VISIBLE_APPLICATIONS:
        visible |= Q(pk__in=application_ids(user=user))
    return queryset.filter(visible)


def office_applications_filter(user) -> Q:
    """What a domestic office's staff member may open: the applications of organisations
    in the prefectures their office covers, once submitted (a draft while the organisation
    shares it with the office)."""
    return covered_by_office_of(user) & (Q(submitted_at__isnull=False)
                                         | Q(shared_with_office_at__isnull=False))


def advice_of_application(*, application: Application) -> QuerySet:
    """The office's advice on the application, oldest first, with its writers (one query)."""
    from .models import OfficeAdvice

    return (OfficeAdvice.objects.filter(application=application)
            .select_related("office", "written_by", "answered_by"))


def application_for_user(*, user, pk: int) -> Application:
    """The application `pk` if `user` may see it; Http404 otherwise (never a 403)."""
    return get_object_or_404(applications_visible_to(user), pk=pk)


def applications_of_organisation(*, organisation_id: int) -> QuerySet[Application]:
    """The organisation's applications, newest call first, with what the list shows.

    One query, whatever the number of applications.
    """
    return (Application.objects.filter(organisation_id=organisation_id)
            .select_related("call", "partner_region", "sector")
            .annotate(n_members=Count("consortium_members", distinct=True))
            .order_by("-call__fiscal_year", "-created_at"))


def application_detail(*, user, pk: int) -> Application:
    """The application with everything the read-only page shows, scoped as above."""
    shown = (
        applications_visible_to(user)
        .select_related("sector", "partner_region__country", "copied_from",
                        "proposed_partner_region__country", "created_by")
        .prefetch_related("prefectures", "year_plans", "consortium_members", "prior_contacts",
                          "partner_confirmations", "attachments",
                          Prefetch("status_changes",
                                   queryset=StatusChange.objects.select_related("by"))))
    if sees_everything(user):
        # The history entries, which only HQ's timeline shows (visibility.timeline_for_viewer):
        # two queries the applicant's and the reviewers' pages do without.
        shown = shown.prefetch_related(
            Prefetch("audit_events", queryset=AuditEvent.objects.select_related("by")),
            Prefetch("organisation__audit_events",
                     queryset=AuditEvent.objects.filter(application__isnull=True)
                     .select_related("by")))
    return get_object_or_404(shown, pk=pk)


def application_history(*, application: Application) -> list:
    """The application's whole history, for HQ, oldest first: its status changes and its
    history entries (scores, assignments, settings, decisions, corrections). Two queries."""
    changes = list(application.status_changes.select_related("by"))
    entries = AuditEvent.objects.filter(
        Q(application=application)
        | Q(organisation_id=application.organisation_id, application__isnull=True))
    return sorted(changes + list(entries.select_related("by")), key=lambda e: e.at)


def call_history(*, call: Call):
    """Every history entry of the call and its applications, newest first (for paging)."""
    return (AuditEvent.objects.filter(call=call).select_related("by", "application")
            .order_by("-at", "-id"))


def applicant_home(*, organisation_id: int, now=None) -> dict:
    """What the applicant's home shows: the organisation's applications, the programme
    office's open requests for more information and the calls open for a new one. Three
    queries."""
    now = (now or timezone.now()).replace(microsecond=0)
    applications = list(applications_of_organisation(organisation_id=organisation_id))
    for application in applications:
        application.shown_status = applicant_status(application)
    return {
        "applications": applications,
        "information_requests": list(information_requests_open().filter(
            application__organisation_id=organisation_id)),
        "open_calls": list(Call.objects.filter(is_published=True, opens_at__lte=now,
                                               closes_at__gte=now).order_by("closes_at")),
        "now": now,
    }


def office_applications(*, user) -> QuerySet[Application]:
    """The applications a domestic office's staff member follows (office_applications_filter),
    newest call first, with what their home's list shows (one query per page)."""
    return (applications_visible_to(user)
            .select_related("partner_region__country", "organisation__prefecture")
            .order_by("-call__fiscal_year", "reference"))


# --- Requests for more information ---------------------------------------------------------

def information_requests_open() -> QuerySet[StatusChange]:
    """The request each application awaiting more information is waiting on (its move to
    that status: `note` is the question, `reply_by` the date), soonest reply-by first."""
    latest = (StatusChange.objects.filter(application=OuterRef("application"))
              .order_by("-at", "-id").values("id")[:1])
    return (StatusChange.objects
            .filter(to_status=ApplicationStatus.INFO_REQUESTED,
                    application__status=ApplicationStatus.INFO_REQUESTED,
                    pk=Subquery(latest))
            .select_related("application__call", "application__organisation", "by")
            .order_by(F("reply_by").asc(nulls_last=True), "at"))


def information_request_open(*, application: Application) -> StatusChange | None:
    """The request `application` is waiting on, or None when it awaits no answer."""
    if not awaits_information(application):
        return None
    return information_requests_open().filter(application=application).first()


@dataclass(frozen=True)
class InformationExchange:
    """One request for more information (`question`: the move to that status) and what
    followed it (`answer`: the applicant's resubmission with their message, or the
    withdrawal; None while it is awaited)."""

    question: StatusChange
    answer: StatusChange | None
    now: dt.datetime  # when it was read: an unanswered request is late after its date

    @property
    def answered(self) -> bool:
        return self.answer is not None and self.answer.to_status == ApplicationStatus.SUBMITTED

    @property
    def late(self) -> bool:
        """Answered after the reply-by date, or still unanswered once it passed."""
        if self.question.reply_by is None:
            return False
        moment = self.answer.at if self.answer is not None else self.now
        return moment > self.question.reply_by


def information_exchanges(*, application_ids=None, call: Call | None = None, now=None
                          ) -> list[InformationExchange]:
    """Every request for more information with what followed it, newest request first:
    of the applications `application_ids`, of the call `call`, or all. Two queries."""
    questions = StatusChange.objects.filter(to_status=ApplicationStatus.INFO_REQUESTED)
    if application_ids is not None:
        questions = questions.filter(application_id__in=application_ids)
    if call is not None:
        questions = questions.filter(application__call=call)
    questions = list(questions.select_related("application__call",
                                              "application__organisation", "by"))
    followers: dict[int, list[StatusChange]] = defaultdict(list)
    for change in (StatusChange.objects.filter(
            application_id__in={q.application_id for q in questions},
            from_status=ApplicationStatus.INFO_REQUESTED).order_by("at", "id")):
        followers[change.application_id].append(change)
    exchanges = []
    for question in questions:
        answer = next((c for c in followers[question.application_id]
                       if (c.at, c.pk) > (question.at, question.pk)), None)
        exchanges.append(InformationExchange(question, answer, now or timezone.now()))
    return sorted(exchanges, key=lambda e: (e.question.at, e.question.pk), reverse=True)


def proposed_regions_pending() -> QuerySet[ProposedPartnerRegion]:
    """Partner regions proposed by applicants that HQ has not matched yet, oldest first."""
    return (ProposedPartnerRegion.objects.filter(resolved_region__isnull=True)
            .exclude(application__status=ApplicationStatus.WITHDRAWN)
            .select_related("country", "application__organisation", "application__call")
            .order_by("application__created_at"))


def partner_regions_by_country(*, country_ids) -> dict[int, list[PartnerRegion]]:
    """The reference partner regions of these countries, by country id, each list in English
    name order (what HQ matches a proposal against). One query."""
    regions: dict[int, list[PartnerRegion]] = defaultdict(list)
    for region in PartnerRegion.objects.filter(country__in=country_ids).order_by("name_en"):
        regions[region.country_id].append(region)
    return regions
