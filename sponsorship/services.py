"""Writes of the applicant's cost proposal (the decision and its letters: decisions.py,
letters.py).

Money is whole yen (Python int, database bigint) from the form to the award letter.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from applications.models import Application
from rit_portal.permissions import require

from .coverage import year_refusal
from .models import CostLine

# Fields of a cost line that the applicant types (the total is computed by the database).
COST_LINE_FIELDS = ("activity", "year", "category", "description", "quantity", "unit",
                    "unit_cost")


class CostProposalError(ValidationError):
    """Some rows of a cost proposal were refused; nothing was saved.

    `row_errors` maps the row's index in the submitted list to {field: [messages]}
    (field "__all__" for the row as a whole).
    """

    def __init__(self, row_errors: dict[int, dict[str, list[str]]]):
        self.row_errors = row_errors
        super().__init__([
            _("Row %(n)d: %(messages)s") % {"n": index + 1,
                                            "messages": " ".join(sum(errors.values(), []))}
            for index, errors in sorted(row_errors.items())
        ])


@transaction.atomic
def cost_proposal_save(*, application: Application, by: User,
                       rows: list[dict]) -> list[CostLine]:
    """Make the application's cost proposal exactly `rows`, in that order.

    Each row holds COST_LINE_FIELDS and optionally "id" (an existing line of this
    application, updated in place); existing lines not named are deleted. Every row is
    checked (types, covered category for its activity, year within the project's
    duration) before anything is written: on any problem CostProposalError lists them per
    row and nothing changes. Only the applicant organisation's members, only while the
    application is editable (PermissionDenied otherwise).
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    require(by, "sponsorship.change_cost_proposal", locked,
            message=_("The cost proposal can no longer be changed."))
    existing = {line.pk: line for line in CostLine.objects.filter(application=locked)}
    lines, row_errors = [], {}
    for index, row in enumerate(rows):
        line_id = row.get("id")
        if line_id is not None and line_id not in existing:
            row_errors[index] = {"__all__": [_("This line is not part of the proposal.")]}
            continue
        line = existing.get(line_id) or CostLine(application=locked)
        for field in COST_LINE_FIELDS:
            setattr(line, field, row.get(field))
        line.position = index
        errors: dict[str, list[str]] = {}
        try:
            line.full_clean(exclude=["application"])
        except ValidationError as exc:
            errors = exc.message_dict
        year_problem = year_refusal(year=line.year if isinstance(line.year, int) else None,
                                    duration_years=locked.duration_years)
        if year_problem and "year" not in errors:
            errors["year"] = [year_problem]
        if errors:
            row_errors[index] = errors
        lines.append(line)
    if row_errors:
        raise CostProposalError(row_errors)

    kept = {line.pk for line in lines if line.pk}
    CostLine.objects.filter(application=locked).exclude(pk__in=kept).delete()
    for line in lines:
        line.save()
    Application.objects.filter(pk=locked.pk).update(updated_at=timezone.now())
    return list(CostLine.objects.filter(application=locked))


@transaction.atomic
def cost_proposal_import(*, application: Application, by: User, rows: list[dict],
                         append: bool) -> list[CostLine]:
    """Make the cost proposal `rows` (imported from a file), or the current lines followed
    by `rows` when `append`; checked and saved as `cost_proposal_save` does.

    On refusal CostProposalError.row_errors is keyed by the index in `rows`; a problem with
    a current line (e.g. a year beyond a since-shortened duration) is keyed by a negative
    index (-1 for the first current line, -2 for the second, …).
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    current = [{**{field: getattr(line, field) for field in COST_LINE_FIELDS}, "id": line.pk}
               for line in CostLine.objects.filter(application=locked)] if append else []
    try:
        return cost_proposal_save(application=locked, by=by, rows=current + rows)
    except CostProposalError as exc:
        raise CostProposalError({
            (index - len(current)) if index >= len(current) else -1 - index: errors
            for index, errors in exc.row_errors.items()}) from exc
