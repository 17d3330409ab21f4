"""Every write of the review process: settings, assignments, conflicts, reviews and
HQ's agreed (consensus) scores. The review informs the decision but never makes it: the
decision is the sponsorship app's (sponsorship/decisions.py).

Status changes go through applications.workflow.application_transition.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.enums import REVIEWER_ROLES, Role
from accounts.models import User
from accounts.rules import is_reviewer
from accounts.services import invitation_record
from applications.enums import AWAITING_REVIEWS
from applications.enums import ApplicationStatus as S
from applications.models import Application, Call
from applications.predicates import is_decision_published
from applications.workflow import (
    APPLICATION,
    ASSIGN_REVIEWERS,
    RECORD_CONSENSUS,
    REOPEN_REVIEW,
    SCORE,
    WRITE_FEEDBACK,
    application_transition,
    is_reviewed,
    is_submitted,
)
from audit.services import audit_record, field_changes, plain_number, snapshot
from notifications.enums import Kind
from notifications.services import notify
from regions.enums import OfficeKind
from rit_portal.permissions import ONLY_HQ, require
from rit_portal.system_texts import event

from .enums import (
    CRITERIA,
    SCORE_MAX,
    STANDING_CONFLICT_TYPES,
    VALUE_MAX,
    ConflictStatus,
    ConflictType,
    FeedbackItem,
    ReviewStatus,
    ValueAspect,
)
from .models import (
    ConsensusScore,
    Feedback,
    Review,
    ReviewAssignment,
    ReviewerLoad,
    ReviewSettings,
    ScoreTally,
    StandingConflict,
)
from .rules import owns_assignment
from .selectors import (
    assignment_gives_cover,
    missing_reviewer_roles,
    review_settings_for,
    reviewer_may_assess,
    reviewers_proposed,
    score_aggregates,
    standing_conflict_hits,
    workload_counts,
)

# --- the stored scores ---------------------------------------------------------------------

def score_tally_refresh(*, application_ids) -> None:
    """Store each application's counted reviews (`ScoreTally`) as `score_aggregates`
    computes them now: two queries, whatever the number of applications. Every service
    below that changes which reviews count or their scores (an assignment made or withdrawn,
    a conflict declared, a review submitted or reopened) calls it in its transaction, so the
    board's figures are never behind the reviews."""
    aggregates = score_aggregates()
    rows = (Application.objects.filter(pk__in=application_ids).order_by()
            .annotate(**aggregates).values("pk", *aggregates))
    ScoreTally.objects.bulk_create(
        [ScoreTally(application_id=row.pop("pk"), **row) for row in rows],
        update_conflicts=True, unique_fields=["application"], update_fields=list(aggregates))


# --- the stored workload -------------------------------------------------------------------

@transaction.atomic  # its caller's transaction, or its own (a test's factory, an operator)
def reviewer_loads_refresh(*, reviewer_ids) -> None:
    """Store each reviewer's workload (`ReviewerLoad`) as `workload_counts` computes it now:
    a fixed number of queries, whatever the number of reviewers. Every service below that
    changes what a reviewer has open or assigned (an assignment made or withdrawn, a
    conflict declared, a review submitted or reopened, an application moving into or out
    of review: `reviewer_loads_follow_move`) calls it in its transaction, after any move of
    the application (so the application's row is always locked before the reviewers').

    Each reviewer's row is locked before their assignments are counted: a concurrent
    change for the same reviewer (another application, another HQ user) waits, and the
    count, read after the lock, sees it committed; the last refresh is never one that
    missed the other."""
    reviewer_ids = sorted(set(reviewer_ids))
    if not reviewer_ids:
        return
    ReviewerLoad.objects.bulk_create([ReviewerLoad(reviewer_id=pk) for pk in reviewer_ids],
                                     ignore_conflicts=True)
    list(ReviewerLoad.objects.select_for_update().filter(reviewer_id__in=reviewer_ids)
         .order_by("pk").values_list("pk", flat=True))
    counts = workload_counts()
    rows = (User.objects.filter(pk__in=reviewer_ids).order_by()
            .annotate(**counts).values("pk", *counts))
    ReviewerLoad.objects.bulk_create(
        [ReviewerLoad(reviewer_id=row.pop("pk"), **row) for row in rows],
        update_conflicts=True, unique_fields=["reviewer"], update_fields=list(counts))


def reviewer_loads_follow_move(*, application: Application, from_status: str,
                               to_status: str) -> None:
    """After `application` moved (applications.workflow.STATUS_MOVED, registered by
    reviews/apps.py): into or out of review (`AWAITING_REVIEWS`: submitted, under review),
    its reviewers' open assignments change (a withdrawal, a request for information, the
    move to reviewed); store them again."""
    if (from_status in AWAITING_REVIEWS) != (to_status in AWAITING_REVIEWS):
        reviewer_loads_refresh(reviewer_ids=application.review_assignments.values_list(
            "reviewer_id", flat=True))


def reviewer_loads_rebuild(*, batch: int = 500) -> int:
    """Store the workload of every reviewer (and of anyone else holding an assignment)
    afresh, for operators (`manage.py reviewer_loads_rebuild`) and data written around the
    services (bench/generate.py). Returns how many reviewers it stored."""
    ids = sorted(set(User.objects.filter(role__in=REVIEWER_ROLES).values_list("pk", flat=True))
                 | set(ReviewAssignment.objects.values_list("reviewer_id", flat=True)
                       .distinct().order_by()))
    for start in range(0, len(ids), batch):
        with transaction.atomic():
            reviewer_loads_refresh(reviewer_ids=ids[start:start + batch])
    return len(ids)


# --- settings -----------------------------------------------------------------------------

SETTINGS_AUDITED = [*(f"pass_mark_{c.value}" for c in CRITERIA),
                    *(f"weight_{a.value}" for a in ValueAspect)]


def _name(user) -> str:
    return user.get_full_name() or user.email


def review_scores(review: Review | None) -> dict:
    """The scores of a review as stored on the history: {"c1": 5, …, "value": "7.5"}."""
    if review is None:
        return {}
    scores = {c.value: review.score(c) for c in CRITERIA if review.score(c) is not None}
    if review.value_score is not None:
        scores["value"] = plain_number(review.value_score)
    return scores


@transaction.atomic
def review_settings_update(*, call: Call, by, review_deadline, pass_marks: dict[str, Decimal],
                           weights: dict[str, int]) -> ReviewSettings:
    """Set the call's review deadline, pass mark per criterion and value aspect weights."""
    require(by, "reviews.manage_reviews", message=ONLY_HQ)
    settings_row, _created = ReviewSettings.objects.get_or_create(call=call)
    before = {**snapshot(settings_row, SETTINGS_AUDITED), **snapshot(call, ["review_deadline"])}
    for criterion in CRITERIA:
        setattr(settings_row, f"pass_mark_{criterion.value}", pass_marks[criterion.value])
    for aspect in ValueAspect:
        setattr(settings_row, f"weight_{aspect.value}", weights.get(aspect.value, 0))
    settings_row.full_clean()
    settings_row.save()
    call.review_deadline = review_deadline
    call.save(update_fields=["review_deadline", "updated_at"])
    after = {**snapshot(settings_row, SETTINGS_AUDITED), **snapshot(call, ["review_deadline"])}
    changes = field_changes(before, after)
    if changes:
        audit_record(event=event("review.settings_changed", changes=changes), by=by, call=call)
    return settings_row


# --- assignment ---------------------------------------------------------------------------

def _coverage_problems(application: Application) -> list[str]:
    messages = {
        Role.HQ_REVIEWER: _("Assign at least one HQ reviewer."),
        Role.OVERSEAS_REVIEWER: _("Assign at least one reviewer of the overseas office "
                                  "covering the partner region."),
    }
    missing = missing_reviewer_roles(
        application.review_assignments.select_related("reviewer", "review"))
    return [messages[role] for role in missing]


@transaction.atomic
def application_assign_reviewers(*, application: Application, reviewers: list,
                                 by) -> list[ReviewAssignment]:
    """Assign `reviewers` (added to any already assigned) to the application.

    Guarantees: HQ staff only; every reviewer may assess it (overseas reviewers only from
    the office covering the partner region's country); afterwards at least one HQ and one
    overseas reviewer hold an unconflicted assignment, else ValidationError and nothing is
    saved. A submitted application moves to under review; a reviewed one back to under
    review when a new reviewer joins. Each new reviewer is e-mailed (application, review
    deadline, link), once per assignment. Returns the new assignments.
    """
    require(by, "reviews.manage_reviews", message=ONLY_HQ)
    application = Application.objects.select_for_update().get(pk=application.pk)
    APPLICATION.require(application, ASSIGN_REVIEWERS)
    existing = set(application.review_assignments.values_list("reviewer_id", flat=True))
    created = []
    now = timezone.now()
    for reviewer in reviewers:
        if reviewer.pk in existing:
            continue
        if not reviewer_may_assess(reviewer=reviewer, application=application):
            raise ValidationError(
                _("%(reviewer)s cannot assess this application: overseas reviewers assess "
                  "only applications for their office's territory.")
                % {"reviewer": reviewer.get_full_name() or reviewer.email})
        if standing_conflict_hits(reviewer_ids=[reviewer.pk], application_ids=[application.pk]):
            raise ValidationError(
                _("%(reviewer)s declared in advance a conflict of interest with this "
                  "applicant organisation or a firm of its consortium.")
                % {"reviewer": reviewer.get_full_name() or reviewer.email})
        assignment = ReviewAssignment(application=application, reviewer=reviewer,
                                      assigned_by=by, assigned_at=now)
        assignment.full_clean()
        assignment.save()
        audit_record(event=event("review.assigned", reviewer=_name(reviewer)), by=by,
                     application=application)
        existing.add(reviewer.pk)
        created.append(assignment)
        # Once per assignment (withdrawn and assigned again is a new assignment). The
        # message reads the application and the reviewer, not the assignment row, which
        # HQ may withdraw before the e-mail goes.
        notify(Kind.REVIEW_ASSIGNED, to=reviewer, about=application,
               params={"assignment": assignment.pk, "application": application.pk,
                       "reviewer": reviewer.pk})
    problems = _coverage_problems(application)
    if problems:
        raise ValidationError(problems)
    score_tally_refresh(application_ids=[application.pk])
    if is_submitted(application):
        application_transition(application=application, to=S.UNDER_REVIEW, by=by,
                               event=event("review.reviewers_assigned"))
    elif created and is_reviewed(application):
        application_transition(application=application, to=S.UNDER_REVIEW, by=by,
                               event=event("review.reviewer_added"))
    reviewer_loads_refresh(reviewer_ids=[a.reviewer_id for a in created])
    return created


def assignments_assign_proposed(*, applications, by) -> tuple[int, list[str]]:
    """Bulk: give each application the portal's proposed reviewers.

    Each application succeeds or fails on its own (a savepoint each); returns the number
    assigned and one message per application that could not be.
    """
    require(by, "reviews.manage_reviews", message=ONLY_HQ)
    done, errors = 0, []
    for application in applications:
        try:
            with transaction.atomic():
                application_assign_reviewers(
                    application=application,
                    reviewers=reviewers_proposed(application=application), by=by)
            done += 1
        except ValidationError as exc:
            errors.append(f"{application.reference or application.title}: "
                          + " ".join(exc.messages))
    return done, errors


@transaction.atomic
def assignment_remove(*, assignment: ReviewAssignment, by) -> None:
    """HQ withdraws an assignment whose review was not submitted. A declared conflict stays
    on record (the reviewer no longer sees the application anyway)."""
    require(by, "reviews.manage_reviews", message=ONLY_HQ)
    if assignment.is_conflicted:
        raise ValidationError(_("A declared conflict of interest stays on record."))
    review = Review.objects.filter(assignment=assignment).first()
    if review is not None and review.is_submitted:
        raise ValidationError(_("A submitted review cannot be withdrawn; reopen it instead."))
    application = assignment.application
    # The record of the withdrawal keeps who it was and any draft scores it had.
    audit_record(event=event("review.assignment_withdrawn", reviewer=_name(assignment.reviewer),
                             scores=review_scores(review)), by=by, application=application)
    reviewer_id = assignment.reviewer_id
    assignment.delete()
    score_tally_refresh(application_ids=[application.pk])
    _move_to_reviewed_if_complete(application=application)
    reviewer_loads_refresh(reviewer_ids=[reviewer_id])


@transaction.atomic
def conflict_declare(*, assignment: ReviewAssignment, by, has_conflict: bool,
                     conflict_type: str = "", note: str = "", standing: bool = False,
                     firm=None) -> ReviewAssignment:
    """The reviewer declares a conflict of interest (or none) before seeing the scores form.

    A conflict is typed (enums.ConflictType) and described; a conflict with the applicant
    organisation or a firm of the consortium (`firm`, one of the application's members)
    can also be declared for every later call (`standing`: standing_conflict_declare).
    A declared conflict hides the application from the reviewer and flags it to HQ (it
    lacks coverage until HQ reassigns). The declaration is final for the reviewer.
    """
    if not owns_assignment.test(by, assignment):
        raise PermissionDenied(_("Only the assigned reviewer may declare a conflict."))
    if assignment.conflict_status != ConflictStatus.UNDECLARED:
        raise ValidationError(_("You have already made your declaration."))
    note = note.strip()
    if has_conflict:
        problems = {}
        if conflict_type not in ConflictType.values:
            problems["conflict_type"] = _("Say with whom you have the conflict.")
        elif conflict_type == ConflictType.FIRM and (
                firm is None or firm.application_id != assignment.application_id):
            problems["firm"] = _("Choose the firm of the consortium.")
        if not note:
            problems["conflict_note"] = _("Describe the conflict of interest.")
        if standing and conflict_type not in STANDING_CONFLICT_TYPES:
            problems["standing"] = _("Only a conflict with the applicant organisation or a "
                                     "firm can be declared for later calls.")
        if problems:
            raise ValidationError(problems)
    assignment.conflict_status = ConflictStatus.CONFLICT if has_conflict else ConflictStatus.NONE
    assignment.conflict_type = conflict_type if has_conflict else ""
    assignment.conflict_note = note if has_conflict else ""
    assignment.conflict_declared_at = timezone.now()
    assignment.full_clean()
    assignment.save(update_fields=["conflict_status", "conflict_type", "conflict_note",
                                   "conflict_declared_at"])
    score_tally_refresh(application_ids=[assignment.application_id])
    audit_record(event=event("review.conflict_declared_with", reviewer=_name(by),
                             conflict_type=conflict_type) if has_conflict
                 else event("review.no_conflict_declared", reviewer=_name(by)),
                 by=by, application=assignment.application)
    if has_conflict:  # the others may all be in already
        _move_to_reviewed_if_complete(application=assignment.application)
        if standing:
            application = assignment.application
            standing_conflict_declare(
                by=by, conflict_type=conflict_type, note=note,
                organisation=application.organisation
                if conflict_type == ConflictType.ORGANISATION else None,
                firm_name=firm.name if firm is not None else "",
                corporate_number=firm.corporate_number if firm is not None else "")
        reviewer_loads_refresh(reviewer_ids=[assignment.reviewer_id])
    return assignment


@transaction.atomic
def standing_conflict_declare(*, by, conflict_type: str, note: str, organisation=None,
                              firm_name: str = "", corporate_number: str = ""
                              ) -> StandingConflict:
    """A reviewer (`by`) declares, for every call, a conflict of interest with an applicant
    organisation or with a firm (its corporate number and/or name). From then on the
    portal neither proposes nor lets HQ assign them its applications, and their assignments
    still awaiting a declaration that it covers become declared conflicts (HQ reassigns
    them). Raises ValidationError by field on incomplete input."""
    if not is_reviewer.test(by):
        raise PermissionDenied(_("Only reviewers declare conflicts of interest."))
    firm_name, corporate_number = firm_name.strip(), corporate_number.strip()
    problems = {}
    if conflict_type == ConflictType.ORGANISATION and organisation is None:
        problems["organisation"] = _("Choose the applicant organisation.")
    elif conflict_type == ConflictType.FIRM and not (firm_name or corporate_number):
        problems["firm_name"] = _("Give the firm's name or its corporate number.")
    elif conflict_type not in STANDING_CONFLICT_TYPES:
        problems["conflict_type"] = _("Choose an applicant organisation or a firm.")
    if not note.strip():
        problems["note"] = _("Describe the conflict of interest.")
    if problems:
        raise ValidationError(problems)
    conflict = StandingConflict(
        reviewer=by, conflict_type=conflict_type, note=note.strip(),
        organisation=organisation if conflict_type == ConflictType.ORGANISATION else None,
        firm_name=firm_name if conflict_type == ConflictType.FIRM else "",
        corporate_number=corporate_number if conflict_type == ConflictType.FIRM else "",
        declared_at=timezone.now())
    conflict.full_clean()
    conflict.save()
    audit_record(event=event("review.standing_conflict_declared", reviewer=_name(by),
                             party=conflict.party, conflict_type=conflict_type),
                 by=by, organisation=conflict.organisation, note=conflict.note)
    undeclared = ReviewAssignment.objects.filter(reviewer=by,
                                                 conflict_status=ConflictStatus.UNDECLARED)
    covered = {application_id for _reviewer, application_id in standing_conflict_hits(
        reviewer_ids=[by.pk], application_ids=undeclared.values_list("application_id",
                                                                     flat=True))}
    now_conflicted = list(undeclared.filter(application_id__in=covered).select_related(
        "application"))
    for assignment in now_conflicted:
        assignment.conflict_status = ConflictStatus.CONFLICT
        assignment.conflict_type = conflict_type
        assignment.conflict_note = conflict.note
        assignment.conflict_declared_at = conflict.declared_at
        assignment.save(update_fields=["conflict_status", "conflict_type", "conflict_note",
                                       "conflict_declared_at"])
    score_tally_refresh(application_ids=[a.application_id for a in now_conflicted])
    for assignment in now_conflicted:
        _move_to_reviewed_if_complete(application=assignment.application)
    if now_conflicted:
        reviewer_loads_refresh(reviewer_ids=[by.pk])
    return conflict


@transaction.atomic
def standing_conflict_withdraw(*, conflict: StandingConflict, by) -> None:
    """The reviewer withdraws a conflict declared in advance; conflicts already declared on
    assignments stay on record."""
    if conflict.reviewer_id != getattr(by, "pk", None):
        raise PermissionDenied(_("Only the reviewer who declared it may withdraw it."))
    audit_record(event=event("review.standing_conflict_withdrawn", reviewer=_name(by),
                             party=conflict.party), by=by, organisation=conflict.organisation)
    conflict.delete()


# --- reviews ------------------------------------------------------------------------------

REVIEW_FIELDS = ["c1_score", "c1_comment", "c2_score", "c2_comment", "c3_score", "c3_comment",
                 "value_score", "value_comment", "recommendation"]


def weighted_value(*, aspects: dict[str, int], weights: dict[str, int]) -> Decimal:
    """The value score as the weighted mean of the aspect scores (two decimals)."""
    total = sum(weights.values())
    raw = Decimal(sum(aspects[a] * w for a, w in weights.items())) / Decimal(total)
    return raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _submission_problems(review: Review, weights: dict[str, int]) -> dict[str, str]:
    problems = {}
    for criterion in CRITERIA:
        if getattr(review, f"{criterion.value}_score") is None:
            problems[f"{criterion.value}_score"] = _("Give a score from 0 to 5.")
        if not getattr(review, f"{criterion.value}_comment").strip():
            problems[f"{criterion.value}_comment"] = _("Explain your score.")
    if weights:
        for aspect in weights:
            if review.value_aspects.get(aspect) is None:
                problems[f"aspect_{aspect}"] = _("Give a score from 0 to 10.")
    elif review.value_score is None:
        problems["value_score"] = _("Give a score from 0 to 10.")
    if not review.value_comment.strip():
        problems["value_comment"] = _("Explain your score.")
    if not review.recommendation:
        problems["recommendation"] = _("Choose your overall recommendation.")
    return problems


@transaction.atomic
def review_save(*, assignment: ReviewAssignment, by, data: dict, submit: bool = False) -> Review:
    """Save the reviewer's draft; with `submit`, check completeness and lock it.

    `data` holds REVIEW_FIELDS and, when the call weights value aspects, `value_aspects`
    {aspect: 0..10}; the value score is then their weighted mean. Raises ValidationError
    keyed by field (the draft typed so far is kept by the form, not saved) when submitting
    an incomplete review. After the last review of an application is submitted, the portal
    moves it to reviewed.
    """
    assignment = ReviewAssignment.objects.select_for_update().select_related(
        "application__call").get(pk=assignment.pk)
    if not owns_assignment.test(by, assignment):
        raise PermissionDenied(_("Only the assigned reviewer may score this application."))
    if assignment.conflict_status != ConflictStatus.NONE:
        raise ValidationError(_("Declare any conflict of interest before scoring."))
    APPLICATION.require(assignment.application, SCORE)
    review, _created = Review.objects.get_or_create(assignment=assignment)
    if review.is_submitted:
        raise ValidationError(_("This review was submitted and is locked; HQ can reopen it."))
    for name in REVIEW_FIELDS:
        if name in data:
            value = data[name]
            setattr(review, name, value if value is not None or name.endswith("score")
                    else "")
    weights = review_settings_for(call=assignment.application.call).value_weights
    if weights:
        aspects = {a: v for a, v in (data.get("value_aspects") or {}).items()
                   if a in weights and v is not None}
        for aspect, score in aspects.items():
            if not 0 <= score <= VALUE_MAX:
                raise ValidationError({f"aspect_{aspect}": _("Give a score from 0 to 10.")})
        review.value_aspects = aspects
        review.value_score = (weighted_value(aspects=aspects, weights=weights)
                              if set(aspects) == set(weights) else None)
    if submit:
        problems = _submission_problems(review, weights)
        if problems:
            raise ValidationError(problems)
        review.status = ReviewStatus.SUBMITTED
        review.submitted_at = timezone.now()
    review.full_clean()
    review.save()
    if submit:
        score_tally_refresh(application_ids=[assignment.application_id])
        audit_record(event=event("review.submitted", reviewer=_name(by),
                                 scores=review_scores(review),
                                 recommendation=review.recommendation),
                     by=by, application=assignment.application)
        _move_to_reviewed_if_complete(application=assignment.application)
        reviewer_loads_refresh(reviewer_ids=[assignment.reviewer_id])
    return review


def _move_to_reviewed_if_complete(*, application: Application) -> None:
    """Under review → reviewed (by the portal) once every unconflicted assignment has a
    submitted review and both an HQ and an overseas reviewer are among them."""
    application.refresh_from_db(fields=["status"])
    if not APPLICATION.move_exists(application, S.REVIEWED):
        return
    active = [a for a in application.review_assignments.select_related("review", "reviewer")
              if assignment_gives_cover(a)]
    all_in = active and all(getattr(a, "review", None) is not None and a.review.is_submitted
                            for a in active)
    if all_in and not _coverage_problems(application):
        application_transition(application=application, to=S.REVIEWED, by=None,
                               event=event("review.all_submitted"))


@transaction.atomic
def review_reopen(*, review: Review, by) -> Review:
    """HQ unlocks a submitted review; a reviewed application goes back under review."""
    require(by, "reviews.manage_reviews", message=ONLY_HQ)
    application = review.assignment.application
    APPLICATION.require(application, REOPEN_REVIEW)
    if not review.is_submitted:
        raise ValidationError(_("This review is not submitted."))
    review.status = ReviewStatus.DRAFT
    review.submitted_at = None
    review.save(update_fields=["status", "submitted_at", "updated_at"])
    score_tally_refresh(application_ids=[application.pk])
    audit_record(event=event("review.reopened_for", reviewer=_name(review.assignment.reviewer),
                             scores=review_scores(review)), by=by, application=application)
    if is_reviewed(application):
        application_transition(application=application, to=S.UNDER_REVIEW, by=by,
                               event=event("review.reopened"))
    reviewer_loads_refresh(reviewer_ids=[review.assignment.reviewer_id])
    return review


@transaction.atomic
def consensus_record(*, application: Application, criterion: str, score: int, reason: str,
                     by) -> ConsensusScore:
    """Record HQ's agreed score for one criterion; it counts instead of the mean."""
    require(by, "reviews.manage_reviews", message=ONLY_HQ)
    APPLICATION.require(application, RECORD_CONSENSUS)
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for the agreed score.")})
    if score is None or not 0 <= score <= SCORE_MAX:
        raise ValidationError({"score": _("Give a score from 0 to 5.")})
    row = (ConsensusScore.objects.filter(application=application, criterion=criterion).first()
           or ConsensusScore(application=application, criterion=criterion))
    previous = row.score if row.pk else None
    row.score, row.reason, row.recorded_by = score, reason.strip(), by
    row.recorded_at = timezone.now()
    row.full_clean()
    row.save()
    # The row holds the score that counts; every agreed score, the replaced ones too,
    # stays on the history with its reason.
    audit_record(event=event("review.consensus_recorded", criterion=criterion, score=score,
                             previous=previous), by=by, application=application,
                 note=row.reason)
    return row




# --- feedback to the applicant ------------------------------------------------------------

@transaction.atomic
def feedback_save(*, application: Application, by, comments: dict[str, str]) -> None:
    """HQ writes what the applicant will read about each criterion and the value
    ({FeedbackItem code: comment}; an empty comment removes it). Only once the reviews are
    in and before the decision is published; every item must be written before the
    decision can be published (sponsorship.decisions)."""
    require(by, "reviews.manage_reviews", message=ONLY_HQ)
    APPLICATION.require(application, WRITE_FEEDBACK)
    if is_decision_published(application):
        raise ValidationError(_("The decision is published: its feedback can no longer "
                                "change."))
    unknown = set(comments) - set(FeedbackItem.values)
    if unknown:
        raise TypeError(f"unknown feedback items {sorted(unknown)}")
    now = timezone.now()
    changed = []
    for item, comment in comments.items():
        comment = (comment or "").strip()
        before = Feedback.objects.filter(application=application, item=item).first()
        if (before.comment if before is not None else "") == comment:
            continue  # unchanged, or left blank where nothing was written
        changed.append(item)
        if not comment:
            before.delete()
            continue
        Feedback.objects.update_or_create(
            application=application, item=item,
            defaults={"comment": comment, "written_by": by, "written_at": now})
    if changed:
        audit_record(event=event("review.feedback_written", items=changed), by=by,
                     application=application)


# --- reviewers: onboarding --------------------------------------------------------------

def reviewer_role_for(office) -> str:
    """The reviewer role an office gives: an overseas office's staff review for its
    territory, headquarters' staff as HQ reviewers."""
    return Role.OVERSEAS_REVIEWER if office.kind == OfficeKind.OVERSEAS else Role.HQ_REVIEWER


@transaction.atomic
def reviewer_invite(*, email: str, office, language: str, by):
    """HQ invites a reviewer for `office`: an overseas office (the reviewer assesses the
    applications of its territory) or headquarters (an HQ reviewer), through the
    portal's one invitation mechanism (accounts.services.invitation_record): the invited
    person sets their own password through the e-mailed link. Recorded on the history.

    Returns (invitation, token). Raises PermissionDenied unless `by` is HQ staff,
    ValidationError (on "email") when the address already has an account, (on "office")
    for any other kind of office.
    """
    require(by, "reviews.manage_reviewers")
    if office is None or office.kind not in (OfficeKind.OVERSEAS, OfficeKind.HQ):
        raise ValidationError({"office": _("Choose an overseas office or headquarters.")})
    invitation, token = invitation_record(email=email, by=by, role=reviewer_role_for(office),
                                          office=office, language=language)
    audit_record(event=event("reviewer.invited", email=invitation.email, office=office.code),
                 by=by)
    return invitation, token


@transaction.atomic
def reviewer_set_active(*, reviewer, active: bool, by):
    """HQ deactivates a reviewer (who can no longer log in, is no longer proposed or
    assignable, and whose unfinished assignments no longer count as cover) or reactivates
    one; recorded on the history. Only reviewers: PermissionDenied for anyone else, or
    unless `by` is HQ staff."""
    if not by.has_perm("reviews.manage_reviewers") or reviewer.role not in REVIEWER_ROLES:
        raise PermissionDenied
    if reviewer.is_active != active:
        reviewer.is_active = active
        reviewer.save(update_fields=["is_active"])
        audit_record(event=event("reviewer.reactivated" if active else "reviewer.deactivated",
                                 reviewer=_name(reviewer)), by=by)
    return reviewer
