"""The demo data: proposals follow the covering office; the review demo is idempotent."""

import pytest

from applications.enums import ApplicationStatus as S
from applications.models import Application
from demo import accounts as accounts_demo
from demo import calls as applications_demo
from demo import selection as reviews_demo
from regions.selectors import office_covering
from reviews.models import Review, ReviewAssignment
from reviews.selectors import reviewers_proposed

pytestmark = pytest.mark.django_db

# The office that must assess each country of the demo's partner pairs (DOMAIN.md).
EXPECTED_OFFICE = {"DE": "DUS", "FR": "PAR", "GB": "LON", "CH": "GVA", "FI": "HEL",
                   "KR": "SEL", "VN": "HAN", "TW": "TPE"}


def _load_demo_applications():
    accounts_demo.run()
    applications_demo.run()
    try:
        from demo import sponsorship as sponsorship_demo
    except ModuleNotFoundError:
        return
    sponsorship_demo.run()


def test_the_proposed_office_for_each_demo_partner_pair_covers_its_country():
    _load_demo_applications()
    applications = list(Application.objects.filter(status=S.SUBMITTED)
                        .select_related("partner_region__country"))
    assert applications, "the demo has submitted applications"
    for application in applications:
        country = application.partner_region.country.iso2
        office = office_covering(partner_region=application.partner_region)
        assert office.code == EXPECTED_OFFICE[country]
        proposal = reviewers_proposed(application=application)
        overseas = [r for r in proposal if r.role == "overseas_reviewer"]
        # Where the demo has reviewers of that office, one is proposed; else none.
        has_reviewers = office.staff.filter(role="overseas_reviewer").exists()
        assert [r.office.code for r in overseas] == ([office.code] if has_reviewers else [])
        assert [r.role for r in proposal][0] == "hq_reviewer"


def test_review_demo_is_idempotent_and_publishes_fy2026():
    _load_demo_applications()
    reviews_demo.run()
    counts = (ReviewAssignment.objects.count(), Review.objects.count(),
              list(Application.objects.order_by("pk").values_list("status",
                                                                    "decision_published_at")))
    reviews_demo.run()
    assert counts == (ReviewAssignment.objects.count(), Review.objects.count(),
                      list(Application.objects.order_by("pk").values_list(
                          "status", "decision_published_at")))
    fy2026 = Application.objects.filter(call__fiscal_year=2026).exclude(status=S.DRAFT)
    decided = fy2026.filter(status__in=(S.APPROVED, S.REJECTED, S.WAITLISTED, S.INELIGIBLE))
    assert decided.filter(decision_published_at__isnull=True).count() == 0
    fy2027 = Application.objects.filter(call__fiscal_year=2027)
    assert fy2027.filter(decision_published_at__isnull=False).count() == 0


def test_every_office_of_a_demo_partner_region_has_a_reviewer_and_requests_differ():
    from sponsorship.selectors import with_money_totals

    _load_demo_applications()
    applications = list(with_money_totals(
        Application.objects.exclude(partner_region=None).select_related(
            "partner_region__country")))
    offices = {office_covering(partner_region=a.partner_region).code for a in applications}
    staffed = {code for code in offices
               if office_covering_staff(code).filter(role="overseas_reviewer").exists()}
    assert offices == staffed == {"DUS", "PAR", "LON", "SEL", "TPE", "HAN", "HEL"}
    requested = [a.requested_total for a in applications
                 if a.call.fiscal_year == 2027 and a.reference]
    assert len(requested) == 8 and len(set(requested)) == 8
    # A reviewer of Milan is invited, not yet a user (the reviewers page shows it).
    from accounts.models import Invitation

    reviews_demo.run()
    assert list(Invitation.objects.values_list("email", "office__code")) == [
        ("reviewer.mil@demo.rit-portal.jp", "MIL")]


def office_covering_staff(code):
    from regions.models import JetroOffice

    return JetroOffice.objects.get(code=code).staff.all()
