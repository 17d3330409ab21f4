"""Every page a role reaches reads a fixed number of queries, whatever its rows (issue 28):
a new page cannot ship with a query per row.

The programme of bench/generate.py is written twice, once with one row of everything
(one application under review of one firm and one cost line in the current call beside
its one approved application, one project in each earlier year) and once with six; each
role's pages are found as the user finds them (bench/crawling.py: the links of its pages
from its home, one instance per URL pattern, GET only) in Django's test client, and each
page's query count is compared between the two. Some pages take a different instance at
six rows (the sixth project's page, not the first's): an instance's own state may cost a
query or two, never one per row.
"""

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from bench.crawling import crawl

pytestmark = pytest.mark.django_db

FEW, MANY = 1, 6
# What one page may read more at MANY rows than at FEW: a different instance's own state
# (a project with a report under way, an application with a decision), never a row's.
SLACK = 2
STARTS = {"visitor": ("/", "/showcase/", "/partnering/register/")}


def _programme(rows: int) -> dict:
    from accounts.enums import Role
    from accounts.models import ApplicantOrganisation, User
    from applications.models import Application
    from bench.generate import BUSY_REVIEWER_EMAIL, HQ_STAFF_EMAIL, generate_programme
    from projects.models import Project
    from reviews.models import ReviewAssignment

    # One approved application in the current call, and `rows` more under review.
    programme = generate_programme(
        applications=rows + 1, members=rows, cost_lines=rows, approved=1, pending=1,
        earlier_years=2, earlier_applications=rows, earlier_approved=rows)
    # One region pair (prefecture and partner region, reviewed by one overseas reviewer)
    # for every application: at one row as at six, an application's reviewers see the
    # outcomes of the earlier projects of its region pair (a panel of a fixed number of
    # queries), so that the same panels are compared.
    call = programme["call"]
    first = Application.objects.filter(call=call).order_by("sequence").first()
    prefecture = first.prefectures.get()
    ApplicantOrganisation.objects.update(prefecture=prefecture)
    Application.prefectures.through.objects.update(prefecture=prefecture)
    Application.objects.update(partner_region=first.partner_region_id)
    ReviewAssignment.objects.filter(reviewer__role=Role.OVERSEAS_REVIEWER).update(
        reviewer=first.review_assignments.get(reviewer__role=Role.OVERSEAS_REVIEWER).reviewer)
    application = Application.objects.filter(call=call).order_by("sequence").first()
    project = Project.objects.order_by("pk").first()
    overseas = (application.review_assignments.filter(reviewer__role=Role.OVERSEAS_REVIEWER)
                .get().reviewer)
    office = application.organisation.prefecture.domestic_territory.office
    office_staff = User.objects.create(email="office-staff@bench.example.jp",
                                       role=Role.OFFICE_STAFF, office=office)
    return {
        "HQ staff": User.objects.get(email=HQ_STAFF_EMAIL),
        "HQ reviewer": User.objects.get(email=BUSY_REVIEWER_EMAIL),
        "overseas reviewer": overseas,
        "office staff": office_staff,
        "applicant": User.objects.get(organisation=application.organisation_id),
        "project applicant": User.objects.get(organisation=project.organisation_id),
        "visitor": None,
    }


def _queries_per_pattern(client, rows: int) -> dict[tuple[str, str], tuple[int, str]]:
    """{(role, URL pattern): (queries, path)} of every page the roles reach at `rows`."""
    counts = {}
    with transaction.atomic():
        users = _programme(rows)
        for role, user in users.items():
            client.logout()
            cache.clear()
            if user is not None:
                client.force_login(user)

            def fetch(path, role=role):
                with CaptureQueriesContext(connection) as captured:
                    response = client.get(path)
                counts[(role, path)] = len(captured)
                body = b"" if response.streaming else response.content
                return response.status_code, response.get("Content-Type", ""), body

            for page in crawl(fetch, starts=STARTS.get(role, ("/home/",)),
                              per_pattern=1, depth=4):
                if page.html:
                    counts[(role, page.pattern)] = (counts.pop((role, page.path)),
                                                    page.path)
        counts = {k: v for k, v in counts.items() if isinstance(v, tuple)}
        # the programme made for this count goes with the block
        transaction.set_rollback(True)
    cache.clear()
    return counts


def test_no_page_reads_a_query_per_row(client, settings):
    settings.RIT_REQUIRE_2FA = False
    few = _queries_per_pattern(client, FEW)
    many = _queries_per_pattern(client, MANY)
    roles = {role for role, _pattern in few}
    assert roles == {"HQ staff", "HQ reviewer", "overseas reviewer", "office staff",
                     "applicant", "project applicant", "visitor"}
    assert len(few) > 150
    compared = set(few) & set(many)
    assert len(compared) > 0.9 * len(few)
    grown = {f"{role} {pattern}: {few[(role, pattern)][0]} queries on "
             f"{few[(role, pattern)][1]} at {FEW} row, {many[(role, pattern)][0]} on "
             f"{many[(role, pattern)][1]} at {MANY}"
             for role, pattern in compared
             if many[(role, pattern)][0] > few[(role, pattern)][0] + SLACK}
    assert not grown, "\n".join(sorted(grown))
