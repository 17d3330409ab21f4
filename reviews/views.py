"""Views of the review process: thin — permission, form, service, redirect or render."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from accounts.enums import REVIEWER_ROLES
from accounts.models import User
from applications.models import Application, Call
from applications.selectors import application_history, information_exchanges
from applications.workflow import abilities_for
from regions.models import JetroOffice
from rit_portal.bilingual import reader_reads_english
from rit_portal.forms import record_id
from rit_portal.gates import gate
from rit_portal.pagination import paginate
from rit_portal.refusals import refusal_shown

from . import selectors, services
from .enums import CRITERIA, ConflictStatus
from .forms import (
    AssignForm,
    ConflictForm,
    ConsensusForm,
    FeedbackForm,
    ReviewerInvitationForm,
    ReviewForm,
    SettingsForm,
    StandingConflictForm,
)
from .models import Review, ReviewAssignment, StandingConflict

# --- reviewer -----------------------------------------------------------------------------

@gate("accounts.use_reviewer_area")
def review(request, pk: int):
    """The reviewer's page: conflict declaration first, then the application and the form."""
    assignment = selectors.assignment_for_reviewer(user=request.user, application_pk=pk)
    application = assignment.application
    existing = getattr(assignment, "review", None)
    settings = selectors.review_settings_for(call=application.call)
    conflict_form = ConflictForm(application=application)
    form = ReviewForm(review=existing, settings=settings)
    if request.method == "POST" and "declare" in request.POST:
        conflict_form = ConflictForm(request.POST, application=application)
        if conflict_form.is_valid():
            data = conflict_form.cleaned_data
            with refusal_shown(request, conflict_form) as refusal:
                services.conflict_declare(
                    assignment=assignment, by=request.user,
                    has_conflict=data["has_conflict"], conflict_type=data["conflict_type"],
                    note=data["conflict_note"], standing=data["standing"], firm=data["firm"])
            if not refusal:
                if assignment.is_conflicted:
                    messages.info(request, _("Thank you. HQ will reassign this application; "
                                             "it no longer appears in your list."))
                    return redirect("home")
                return redirect("reviews:review", pk)
    elif request.method == "POST":
        form = ReviewForm(request.POST, review=existing, settings=settings)
        if form.is_valid():
            submit = "submit" in request.POST
            with refusal_shown(request, form) as refusal:
                form.save(assignment=assignment, by=request.user, submit=submit)
            if refusal:
                if submit and hasattr(refusal.error, "error_dict"):
                    # A refused submission keeps what was typed, as a draft.
                    form.save(assignment=assignment, by=request.user, submit=False)
                    messages.error(request, _("The review was not submitted: complete the "
                                              "fields marked below. Your entries were saved "
                                              "as a draft."))
            else:
                messages.success(request, _("Review submitted.") if submit
                                 else _("Draft saved."))
                return redirect("reviews:review", pk)
    return render(request, "reviews/review.html", {
        "assignment": assignment, "application": application, "review": existing,
        "conflict_form": conflict_form, "form": form,
        "locked": bool(existing and existing.is_submitted),
        "can_score": abilities_for(application=application, user=request.user).score,
        "others": selectors.visible_reviews(assignment=assignment),
        "exchanges": information_exchanges(application_ids=[application.pk]),
        "english_first": reader_reads_english(),
        "past": selectors.past_outcomes(application=application),
        "members": application.consortium_members.all(),
        "hints": selectors.conflict_hints(application=application,
                                          reviewer_ids=[request.user.pk]).get(
            request.user.pk, []) if assignment.conflict_status == ConflictStatus.UNDECLARED
        else [],
        "prefectures": application.prefectures.all(),
        "criteria": CRITERIA,
    })


@gate("accounts.use_reviewer_area")
def conflicts(request):
    """The reviewer's conflicts of interest declared in advance: the list, the form to
    declare one, and withdrawal (POST `withdraw=<id>`)."""
    form = StandingConflictForm()
    if request.method == "POST" and "withdraw" in request.POST:
        conflict = get_object_or_404(StandingConflict, reviewer=request.user,
                                     pk=record_id(request.POST["withdraw"]))
        services.standing_conflict_withdraw(conflict=conflict, by=request.user)
        messages.success(request, _("The conflict of interest was withdrawn."))
        return redirect("reviews:conflicts")
    if request.method == "POST":
        form = StandingConflictForm(request.POST)
        if form.is_valid():
            with refusal_shown(request, form) as refusal:
                services.standing_conflict_declare(by=request.user, **form.cleaned_data)
            if not refusal:
                messages.success(request, _("Declared. The programme office will not assign "
                                            "you these applications."))
                return redirect("reviews:conflicts")
    return render(request, "reviews/conflicts.html", {
        "form": form,
        "standing": StandingConflict.objects.filter(reviewer=request.user)
        .select_related("organisation"),
        # Grows with every call the reviewer reviews: paged.
        "page": paginate(ReviewAssignment.objects.filter(
            reviewer=request.user, conflict_status=ConflictStatus.CONFLICT)
            .select_related("application__call", "application__organisation")
            .order_by("-conflict_declared_at", "-pk"), params=request.GET)})


# --- HQ: settings and assignment ---------------------------------------------------------

@gate("reviews.manage_reviews")
def call_settings(request, pk: int):
    call = get_object_or_404(Call, pk=pk)
    instance = selectors.review_settings_for(call=call)
    form = SettingsForm(request.POST or None, instance=instance,
                        initial={"review_deadline": call.review_deadline})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with refusal_shown(request, form) as refusal:
            services.review_settings_update(
                call=call, by=request.user, review_deadline=data["review_deadline"],
                pass_marks={c.value: data[f"pass_mark_{c.value}"] for c in CRITERIA},
                weights={k[len("weight_"):]: v for k, v in data.items()
                         if k.startswith("weight_")})
        if not refusal:
            messages.success(request, _("Review settings saved."))
            return redirect("reviews:assignments", call.pk)
    return render(request, "reviews/settings.html", {"call": call, "form": form})


@gate("reviews.manage_reviews")
def assignments(request, pk: int):
    """HQ: applications awaiting or under review, their reviewers and the portal's proposal."""
    call = get_object_or_404(Call, pk=pk)
    missing_only = request.GET.get("missing") == "1"
    applications = selectors.assignment_applications(call=call, missing_only=missing_only)
    if request.method == "POST":
        chosen = list(applications.filter(pk__in=[
            record_id(value) for value in request.POST.getlist("applications")]))
        if not chosen:
            messages.error(request, _("Select at least one application."))
        else:
            done, errors = services.assignments_assign_proposed(applications=chosen,
                                                                by=request.user)
            if done:
                messages.success(request, ngettext(
                    "Proposed reviewers assigned to %(n)d application.",
                    "Proposed reviewers assigned to %(n)d applications.", done) % {"n": done})
            for error in errors:
                messages.error(request, error)
            return redirect(request.get_full_path())
    page = paginate(applications.values_list("pk", flat=True), params=request.GET)
    page.object_list = selectors.assignment_rows(application_ids=page.object_list)
    return render(request, "reviews/assignments.html", {
        "call": call, "page": page, "missing_only": missing_only})


@gate("reviews.manage_reviews")
def assign(request, pk: int):
    """HQ: choose the reviewers of one application; the proposal is pre-selected."""
    application = get_object_or_404(
        Application.objects.select_related("call", "organisation", "partner_region__country"),
        pk=pk)
    current = list(application.review_assignments.select_related("reviewer__office", "review"))
    search = request.GET.get("q", "").strip()[:100]
    choices = selectors.assignment_choices(application=application, assignments=current,
                                           search=search, shown=selectors.CANDIDATES_SHOWN)
    candidates, proposal = choices.candidates, choices.proposal
    initial = [a.reviewer_id for a in current if not a.is_conflicted] + [p.pk for p in proposal]
    form = AssignForm(request.POST or None, candidates=candidates,
                      initial={"reviewers": initial})
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form) as refusal:
            created = services.application_assign_reviewers(
                application=application, reviewers=list(form.cleaned_data["reviewers"]),
                by=request.user)
        if not refusal:
            messages.success(request, ngettext("%(n)d reviewer assigned.",
                                               "%(n)d reviewers assigned.", len(created))
                             % {"n": len(created)})
            return redirect("reviews:assignments", application.call_id)
    office = choices.office
    return render(request, "reviews/assign.html", {
        "application": application, "form": form, "current": current, "proposal": proposal,
        "office": office, "hinted": [c for c in candidates if c.hints], "search": search,
        "matching": choices.matching, "shown": selectors.CANDIDATES_SHOWN})


@gate("reviews.manage_reviews")
@require_POST
def unassign(request, pk: int):
    assignment = get_object_or_404(ReviewAssignment.objects.select_related("application"), pk=pk)
    with refusal_shown(request) as refusal:
        services.assignment_remove(assignment=assignment, by=request.user)
    if not refusal:
        messages.success(request, _("Assignment withdrawn."))
    return redirect("reviews:assign", assignment.application_id)


# --- HQ: one application's reviews and decision ------------------------------------------

@gate("reviews.manage_reviews")
def summary(request, pk: int):
    """HQ: every review of one application, the aggregation, consensus and the timeline;
    the decision itself is on the sponsorship app's decision page."""
    application = get_object_or_404(
        Application.objects.select_related("call", "organisation", "sector",
                                           "partner_region__country"), pk=pk)
    consensus_form = ConsensusForm()
    if request.method == "POST":
        # At the form that was sent; a refused reopening as a message.
        if "consensus" in request.POST:
            consensus_form = ConsensusForm(request.POST)
        with refusal_shown(request, *([consensus_form] if "consensus" in request.POST else [])):
            if "consensus" in request.POST:
                if consensus_form.is_valid():
                    services.consensus_record(application=application, by=request.user,
                                              **consensus_form.cleaned_data)
                    messages.success(request, _("Agreed score recorded."))
                    return redirect("reviews:summary", pk)
            elif "reopen" in request.POST:
                review_row = get_object_or_404(
                    Review, assignment__application=application,
                    pk=record_id(request.POST["reopen"]))
                services.review_reopen(review=review_row, by=request.user)
                messages.success(request, _("Review reopened for its reviewer."))
                return redirect("reviews:summary", pk)
    assignments_list = list(application.review_assignments.select_related(
        "review", "reviewer__office"))
    scores = selectors.scores_from(
        assignments=assignments_list, consensus=list(application.consensus_scores
                                                     .select_related("recorded_by")),
        settings=selectors.review_settings_for(call=application.call))
    return render(request, "reviews/summary.html", {
        "application": application, "assignments": assignments_list, "scores": scores,
        "consensus_form": consensus_form,
        "may": abilities_for(application=application, user=request.user),
        "timeline": application_history(application=application),
        "past": selectors.past_outcomes(application=application),
    })


# --- HQ: reviewers -------------------------------------------------------------------------

# The newest pending invitations the reviewers page lists (the rest counted, not listed).
INVITATIONS_SHOWN = 20


@gate("reviews.manage_reviewers")
def reviewers(request):
    """HQ: every reviewer with their office and workload, pending invitations, the offices
    that lack a reviewer, and the form to invite one (`?office=<code>` preselects it)."""
    office = JetroOffice.objects.filter(code=request.GET.get("office", "")).first()
    form = ReviewerInvitationForm(request.POST or None, initial={
        "office": office, "language": "ja" if office and office.code == "HQ" else "en"})
    if request.method == "POST" and form.is_valid():
        with refusal_shown(request, form) as refusal:
            invitation, _token = services.reviewer_invite(by=request.user,
                                                          **form.cleaned_data)
        if not refusal:
            messages.success(request, _("An invitation was sent to %(email)s for %(office)s.")
                             % {"email": invitation.email, "office": invitation.office.name})
            return redirect("reviews:reviewers")
    page = paginate(selectors.reviewers_for_management(), params=request.GET)
    page.object_list = selectors.with_workload_of(page.object_list)
    pending = selectors.reviewer_invitations_pending()
    invitations = list(pending[:INVITATIONS_SHOWN + 1])
    return render(request, "reviews/reviewers.html", {
        "form": form, "page": page,
        "invitations": invitations[:INVITATIONS_SHOWN],
        "invitations_more": (pending.count() - INVITATIONS_SHOWN
                             if len(invitations) > INVITATIONS_SHOWN else 0),
        "lacking": selectors.offices_lacking_reviewers(), "now": timezone.now()})


@gate("reviews.manage_reviews")
@require_POST
def reviewer_active(request, pk: int):
    """HQ: deactivate (`active=0`) or reactivate (`active=1`) a reviewer."""
    reviewer = get_object_or_404(User.objects.filter(role__in=REVIEWER_ROLES), pk=pk)
    active = request.POST.get("active") == "1"
    services.reviewer_set_active(reviewer=reviewer, active=active, by=request.user)
    name = reviewer.get_full_name() or reviewer.email
    if active:
        messages.success(request, _("%(name)s can log in and be assigned again.")
                         % {"name": name})
    else:
        messages.success(request, _("%(name)s can no longer log in or be assigned. Reassign "
                                    "their unfinished reviews on the assignment pages.")
                         % {"name": name})
    return redirect("reviews:reviewers")


@gate("reviews.manage_reviews")
def feedback(request, pk: int):
    """HQ: what the applicant will read once the decision is published, per criterion and
    on the value: the agreed score against the pass mark and HQ's comment, drafted from
    the reviewers' comments (shown here without names)."""
    application = get_object_or_404(
        Application.objects.select_related("call", "organisation", "partner_region__country"),
        pk=pk)
    rows = selectors.feedback_rows(application=application, with_reviewer_comments=True)
    may = abilities_for(application=application, user=request.user)
    form = FeedbackForm(request.POST or None, rows=rows)
    if request.method == "POST" and may.write_feedback and form.is_valid():
        with refusal_shown(request, form) as refusal:
            services.feedback_save(application=application, by=request.user,
                                   comments=form.cleaned_data)
        if not refusal:
            messages.success(request, _("Feedback to the applicant saved."))
            return redirect("reviews:summary", application.pk)
    return render(request, "reviews/feedback.html", {
        "application": application, "rows": rows, "form": form, "may": may,
        "fields": [(row, form[row.item]) for row in rows],
        "missing": selectors.feedback_missing(application_ids=[application.pk]).get(
            application.pk, [])})


@gate("reviews.manage_reviews")
def index(request):
    """HQ: every call with its assignment page and selection board."""
    return render(request, "reviews/index.html")
