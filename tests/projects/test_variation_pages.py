"""The pages of changes to a project: the organisation asks through the form (its before/
after table), a refusal is shown at the form with nothing lost, HQ decides on the change's
page, both download the amendment letter; HQ's list in a fixed number of queries."""

import pytest
from django.urls import reverse

from projects.enums import VariationKind, VariationStatus
from projects.models import ApprovedLine, Variation
from projects.services import variation_request
from sponsorship.enums import Activity, CostCategory
from tests.projects.builders import member_of, published_project

pytestmark = pytest.mark.django_db


def _lines(project):
    venue = ApprovedLine.objects.get(project_year__project=project, project_year__number=1,
                                     activity=Activity.SEMINAR_JAPAN, category=CostCategory.VENUE)
    stay = ApprovedLine.objects.get(project_year__project=project, project_year__number=1,
                                    activity=Activity.MATCHING_IN_JAPAN,
                                    category=CostCategory.ACCOMMODATION)
    return venue, stay


def _form_data(project, **amounts):
    data = {f"line_{line.pk}": str(line.approved_amount)
            for line in ApprovedLine.objects.filter(project_year__project=project)}
    data.update(amounts)
    return data


def test_reallocation_through_the_pages_to_the_amendment_letter(
        client, project, member, hq_staff, django_capture_on_commit_callbacks):
    venue, stay = _lines(project)
    url = reverse("projects:variation-new", args=[project.pk]) + "?kind=reallocation"
    client.force_login(member)
    client.cookies.load({"django_language": "en"})
    page = client.get(url)
    assert [(line.pk, spent) for line, _field, spent in page.context["rows"]][:1] == [
        (page.context["rows"][0][0].pk, 0)]

    refused = client.post(url, {**_form_data(project, **{f"line_{venue.pk}": "500,000"}),
                                "reason": "会場費が安くなったため"})
    assert refused.status_code == 200
    assert refused.context["form"].non_field_errors() == [
        "Change the amounts of at least two lines: money moves from one line to another."]
    assert refused.context["form"]["reason"].value() == "会場費が安くなったため"

    sent = client.post(url, {**_form_data(project, **{f"line_{venue.pk}": "５００，０００",
                                                       f"line_{stay.pk}": "280000"}),
                             "reason": "会場費が安くなったため"})
    variation = Variation.objects.get(project=project)
    assert sent.url == reverse("projects:variation", args=[project.pk, 1])
    assert [(r.before, r.after) for r in variation.lines.all()] == [(180_000, 280_000),
                                                                   (600_000, 500_000)]

    client.force_login(hq_staff)
    with django_capture_on_commit_callbacks(execute=True):
        decided = client.post(reverse("projects:variation", args=[project.pk, 1]),
                              {"decision": "approve", "note": ""})
    assert decided.status_code == 302
    variation.refresh_from_db()
    assert variation.status == VariationStatus.APPROVED
    for user in (hq_staff, member):
        client.force_login(user)
        page = client.get(reverse("projects:variation", args=[project.pk, 1]))
        assert page.context["letter_ready"] is True
        pdf = client.get(reverse("projects:letter-download",
                                 args=[project.pk, variation.letter.pk]))
        assert (pdf.status_code, b"".join(pdf.streaming_content)[:5]) == (200, b"%PDF-")


def test_returning_without_a_comment_is_refused_at_the_comment(client, project, member,
                                                              hq_staff):
    venue, stay = _lines(project)
    variation_request(project=project, by=member, kind=VariationKind.REALLOCATION, reason="r",
                      amounts={venue.pk: 500_000, stay.pk: 280_000})
    client.force_login(hq_staff)
    client.cookies.load({"django_language": "ja"})
    page = client.post(reverse("projects:variation", args=[project.pk, 1]),
                       {"decision": "return", "note": ""})
    assert page.status_code == 200
    assert page.context["form"].errors == {
        "note": ["コメントを入力してください。団体に表示されます。"]}


def test_another_organisation_and_reviewers_get_a_404(client, project, hq_reviewer):
    other = member_of(published_project())
    for user in (other, hq_reviewer):
        client.force_login(user)
        assert client.get(reverse("projects:variations", args=[project.pk])).status_code == 404


@pytest.mark.parametrize("rows", [1, 3])
def test_hq_list_of_changes_in_a_fixed_number_of_queries(client, hq_staff,
                                                         django_assert_num_queries, rows):
    for _ in range(rows):
        project = published_project()
        venue, stay = _lines(project)
        variation_request(project=project, by=member_of(project),
                          kind=VariationKind.REALLOCATION, reason="r",
                          amounts={venue.pk: 500_000, stay.pk: 280_000})
    client.force_login(hq_staff)
    with django_assert_num_queries(6):
        page = client.get(reverse("projects:hq-variations"))
    assert len(page.context["page"].object_list) == rows
