"""A partner region in a country the old hand-written list lacked (Mexico) goes the whole
way through the services: proposed by the applicant, confirmed by HQ with its ISO 3166-2
code, reviewed by the overseas office covering Mexico, approved."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from applications.models import Application, ProposedPartnerRegion
from applications.services import application_overview_update, proposed_region_confirm
from regions.models import Country, Prefecture
from regions.selectors import office_covering
from reviews.services import application_assign_reviewers, conflict_declare, review_save
from sponsorship.decisions import application_decide, sponsorship_decide
from sponsorship.enums import DecisionMode
from tests.factories import ApplicationFactory, UserFactory
from tests.reviews.factories import hq_reviewer, office_reviewer, with_feedback
from tests.sponsorship.factories import CostLineFactory

pytestmark = pytest.mark.django_db

SCORES = {"c1_score": 4, "c1_comment": "Seis empresas", "c2_score": 4,
          "c2_comment": "Clear prospects", "c3_score": 4, "c3_comment": "Letter of intent",
          "value_score": Decimal("7"), "value_comment": "Good", "recommendation": "support"}


def test_a_mexican_region_is_proposed_confirmed_reviewed_by_jetro_mexico_and_approved(
        hq_staff):
    mexico = Country.objects.get(iso2="MX")
    application = ApplicationFactory(partner_region=None)
    applicant = UserFactory(role=Role.APPLICANT, organisation=application.organisation)
    application_overview_update(
        application=application, by=applicant, title_ja="自動車部品の共同開発",
        title_en="Joint development of car parts", sector=application.sector,
        prefectures=[Prefecture.objects.get(code="23")], partner_region=None,
        proposed_country=mexico, proposed_name="Jalisco")
    proposal = ProposedPartnerRegion.objects.get(application=application)

    region = proposed_region_confirm(proposal=proposal, by=hq_staff, iso_code="mx-jal")

    assert (region.iso_code, region.name_en, region.name_ja, region.country.iso2,
            region.is_confirmed) == ("MX-JAL", "Jalisco", "ハリスコ", "MX", True)
    with translation.override("ja"):
        assert region.name == "ハリスコ"
    assert office_covering(partner_region=region).code == "MEX"

    # Submission (its completeness checklist is tested in tests/applications) gave it a
    # reference; from here on every step is the portal's service.
    Application.objects.filter(pk=application.pk).update(
        status=S.SUBMITTED, reference="RIT-FY2027-0901")
    application.refresh_from_db()
    with pytest.raises(ValidationError):
        application_assign_reviewers(application=application, by=hq_staff,
                                     reviewers=[hq_reviewer(), office_reviewer("DUS")])
    reviewers = [hq_reviewer(), office_reviewer("MEX")]
    assignments = application_assign_reviewers(application=application, by=hq_staff,
                                               reviewers=reviewers)
    for assignment in assignments:
        conflict_declare(assignment=assignment, by=assignment.reviewer, has_conflict=False)
        review_save(assignment=assignment, by=assignment.reviewer, data=SCORES, submit=True)
    application.refresh_from_db()
    assert application.status == S.REVIEWED

    with_feedback(application, by=hq_staff)
    application_decide(application=application, by=hq_staff, action="eligible")
    CostLineFactory(application=application, quantity=1, unit_cost=800_000)
    decision = sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)

    application.refresh_from_db()
    assert (application.status, decision.approved_total) == (S.APPROVED, 800_000)
    assert application.partner_region == region
