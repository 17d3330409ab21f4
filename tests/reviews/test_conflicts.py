"""Conflicts of interest: typed, declarable in advance for an organisation or a firm
across calls (hiding its later applications), and proposed where the portal knows a link."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from applications.enums import ApplicationStatus as S
from reviews.enums import ConflictStatus, ConflictType
from reviews.models import StandingConflict
from reviews.selectors import (
    assignment_candidates,
    assignments_visible_to,
    reviewers_proposed,
)
from reviews.services import (
    application_assign_reviewers,
    conflict_declare,
    standing_conflict_declare,
    standing_conflict_withdraw,
)
from tests.factories import CallFactory, ConsortiumMemberFactory
from tests.reviews.factories import (
    AssignmentFactory,
    SubmittedApplicationFactory,
    hq_reviewer,
    office_reviewer,
    submitted_review,
)

pytestmark = pytest.mark.django_db


def _english(client, user):
    client.force_login(user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})


def test_a_typed_conflict_with_a_firm_declared_for_later_calls(client, hq_staff):
    assignment = AssignmentFactory(conflict_status=ConflictStatus.UNDECLARED)
    firm = ConsortiumMemberFactory(application=assignment.application,
                                   name="株式会社日立精工部品", corporate_number="")
    _english(client, assignment.reviewer)
    url = reverse("reviews:review", args=[assignment.application_id])
    refused = client.post(url, {"declare": "1", "has_conflict": "yes", "conflict_type": "firm",
                                "conflict_note": "I sit on its board"})
    assert refused.context["conflict_form"].errors == {
        "firm": ["Choose the firm of the consortium."]}
    done = client.post(url, {"declare": "1", "has_conflict": "yes", "conflict_type": "firm",
                             "firm": firm.pk, "conflict_note": "I sit on its board",
                             "standing": "on"})
    assert done.url == reverse("home")
    assignment.refresh_from_db()
    assert (assignment.conflict_status, assignment.conflict_type, assignment.conflict_note) == (
        ConflictStatus.CONFLICT, ConflictType.FIRM, "I sit on its board")
    assert list(StandingConflict.objects.values_list("conflict_type", "firm_name",
                                                     "reviewer")) == [
        (ConflictType.FIRM, "株式会社日立精工部品", assignment.reviewer.pk)]
    # HQ reads the type with the note.
    _english(client, hq_staff)
    summary = client.get(reverse("reviews:summary", args=[assignment.application_id]))
    assert "Conflict of interest declared (A firm of the consortium): I sit on its board" in (
        summary.content.decode())
    # The same firm in a later call, written without its legal form, is not proposed.
    later = SubmittedApplicationFactory(call=CallFactory(fiscal_year=2028))
    ConsortiumMemberFactory(application=later, name="日立精工部品（株）")
    assert assignment.reviewer not in assignment_candidates(application=later)


def test_a_conflict_declared_for_an_organisation_hides_its_later_applications(
        client, hq_staff):
    reviewer = hq_reviewer()
    earlier = AssignmentFactory(reviewer=reviewer)  # declared none, reviewing it
    organisation = earlier.application.organisation
    pending = AssignmentFactory(reviewer=reviewer, conflict_status=ConflictStatus.UNDECLARED,
                                application__organisation=organisation)
    _english(client, reviewer)
    response = client.post(reverse("reviews:conflicts"), {
        "conflict_type": "organisation", "organisation": organisation.name_en.upper(),
        "note": "My spouse chairs the association"})
    assert response.url == reverse("reviews:conflicts")
    # The assignment still awaiting a declaration became a declared conflict for HQ; the
    # one already declared free stays with the reviewer.
    pending.refresh_from_db()
    assert (pending.conflict_status, pending.conflict_type, pending.conflict_note) == (
        ConflictStatus.CONFLICT, ConflictType.ORGANISATION, "My spouse chairs the association")
    assert [a.application for a in assignments_visible_to(user=reviewer)] == [
        earlier.application]

    # A later application of the organisation: neither proposed nor a candidate, and
    # assigning is refused.
    later = SubmittedApplicationFactory(organisation=organisation,
                                        call=CallFactory(fiscal_year=2028))
    other_hq = hq_reviewer()
    other_hq.last_name = "Zz"  # proposed only when the first is out of the way
    other_hq.save()
    assert reviewer not in reviewers_proposed(application=later)
    assert reviewer not in assignment_candidates(application=later)
    with pytest.raises(ValidationError) as refused:
        application_assign_reviewers(application=later, reviewers=[reviewer, office_reviewer()],
                                     by=hq_staff)
    assert refused.value.messages == [
        f"{reviewer.get_full_name()} declared in advance a conflict of interest with this "
        "applicant organisation or a firm of its consortium."]
    # Even an assignment made behind the portal's back is invisible to them: a 404.
    AssignmentFactory(reviewer=reviewer, application=later,
                      conflict_status=ConflictStatus.UNDECLARED)
    client.force_login(reviewer)
    assert client.get(reverse("reviews:review", args=[later.pk])).status_code == 404
    assert client.get(reverse("applications:detail", args=[later.pk])).status_code == 404
    home = client.get(reverse("home"))
    assert [a.application for a in home.context["page"]] == [earlier.application]


def test_a_firm_is_recognised_by_its_corporate_number(hq_staff):
    reviewer = office_reviewer()
    standing_conflict_declare(by=reviewer, conflict_type=ConflictType.FIRM,
                              corporate_number="5010401089998", note="Former employer")
    application = SubmittedApplicationFactory()
    ConsortiumMemberFactory(application=application, name="Renamed Ltd.",
                            corporate_number="5010401089998")
    assert reviewer not in assignment_candidates(application=application)
    elsewhere = SubmittedApplicationFactory()
    ConsortiumMemberFactory(application=elsewhere, corporate_number="")
    assert reviewer in assignment_candidates(application=elsewhere)


@pytest.mark.parametrize(("data", "errors"), [
    ({"conflict_type": "organisation", "note": "x"},
     {"organisation": ["Choose the applicant organisation."]}),
    ({"conflict_type": "firm", "note": "x"},
     {"firm_name": ["Give the firm's name or its corporate number."]}),
    ({"conflict_type": "firm", "firm_name": "ACME", "note": ""},
     {"note": ["Enter the nature of the conflict."]}),
])
def test_a_declaration_in_advance_names_its_party(client, data, errors):
    _english(client, hq_reviewer())
    response = client.post(reverse("reviews:conflicts"), data)
    assert response.context["form"].errors == errors
    assert StandingConflict.objects.count() == 0


def test_only_a_conflict_with_an_organisation_or_a_firm_stands_for_later_calls():
    assignment = AssignmentFactory(conflict_status=ConflictStatus.UNDECLARED)
    with pytest.raises(ValidationError) as refused:
        conflict_declare(assignment=assignment, by=assignment.reviewer, has_conflict=True,
                         conflict_type=ConflictType.PARTNER_REGION, note="x", standing=True)
    assert refused.value.message_dict == {"standing": [
        "Only a conflict with the applicant organisation or a firm can be declared for "
        "later calls."]}


def test_withdrawing_a_conflict_declared_in_advance(client):
    reviewer, other = hq_reviewer(), hq_reviewer()
    mine = standing_conflict_declare(by=reviewer, conflict_type=ConflictType.FIRM,
                                     firm_name="ACME", note="x")
    with pytest.raises(PermissionDenied):
        standing_conflict_withdraw(conflict=mine, by=other)
    client.force_login(other)
    assert client.post(reverse("reviews:conflicts"), {"withdraw": mine.pk}).status_code == 404
    client.force_login(reviewer)
    client.post(reverse("reviews:conflicts"), {"withdraw": mine.pk})
    assert StandingConflict.objects.count() == 0


def test_only_reviewers_have_the_conflicts_page(client, hq_staff, applicant):
    for user in (hq_staff, applicant):
        client.force_login(user)
        assert client.get(reverse("reviews:conflicts")).status_code == 404


def test_a_known_link_is_proposed_to_the_reviewer_and_to_hq_without_blocking(
        client, hq_staff):
    reviewer = hq_reviewer()
    earlier = AssignmentFactory(reviewer=reviewer, application__status=S.REVIEWED,
                                application__call=CallFactory(fiscal_year=2026))
    submitted_review(earlier)
    organisation = earlier.application.organisation
    application = SubmittedApplicationFactory(organisation=organisation)
    _english(client, hq_staff)
    page = client.get(reverse("reviews:assign", args=[application.pk]))
    expected = (f"Reviewed this organisation's application {earlier.application.reference} "
                "(FY2026).")
    assert [(c, [h.text for h in c.hints]) for c in page.context["hinted"]] == [
        (reviewer, [expected])]
    application_assign_reviewers(application=application,
                                 reviewers=[reviewer, office_reviewer()], by=hq_staff)
    assignment = application.review_assignments.get(reviewer=reviewer)
    assignment.conflict_status = ConflictStatus.UNDECLARED
    assignment.save()
    _english(client, reviewer)
    form = client.get(reverse("reviews:review", args=[application.pk]))
    assert [h.text for h in form.context["hints"]] == [expected]
    assert 'data-testid="conflict-hints"' in form.content.decode()


def test_a_conflict_declared_in_advance_is_on_the_organisation_s_history_for_hq(
        client, hq_staff):
    application = SubmittedApplicationFactory()
    reviewer = hq_reviewer()
    standing_conflict_declare(by=reviewer, conflict_type=ConflictType.ORGANISATION,
                              organisation=application.organisation, note="Board member")
    _english(client, hq_staff)
    page = client.get(reverse("applications:detail", args=[application.pk]))
    assert (f"{reviewer.get_full_name()} declared in advance, for every call, a conflict of "
            f"interest with {application.organisation.name} (The applicant organisation)."
            in page.content.decode())


def test_the_organisation_is_found_by_its_name_not_chosen_from_every_organisation(client):
    """The page lists no organisation (5,000 made it 674 KB): the reviewer types the name,
    in Japanese or English, whole or a part that only one organisation matches."""
    from tests.factories import OrganisationFactory

    hokkaido = OrganisationFactory(name_ja="北海道食品輸出協議会",
                                   name_en="Hokkaido Food Export Council")
    OrganisationFactory(name_ja="北海道機械工業会", name_en="Hokkaido Machinery Association")
    reviewer = hq_reviewer()
    _english(client, reviewer)
    page = client.get(reverse("reviews:conflicts")).content.decode()
    assert "Hokkaido Food Export Council" not in page and "<select" not in page.split(
        'name="organisation"')[0][-200:]

    def declare(name):
        return client.post(reverse("reviews:conflicts"), {
            "conflict_type": "organisation", "organisation": name, "note": "Adviser"})

    ambiguous = declare("Hokkaido")
    assert ambiguous.context["form"].errors["organisation"] == [
        "Several applicant organisations match “Hokkaido”: Hokkaido Food Export Council, "
        "Hokkaido Machinery Association. Type the full name of one of them."]
    assert 'value="Hokkaido"' in ambiguous.content.decode()  # what was typed is kept
    unknown = declare("Okinawa")
    assert unknown.context["form"].errors["organisation"] == [
        "No applicant organisation is called “Okinawa”. Type its name as it appears on its "
        "applications."]
    assert StandingConflict.objects.count() == 0
    assert declare("食品輸出").url == reverse("reviews:conflicts")  # a part, in full width too
    assert declare("ｈｏｋｋａｉｄｏ machinery association").url == reverse("reviews:conflicts")
    assert [c.organisation for c in StandingConflict.objects.order_by("pk")] == [
        hokkaido, hokkaido.__class__.objects.get(name_en="Hokkaido Machinery Association")]
