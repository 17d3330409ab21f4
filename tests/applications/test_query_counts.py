"""The form's list-like pages (the consortium, criterion 3 and its tasks, the attachments) and the
read-only page run the same number of queries with one row and with several."""

import datetime as dt

import pytest
from django.urls import reverse

from applications.enums import AttachmentKind, ContactForm
from applications.models import PartnerConfirmation, PriorContact
from tests.applications.builders import applicant_of, attach_pdf
from tests.factories import ApplicationFactory, ConsortiumMemberFactory

pytestmark = pytest.mark.django_db


def fill(application, n: int) -> None:
    """`n` firms, prior contacts, partner requests, letters and supporting files."""
    ConsortiumMemberFactory.create_batch(n, application=application)
    for i in range(n):
        PriorContact.objects.create(application=application, date=dt.date(2025, 1, 1 + i),
                                    form=ContactForm.VISIT_ABROAD, people=f"訪問者{i}")
        PartnerConfirmation.objects.create(
            application=application, contact_name=f"Contact {i}",
            contact_email=f"c{i}@partner.example", contact_organisation="Partner agency")
        attach_pdf(application, kind=AttachmentKind.PARTNER_LETTER, name=f"letter{i}.pdf")
        attach_pdf(application, name=f"plan{i}.pdf")


# The section pages: ATOMIC_REQUESTS' savepoint and release, session, user, application,
# the completeness checklist (its counts and existence checks, the cost proposal's too),
# the section's own lists (the navigation's permissions are rules: no query). The read-only
# page adds the other apps' panels (the cost proposal's totals in one query; the current
# decision and the award letters read once for all the panels: issue 28) and the
# sponsored project's (one query); the history entries (the application's and its
# organisation's) only for HQ, whose timeline shows them: the applicant's page does without.
PAGES = [
    ("applications:section-consortium", 14),
    ("applications:section-partner", 16),
    ("applications:partner-contacts", 14),
    ("applications:partner-request", 15),  # and whether a request was sent (partnering)
    ("applications:partner-letter", 14),
    ("applications:section-attachments", 14),
    ("applications:detail", 19),
]


@pytest.mark.parametrize("n", [1, 4])
@pytest.mark.parametrize(("url_name", "expected"), PAGES, ids=[name for name, _n in PAGES])
def test_the_page_runs_as_many_queries_for_one_row_as_for_several(
        client, django_assert_num_queries, url_name, expected, n):
    application = ApplicationFactory()
    fill(application, n)
    client.force_login(applicant_of(application.organisation))
    with django_assert_num_queries(expected):
        response = client.get(reverse(url_name, args=[application.pk]))
    assert response.status_code == 200
    shown = {
        "applications:section-consortium": lambda c: len(c["members"]),
        # Criterion 3's page: each task with its count (contacts, letters) in its state.
        "applications:section-partner": lambda c: int(c["tasks"][0].detail.split()[0]),
        "applications:partner-contacts": lambda c: len(c["contacts"]),
        "applications:partner-request": lambda c: len(c["confirmations"]),
        "applications:partner-letter": lambda c: len(c["letters"]),
        "applications:section-attachments": lambda c: len(c["attachments"]),
        "applications:detail": lambda c: len(c["members"]),
    }[url_name](response.context)
    # The attachments section lists the partner's letters too.
    assert shown == (2 * n if url_name == "applications:section-attachments" else n)
