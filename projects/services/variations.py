"""Changes to a running project (variations): the organisation requests one with its
reason; HQ approves, refuses or returns it (workflow.VARIATION); an approved change is
applied to the project at once and gets its amendment letter (letters.py).

What a change may ask (one per request):
- move money between approved lines within the approved total: a before/after amount per
  line; the lines' sum stays the same and no line goes below the spend already claimed
  against it;
- change or replace an activity (its type, title and dates, within its project year);
- move a report's due date (after its project year ends);
- extend the project by a year or two, up to the call's maximum duration (new project
  years and reports, each due on 30 April after its year).

One change at a time per project is with the organisation or the programme office, so the
"before" of a reallocation is what the lines hold. The spend check of progress reports
holds spend paid before a change's date to the lines as they were then
(`line_ceiling_on`).
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BigIntegerField, Max, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from rit_portal.money import yen
from rit_portal.permissions import require
from rit_portal.system_texts import event
from sponsorship.obligations import fiscal_year_span, project_fiscal_year, report_due_date

from ..enums import ActivityStatus, VariationKind, VariationStatus
from ..models import (
    ApprovedLine,
    ProgressReport,
    Project,
    ProjectActivity,
    ProjectYear,
    Variation,
    VariationLine,
)
from ..workflow import EDIT_VARIATION, VARIATION, variation_transition
from .project import require_member

K = VariationKind
OPEN = (VariationStatus.REQUESTED, VariationStatus.RETURNED)
# What each kind of change asks, besides the reason.
KIND_FIELDS = {
    K.REALLOCATION: (),
    K.ACTIVITY: ("activity", "new_activity_type", "new_title_ja", "new_title_en",
                 "new_starts_on", "new_ends_on"),
    K.DATES: ("project_year", "new_report_due_on"),
    K.EXTENSION: ("extra_years",),
}
ALL_FIELDS = tuple(sorted({name for names in KIND_FIELDS.values() for name in names}))


def spent_by_line(*, project: Project) -> dict[int, int]:
    """{approved line id: spend claimed against it in the progress reports}."""
    return dict(ApprovedLine.objects.filter(project_year__project=project)
                .annotate(spent=Coalesce(Sum("spend_lines__amount"), Value(0),
                                         output_field=BigIntegerField()))
                .values_list("pk", "spent"))


def line_ceiling_on(line: ApprovedLine, day) -> int:
    """What `line` allowed on `day`: its amount now, unless an approved change in force
    only after `day` moved it, then the amount it held before the first such change."""
    later = (VariationLine.objects
             .filter(approved_line=line, variation__status=VariationStatus.APPROVED,
                     variation__effective_on__gt=day)
             .order_by("variation__effective_on", "variation__decided_at", "pk").first())
    return later.before if later is not None else line.approved_amount


def _reallocation_check(project: Project, amounts: dict[int, int], *,
                        lines: dict[int, ApprovedLine]) -> list[tuple[ApprovedLine, int]]:
    """The lines whose amount changes, as (line, after); ValidationError at "lines"."""
    if set(amounts) - set(lines):
        raise ValidationError({"lines": _("Choose approved lines of this project.")})
    changed = [(lines[pk], after) for pk, after in amounts.items()
               if after is not None and after != lines[pk].approved_amount]
    if any(after < 0 for _line, after in changed):
        raise ValidationError({"lines": _("Amounts cannot be negative.")})
    if len(changed) < 2:
        raise ValidationError({"lines": _("Change the amounts of at least two lines: money "
                                          "moves from one line to another.")})
    before = sum(line.approved_amount for line, _after in changed)
    after = sum(amount for _line, amount in changed)
    if before != after:
        raise ValidationError({"lines": _(
            "The changed lines must keep their total of %(before)s (the approved total "
            "stays the same); they add up to %(after)s.") % {
            "before": yen(before), "after": yen(after)}})
    spent = spent_by_line(project=project)
    for line, amount in changed:
        if amount < spent.get(line.pk, 0):
            raise ValidationError({"lines": _(
                "“%(line)s” of project year %(year)d cannot go below the %(spent)s already "
                "claimed against it.") % {"line": line, "year": line.project_year.number,
                                          "spent": yen(spent[line.pk])}})
    return changed


def _kind_check(project: Project, variation: Variation) -> None:
    """The rules of one kind of change, each message at its field."""
    kind = variation.kind
    if kind == K.ACTIVITY:
        activity = variation.activity
        errors = {}
        if activity is None or activity.project_year.project_id != project.pk:
            errors["activity"] = _("Choose an activity of this project.")
        elif activity.status == ActivityStatus.CANCELLED:
            errors["activity"] = _("A cancelled activity cannot be changed.")
        for name in ("new_activity_type", "new_title_ja", "new_starts_on", "new_ends_on"):
            if not getattr(variation, name):
                errors[name] = _("This field is required.")
        if (not errors and variation.new_ends_on < variation.new_starts_on):
            errors["new_ends_on"] = _("The last day cannot be before the first day.")
        if not errors:
            year = activity.project_year
            if not (year.starts_on <= variation.new_starts_on
                    and variation.new_ends_on <= year.ends_on):
                errors["new_starts_on"] = _(
                    "The activity stays in its project year (%(start)s to %(end)s); to hold "
                    "it in another year, ask to extend the project or plan it there.") % {
                    "start": year.starts_on.isoformat(), "end": year.ends_on.isoformat()}
        if errors:
            raise ValidationError(errors)
    elif kind == K.DATES:
        year = variation.project_year
        if year is None or year.project_id != project.pk:
            raise ValidationError({"project_year": _("Choose a year of this project.")})
        due = variation.new_report_due_on
        if due is None:
            raise ValidationError({"new_report_due_on": _("This field is required.")})
        if due <= year.ends_on:
            raise ValidationError({"new_report_due_on": _(
                "The report is due after its project year ends (%(end)s).") % {
                "end": year.ends_on.isoformat()}})
        if due == year.report_due_on:
            raise ValidationError({"new_report_due_on": _(
                "The report is already due on that day.")})
    elif kind == K.EXTENSION:
        extra = variation.extra_years
        maximum = project.application.call.max_duration_years
        if not extra:
            raise ValidationError({"extra_years": _("This field is required.")})
        if project.duration_years + extra > maximum:
            raise ValidationError({"extra_years": _(
                "The call allows projects of at most %(max)d years; this project has "
                "%(years)d.") % {"max": maximum, "years": project.duration_years}})


def _fill(variation: Variation, values: dict) -> None:
    for name in ALL_FIELDS:
        setattr(variation, name, values.get(name) if name in KIND_FIELDS[variation.kind]
                else Variation._meta.get_field(name).get_default())
    for name in ("new_title_ja", "new_title_en", "new_activity_type"):
        setattr(variation, name, (getattr(variation, name) or "").strip())


def _save_lines(variation: Variation, amounts: dict[int, int] | None) -> None:
    variation.lines.all().delete()
    if variation.kind != K.REALLOCATION:
        return
    project = variation.project
    lines = {line.pk: line for line in ApprovedLine.objects
             .filter(project_year__project=project).select_related("project_year")}
    changed = _reallocation_check(project, amounts or {}, lines=lines)
    VariationLine.objects.bulk_create([
        VariationLine(variation=variation, approved_line=line, before=line.approved_amount,
                      after=after) for line, after in changed])


def _validated(variation: Variation, amounts) -> None:
    variation.reason = (variation.reason or "").strip()
    if not variation.reason:
        raise ValidationError({"reason": _("Give the reason for the change.")})
    _kind_check(variation.project, variation)
    variation.full_clean(exclude=["project", "requested_by"])


@transaction.atomic
def variation_request(*, project: Project, by, kind: str, reason: str,
                      amounts: dict[int, int] | None = None, **values) -> Variation:
    """The organisation asks for a change to its running project (`kind`, with `reason`;
    for a reallocation `amounts` {approved line id: amount after}; otherwise the kind's
    fields of KIND_FIELDS). Refused, with each message at its field, when it breaks a rule
    or another change is still open. On the project's history."""
    require_member(project=project, by=by)
    project = Project.objects.select_for_update().select_related(
        "application__call").get(pk=project.pk)
    if kind not in K.values:
        raise ValidationError({"kind": _("Choose what to change.")})
    if project.variations.filter(status__in=OPEN).exists():
        raise ValidationError(_("A change to this project is already with the programme "
                                "office or returned to you: finish it first."))
    number = (project.variations.aggregate(m=Max("number"))["m"] or 0) + 1
    variation = Variation(project=project, number=number, kind=kind, reason=reason,
                          requested_by=by)
    _fill(variation, values)
    _validated(variation, amounts)
    variation.save()
    _save_lines(variation, amounts)
    audit_record(event=event("variation.requested", number=number, kind=kind), by=by,
                 application=project.application, note=variation.reason)
    return variation


@transaction.atomic
def variation_resubmit(*, variation: Variation, by, reason: str,
                       amounts: dict[int, int] | None = None, **values) -> Variation:
    """The organisation changes a returned request as asked and sends it again."""
    require_member(project=variation.project, by=by)
    VARIATION.require(variation, EDIT_VARIATION)
    variation.reason = reason
    _fill(variation, values)
    _validated(variation, amounts)
    variation.requested_at = timezone.now()
    variation.save()
    _save_lines(variation, amounts)
    variation_transition(variation=variation, to=VariationStatus.REQUESTED, by=by)
    return variation


def _apply(variation: Variation) -> None:
    """Make the approved change to the project."""
    project = variation.project
    if variation.kind == K.REALLOCATION:
        rows = list(variation.lines.all())
        lines = {line.pk: line for line in ApprovedLine.objects.select_for_update()
                 .filter(project_year__project=project).select_related("project_year")}
        # Checked again against the lines as they are now (a decision revision may have
        # changed them since the request).
        _reallocation_check(project, {row.approved_line_id: row.after for row in rows},
                            lines=lines)
        for row in rows:
            line = lines[row.approved_line_id]
            row.before = line.approved_amount
            row.save(update_fields=["before"])
            line.approved_amount = row.after
            line.save(update_fields=["approved_amount"])
    elif variation.kind == K.ACTIVITY:
        activity = ProjectActivity.objects.select_for_update().get(pk=variation.activity_id)
        activity.activity_type = variation.new_activity_type
        activity.title_ja = variation.new_title_ja
        activity.title_en = variation.new_title_en
        activity.starts_on, activity.ends_on = variation.new_starts_on, variation.new_ends_on
        activity.clear_office_if_abroad()
        activity.full_clean()
        activity.save()
    elif variation.kind == K.DATES:
        ProjectYear.objects.filter(pk=variation.project_year_id).update(
            report_due_on=variation.new_report_due_on)
    elif variation.kind == K.EXTENSION:
        first = project.first_fiscal_year
        for number in range(project.duration_years + 1,
                            project.duration_years + variation.extra_years + 1):
            fiscal_year = project_fiscal_year(first_fiscal_year=first, year=number)
            starts_on, ends_on = fiscal_year_span(fiscal_year)
            year = ProjectYear.objects.create(
                project=project, number=number, fiscal_year=fiscal_year, starts_on=starts_on,
                ends_on=ends_on, report_due_on=report_due_date(first_fiscal_year=first,
                                                               year=number))
            ProgressReport.objects.create(project_year=year)
        project.duration_years += variation.extra_years
        project.save(update_fields=["duration_years"])


@transaction.atomic
def variation_approve(*, variation: Variation, by, note: str = "") -> Variation:
    """HQ approves the change: it is applied to the project from today (Japan time: the
    change's date), on the project's history, and its amendment letter is produced once
    and e-mailed to the organisation with the PDF."""
    from ..letters import amendment_letter_request

    require(by, "projects.follow_projects",
            message=_("Only HQ programme staff may decide on a change."))
    variation_transition(variation=variation, to=VariationStatus.APPROVED, by=by, note=note)
    variation.effective_on = timezone.localdate()
    variation.save(update_fields=["effective_on"])
    variation.project = Project.objects.select_related("application__call").get(
        pk=variation.project_id)
    try:
        _apply(variation)
    except ValidationError as exc:
        raise ValidationError({"note": exc.messages}) from exc
    audit_record(event=event("variation.approved", number=variation.number,
                             kind=variation.kind), by=by,
                 application=variation.project.application, note=note.strip())
    amendment_letter_request(variation=variation)
    return variation


@transaction.atomic
def variation_refuse(*, variation: Variation, by, note: str) -> Variation:
    """HQ refuses the change, with the reason the organisation reads (e-mailed)."""
    require(by, "projects.follow_projects",
            message=_("Only HQ programme staff may decide on a change."))
    change = variation_transition(variation=variation, to=VariationStatus.REFUSED, by=by,
                                  note=note)
    audit_record(event=event("variation.refused", number=variation.number,
                             kind=variation.kind), by=by,
                 application=variation.project.application, note=change.note)
    return variation


@transaction.atomic
def variation_return(*, variation: Variation, by, note: str) -> Variation:
    """HQ sends the request back with what to change (e-mailed); the organisation edits it
    and sends it again."""
    require(by, "projects.follow_projects",
            message=_("Only HQ programme staff may decide on a change."))
    change = variation_transition(variation=variation, to=VariationStatus.RETURNED, by=by,
                                  note=note)
    audit_record(event=event("variation.returned", number=variation.number,
                             kind=variation.kind), by=by,
                 application=variation.project.application, note=change.note)
    return variation
