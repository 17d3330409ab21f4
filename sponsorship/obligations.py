"""What the award letter obliges a sponsored organisation to do, and when: the one home of
the reporting calendar, read by the letter (letter_pdf) and by the projects app.

A project year follows the Japanese fiscal year (April to March): year 1 is the call's
fiscal year, year 2 the next. After each project year the organisation submits a progress
report and the participants' satisfaction survey by 30 April (Japan time), a month after
the year ends.
"""

import datetime as dt


def project_fiscal_year(*, first_fiscal_year: int, year: int) -> int:
    """The fiscal year of project year `year` (1, 2, 3)."""
    return first_fiscal_year + year - 1


def fiscal_year_span(fiscal_year: int) -> tuple[dt.date, dt.date]:
    """First and last day of a Japanese fiscal year: 1 April to 31 March."""
    return dt.date(fiscal_year, 4, 1), dt.date(fiscal_year + 1, 3, 31)


def report_due_date(*, first_fiscal_year: int, year: int) -> dt.date:
    """The last day (Japan time) for project year `year`'s progress report and survey:
    30 April after the fiscal year ends."""
    return dt.date(project_fiscal_year(first_fiscal_year=first_fiscal_year, year=year) + 1,
                   4, 30)
