"""The consolidated travel request of a project year: what staff used to assemble by hand for
the travel agency (case study 8.1), built from the rosters. One line per traveller and
flight; a traveller without flights yet has one line with the flight columns empty.
Served as CSV or XLSX through rit_portal.csv_io (formula-safe, Japanese Excel ready)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from .models import Delegate, ProjectYear, TravelLeg


def travel_request_header() -> list[str]:
    return [_("Project"), _("Project year"), _("Activity"), _("Type of activity"),
            _("Activity from"), _("Activity to"), _("City"), _("Traveller"),
            _("Family name"), _("Given names"), _("Nationality"), _("Organisation"), _("Role"),
            _("Flight"), _("Travel date"), _("From (airport)"), _("To (airport)"),
            _("Interpreter"), _("Visa")]


def travel_request_rows(*, project_year: ProjectYear) -> list[list]:
    """The rows of `project_year`'s travel request, by activity date, traveller and
    flight (in the reader's language). Two queries."""
    delegates = (Delegate.objects.filter(activity__project_year=project_year)
                 .select_related("activity", "nationality")
                 .prefetch_related(Prefetch("legs", queryset=TravelLeg.objects.order_by(
                     "position", "travel_date")))
                 .order_by("activity__starts_on", "activity_id", "family_name", "given_names",
                           "id"))
    reference = project_year.project.application.reference
    yes, no = _("yes"), _("no")
    rows = []
    for delegate in delegates:
        activity = delegate.activity
        person = [reference, project_year.number, activity.title,
                  activity.get_activity_type_display(), activity.starts_on, activity.ends_on,
                  activity.city, delegate.get_traveller_type_display(),
                  delegate.family_name.upper(), delegate.given_names, delegate.nationality.name,
                  delegate.organisation, delegate.role]
        needs = [yes if delegate.needs_interpreter else no, yes if delegate.needs_visa else no]
        legs = list(delegate.legs.all())
        for number, leg in enumerate(legs, start=1):
            rows.append([*person, number, leg.travel_date, leg.departure_airport,
                         leg.arrival_airport, *needs])
        if not legs:
            rows.append([*person, None, None, "", "", *needs])
    return rows


def travel_request_filename_stem(*, project_year: ProjectYear) -> str:
    reference = project_year.project.application.reference
    return f"travel-request-{reference}-Y{project_year.number}"
