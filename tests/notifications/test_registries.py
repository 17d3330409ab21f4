"""What the apps register at start-up for the layers below them (notifications knows no app
above it): every e-mail kind has its renderer from the app that owns it, every addressee
its rule; a kind nobody registered stops the portal at its system check, not at sending."""

import pytest
from django.core import checks

from accounts.mail import organisation_recipients
from applications.completeness import CHECKLIST_ITEMS
from applications.selectors import PARTNER_CONTACT_SUGGESTIONS, VISIBLE_APPLICATIONS
from notifications import kinds
from notifications.apps import every_kind_has_a_renderer
from notifications.enums import Kind
from notifications.recipients import Address, resolve
from reviews.selectors import REPORTED_OUTCOMES, applications_declared_free
from sponsorship.completeness import cost_proposal_checklist
from sponsorship.decisions import ON_PUBLICATION
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db

# Which app registers which e-mail (the module of its context builder).
OWNERS = {
    "accounts.mail": {Kind.INVITATION, Kind.PASSWORD_RESET},
    "applications.mail": {Kind.APPLICATION_SUBMITTED, Kind.INFO_REQUESTED, Kind.INFO_REMINDER,
                          Kind.INFO_ANSWERED, Kind.APPLICATION_WITHDRAWN, Kind.PARTNER_REQUEST,
                          Kind.PARTNER_ANSWERED, Kind.OFFICE_COPY},
    "reviews.mail": {Kind.REVIEW_ASSIGNED, Kind.REVIEW_DIGEST, Kind.REVIEW_DEADLINE,
                     Kind.MISSING_REVIEWERS},
    "sponsorship.mail": {Kind.DECISIONS_PUBLISHED, Kind.AWARD_LETTER},
    "projects.mail": {Kind.REPORT_DUE_SOON, Kind.REPORT_LATE, Kind.REPORT_SUBMITTED,
                      Kind.REPORT_ACCEPTED, Kind.REPORT_RETURNED, Kind.SURVEY_INVITATION,
                      Kind.PROJECT_CLOSED_EARLY, Kind.PROJECT_CANCELLED,
                      Kind.VARIATION_RETURNED, Kind.VARIATION_REFUSED, Kind.AMENDMENT_LETTER,
                      Kind.CLAIM_RETURNED, Kind.CLAIM_APPROVED, Kind.CLAIM_PAID,
                      Kind.FINAL_REPORT_DUE_SOON, Kind.FINAL_REPORT_LATE,
                      Kind.FINAL_REPORT_RETURNED, Kind.FINAL_REPORT_ACCEPTED,
                      Kind.DELEGATE_CONSENT_REQUEST},
    "partnering.mail": {Kind.INTEREST_CONFIRM, Kind.INTEREST_LINK, Kind.INTEREST_TO_REVIEW,
                        Kind.INTEREST_PUBLISHED, Kind.INTEREST_REJECTED,
                        Kind.INTRODUCTION_APPLICANT, Kind.INTRODUCTION_PARTNER,
                        Kind.INTRODUCTION_OFFICE},
}


def test_each_app_registers_the_emails_it_owns():
    registered = {}
    for kind, spec in kinds.KINDS.items():
        registered.setdefault(spec.context.__module__, set()).add(kind)
    assert registered == OWNERS
    assert set().union(*OWNERS.values()) == set(Kind.values)


def test_a_kind_nobody_registered_fails_the_system_check(monkeypatch):
    assert every_kind_has_a_renderer(None) == []
    monkeypatch.delitem(kinds.KINDS, Kind.REVIEW_DIGEST)
    [error] = every_kind_has_a_renderer(None)
    assert (error.id, error.level) == ("notifications.E001", checks.ERROR)
    assert "review_digest" in error.msg
    with pytest.raises(LookupError, match="No app registered the e-mail kind 'review_digest'"):
        kinds.spec_for(Kind.REVIEW_DIGEST)


def test_a_kind_is_registered_once():
    with pytest.raises(ValueError, match="registered twice"):
        kinds.register_kind(Kind.INVITATION, context=dict)


def test_addressees_follow_the_rules_accounts_registered():
    organisation = OrganisationFactory(contact_email="office@example.jp", preferred_language="en")
    member = UserFactory(organisation=organisation, email="m@example.jp", language="ja")
    assert resolve(organisation) == (organisation_recipients(organisation), "en",
                                     f"organisation:{organisation.pk}")
    assert organisation_recipients(organisation) == ["m@example.jp", "office@example.jp"]
    assert resolve(member) == (["m@example.jp"], "ja", f"user:{member.pk}")
    assert resolve(Address("Partner@Example.de", "en")) == (
        ["Partner@Example.de"], "en", "address:partner@example.de")
    with pytest.raises(TypeError):
        resolve("someone@example.jp")


def test_the_other_registries_hold_what_the_apps_above_registered():
    from partnering.registrations import contact_of_introduction
    from projects.selectors import reported_outcomes
    from projects.services import project_for_decision

    assert list(CHECKLIST_ITEMS) == [cost_proposal_checklist]
    assert list(PARTNER_CONTACT_SUGGESTIONS) == [contact_of_introduction]
    assert list(ON_PUBLICATION) == [project_for_decision]
    assert list(REPORTED_OUTCOMES) == [reported_outcomes]
    assert list(VISIBLE_APPLICATIONS) == [applications_declared_free]
