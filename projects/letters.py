"""Letters about a project: the amendment letter of each approved change, and the closing
letter of the accepted final report.

Produced exactly as award letters are (sponsorship.letters): requested in the transaction
of the approval (one letter per change: a repeated request finds it), rendered and stored
by a Celery task queued after commit (projects.render_project_letter, with the award
letters' retries: sponsorship.tasks.produce_with_retries), claimed and stored under a lock
so that a duplicate task keeps the stored file, and its e-mail to the organisation
(with the PDF) recorded once with the stored letter. Beat queues again a letter whose job
was lost (requeue_stale_project_letters).

The PDF is bilingual (the organisation's language first) and rendered by the award
letter's path (sponsorship.letter_pdf.html_to_pdf: A4, the shipped font, its stylesheet).
"""

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from notifications.enums import Kind
from notifications.services import notify
from rit_portal.permissions import require
from rit_portal.queueing import enqueue_on_commit, requeue_stale
from sponsorship.enums import LETTER_IN_PROGRESS, LetterStatus
from sponsorship.letters import (
    LETTER_STALE_AFTER,
    award_letter_record_error,
    letter_claim_render,
    letter_retry,
    letter_store,
)

from .enums import OutcomeKind, ProjectLetterKind, VariationKind
from .models import FinalReport, ProgressReport, ProjectLetter, Variation

TEMPLATE = "projects/letters/project_letter.html"
# Each kind's pages, one per language.
PAGES = {kind: {language: f"projects/letters/_{kind}_{language}.html"
                for language in ("ja", "en")} for kind in ProjectLetterKind.values}
# The e-mail that carries each letter's PDF to the organisation.
LETTER_KINDS = {ProjectLetterKind.AMENDMENT: Kind.AMENDMENT_LETTER,
                ProjectLetterKind.CLOSING: Kind.FINAL_REPORT_ACCEPTED}
STYLESHEET = (Path(__file__).resolve().parent / "templates" / "projects" / "letters"
              / "amendment_letter.css")


def _enqueue(letter_id: int) -> None:
    enqueue_on_commit("projects.render_project_letter", letter_id=letter_id)


@transaction.atomic
def amendment_letter_request(*, variation: Variation) -> ProjectLetter:
    """The amendment letter of an approved change, created and queued if it did not exist
    yet. Idempotent: a second call returns the same letter and queues nothing."""
    letter, created = ProjectLetter.objects.get_or_create(
        variation=variation, defaults={
            "project": variation.project, "kind": ProjectLetterKind.AMENDMENT,
            "language": variation.project.organisation.preferred_language})
    if created:
        _enqueue(letter.pk)
    return letter


@transaction.atomic
def closing_letter_request(*, final_report: FinalReport) -> ProjectLetter:
    """The closing letter of an accepted final report, created and queued if it did not
    exist yet. Idempotent: a second call returns the same letter and queues nothing."""
    project = final_report.project
    letter, created = ProjectLetter.objects.get_or_create(
        final_report=final_report, defaults={
            "project": project, "kind": ProjectLetterKind.CLOSING,
            "language": project.organisation.preferred_language})
    if created:
        _enqueue(letter.pk)
    return letter


def project_letter_reference(letter: ProjectLetter) -> str:
    """E.g. RIT-FY2026-0002-V1 (the change's number), RIT-FY2026-0002-F (the final report)."""
    if letter.kind == ProjectLetterKind.CLOSING:
        return f"{letter.project.application.reference}-F"
    return f"{letter.project.application.reference}-V{letter.variation.number}"


def project_letter_filename(letter: ProjectLetter) -> str:
    return f"{letter.kind}-letter-{project_letter_reference(letter)}.pdf"


def project_letter_downloadable(letter: ProjectLetter) -> bool:
    return letter.status == LetterStatus.READY and bool(letter.file)


def _email_record(letter: ProjectLetter) -> None:
    project = letter.project
    notify(LETTER_KINDS[letter.kind], to=project.organisation, about=project.application,
           params={"letter": letter.pk})


def project_letter_produce(*, letter_id: int) -> ProjectLetter:
    """Render and store the letter unless it is already ready (idempotent); storing it
    records its e-mail. Returns the letter."""
    if not letter_claim_render(letter_id, model=ProjectLetter):
        return ProjectLetter.objects.get(pk=letter_id)
    letter = letter_for_render(letter_id)
    pdf = project_letter_pdf(letter)
    return letter_store(letter_id, project_letter_filename(letter), pdf, model=ProjectLetter,
                        related=("project__organisation", "project__application"),
                        on_stored=_email_record)


def project_letter_record_error(*, letter_id: int, error: str, final: bool) -> None:
    award_letter_record_error(letter_id=letter_id, error=error, final=final,
                              model=ProjectLetter)


@transaction.atomic
def project_letter_retry(*, letter: ProjectLetter, by) -> ProjectLetter:
    """HQ queues again a failed letter, a stale one, or sends again the e-mail of a ready
    one whose e-mail failed (the award letters' rule: sponsorship.letters.letter_retry).
    Safe if the lost job turns up after all: producing is idempotent."""
    require(by, "projects.follow_projects",
            message=_("Only HQ programme staff may produce a letter again."))
    return letter_retry(letter, by=by, email_kind=LETTER_KINDS[letter.kind],
                        email_record=_email_record, enqueue=_enqueue)


def project_letters_requeue_stale(*, now: dt.datetime | None = None) -> int:
    """Queue again every letter whose job was lost (as award letters: LETTER_STALE_AFTER)."""
    now = now or timezone.now()
    return requeue_stale(ProjectLetter, in_progress=LETTER_IN_PROGRESS,
                         stale_before=now - LETTER_STALE_AFTER,
                         pending=LetterStatus.PENDING, enqueue_one=_enqueue, now=now)


# --- Rendering (reads only) -----------------------------------------------------------------

def letter_for_render(letter_id: int) -> ProjectLetter:
    return (ProjectLetter.objects
            .select_related("project__application__call", "project__organisation",
                            "project__partner_region__country", "variation__activity",
                            "variation__project_year", "final_report")
            .get(pk=letter_id))


def _both(label) -> tuple[str, str]:
    with translation.override("ja"):
        ja = str(label)
    with translation.override("en"):
        en = str(label)
    return ja, en


def letter_context(letter: ProjectLetter) -> dict:
    """Everything the amendment letter shows: the change, and the approved lines and the
    reporting calendar as they stand after it."""
    from sponsorship.enums import Activity, CostCategory
    from sponsorship.letter_pdf import gregorian_en, gregorian_ja, japanese_era_date

    variation = letter.variation
    project = letter.project
    issued = timezone.localdate(letter.created_at)
    labels = {value: _both(label) for value, label in (*Activity.choices, *CostCategory.choices,
                                                         *VariationKind.choices)}
    rows = [{"year": row.approved_line.project_year.number,
             "activity": labels[row.approved_line.activity],
             "category": labels[row.approved_line.category],
             "before": row.before, "after": row.after, "difference": row.difference,
             "sign": "+" if row.difference > 0 else "-" if row.difference < 0 else "",
             "moved": abs(row.difference)}
            for row in variation.lines.select_related("approved_line__project_year")]
    years = list(project.years.all())
    activity = variation.activity
    return {
        "letter": letter, "variation": variation, "project": project,
        "application": project.application, "organisation": project.organisation,
        "reference": project_letter_reference(letter),
        "issued_era": japanese_era_date(issued), "issued_ja": gregorian_ja(issued),
        "issued_en": gregorian_en(issued),
        "effective_ja": gregorian_ja(variation.effective_on) if variation.effective_on else "",
        "effective_en": gregorian_en(variation.effective_on) if variation.effective_on else "",
        "kind": labels[variation.kind],
        "rows": rows,
        "rows_before": sum(row["before"] for row in rows),
        "rows_after": sum(row["after"] for row in rows),
        "activity_type": labels.get(variation.new_activity_type, ("", "")),
        "old_activity_type": labels.get(activity.activity_type, ("", "")) if activity else None,
        "new_dates_ja": (gregorian_ja(variation.new_starts_on), gregorian_ja(variation.new_ends_on))
        if variation.new_starts_on else None,
        "new_dates_en": (gregorian_en(variation.new_starts_on), gregorian_en(variation.new_ends_on))
        if variation.new_starts_on else None,
        "calendar": [{"year": year.number, "fiscal_year": year.fiscal_year,
                      "due_ja": gregorian_ja(year.report_due_on),
                      "due_en": gregorian_en(year.report_due_on)} for year in years],
        "approved_total": project.approved_total,
        "sections": ["ja", "en"] if letter.language != "en" else ["en", "ja"],
    }


def closing_letter_context(letter: ProjectLetter) -> dict:
    """Everything the closing letter shows: the project, its years, the accounts as closed
    at acceptance (approved, paid, unspent) and the outcomes reported over all years."""
    from sponsorship.letter_pdf import gregorian_en, gregorian_ja, japanese_era_date

    from .selectors import outcome_totals

    project, report = letter.project, letter.final_report
    issued = timezone.localdate(letter.created_at)
    accepted = timezone.localdate(report.accepted_at) if report.accepted_at else issued
    years = list(project.years.all())
    approved, paid = report.closing_approved or 0, report.closing_paid or 0
    outcomes = [row for row in outcome_totals(reports=ProgressReport.objects.filter(
        project_year__project=project)) if row.count]
    labels = {row.kind: _both(OutcomeKind(row.kind).label) for row in outcomes}
    return {
        "letter": letter, "final_report": report, "project": project,
        "application": project.application, "organisation": project.organisation,
        "reference": project_letter_reference(letter),
        "issued_era": japanese_era_date(issued), "issued_ja": gregorian_ja(issued),
        "issued_en": gregorian_en(issued),
        "accepted_ja": gregorian_ja(accepted), "accepted_en": gregorian_en(accepted),
        "start_ja": gregorian_ja(years[0].starts_on) if years else "",
        "start_en": gregorian_en(years[0].starts_on) if years else "",
        "end_ja": gregorian_ja(years[-1].ends_on) if years else "",
        "end_en": gregorian_en(years[-1].ends_on) if years else "",
        "approved": approved, "paid": paid, "unspent": max(approved - paid, 0),
        "outcomes": [{"label": labels[row.kind], "count": row.count,
                      "value": row.value_yen} for row in outcomes],
        "sections": ["ja", "en"] if letter.language != "en" else ["en", "ja"],
    }


def letter_html(letter: ProjectLetter) -> str:
    # The letter's literal text is bilingual by design; each section sets its language.
    context = (closing_letter_context(letter) if letter.kind == ProjectLetterKind.CLOSING
               else letter_context(letter))
    with translation.override("ja"):
        return render_to_string(TEMPLATE, {**context, "pages": PAGES[letter.kind]})


def project_letter_pdf(letter: ProjectLetter) -> bytes:
    from sponsorship.letter_pdf import html_to_pdf

    return html_to_pdf(letter_html(letter), added=(STYLESHEET,))
