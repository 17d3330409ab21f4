"""What the projects views share: the lookup of a project year for its report's pages
(another organisation's project is a 404, through rit_portal.gates.gate)."""

from accounts.rules import is_hq_staff
from privacy.services import access_record
from rit_portal.gates import gate

from ..selectors import year_for_user


def report_year(*, user, pk: int, year: int):
    """Project year `year` of project `pk`, for `user` (404 when they may not see it)."""
    return year_for_user(user=user, pk=pk, number=year)


# For the pages of a project year's report: log-in required, the year looked up for the user
# (404 when they may not see the project), the view called with it.
report_view = gate(lookup=report_year)


def hq_looked(request, *, what: str, project, about: str = "") -> None:
    """Log that HQ staff (or the administrator) looked at the delegates' personal data of
    `project` (`what`: a privacy.enums.AccessKind) on this page: who, what, when."""
    if is_hq_staff(request.user):
        subject = " · ".join(filter(None, [project.application.reference, about]))
        access_record(by=request.user, what=what, subject=subject,
                      path=request.get_full_path())
