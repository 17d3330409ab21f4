"""Who may do what with foreign regions' interest and introductions (django-rules).

One rule says which JETRO office follows an interest: the overseas office whose territory
holds the interest's country (regions.OfficeTerritory). Its staff are the overseas-office
reviewers of that office; HQ programme staff follow every interest. The query twin is
selectors.covered_interests (tested equal).
"""

import rules

from accounts.rules import is_applicant, is_hq_staff, is_overseas_reviewer


def covering_office_id(interest) -> int | None:
    """The id of the overseas office covering the interest's country, if any."""
    territory = getattr(interest.country, "territory", None) if interest is not None else None
    return territory.office_id if territory is not None else None


@rules.predicate
def covers_interest(user, interest) -> bool:
    """`user` works at the overseas office covering the interest's country."""
    return (interest is not None and user is not None and user.office_id is not None
            and covering_office_id(interest) == user.office_id)


@rules.predicate
def own_introduction(user, introduction) -> bool:
    return (introduction is not None and user is not None
            and user.organisation_id == introduction.organisation_id)


@rules.predicate
def covers_introduction(user, introduction) -> bool:
    return introduction is not None and covers_interest(user, introduction.interest)


# The staff who follow interests: HQ, and the overseas offices' reviewers.
follows_interests = is_hq_staff | is_overseas_reviewer
# Reviewing one interest (edit, publish, reject): HQ or its covering office.
reviews_interest = is_hq_staff | (is_overseas_reviewer & covers_interest)

rules.add_perm("partnering.follow_interests", follows_interests)
rules.add_perm("partnering.review_interest", reviews_interest)
rules.add_perm("partnering.register_on_behalf", follows_interests)
rules.add_perm("partnering.browse_directory", is_applicant)
rules.add_perm("partnering.record_outcome",
               is_hq_staff | (is_overseas_reviewer & covers_introduction))
rules.add_perm("partnering.start_application", is_applicant & own_introduction)
