"""The claim pages: the organisation claims a held activity's spend with the report's
receipts, HQ approves per line (a refusal at the line's field, nothing lost) and records
the payment; the organisation sees each claim's state; the accounting office's export of
payments (CSV and XLSX) carries exactly the payments recorded."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from projects.enums import ClaimStatus
from projects.models import Claim, Receipt
from tests.projects.builders import held_activity, member_of, published_project
from tests.projects.test_claims import _claim, _claimable, airfare

pytestmark = pytest.mark.django_db


def test_a_claim_through_the_pages_to_its_payment_and_the_accounting_export(
        client, project, member, hq_staff):
    activity, receipt = _claimable(project, member)
    line = airfare(project)
    client.force_login(member)
    client.cookies.load({"django_language": "en"})
    url = reverse("projects:claim-new", args=[project.pk]) + f"?activity={activity.pk}"
    refused = client.post(url, {f"line_{line.pk}": "900,000", f"receipts_{line.pk}": [receipt.pk]})
    assert refused.context["form"].non_field_errors() == [
        "“Business matching in Japan / International airfare”: at most ¥750,000 can still be "
        "claimed (approved ¥750,000)."]
    sent = client.post(url, {f"line_{line.pk}": "600,000", f"receipts_{line.pk}": [receipt.pk]})
    claim = Claim.objects.get(project=project)
    assert sent.url == reverse("projects:claim", args=[project.pk, claim.number])

    client.force_login(hq_staff)
    page_url = reverse("projects:claim", args=[project.pk, claim.number])
    (row,) = claim.lines.all()
    too_much = client.post(page_url, {"decide-decision": "approve",
                                      f"decide-line_{row.pk}": "700000"})
    assert too_much.context["decision_form"].errors == {
        f"line_{row.pk}": ["At most the ¥600,000 claimed."]}
    client.post(page_url, {"decide-decision": "approve",
                           f"decide-line_{row.pk}": "580000"})
    future = client.post(page_url, {"pay": "1", "pay-paid_on": "2099-01-01",
                                    "pay-reference": "FB-1"})
    assert future.context["payment_form"].errors == {
        "paid_on": ["The payment date cannot be in the future."]}
    client.post(page_url, {"pay": "1", "pay-paid_on": "2026-12-01",
                           "pay-reference": "FB-2026-1201-001"})
    claim.refresh_from_db()
    assert claim.status == ClaimStatus.PAID

    client.force_login(member)
    listing = client.get(reverse("projects:claims", args=[project.pk]))
    assert [(c.number, c.status, c.claimed_total, c.approved_total, c.payment.amount)
            for c in listing.context["claims"]] == [(1, ClaimStatus.PAID, 600_000, 580_000,
                                                    580_000)]

    client.force_login(hq_staff)
    text = b"".join(client.get(reverse("projects:payments-export", args=["csv"]))
                    .streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:5] == ["paid_on", "amount_yen", "payment_reference", "project_reference",
                           "claim_number"]
    assert rows[1][:5] == ["2026-12-01", "580000", "FB-2026-1201-001",
                           project.application.reference, "1"]
    workbook = load_workbook(io.BytesIO(b"".join(client.get(
        reverse("projects:payments-export", args=["xlsx"])).streaming_content)))
    sheet = workbook.active
    assert [cell.value for cell in sheet[2]][1:3] == [580000, "FB-2026-1201-001"]


def test_receipts_are_reused_not_uploaded_again(client, project, member):
    claim = _claim(project, member)
    assert Receipt.objects.filter(spend_line__report__project_year__project=project).count() == 1
    (row,) = claim.lines.all()
    assert row.receipts.get().spend_line.report.project_year.project == project


def test_another_organisation_gets_a_404_and_a_planned_activity_is_not_claimable(
        client, project, member):
    other = member_of(published_project())
    client.force_login(other)
    assert client.get(reverse("projects:claims", args=[project.pk])).status_code == 404
    from projects.enums import ActivityStatus

    planned = held_activity(project, member, status=ActivityStatus.PLANNED,
                            starts_on=dt.date(2027, 2, 1), ends_on=dt.date(2027, 2, 2))
    client.force_login(member)
    url = reverse("projects:claim-new", args=[project.pk]) + f"?activity={planned.pk}"
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_hq_list_of_claims_in_a_fixed_number_of_queries(client, hq_staff,
                                                        django_assert_num_queries, rows):
    for _ in range(rows):
        project = published_project()
        _claim(project, member_of(project))
    client.force_login(hq_staff)
    with django_assert_num_queries(6):
        page = client.get(reverse("projects:hq-claims"))
    assert len(page.context["page"].object_list) == rows
