"""Demo reviews and decisions, built on the demo applications and cost proposals (here,
in the decision's app, because it walks the review and then decides).

Runs after demo.accounts, demo.calls and demo.sponsorship. Everything goes through
the services (assignment, declarations, reviews, workflow, sponsorship_decide,
publication), so the demo shows what the portal really produces. Idempotent: each step
acts only on applications still in the status it starts from.

- FY2025 (closed): every application approved in full and published (demo.showcase
  gives their tie-ups a year of activities and a story on the public showcase).
- FY2026 (closed): every application with reviewers for its territory is reviewed and
  decided (FY2026_PLAN: approved in full, waitlisted, rejected, ineligible on the
  scores); the decisions are published (past outcomes for FY2027).
- FY2027: reviews in various states (eligible, one approved in full, ineligible, reviewed
  with a score spread, drafts, a declared conflict, declarations pending); the rest, and
  the publication, left for HQ.
"""

import datetime as dt
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation

from accounts.enums import Role
from accounts.models import ApplicantOrganisation, User
from applications.enums import DECIDED
from applications.enums import ApplicationStatus as S
from applications.models import Application, Call
from applications.services import application_request_information, application_submit
from applications.workflow import APPLICATION, SCORE, is_reviewed, is_submitted
from reviews.enums import ConflictStatus, ConflictType, Recommendation
from reviews.selectors import feedback_rows, reviewers_proposed
from reviews.services import (
    application_assign_reviewers,
    conflict_declare,
    feedback_save,
    review_save,
    reviewer_invite,
    standing_conflict_declare,
)
from sponsorship.board_jobs import applications_publish_decisions
from sponsorship.decisions import application_decide
from sponsorship.enums import BoardAction

# (c1, c2, c3, value) for the HQ reviewer and the office reviewer.
STRONG = [(4, 4, 5, 8), (5, 4, 4, 8)]
GOOD = [(4, 3, 4, 7), (3, 4, 3, 6)]
SPREAD = [(5, 3, 4, 7), (3, 3, 4, 6)]  # C1 differs by 2
WEAK_C3 = [(4, 3, 2, 5), (3, 3, 2, 4)]
WEAK_C2 = [(3, 2, 3, 4), (3, 3, 3, 5)]  # C2 mean 2.5

COMMENTS = {
    "ja": ("コンソーシアム各社の関心と役割が具体的に示されている。",
           "共同開発の見通しは概ね妥当だが、マイルストーンの具体化が望まれる。",
           "過去の交流実績があり、相手地域から関心表明を得ている。",
           "両地域の産業振興への波及効果が期待できる。"),
    "en": ("The firms' interest and roles are described concretely.",
           "Plausible joint-development prospects; milestones could be sharper.",
           "Earlier visits took place and the partner region confirmed its interest.",
           "Good value for both regions' industries."),
}


def _recommendation(scores) -> str:
    c1, c2, c3, value = scores
    if min(c1, c2, c3) < 3:
        return Recommendation.DO_NOT_SUPPORT
    return Recommendation.STRONGLY_SUPPORT if value >= 8 else Recommendation.SUPPORT


def _data(scores, language: str) -> dict:
    c1, c2, c3, value = scores
    comments = COMMENTS[language]
    return {"c1_score": c1, "c1_comment": comments[0], "c2_score": c2,
            "c2_comment": comments[1], "c3_score": c3, "c3_comment": comments[2],
            "value_score": Decimal(value), "value_comment": comments[3],
            "recommendation": _recommendation(scores)}


def _assign(application: Application, hq: User) -> list:
    """Assign the proposed reviewers; applications outside the demo offices stay waiting."""
    if not is_submitted(application):
        return list(application.review_assignments.select_related("reviewer"))
    try:
        with transaction.atomic():
            application_assign_reviewers(
                application=application, reviewers=reviewers_proposed(application=application),
                by=hq)
    except ValidationError:
        return []
    application.refresh_from_db()
    return list(application.review_assignments.select_related("reviewer")
                .order_by("reviewer__role"))  # hq_reviewer before overseas_reviewer


def _review(assignment, scores, *, submit: bool = True) -> None:
    if assignment.conflict_status == ConflictStatus.UNDECLARED:
        conflict_declare(assignment=assignment, by=assignment.reviewer, has_conflict=False)
    existing = getattr(assignment, "review", None)
    if existing is not None and existing.is_submitted:
        return
    review_save(assignment=assignment, by=assignment.reviewer,
                data=_data(scores, assignment.reviewer.language), submit=submit)


def _review_all(assignments, profile) -> None:
    for assignment, scores in zip(assignments, profile, strict=False):
        _review(assignment, scores)


# What the programme office tells the applicant, per item (reviews.enums.FeedbackItem),
# when the agreed score reaches the pass mark and when it does not.
FEEDBACK = {
    "c1": ("コンソーシアム各社の関心と役割が具体的に示されており、地域企業の参画は十分です。",
           "参加企業の関心は示されていますが、各社の役割と具体的な貢献の記載が不足しています。"),
    "c2": ("共同開発と取引拡大の見通しは妥当です。年度ごとのマイルストーンを明確にしてください。",
           "新製品や事業提携の見通しが抽象的で、地域産業への波及効果が十分に示されていません。"),
    "c3": ("過去の交流実績があり、相手地域から関心表明を得ています。",
           "相手地域との過去の交流が限られており、協力への関心の確認が不十分です。"),
    "value": ("両地域の産業振興への波及効果が期待できます。",
              "事業の価値は認められますが、他の申請と比べ費用対効果の説明が不足しています。"),
}


def _feedback(application: Application, hq: User) -> None:
    """HQ's feedback to the applicant, for every item, before publication."""
    if application.feedback.exists():
        return
    comments = {}
    for row in feedback_rows(application=application):
        good = row.passes is not False and (row.agreed is None or row.pass_mark is not None
                                            or row.agreed >= Decimal("6"))
        comments[row.item] = FEEDBACK[row.item][0 if good else 1]
    feedback_save(application=application, by=hq, comments=comments)


QUESTION = ("基準2の見通しについて、共同開発する製品と各年度の目標（試作・商談件数など）を"
            "具体的に追記してください。")
ANSWER = ("「見通し」の欄に、共同開発する製品（軽量ブラケット等）と、1年目に試作2件・商談15件、"
          "2年目に共同開発契約2件という目標を追記しました。")


def _information_requested(application: Application, hq: User, *, answer: bool) -> None:
    """HQ asks for more information during the review (once per application); with
    `answer`, the applicant answers at once and the review resumes."""
    if application.status_changes.filter(to_status=S.INFO_REQUESTED).exists():
        return
    application_request_information(application=application, by=hq, note=QUESTION,
                                    reply_by=timezone.now() + dt.timedelta(days=10))
    if answer:
        applicant = application.organisation.members.order_by("pk").first()
        application_submit(application=application, by=applicant, answer=ANSWER)


def _decide(application: Application, hq: User, action: str, reason: str = "") -> bool:
    try:
        with transaction.atomic():
            application_decide(application=application, by=hq, action=action, reason=reason)
    except ValidationError:
        return False
    return True


# FY2026 (closed): (scores, outcome) per application in reference order.
FY2026_PLAN = [
    (GOOD, BoardAction.REJECT), (STRONG, BoardAction.APPROVE_IN_FULL),
    (GOOD, BoardAction.WAITLIST), (WEAK_C3, None), (STRONG, BoardAction.APPROVE_IN_FULL),
    (SPREAD, BoardAction.APPROVE_IN_FULL), (WEAK_C2, None),
]
REASONS = {
    BoardAction.REJECT: "他の申請と比べ、共同開発の具体性と事業効果の見通しが不足しているため。",
    BoardAction.WAITLIST: "予算の状況により、繰上げ採択を検討します。",
}


# FY2025: every application approved in full (their tie-ups are on the showcase).
FY2025_PLAN = [(STRONG, BoardAction.APPROVE_IN_FULL), (GOOD, BoardAction.APPROVE_IN_FULL)]


def _closed_call(call: Call, hq: User, plan: list) -> None:
    applications = list(call.applications.exclude(status=S.DRAFT).order_by("reference"))
    for i, application in enumerate(applications):
        profile, outcome = plan[i % len(plan)]
        assignments = _assign(application, hq)
        if assignments and APPLICATION.grants(application, SCORE):
            _review_all(assignments, profile)
        application.refresh_from_db()
        if is_reviewed(application):
            _decide(application, hq, BoardAction.ELIGIBILITY_FROM_SCORES)
            application.refresh_from_db()
        if (APPLICATION.move_exists(application, S.WAITLISTED) and outcome is not None
                and not _decide(application, hq, outcome, REASONS.get(outcome, ""))):
            _decide(application, hq, BoardAction.WAITLIST, REASONS[BoardAction.WAITLIST])
    unpublished = call.applications.filter(status__in=DECIDED, decision_published_at__isnull=True)
    for application in unpublished:
        _feedback(application, hq)
    if unpublished.exists():
        applications_publish_decisions(call=call, by=hq)


def _fy2027(call: Call, hq: User) -> None:
    applications = list(call.applications.exclude(status=S.DRAFT).order_by("reference"))
    for i, application in enumerate(applications):
        assignments = _assign(application, hq)
        if not assignments or not APPLICATION.grants(application, SCORE):
            continue
        step = i % 7
        if step in (0, 5):  # reviewed and eligible; the second approved (not yet published),
            # its feedback to the applicant written
            _review_all(assignments, STRONG if step == 0 else GOOD)
            application.refresh_from_db()
            _decide(application, hq, BoardAction.ELIGIBILITY_FROM_SCORES)
            if step == 5:
                _decide(application, hq, BoardAction.APPROVE_IN_FULL)
                application.refresh_from_db()
                _feedback(application, hq)
        elif step == 1:  # reviewed, below the pass mark on C3
            _review_all(assignments, WEAK_C3)
            application.refresh_from_db()
            _decide(application, hq, BoardAction.ELIGIBILITY_FROM_SCORES)
        elif step == 2:  # HQ asked for information during the review and the applicant
            # answered; then reviewed, reviewers differ: HQ to look at the spread
            _information_requested(application, hq, answer=True)
            application.refresh_from_db()
            _review_all(assignments, SPREAD)
        elif step == 3:  # HQ submitted, the office's review still a draft
            _review(assignments[0], GOOD[0])
            _review(assignments[-1], GOOD[1], submit=False)
        elif step == 4:  # the office reviewer declared a conflict: HQ must reassign
            office = assignments[-1]
            if office.reviewer.role == Role.OVERSEAS_REVIEWER and \
                    office.conflict_status == ConflictStatus.UNDECLARED:
                conflict_declare(assignment=office, by=office.reviewer, has_conflict=True,
                                 conflict_type=ConflictType.FIRM,
                                 firm=application.consortium_members.first(),
                                 note="I advised one of the consortium firms in 2026.")
        elif step == 6:  # freshly assigned, declarations pending; HQ awaits information
            _information_requested(application, hq, answer=False)


def _standing_conflict() -> None:
    """A Düsseldorf reviewer declared in advance a conflict with the Fukushima cluster: the
    portal proposes their colleague for its applications."""
    from .accounts import demo_email

    reviewer = User.objects.filter(email=demo_email("reviewer.dus2")).first()
    organisation = ApplicantOrganisation.objects.filter(
        name_ja="ふくしま医療機器産業推進機構").first()
    if reviewer is None or organisation is None or reviewer.standing_conflicts.exists():
        return
    standing_conflict_declare(by=reviewer, conflict_type=ConflictType.ORGANISATION,
                              organisation=organisation,
                              note="My brother chairs the cluster's board.")


def _invite_reviewer(hq: User) -> None:
    """A reviewer HQ invited for an office the demo has no application for yet: the
    invitation waits on the reviewers page."""
    from accounts.models import Invitation
    from regions.models import JetroOffice

    from .accounts import demo_email

    email = demo_email("reviewer.mil")
    if Invitation.objects.filter(email=email).exists() or \
            User.objects.filter(email=email).exists():
        return
    reviewer_invite(email=email, office=JetroOffice.objects.get(code="MIL"), language="en",
                    by=hq)


def run(stdout=None) -> None:
    """Create the review demo with the demo reviewers of demo.accounts (no new logins)."""
    hq = User.objects.filter(role=Role.HQ_STAFF, is_active=True).order_by("pk").first()
    if hq is None:
        return
    _invite_reviewer(hq)
    _standing_conflict()
    # The programme office works in Japanese: the reasons it types are in Japanese (what the
    # portal itself writes is stored as events and shown in each reader's language).
    with translation.override("ja"):
        for call in Call.objects.order_by("fiscal_year"):
            if call.fiscal_year <= 2026:
                _closed_call(call, hq, FY2025_PLAN if call.fiscal_year <= 2025 else FY2026_PLAN)
            else:
                _fy2027(call, hq)
    if stdout is not None:
        counts = {}
        for status in Application.objects.exclude(status=S.DRAFT).values_list("status",
                                                                               flat=True):
            counts[status] = counts.get(status, 0) + 1
        stdout.write("Demo reviews: " + ", ".join(f"{S(k).label} {v}"
                                                  for k, v in sorted(counts.items())))
