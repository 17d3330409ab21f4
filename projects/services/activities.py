"""Writes of a project year's activities and their delegate rosters.

A year's activities and roster change while its report is with the organisation
(workflow ability EDIT); a delegate's personal data is the organisation's and HQ's only.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.selectors import office_of_organisation
from privacy.services import collection_record
from rit_portal.conventions import short_date

from ..enums import ActivityStatus
from ..models import Delegate, ProjectActivity, ProjectYear, TravelLeg
from ..workflow import EDIT, REPORT
from .project import require_member

ACTIVITY_FIELDS = ("activity_type", "title_ja", "title_en", "starts_on", "ends_on", "city",
                   "venue", "status", "foreign_experts", "delegates_sent", "firms_attending",
                   "participants_total", "notes", "co_organising_office")
DELEGATE_FIELDS = ("traveller_type", "family_name", "given_names", "nationality",
                   "organisation", "role", "needs_interpreter", "needs_visa", "email")


def require_year_editable(*, project_year: ProjectYear, by) -> None:
    require_member(project=project_year.project, by=by)
    REPORT.require(project_year.report, EDIT)


def _check_dates(activity: ProjectActivity) -> None:
    """The activity lies within its project year, ends on or after its first day, and is
    held only once it has begun."""
    year = activity.project_year
    errors = {}
    if activity.starts_on and activity.ends_on and activity.ends_on < activity.starts_on:
        errors["ends_on"] = _("The last day cannot be before the first day.")
    for name in ("starts_on", "ends_on"):
        day = getattr(activity, name)
        if day and not (year.starts_on <= day <= year.ends_on):
            errors.setdefault(name, _(
                "Project year %(n)d runs from %(start)s to %(end)s; choose a day within it.")
                % {"n": year.number, "start": short_date(year.starts_on),
                   "end": short_date(year.ends_on)})
    if (activity.status == ActivityStatus.HELD and activity.starts_on
            and activity.starts_on > timezone.localdate()):
        errors.setdefault("status", _("An activity cannot be held before its first day; keep "
                                      "it planned until then."))
    if errors:
        raise ValidationError(errors)


def _save_activity(activity: ProjectActivity, values: dict) -> ProjectActivity:
    for name in ACTIVITY_FIELDS:
        if name in values:
            value = values[name]
            setattr(activity, name, value.strip() if isinstance(value, str) else value)
    activity.clear_office_if_abroad()
    _check_dates(activity)
    activity.full_clean()
    activity.save()
    return activity


@transaction.atomic
def activity_create(*, project_year: ProjectYear, by, **values) -> ProjectActivity:
    """Plan (or record) an activity of the year. An activity in Japan is co-organised by
    the office in Japan covering the organisation's prefecture unless `values` name one
    (or None)."""
    require_year_editable(project_year=project_year, by=by)
    if "co_organising_office" not in values:
        values["co_organising_office"] = office_of_organisation(
            project_year.project.organisation)
    return _save_activity(ProjectActivity(project_year=project_year), values)


@transaction.atomic
def activity_update(*, activity: ProjectActivity, by, **values) -> ProjectActivity:
    """Change an activity: its plan, its status, its participants once held."""
    require_year_editable(project_year=activity.project_year, by=by)
    return _save_activity(activity, values)


@transaction.atomic
def activity_delete(*, activity: ProjectActivity, by) -> None:
    """Remove an activity and its roster (a cancelled one is better marked cancelled)."""
    require_year_editable(project_year=activity.project_year, by=by)
    activity.delete()


def _clean_legs(legs: list[dict], activity: ProjectActivity) -> list[TravelLeg]:
    """TravelLeg objects for `legs` ({travel_date, departure_airport, arrival_airport}),
    airports upper-cased; ValidationError keyed `leg<n>_<field>`."""
    result, errors = [], {}
    for position, leg in enumerate(legs, start=1):
        travel = TravelLeg(position=position, travel_date=leg["travel_date"],
                           departure_airport=leg["departure_airport"].strip().upper(),
                           arrival_airport=leg["arrival_airport"].strip().upper())
        try:
            travel.full_clean(exclude=["delegate"])
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                errors[f"leg{position}_{name}"] = messages[:1]  # "FRANKFURT": the code
        if travel.departure_airport and travel.departure_airport == travel.arrival_airport:
            errors[f"leg{position}_arrival_airport"] = _(
                "The arrival airport is the departure airport.")
        result.append(travel)
    for earlier, later in zip(result, result[1:], strict=False):
        if earlier.travel_date and later.travel_date and later.travel_date < earlier.travel_date:
            errors.setdefault(f"leg{later.position}_travel_date", _(
                "This flight is before the previous one (%(date)s).")
                % {"date": short_date(earlier.travel_date)})
    if errors:
        raise ValidationError(errors)
    return result


def _save_delegate(delegate: Delegate, values: dict, legs: list[dict], *, by) -> Delegate:
    email_before = delegate.email
    for name in DELEGATE_FIELDS:
        if name in values:
            value = values[name]
            setattr(delegate, name, value.strip() if isinstance(value, str) else value)
    errors, travel = {}, []
    try:
        delegate.full_clean()
    except ValidationError as exc:
        errors.update(exc.message_dict)
    try:
        travel = _clean_legs(legs, delegate.activity)
    except ValidationError as exc:
        errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    if delegate.email != email_before:
        delegate.consent_asked_at = None  # the open request's link named the old address
    delegate.save()
    delegate.legs.all().delete()
    for leg in travel:
        leg.delegate = delegate
    TravelLeg.objects.bulk_create(travel)
    collection_record(record=delegate, by=by)
    return delegate


@transaction.atomic
def delegate_create(*, activity: ProjectActivity, by, legs: list[dict],
                    **values) -> Delegate:
    """Add a traveller to the activity's roster with their flights (`legs`, in order)."""
    require_year_editable(project_year=activity.project_year, by=by)
    return _save_delegate(Delegate(activity=activity), values, legs, by=by)


@transaction.atomic
def delegate_update(*, delegate: Delegate, by, legs: list[dict], **values) -> Delegate:
    """Change a traveller and replace their flights with `legs`."""
    require_year_editable(project_year=delegate.activity.project_year, by=by)
    return _save_delegate(delegate, values, legs, by=by)


@transaction.atomic
def delegate_delete(*, delegate: Delegate, by) -> None:
    require_year_editable(project_year=delegate.activity.project_year, by=by)
    delegate.delete()
