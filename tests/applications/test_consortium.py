"""The consortium: SME status, the minimum size, duplicates, corporate numbers, CSV upload."""

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from accounts.validators import corporate_number_check_digit
from applications.completeness import application_checklist
from applications.enums import Industry
from applications.models import ConsortiumMember
from applications.services import (
    ConsortiumCsvError,
    consortium_import_csv,
    consortium_member_create,
    normalised_firm_name,
)
from applications.sme import sme_status_for
from tests.applications.builders import applicant_of
from tests.factories import ApplicationFactory, ConsortiumMemberFactory

pytestmark = pytest.mark.django_db
M = 1_000_000


def valid_corporate_number(body: str = "234567890123") -> str:
    return f"{corporate_number_check_digit(body)}{body}"


def wrong_check_digit(body: str = "234567890123") -> str:
    return f"{(corporate_number_check_digit(body) + 1) % 10}{body}"


@pytest.mark.parametrize(("industry", "capital", "employees", "expected"), [
    # At the limit (either criterion) is an SME; one above both is not.
    (Industry.MANUFACTURING, 300 * M, 10_000, True),
    (Industry.MANUFACTURING, 10**12, 300, True),
    (Industry.MANUFACTURING, 300 * M + 1, 301, False),
    (Industry.OTHER, 300 * M, 301, True),
    (Industry.OTHER, 300 * M + 1, 301, False),
    (Industry.WHOLESALE, 100 * M, 101, True),
    (Industry.WHOLESALE, 100 * M + 1, 100, True),
    (Industry.WHOLESALE, 100 * M + 1, 101, False),
    (Industry.SERVICE, 50 * M, 101, True),
    (Industry.SERVICE, 50 * M + 1, 100, True),
    (Industry.SERVICE, 50 * M + 1, 101, False),
    (Industry.RETAIL, 50 * M, 51, True),
    (Industry.RETAIL, 50 * M + 1, 50, True),
    (Industry.RETAIL, 50 * M + 1, 51, False),
])
def test_sme_status_at_each_boundary_of_the_sme_basic_act(industry, capital, employees,
                                                          expected):
    assert sme_status_for(industry=industry, capital_yen=capital, employees=employees) is expected


def member_data(**overrides):
    data = {"name": "株式会社ミト精機", "corporate_number": "", "industry": Industry.MANUFACTURING,
            "capital_yen": 30 * M, "employees": 45, "interest": "共同開発"}
    return {**data, **overrides}


def test_fewer_firms_than_the_minimum_is_reported_with_a_clear_message():
    application = ApplicationFactory()
    ConsortiumMemberFactory.create_batch(4, application=application)
    item = next(i for i in application_checklist(application=application)
                if i.section == "consortium")
    assert item.problem == "The consortium has 4 firms; the call requires at least 5."
    ConsortiumMemberFactory(application=application)
    item = next(i for i in application_checklist(application=application)
                if i.section == "consortium")
    assert item.ok


SAME_NAME = "“%s” is already in the consortium; a firm can appear only once."
SAME_NUMBER = ("“%s” already has this corporate number in the consortium; a firm can appear "
               "only once.")


@pytest.mark.parametrize(("existing", "new", "field", "message"), [
    ({"name": "株式会社ミト精機"}, {"name": "ミト精機株式会社"}, "name",
     SAME_NAME % "株式会社ミト精機"),
    ({"name": "株式会社ミト精機"}, {"name": "（株）ミト　精機"}, "name",
     SAME_NAME % "株式会社ミト精機"),
    ({"name": "Mito Seiki Co., Ltd."}, {"name": "MITO SEIKI"}, "name",
     SAME_NAME % "Mito Seiki Co., Ltd."),
    ({"name": "株式会社ミト精機", "corporate_number": valid_corporate_number()},
     {"name": "別名商事", "corporate_number": valid_corporate_number()}, "corporate_number",
     SAME_NUMBER % "株式会社ミト精機"),
])
def test_the_same_firm_cannot_appear_twice(existing, new, field, message):
    application = ApplicationFactory()
    user = applicant_of(application.organisation)
    consortium_member_create(application=application, by=user, **member_data(**existing))
    with pytest.raises(ValidationError) as exc:
        consortium_member_create(application=application, by=user, **member_data(**new))
    assert exc.value.message_dict == {field: [message]}
    assert application.consortium_members.count() == 1


def test_normalised_name_ignores_legal_form_width_and_spaces():
    assert normalised_firm_name("株式会社 ＡＢＣ工業") == normalised_firm_name("ABC工業(株)")
    assert normalised_firm_name("ABC工業") != normalised_firm_name("ABD工業")


def test_invalid_corporate_check_digit_is_refused_at_the_field(client):
    application = ApplicationFactory()
    user = applicant_of(application.organisation)
    client.force_login(user)
    data = {f"member-{k}": v for k, v in member_data(corporate_number=wrong_check_digit(),
                                                     capital_yen="３０,０００,０００").items()}
    response = client.post(reverse("applications:section-consortium", args=[application.pk]),
                           data)
    assert response.status_code == 200
    form = response.context["member_form"]
    assert form.errors == {"corporate_number": [
        "The check digit of this corporate number is wrong; please check the number."]}
    # What was typed is kept.
    assert form["name"].value() == "株式会社ミト精機"
    assert application.consortium_members.count() == 0


def test_a_firm_is_added_with_its_sme_status_shown(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    url = reverse("applications:section-consortium", args=[application.pk])
    data = {f"member-{k}": v for k, v in member_data(
        corporate_number=valid_corporate_number(), industry=Industry.RETAIL,
        capital_yen=80 * M, employees=51).items()}
    response = client.post(url, data)
    assert response.status_code == 302
    member = application.consortium_members.get()
    assert (member.name, member.capital_yen, member.employees) == ("株式会社ミト精機", 80 * M, 51)
    page = client.get(url)
    assert [m.is_sme for m in page.context["members"]] == [False]
    assert "Not an SME" in page.content.decode()


def test_duplicate_added_through_the_form_shows_the_message_at_the_field(client):
    application = ApplicationFactory()
    ConsortiumMemberFactory(application=application, name="株式会社ミト精機")
    client.force_login(applicant_of(application.organisation))
    with translation.override("ja"):
        response = client.post(
            reverse("applications:section-consortium", args=[application.pk]),
            {f"member-{k}": v for k, v in member_data(name="ミト精機").items()},
            HTTP_ACCEPT_LANGUAGE="ja")
    assert response.status_code == 200
    assert list(response.context["member_form"].errors) == ["name"]


CSV_HEADER = "name,corporate_number,industry,capital_yen,employees,interest\n"


def test_csv_with_good_rows_adds_every_firm():
    application = ApplicationFactory()
    user = applicant_of(application.organisation)
    content = (CSV_HEADER
               + f"株式会社A製作所,{valid_corporate_number()},manufacturing,30000000,45,開発\n"
               + "B商事株式会社,,卸売業,\"100,000,000\",101,輸出\n"
               + "C サービス,,service,50000001,120,市場開拓\n")
    added = consortium_import_csv(application=application, by=user, content=content)
    assert [(m.name, m.industry, m.capital_yen, m.employees) for m in added] == [
        ("株式会社A製作所", "manufacturing", 30 * M, 45),
        ("B商事株式会社", "wholesale", 100 * M, 101),
        ("C サービス", "service", 50 * M + 1, 120),
    ]
    assert application.consortium_members.count() == 3


def test_csv_with_bad_rows_saves_nothing_and_reports_each_row_with_its_line(client):
    application = ApplicationFactory()
    ConsortiumMemberFactory(application=application, name="株式会社既存工業")
    client.force_login(applicant_of(application.organisation))
    content = (CSV_HEADER
               + "株式会社A製作所,,manufacturing,30000000,45,開発\n"
               + f"B工業,{wrong_check_digit()},manufacturing,10000000,20,開発\n"
               + "既存工業,,manufacturing,10000000,20,開発\n"
               + "A製作所,,retail,1000,abc,開発\n")
    upload = SimpleUploadedFile("firms.csv", content.encode("cp932"), content_type="text/csv")
    response = client.post(reverse("applications:consortium-csv", args=[application.pk]),
                           {"csv-file": upload})
    assert response.status_code == 200
    errors = response.context["csv_errors"]
    assert [e.row for e in errors] == [3, 4, 5]
    assert errors[0].messages == ["corporate number: The check digit of this corporate number "
                                  "is wrong; please check the number."]
    assert errors[1].messages == ["firm name: “株式会社既存工業” is already in the consortium; a "
                                  "firm can appear only once."]
    # The one CSV number rule's message (it was Django's "value must be an integer").
    assert errors[2].messages == ["regular employees must be a whole number: “abc”.",
                                  "Same firm as line 2 of this file."]
    assert application.consortium_members.count() == 1
    # The file's content stays on the page to be corrected in place.
    assert response.context["csv_form"]["content"].value() == content


def test_csv_without_the_header_is_refused_with_the_missing_columns():
    application = ApplicationFactory()
    user = applicant_of(application.organisation)
    with pytest.raises(ConsortiumCsvError) as exc:
        consortium_import_csv(application=application, by=user, content="name,industry\nA,retail\n")
    assert [(e.row, e.messages) for e in exc.value.errors] == [(1, [
        "The header row must name the columns name, corporate_number, industry, capital_yen, "
        "employees, interest; missing: corporate_number, capital_yen, employees, interest."])]
    assert ConsortiumMember.objects.count() == 0


def test_csv_template_download(client):
    application = ApplicationFactory()
    client.force_login(applicant_of(application.organisation))
    response = client.get(reverse("applications:consortium-csv-template", args=[application.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    # With a byte-order mark, as every CSV download, for Japanese Excel.
    assert response.content.startswith("\ufeff".encode())
    assert response.content.decode("utf-8-sig").splitlines()[0] == CSV_HEADER.strip()


def test_member_edit_and_delete(client):
    application = ApplicationFactory()
    member = ConsortiumMemberFactory(application=application, name="株式会社ミト精機")
    client.force_login(applicant_of(application.organisation))
    url = reverse("applications:member-edit", args=[application.pk, member.pk])
    data = {f"member-{k}": v for k, v in member_data(name="株式会社ミト精機", employees=46).items()}
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert member.employees == 46
    client.post(reverse("applications:member-delete", args=[application.pk, member.pk]))
    assert application.consortium_members.count() == 0
