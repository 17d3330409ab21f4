"""Every main form of the portal, fed random and hostile input (hypothesis): the page
answers with the form and its field errors (200) or accepts it (302), never a 500.

The test client raises any exception a view lets through, so a 500 fails the example and
hypothesis shrinks it to the smallest input that does it. Both CSV importers have their
own property tests in tests/project/test_csv_io.py.

Adding a form? Add its page to FORMS: the URL, who posts it, and its field names.
"""

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.enums import Role
from accounts.forms import (
    InvitationForm,
    OrganisationForm,
    RegistrationPersonForm,
    SecondFactorForm,
)
from applications.enums import ApplicationStatus as S
from applications.forms import (
    CallForm,
    ConsortiumMemberForm,
    CooperationForm,
    InformationRequestForm,
    OverviewForm,
    PriorContactForm,
    ProspectsForm,
    SelfCheckForm,
    WithdrawForm,
)
from monitoring.forms import ApiTokenForm, ReportRequestForm
from reviews.enums import ConflictStatus
from reviews.forms import ConsensusForm, SettingsForm
from sponsorship.forms import COST_LINE_FIELDS, SelectionDecisionForm, SponsorshipLevelForm
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory, CallFactory, UserFactory
from tests.reviews.factories import AssignmentFactory
from tests.sponsorship.factories import approved_decision

# What people and attackers type: numbers in every script and size, dates at the edges of
# the calendar, NUL bytes, markup, SQL, very long text, right-to-left marks.
HOSTILE = st.sampled_from([
    "", " ", "0", "-1", "1", "5", "10", "3.5", "1e309", "NaN", "Infinity", "-0", "0x10",
    "፩", "١٢٣", "１２３", "1,200 円", "9" * 5000, str(2**63), str(-2**63 - 1), str(2**31),
    "9999", "99999", "0001-01-01", "9999-12-31", "2027-02-30", "0001-01-01T00:00:00",
    "9999-12-31T23:59:59", "2027-04-01T25:61", "\x00", "a\x00b", "<script>alert(1)</script>",
    "' OR 1=1 --", "=HYPERLINK(\"http://x\")", "\u202egnp.exe", "x" * 20_000, "on", "yes",
    "no", "true", "ja", "en", "c1", "full", "percentage", "per_line", "eligible", "reject",
])
VALUE = st.one_of(HOSTILE, st.text(max_size=60))


@dataclass(frozen=True)
class FormPage:
    url: Callable  # world -> URL
    user: str  # a key of the world's users
    fields: list[str]
    extra: dict | None = None  # fixed fields (e.g. which of a page's forms is sent)
    method: str = "post"


def _fields(form_class, prefix: str = "") -> list[str]:
    return [f"{prefix}-{name}" if prefix else name for name in form_class.base_fields]


@pytest.fixture
def world(db):
    draft = ApplicationFactory(duration_years=2)
    under_review = ApplicationFactory(status=S.UNDER_REVIEW, reference="RIT-FY2099-0001",
                                      sequence=9)
    assignment = AssignmentFactory(application=under_review,
                                   conflict_status=ConflictStatus.UNDECLARED)
    eligible = approved_decision(application__status=S.ELIGIBLE).application
    hq = UserFactory(role=Role.HQ_STAFF, is_staff=True)
    return {
        "draft": draft, "under_review": under_review, "eligible": eligible,
        "call": CallFactory(fiscal_year=2030),
        "users": {"applicant": applicant_of(draft.organisation), "hq": hq,
                  "reviewer": assignment.reviewer, "visitor": None},
    }


FORMS = {
    "register": FormPage(lambda w: reverse("register"), "visitor",
                         _fields(OrganisationForm, "org") + _fields(RegistrationPersonForm,
                                                                    "person")),
    "colleagues": FormPage(lambda w: reverse("colleagues"), "applicant",
                           _fields(InvitationForm)),
    "start": FormPage(lambda w: reverse("applications:start", args=[w["draft"].call_id]),
                      "applicant", ["title"]),
    "overview": FormPage(lambda w: reverse("applications:section-overview",
                                           args=[w["draft"].pk]), "applicant",
                         _fields(OverviewForm)),
    "consortium": FormPage(lambda w: reverse("applications:section-consortium",
                                             args=[w["draft"].pk]), "applicant",
                           _fields(ConsortiumMemberForm, "member")),
    "cooperation": FormPage(lambda w: reverse("applications:section-cooperation",
                                              args=[w["draft"].pk]), "applicant",
                            _fields(CooperationForm) + ["year_1", "year_2", "year_3"]),
    "prospects": FormPage(lambda w: reverse("applications:section-prospects",
                                            args=[w["draft"].pk]), "applicant",
                          _fields(ProspectsForm)),
    "partner-contact": FormPage(lambda w: reverse("applications:section-partner",
                                                  args=[w["draft"].pk]), "applicant",
                                _fields(PriorContactForm, "contact"), {"action": "contact"}),
    "costs": FormPage(lambda w: reverse("sponsorship:cost-proposal", args=[w["draft"].pk]),
                      "applicant", [f"lines-0-{name}" for name in COST_LINE_FIELDS],
                      {"lines-TOTAL_FORMS": "1", "lines-INITIAL_FORMS": "0",
                       "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "200"}),
    "withdraw": FormPage(lambda w: reverse("applications:withdraw", args=[w["draft"].pk]),
                         "applicant", _fields(WithdrawForm)),
    "self-check": FormPage(lambda w: reverse("call-detail", args=[w["draft"].call_id]),
                           "visitor", _fields(SelfCheckForm), method="get"),
    "call": FormPage(lambda w: reverse("applications:call-edit", args=[w["call"].pk]), "hq",
                     _fields(CallForm)),
    "request-information": FormPage(lambda w: reverse("applications:request-information",
                                                      args=[w["under_review"].pk]), "hq",
                                    _fields(InformationRequestForm)),
    "review-settings": FormPage(lambda w: reverse("reviews:settings", args=[w["call"].pk]),
                                "hq", _fields(SettingsForm)),
    "conflict": FormPage(lambda w: reverse("reviews:review", args=[w["under_review"].pk]),
                         "reviewer", ["has_conflict", "conflict_note"], {"declare": "1"}),
    "consensus": FormPage(lambda w: reverse("reviews:summary", args=[w["eligible"].pk]), "hq",
                          _fields(ConsensusForm), {"consensus": "1"}),
    "selection-decision": FormPage(lambda w: reverse("sponsorship:decide",
                                                     args=[w["eligible"].pk]), "hq",
                                   _fields(SelectionDecisionForm), {"decide": "1"}),
    "sponsorship-level": FormPage(lambda w: reverse("sponsorship:decide",
                                                    args=[w["eligible"].pk]), "hq",
                                  _fields(SponsorshipLevelForm) + ["line_1", "line_2"]),
    "second-factor": FormPage(lambda w: reverse("two-factor-setup"), "hq",
                              _fields(SecondFactorForm)),
    "annual-report": FormPage(lambda w: reverse("monitoring:reports"), "hq",
                              _fields(ReportRequestForm)),
    "api-token": FormPage(lambda w: reverse("monitoring:api-tokens"), "hq",
                          _fields(ApiTokenForm)),
}


@pytest.mark.parametrize("name", sorted(FORMS))
def test_random_and_hostile_input_gets_field_errors_never_a_server_error(client, world, name):
    page = FORMS[name]
    user = world["users"][page.user]
    if user is not None:
        client.force_login(user)
    url = page.url(world)

    @settings(max_examples=25, deadline=None, derandomize=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture,
                                     HealthCheck.too_slow])
    @given(st.fixed_dictionaries({}, optional=dict.fromkeys(page.fields, VALUE)))
    def check(data):
        response = getattr(client, page.method)(url, {**data, **(page.extra or {})})
        assert response.status_code in (200, 302), (response.status_code, data)
        if response.status_code == 200:
            # A refused form comes back (with what was typed and its errors).
            assert "<form" in response.content.decode(), data

    check()
