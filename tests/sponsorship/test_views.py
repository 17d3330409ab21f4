"""Pages: the cost proposal table, the decision page, the HQ list, the applicant's panel."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from accounts.enums import Role
from applications.enums import ApplicationStatus as S
from sponsorship.decisions import sponsorship_decide
from sponsorship.enums import Activity, CostCategory, DecisionMode
from sponsorship.models import CostLine, SponsorshipDecision
from tests.factories import ApplicationFactory, CallFactory, OrganisationFactory, UserFactory
from tests.sponsorship.factories import CostLineFactory

# Constant whatever the number of rows (session, user, application, the cost totals in one
# aggregate, the application's checklist, the lines; transaction savepoints included).
QUERIES_COST_PAGE = 15
# Session, user, calls, budget, the count and the annotated page (savepoints included).
QUERIES_DECISION_LIST = 8
# The decision page: constant whatever the number of cost lines and versions.
QUERIES_DECISION_PAGE = 14  # 11 + the scores (assignments, agreed scores, settings)


def management(total: int, initial: int) -> dict:
    return {"lines-TOTAL_FORMS": str(total), "lines-INITIAL_FORMS": str(initial),
            "lines-MIN_NUM_FORMS": "0", "lines-MAX_NUM_FORMS": "200"}


def line_data(index: int, line: CostLine | None = None, **values) -> dict:
    data = {"activity": Activity.MATCHING_IN_JAPAN, "year": "1",
            "category": CostCategory.ACCOMMODATION, "description": "専門家の宿泊",
            "quantity": "12", "unit": "人泊", "unit_cost": "15000"}
    if line is not None:
        data.update(id=str(line.pk), activity=line.activity, year=str(line.year),
                    category=line.category, description=line.description,
                    quantity=str(line.quantity), unit=line.unit, unit_cost=str(line.unit_cost))
    data.update({k: str(v) for k, v in values.items()})
    return {f"lines-{index}-{key}": value for key, value in data.items()}


@pytest.fixture
def draft(applicant):
    return ApplicationFactory(organisation=applicant.organisation, duration_years=2)


def url(name: str, application) -> str:
    return reverse(f"sponsorship:{name}", kwargs={"pk": application.pk})


def test_applicant_sees_the_table_with_a_blank_row(client, applicant, draft):
    CostLineFactory(application=draft)
    client.force_login(applicant)

    response = client.get(url("cost-proposal", draft))

    assert response.status_code == 200
    assert response.templates[0].name == "sponsorship/cost_proposal.html"
    formset = response.context["formset"]
    assert (len(formset.forms), formset.initial_form_count()) == (2, 1)
    assert [item["key"] for item in response.context["section_nav"]
            if item["active"]] == ["costs"]
    assert b'data-testid="coverage-guidance"' in response.content


def test_no_js_add_row_saves_and_returns_with_blank_rows(client, applicant, draft):
    client.force_login(applicant)
    data = {**management(1, 0), **line_data(0), "add_row": ""}

    response = client.post(url("cost-proposal", draft), data)

    assert response.status_code == 302
    assert response["Location"] == url("cost-proposal", draft) + "?add=2"
    page = client.get(response["Location"])
    assert len(page.context["formset"].forms) == 3
    assert CostLine.objects.filter(application=draft).count() == 1


def test_posting_rows_creates_updates_and_removes(client, applicant, draft):
    keep = CostLineFactory(application=draft, description="keep")
    drop = CostLineFactory(application=draft, description="drop")
    client.force_login(applicant)
    data = {**management(4, 2),
            **line_data(0, keep, quantity=2),
            **line_data(1, drop, DELETE="on"),
            **line_data(2, activity=Activity.SEMINAR_ABROAD, category=CostCategory.VENUE,
                        description="会場", quantity=1, unit="日", unit_cost=400_000),
            **{f"lines-3-{k}": "" for k in ("activity", "category", "description",
                                            "quantity", "unit", "unit_cost")},
            "lines-3-year": "1"}

    response = client.post(url("cost-proposal", draft), data)

    assert response.status_code == 302
    assert list(CostLine.objects.filter(application=draft)
                .values_list("description", "quantity", "total")) == [
        ("keep", 2, 30_000), ("会場", 1, 400_000)]


def test_refused_category_is_shown_at_the_field_and_nothing_is_lost(client, applicant, draft):
    existing = CostLineFactory(application=draft, description="既存")
    client.force_login(applicant)
    data = {**management(2, 1), **line_data(0, existing, description="書き換え"),
            **line_data(1, activity=Activity.NETWORKING_ABROAD,
                        category=CostCategory.ACCOMMODATION, description="現地宿泊")}

    response = client.post(url("cost-proposal", draft), data)

    assert response.status_code == 200
    forms = response.context["formset"].forms
    assert forms[1].errors == {"category": [
        "“Accommodation” is not covered for “Networking in the foreign region”; the programme "
        "covers International airfare, Interpretation, Venue rental for this activity."]}
    assert forms[0].errors == {}
    # What was typed is kept in the page; nothing was saved.
    assert 'value="書き換え"' in response.content.decode()
    assert 'value="現地宿泊"' in response.content.decode()
    assert list(CostLine.objects.values_list("description", flat=True)) == ["既存"]


def test_refused_category_in_japanese(client, applicant, draft):
    client.force_login(applicant)
    data = {**management(1, 0), **line_data(0, activity=Activity.SEMINAR_JAPAN,
                                            category=CostCategory.ACCOMMODATION)}
    with translation.override("ja"):
        response = client.post(url("cost-proposal", draft), data, HTTP_ACCEPT_LANGUAGE="ja")
    assert response.context["formset"].forms[0].errors == {"category": [
        "「国内でのセミナー・シンポジウム」では「宿泊費」は支援の対象外です。この活動で対象と"
        "なる経費は 会場借料、通訳費、その他 です。"]}


def test_year_beyond_duration_is_refused_at_the_field(client, applicant, draft):
    client.force_login(applicant)
    response = client.post(url("cost-proposal", draft),
                           {**management(1, 0), **line_data(0, year=3)})
    assert response.context["formset"].forms[0].errors == {"year": [
        "Year 3 is outside the project's duration of 2 year(s); change the year or the "
        "duration in the overview."]}
    assert CostLine.objects.count() == 0


@pytest.mark.parametrize(("field", "value", "message"), [
    ("unit_cost", "1500.5", "Enter a whole number."),
    ("quantity", "0", "Ensure this value is greater than or equal to 1."),
    ("unit_cost", "-1", "Ensure this value is greater than or equal to 0."),
])
def test_money_and_quantities_are_whole_numbers(client, applicant, draft, field, value, message):
    client.force_login(applicant)
    response = client.post(url("cost-proposal", draft),
                           {**management(1, 0), **line_data(0, **{field: value})})
    assert response.context["formset"].forms[0].errors == {field: [message]}


def test_submitted_application_is_read_only(client, applicant):
    application = ApplicationFactory(organisation=applicant.organisation, status=S.SUBMITTED)
    line = CostLineFactory(application=application)
    client.force_login(applicant)

    page = client.get(url("cost-proposal", application))
    post = client.post(url("cost-proposal", application),
                       {**management(1, 1), **line_data(0, line, quantity=99)})

    assert page.templates[0].name == "sponsorship/cost_proposal_readonly.html"
    assert b"<form" not in page.content.split(b"<main")[1].split(b"language-switcher")[0]
    assert post.status_code == 302
    line.refresh_from_db()
    assert line.quantity == 3


def test_another_organisation_gets_404(client, draft):
    other = UserFactory(role=Role.APPLICANT, organisation=OrganisationFactory())
    client.force_login(other)
    for name in ("cost-proposal", "cost-proposal-export", "decide"):
        assert client.get(url(name, draft)).status_code == 404
    assert client.post(url("cost-proposal-import", draft)).status_code == 404


def test_hq_reads_the_cost_proposal(client, hq_staff, draft):
    CostLineFactory(application=draft)
    client.force_login(hq_staff)
    response = client.get(url("cost-proposal", draft))
    assert response.templates[0].name == "sponsorship/cost_proposal_readonly.html"
    assert response.context["totals"].grand == 45_000


def test_applicant_cannot_open_the_decision_page(client, applicant, draft):
    client.force_login(applicant)
    assert client.get(url("decide", draft)).status_code == 404
    assert client.get(reverse("sponsorship:decision-list")).status_code == 404


@pytest.mark.parametrize("lines", [1, 6])
def test_cost_proposal_page_query_count(client, applicant, draft, django_assert_num_queries,
                                        lines):
    for _ in range(lines):
        CostLineFactory(application=draft)
    client.force_login(applicant)
    client.get(url("cost-proposal", draft))  # warm the session and caches
    with django_assert_num_queries(QUERIES_COST_PAGE):
        response = client.get(url("cost-proposal", draft))
    assert len(response.context["formset"].forms) == lines + 1



def eligible(call, totals=(300_000, 200_000)):
    application = ApplicationFactory(call=call, status=S.ELIGIBLE)
    for total in totals:
        CostLineFactory(application=application, quantity=1, unit_cost=total)
    return application


@pytest.mark.parametrize(("typed", "missing", "message"), [
    ({"conditions": "年次報告を提出すること"}, "conditions_en",
     "Write the conditions in English too: the award letter's English page prints them."),
    ({"conditions_en": "Submit the yearly report."}, "conditions",
     "Write the conditions in Japanese too: the award letter's Japanese page prints them."),
])
def test_conditions_need_both_languages_and_the_typed_one_is_kept(client, hq_staff, typed,
                                                                  missing, message):
    application = eligible(CallFactory(budget_envelope=10_000_000))
    client.force_login(hq_staff)
    client.cookies.load({settings.LANGUAGE_COOKIE_NAME: "en"})

    response = client.post(url("decide", application), {
        "mode": DecisionMode.FULL, **typed,
        **{f"line_{line.pk}": line.total for line in application.cost_lines.all()}})

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {missing: [message]}
    assert [form[name].value() for name in typed] == list(typed.values())
    assert SponsorshipDecision.objects.filter(application=application).exists() is False


def test_decision_page_full_approval(client, hq_staff):
    application = eligible(CallFactory(budget_envelope=10_000_000))
    client.force_login(hq_staff)

    page = client.get(url("decide", application))
    response = client.post(url("decide", application), {
        "mode": DecisionMode.FULL, "conditions": "年次報告を提出すること",
        "conditions_en": "Submit the yearly report.",
        **{f"line_{line.pk}": line.total for line in application.cost_lines.all()}})

    assert page.context["budget"] == (10_000_000, 0, 10_000_000)
    assert response.status_code == 302
    decision = SponsorshipDecision.objects.get(application=application)
    assert (decision.approved_total, decision.conditions_ja, decision.conditions_en) == (
        500_000, "年次報告を提出すること", "Submit the yearly report.")
    after = client.get(url("decide", application))
    assert after.context["budget"] == (10_000_000, 500_000, 9_500_000)
    assert [(r["requested"], r["approved"]) for r in after.context["side_by_side"]] == [
        (500_000, 500_000)]
    assert [v.version for v in after.context["history"]] == [1]


def test_decision_page_per_line_amount_over_request_is_shown_at_the_line(client, hq_staff):
    application = eligible(CallFactory())
    big, small = application.cost_lines.order_by("-unit_cost")
    client.force_login(hq_staff)

    response = client.post(url("decide", application), {
        "mode": DecisionMode.PER_LINE, f"line_{big.pk}": 300_001, f"line_{small.pk}": 0})

    assert response.status_code == 200
    assert response.context["form"].errors == {
        f"line_{big.pk}": ["Ensure this value is less than or equal to 300000."]}
    assert SponsorshipDecision.objects.count() == 0


def test_decision_page_percentage_needs_a_share(client, hq_staff):
    application = eligible(CallFactory())
    client.force_login(hq_staff)
    response = client.post(url("decide", application), {"mode": DecisionMode.PERCENTAGE})
    assert response.context["form"].errors == {
        "percentage": ["Enter the share of the request to approve."]}


def test_decision_page_percentage_over_100_gets_one_message(client, hq_staff):
    application = eligible(CallFactory())
    client.force_login(hq_staff)
    response = client.post(url("decide", application),
                           {"mode": DecisionMode.PERCENTAGE, "percentage": "150"})
    assert response.context["form"].errors == {
        "percentage": ["Ensure this value is less than or equal to 100."]}
    assert response.context["form"]["percentage"].value() == "150"


def test_decision_page_envelope_message(client, hq_staff):
    call = CallFactory(budget_envelope=600_000)
    first, second = eligible(call), eligible(call)
    sponsorship_decide(application=first, by=hq_staff, mode=DecisionMode.FULL)
    client.force_login(hq_staff)

    response = client.post(url("decide", second), {"mode": DecisionMode.FULL})

    assert response.context["form"].non_field_errors() == [
        "Approving ¥500,000 would exceed the call's budget envelope: only ¥100,000 of "
        "¥600,000 remains. Nothing was saved."]
    assert response.context["budget"] == (600_000, 500_000, 100_000)


def test_decision_page_for_a_draft_has_no_form(client, hq_staff, draft):
    client.force_login(hq_staff)
    response = client.get(url("decide", draft))
    assert response.context["can_decide"] is False
    assert b'data-testid="decision-form"' not in response.content


@pytest.mark.parametrize("rows", [1, 5])
def test_decision_list_query_count(client, hq_staff, django_assert_num_queries, rows):
    call = CallFactory()
    applications = [eligible(call) for _ in range(rows)]
    sponsorship_decide(application=applications[0], by=hq_staff,
                       mode=DecisionMode.PERCENTAGE, percentage=Decimal("50"))
    ApplicationFactory(call=call, status=S.SUBMITTED)  # not decidable: not listed
    client.force_login(hq_staff)
    client.get(reverse("sponsorship:decision-list"))
    with django_assert_num_queries(QUERIES_DECISION_LIST):
        response = client.get(reverse("sponsorship:decision-list"), {"call": call.pk})
    listed = {a.pk: (a.requested_total, a.approved_total) for a in
              response.context["page"]}
    assert listed == {a.pk: (500_000, 250_000 if a == applications[0] else 0)
                      for a in applications}


def test_decision_list_pages_keep_the_call_and_the_budget_is_the_whole_calls(
        client, hq_staff, django_assert_num_queries, monkeypatch):
    monkeypatch.setattr("rit_portal.pagination.PAGE_SIZE", 2)
    call = CallFactory(budget_envelope=10_000_000)
    CallFactory(fiscal_year=2030)  # the newest call: the list opens on it unless told
    applications = sorted((eligible(call) for _ in range(3)), key=lambda a: a.reference or "")
    # By status (approved before eligible), then reference.
    sponsorship_decide(application=applications[0], by=hq_staff, mode=DecisionMode.FULL)
    client.force_login(hq_staff)
    first = client.get(reverse("sponsorship:decision-list"), {"call": call.pk})
    assert f'href="?call={call.pk}&amp;page=2"' in first.content.decode()
    with django_assert_num_queries(QUERIES_DECISION_LIST):
        second = client.get(reverse("sponsorship:decision-list"), {"call": call.pk, "page": 2})
    assert ([a.pk for a in first.context["page"]], [a.pk for a in second.context["page"]]) == (
        [a.pk for a in applications[:2]], [applications[2].pk])
    assert tuple(second.context["budget"]) == (10_000_000, 500_000, 9_500_000)



def test_panel_shows_approved_lines_to_the_applicant_only_once_published(client, applicant,
                                                                          hq_staff):
    application = eligible(CallFactory(), totals=(400_000,))
    application.organisation = applicant.organisation
    application.save()
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PERCENTAGE,
                       percentage=Decimal("75"))
    from django.template import Context, Template

    template = Template("{% load sponsorship_panels %}{% sponsorship_panel application %}")

    def panel(user):
        application.refresh_from_db()
        return template.render(Context({"application": application, "user": user}))

    assert 'data-testid="approved-lines"' not in panel(applicant)
    assert 'data-testid="approved-lines"' in panel(hq_staff)
    application.decision_published_at = timezone.now()
    application.save()
    html = panel(applicant)
    assert 'data-testid="approved-lines"' in html
    assert "¥400,000" in html and "¥300,000" in html


@pytest.mark.parametrize(("language", "heading", "approved_header"), [
    ("en", "Requested and approved, per year and activity", "Approved (v1)"),
    ("ja", "年度・活動ごとの申請額と承認額", "承認額 (v1)"),
])
def test_decision_page_in_both_languages(client, hq_staff, language, heading, approved_header):
    application = eligible(CallFactory(), totals=(400_000,))
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PERCENTAGE,
                       percentage=Decimal("75"))
    client.force_login(hq_staff)
    with translation.override(language):
        response = client.get(url("decide", application), HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h2 class="h5">{heading}</h2>' in html
    assert approved_header in html
    side = html.split('data-testid="side-by-side"')[1].split("</table>")[0]
    assert side.count("¥400,000") == 2 and side.count("¥300,000") == 2  # line and total


@pytest.mark.parametrize(("language", "title"), [
    ("en", "Sponsorship approved (version 1)"),
    ("ja", "支援承認額（第1版）"),
])
def test_applicant_panel_in_both_languages(applicant, hq_staff, language, title):
    from django.template import Context, Template

    application = eligible(CallFactory(), totals=(400_000, 100_000))
    application.organisation = applicant.organisation
    application.save()
    big, small = application.cost_lines.order_by("-unit_cost")
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PER_LINE,
                       line_amounts={big.pk: 250_000, small.pk: 100_000})
    application.refresh_from_db()
    application.decision_published_at = timezone.now()
    application.save()
    template = Template("{% load sponsorship_panels %}{% sponsorship_panel application %}")
    with translation.override(language):
        html = template.render(Context({"application": application, "user": applicant}))
    assert title in html
    table = html.split('data-testid="approved-lines"')[1].split("</table>")[0]
    rows = [row.split("</tr>")[0] for row in table.split("<tr")[2:]]
    amounts = [[cell.split(">", 1)[1].split("</td>")[0]
                for cell in row.split('<td class="money"')[1:]] for row in rows]
    assert amounts == [["¥400,000", "¥250,000"], ["¥100,000", "¥100,000"],
                       ["¥500,000", "¥350,000"]]
    # On a phone the rows stack (.table-stack), each amount led by its column's name.
    assert 'table-stack" data-testid="approved-lines"' in html
    assert table.count('data-label="') == 3 * 4 + 2


@pytest.mark.parametrize("lines", [1, 5])
def test_decision_page_query_count(client, hq_staff, django_assert_num_queries, lines):
    application = eligible(CallFactory(), totals=[100_000 * (n + 1) for n in range(lines)])
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.FULL)
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PERCENTAGE,
                       percentage=Decimal("50"))
    client.force_login(hq_staff)
    client.get(url("decide", application))
    # Session, user, application, lines, decision with its lines, scores, budget, side by side,
    # versions, permissions (savepoints included): the same for any number of lines.
    with django_assert_num_queries(QUERIES_DECISION_PAGE):
        response = client.get(url("decide", application))
    assert len(response.context["rows"]) == lines


@pytest.mark.parametrize(("language", "heading", "approved"), [
    ("en", "Result of the selection", "Approved sponsorship"),
    ("ja", "選考結果", "支援承認額"),
])
def test_the_applicant_reads_the_published_result_first(client, applicant, hq_staff, language,
                                                       heading, approved):
    """Issue 29: the decision and the approved total head the applicant's page once the
    decision is published, before the assessment and the application itself; never
    before publication, and not on HQ's page (HQ has the board)."""
    application = eligible(CallFactory(), totals=(400_000,))
    application.organisation = applicant.organisation
    application.save()
    sponsorship_decide(application=application, by=hq_staff, mode=DecisionMode.PERCENTAGE,
                       percentage=Decimal("75"))
    page = reverse("applications:detail", args=[application.pk])

    def read(user):
        client.force_login(user)
        response = client.get(page, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == 200
        return response.content.decode()

    assert 'data-testid="result"' not in read(applicant)
    application.refresh_from_db()
    application.decision_published_at = timezone.now()
    application.save()
    html = read(applicant)
    result = html.split('data-testid="result"')[1].split("</section>")[0]
    assert heading in result and approved in result
    assert 'data-testid="result-approved">¥300,000</dd>' in result
    assert 'data-status="approved"' in result
    # The result, then the approved lines, then the application's sections.
    assert (html.index('data-testid="result"') < html.index('data-testid="approved-lines"')
            < html.index('id="overview"'))
    assert 'data-testid="result"' not in read(hq_staff)
