"""Who may see and change sponsored projects and their reports.

A project, its reports, its activities and its delegates' personal data are the applicant
organisation's and HQ's (the office in Japan covering the organisation reads the project,
not its delegates' personal data): which projects a user may open is one selector's rule
(`selectors.projects_visible_to`); anything else, reviewers included, is a 404.
"""

import rules

from accounts.rules import covers_organisation, is_applicant, is_hq_staff, is_office_staff


@rules.predicate
def is_project_member(user, project) -> bool:
    """`user` acts for the project's applicant organisation."""
    return (project is not None and user is not None
            and getattr(user, "organisation_id", None) == project.organisation_id)


@rules.predicate
def is_report_member(user, report) -> bool:
    """`user` acts for the organisation whose report it is (None: the portal acting)."""
    return (report is not None and user is not None
            and getattr(user, "organisation_id", None)
            == report.project_year.project.organisation_id)


@rules.predicate
def is_variation_member(user, variation) -> bool:
    """`user` acts for the organisation whose project the change is to."""
    return (variation is not None and user is not None
            and getattr(user, "organisation_id", None) == variation.project.organisation_id)


@rules.predicate
def is_covering_office(user, project) -> bool:
    """`user` works at the office in Japan covering the project's organisation."""
    return project is not None and covers_organisation(user, project.organisation)


@rules.predicate
def is_claim_member(user, claim) -> bool:
    """`user` acts for the organisation whose project the claim is of."""
    return (claim is not None and user is not None
            and getattr(user, "organisation_id", None) == claim.project.organisation_id)


@rules.predicate
def is_final_report_member(user, final_report) -> bool:
    """`user` acts for the organisation whose project the final report closes."""
    return (final_report is not None and user is not None
            and getattr(user, "organisation_id", None) == final_report.project.organisation_id)


own_project = is_applicant & is_project_member
own_final_report = is_applicant & is_final_report_member
own_claim = is_applicant & is_claim_member
own_variation = is_applicant & is_variation_member
office_project = is_office_staff & is_covering_office
own_report = is_applicant & is_report_member

rules.add_perm("projects.open_project", own_project | is_hq_staff | office_project)
# Delegates' names, nationalities and journeys: the organisation and HQ, nobody else.
rules.add_perm("projects.see_delegates", own_project | is_hq_staff)
rules.add_perm("projects.work_on_project", own_project)
rules.add_perm("projects.use_projects", is_applicant)
# The list of projects: the organisation's own, every one for HQ.
rules.add_perm("projects.list_projects", is_applicant | is_hq_staff)
rules.add_perm("projects.follow_projects", is_hq_staff)
# An office in Japan's upcoming activities (co-organised or of its prefectures) and their
# travellers' dates, never their personal data (selectors.activities_followed_by_office).
rules.add_perm("projects.follow_office_activities", is_office_staff)
