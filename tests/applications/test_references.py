"""References stay unique per fiscal year whatever the number of calls: RIT-FY2027-0001,
-0002, … across every call of FY2027, also when two calls' applications are submitted at
the same moment (PostgreSQL, two connections)."""

import threading

import pytest
from django.db import connection

from applications.enums import ApplicationStatus as S
from applications.models import Application
from applications.services import application_submit
from tests.applications.builders import applicant_of, complete_application
from tests.factories import CallFactory


def _two_calls_of(fiscal_year: int):
    return [CallFactory(fiscal_year=fiscal_year) for _ in range(2)]


@pytest.mark.django_db
def test_two_calls_in_one_fiscal_year_number_their_applications_in_one_sequence():
    first_call, second_call = _two_calls_of(2027)
    other_year = CallFactory(fiscal_year=2028)
    submitted = []
    for call in (first_call, second_call, first_call, other_year):
        application = complete_application(call=call)
        application_submit(application=application, by=applicant_of(application.organisation))
        submitted.append(application.reference)
    assert submitted == ["RIT-FY2027-0001", "RIT-FY2027-0002", "RIT-FY2027-0003",
                         "RIT-FY2028-0001"]


@pytest.mark.services
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_calls_submitting_at_the_same_moment_get_distinct_references(require_postgresql):
    """One submission to each of two calls of FY2027, each on its own connection, released
    together: both are submitted, with two different references."""
    calls = _two_calls_of(2027)
    applications = [complete_application(call=call) for call in calls]
    users = [applicant_of(application.organisation) for application in applications]
    barrier = threading.Barrier(2)
    outcomes: dict[int, str] = {}

    def submit(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            application_submit(application=Application.objects.get(pk=applications[index].pk),
                               by=users[index])
            outcomes[index] = "submitted"
        except Exception as exc:  # the test reports whatever went wrong
            outcomes[index] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)

    assert outcomes == {0: "submitted", 1: "submitted"}
    rows = Application.objects.filter(pk__in=[a.pk for a in applications])
    assert sorted(rows.values_list("status", "reference")) == [
        (S.SUBMITTED, "RIT-FY2027-0001"), (S.SUBMITTED, "RIT-FY2027-0002")]
