"""Role predicates: who the user is. Object-level rules live in each app's rules.py."""

import rules

from .enums import Role


def _has_role(*roles):
    @rules.predicate
    def predicate(user) -> bool:
        return bool(user and user.is_authenticated and user.is_active and user.role in roles)

    return predicate


is_applicant = _has_role(Role.APPLICANT)
is_hq_reviewer = _has_role(Role.HQ_REVIEWER)
is_overseas_reviewer = _has_role(Role.OVERSEAS_REVIEWER)
is_reviewer = is_hq_reviewer | is_overseas_reviewer
is_hq_staff = _has_role(Role.HQ_STAFF, Role.SITE_ADMIN)
is_office_staff = _has_role(Role.OFFICE_STAFF)


@rules.predicate
def covers_organisation(user, organisation) -> bool:
    """`user` works at the office in Japan covering the organisation's prefecture (the
    Python twin of selectors.covered_by_office_of; tested equal)."""
    territory = getattr(getattr(organisation, "prefecture", None), "domestic_territory", None)
    return (organisation is not None and user.office_id is not None
            and territory is not None and territory.office_id == user.office_id)

rules.add_perm("accounts.use_applicant_area", is_applicant)
rules.add_perm("accounts.use_reviewer_area", is_reviewer)
rules.add_perm("accounts.use_hq_area", is_hq_staff)
rules.add_perm("accounts.use_office_area", is_office_staff)
rules.add_perm("accounts.manage_office_staff", is_hq_staff)
# JETRO's offices, their territories and the partner regions (accounts/offices.py).
rules.add_perm("accounts.manage_reference_data", is_hq_staff)
rules.add_perm("accounts.invite_colleague", is_applicant)
