"""What the projects views share: the lookup of a project year for its report's pages
(another organisation's project is a 404, through rit_portal.gates.gate)."""

from rit_portal.gates import gate

from ..selectors import year_for_user


def report_year(*, user, pk: int, year: int):
    """Project year `year` of project `pk`, for `user` (404 when they may not see it)."""
    return year_for_user(user=user, pk=pk, number=year)


# For the pages of a project year's report: log-in required, the year looked up for the user
# (404 when they may not see the project), the view called with it.
report_view = gate(lookup=report_year)
