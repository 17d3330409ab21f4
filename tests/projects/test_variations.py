"""Changes to a project (variations): the organisation requests, HQ approves, refuses or
returns with a comment; an approved change is applied (lines, activity, calendar), is on
the project's history, gets its amendment letter once, and the progress report's spend
check holds spend to the amended lines from the change's date."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from notifications.enums import Kind
from notifications.models import Notification
from projects.enums import VariationKind, VariationStatus
from projects.letters import amendment_letter_request, project_letter_produce
from projects.models import ApprovedLine, ProjectLetter
from projects.services import (
    spend_line_create,
    variation_approve,
    variation_refuse,
    variation_request,
    variation_resubmit,
    variation_return,
)
from sponsorship.enums import Activity, CostCategory, LetterStatus
from tests.projects.builders import held_activity, receipt_pdf, year_of

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")


def line(project, activity, category, year=1):
    return ApprovedLine.objects.get(project_year__project=project, project_year__number=year,
                                    activity=activity, category=category)


def venue(project):
    return line(project, Activity.SEMINAR_JAPAN, CostCategory.VENUE)


def accommodation(project):
    return line(project, Activity.MATCHING_IN_JAPAN, CostCategory.ACCOMMODATION)


def reallocation(project, member, move=100_000):
    return variation_request(
        project=project, by=member, kind=VariationKind.REALLOCATION,
        reason="会場費が予定より安く、専門家の滞在を延ばすため。",
        amounts={venue(project).pk: 600_000 - move,
                 accommodation(project).pk: 180_000 + move})


def test_a_reallocation_keeps_the_total_and_its_before_after_table(project, member):
    variation = reallocation(project, member)
    assert [(row.approved_line.category, row.before, row.after, row.difference)
            for row in variation.lines.all()] == [
        (CostCategory.ACCOMMODATION, 180_000, 280_000, 100_000),
        (CostCategory.VENUE, 600_000, 500_000, -100_000)]
    assert (variation.number, variation.status) == (1, VariationStatus.REQUESTED)


@pytest.mark.parametrize(("amounts", "message"), [
    ({"venue": 500_000}, "Change the amounts of at least two lines: money moves from one line "
                         "to another."),
    ({"venue": 500_000, "accommodation": 300_000},
     "The changed lines must keep their total of ¥780,000 (the approved total stays the "
     "same); they add up to ¥800,000."),
])
def test_a_reallocation_outside_the_rules_is_refused_at_the_lines(project, member, amounts,
                                                                 message):
    lines = {"venue": venue(project), "accommodation": accommodation(project)}
    with pytest.raises(ValidationError) as exc:
        variation_request(project=project, by=member, kind=VariationKind.REALLOCATION,
                          reason="理由", amounts={lines[k].pk: v for k, v in amounts.items()})
    assert exc.value.message_dict == {"lines": [message]}
    assert project.variations.count() == 0


def test_a_line_cannot_go_below_what_is_already_claimed(project, member):
    report = year_of(project).report
    spend_line_create(report=report, by=member, approved_line=venue(project),
                      description="会場", amount=550_000, paid_on=dt.date(2026, 7, 1))
    with pytest.raises(ValidationError) as exc:
        reallocation(project, member)
    assert exc.value.message_dict == {"lines": [
        "“Seminar or symposium in Japan / Venue rental” of project year 1 cannot go below "
        "the ¥550,000 already claimed against it."]}


def test_approval_updates_the_lines_and_the_spend_check_uses_them_from_its_date(
        project, member, hq_staff, django_capture_on_commit_callbacks):
    variation = reallocation(project, member)
    with (time_machine.travel(dt.datetime(2026, 12, 1, 10, 0, tzinfo=JST), tick=False),
          django_capture_on_commit_callbacks(execute=True)):
        variation_approve(variation=variation, by=hq_staff, note="承認します。")
    variation.refresh_from_db()
    assert (variation.status, variation.effective_on) == (VariationStatus.APPROVED,
                                                          dt.date(2026, 12, 1))
    assert (venue(project).approved_amount, accommodation(project).approved_amount) == (
        500_000, 280_000)

    report = year_of(project).report
    # Paid before the change: held to the line as it was (¥180,000).
    with pytest.raises(ValidationError) as exc:
        spend_line_create(report=report, by=member, approved_line=accommodation(project),
                          description="宿泊", amount=250_000, paid_on=dt.date(2026, 11, 20))
    assert exc.value.message_dict["amount"] == [
        "Spend above the approved line is not covered: ¥180,000 was approved for “Business "
        "matching in Japan / Accommodation” in project year 1, ¥0 is already "
        "claimed, so at most ¥180,000 can be added."]
    # Paid from the change's date: the amended line (¥280,000).
    spend = spend_line_create(report=report, by=member, approved_line=accommodation(project),
                              description="宿泊", amount=250_000, paid_on=dt.date(2026, 12, 2))
    assert spend.amount == 250_000

    # The amendment letter: produced once, e-mailed once with its PDF.
    letter = ProjectLetter.objects.get(variation=variation)
    assert (letter.status, letter.file.name.endswith(".pdf")) == (LetterStatus.READY, True)
    assert amendment_letter_request(variation=variation) == letter
    project_letter_produce(letter_id=letter.pk)
    assert ProjectLetter.objects.filter(variation=variation).count() == 1
    assert Notification.objects.filter(kind=Kind.AMENDMENT_LETTER).count() == 1
    (message,) = [m for m in mail.outbox if m.attachments]
    assert message.attachments[0][0] == (
        f"amendment-letter-{project.application.reference}-V1.pdf")


def test_the_approved_change_is_on_the_projects_history(client, project, member, hq_staff):
    variation = reallocation(project, member)
    variation_approve(variation=variation, by=hq_staff)
    client.force_login(hq_staff)
    client.cookies.load({"django_language": "en"})
    page = client.get(reverse("projects:detail", args=[project.pk]))
    assert [e.event_text for e in page.context["timeline"]
            if not getattr(e, "to_status", None)] == [
        "Change 1 requested: Move money between approved lines.",
        "Change 1 approved: Move money between approved lines."]


def test_refusal_and_return_need_a_comment_and_tell_the_organisation(project, member,
                                                                    hq_staff):
    variation = reallocation(project, member)
    with pytest.raises(ValidationError):
        variation_return(variation=variation, by=hq_staff, note="")
    variation_return(variation=variation, by=hq_staff, note="年度を確認してください。")
    variation_resubmit(variation=variation, by=member, reason="再申請の理由",
                       kind=VariationKind.REALLOCATION,
                       amounts={venue(project).pk: 550_000, accommodation(project).pk: 230_000})
    assert [(r.before, r.after) for r in variation.lines.all()] == [(180_000, 230_000),
                                                                   (600_000, 550_000)]
    variation_refuse(variation=variation, by=hq_staff, note="予算上認められません。")
    variation.refresh_from_db()
    assert variation.status == VariationStatus.REFUSED
    assert list(Notification.objects.order_by("pk").values_list("kind", flat=True)) == [
        Kind.VARIATION_RETURNED, Kind.VARIATION_REFUSED]
    assert venue(project).approved_amount == 600_000


def test_one_open_change_at_a_time(project, member):
    reallocation(project, member)
    with pytest.raises(ValidationError) as exc:
        reallocation(project, member)
    assert exc.value.messages == [
        "A change to this project is already with the programme office or returned to you: "
        "finish it first."]


def test_an_extension_adds_years_to_the_calendar_up_to_the_calls_maximum(project, member,
                                                                        hq_staff):
    with pytest.raises(ValidationError) as exc:
        variation_request(project=project, by=member, kind=VariationKind.EXTENSION,
                          reason="延長", extra_years=2)
    assert exc.value.message_dict == {"extra_years": [
        "The call allows projects of at most 3 years; this project has 2."]}
    variation = variation_request(project=project, by=member, kind=VariationKind.EXTENSION,
                                  reason="相手地域の展示会が翌年度に延期されたため。",
                                  extra_years=1)
    variation_approve(variation=variation, by=hq_staff)
    project.refresh_from_db()
    assert project.duration_years == 3
    assert list(project.years.values_list("number", "fiscal_year", "report_due_on")) == [
        (1, 2026, dt.date(2027, 4, 30)), (2, 2027, dt.date(2028, 4, 30)),
        (3, 2028, dt.date(2029, 4, 30))]


def test_a_due_date_change_and_an_activity_change_are_applied(project, member, hq_staff):
    year = year_of(project)
    moved = variation_request(project=project, by=member, kind=VariationKind.DATES,
                              reason="監査日程のため", project_year=year,
                              new_report_due_on=dt.date(2027, 5, 31))
    variation_approve(variation=moved, by=hq_staff)
    year.refresh_from_db()
    assert year.report_due_on == dt.date(2027, 5, 31)

    activity = held_activity(project, member)
    changed = variation_request(
        project=project, by=member, kind=VariationKind.ACTIVITY, reason="会場変更",
        activity=activity, new_activity_type=Activity.SEMINAR_JAPAN,
        new_title_ja="医療機器シンポジウム", new_title_en="Medical devices symposium",
        new_starts_on=dt.date(2026, 9, 1), new_ends_on=dt.date(2026, 9, 2))
    variation_approve(variation=changed, by=hq_staff)
    activity.refresh_from_db()
    assert (activity.activity_type, activity.title_en, activity.starts_on) == (
        Activity.SEMINAR_JAPAN, "Medical devices symposium", dt.date(2026, 9, 1))


def test_only_hq_decides_and_only_the_organisation_requests(project, member, hq_staff):
    from django.core.exceptions import PermissionDenied

    variation = reallocation(project, member)
    with pytest.raises(PermissionDenied):
        variation_approve(variation=variation, by=member)
    with pytest.raises(PermissionDenied):
        reallocation(project, hq_staff)


def test_receipts_pdf_builder_is_a_pdf():
    assert receipt_pdf().read(5) == b"%PDF-"
