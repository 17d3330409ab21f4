"""Public call pages without login: listing, guidance, rules, self-check, sharing links."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from accounts.referrals import SESSION_KEY
from applications.selectors import referral_report
from applications.self_check import eligibility_self_check
from regions.models import Sector
from tests.factories import ApplicationFactory, CallFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
JST = ZoneInfo("Asia/Tokyo")

ALL_YES = {"is_japanese_organisation": "yes", "companies_contacted": "yes",
           "consortium_size": "6", "clear_prospects": "yes", "prior_contact": "yes",
           "partner_interest": "yes", "duration_years": "2"}


def use(client, language: str) -> None:
    client.post(reverse("set_language"), {"language": language, "next": "/"})


def test_public_home_lists_open_and_upcoming_calls_only(client):
    now = timezone.now()
    open_call = CallFactory(fiscal_year=2027, title_en="Open call")
    upcoming = CallFactory(fiscal_year=2028, title_en="Upcoming call",
                           opens_at=now + dt.timedelta(days=5),
                           closes_at=now + dt.timedelta(days=50))
    CallFactory(fiscal_year=2026, title_en="Closed call", opens_at=now - dt.timedelta(days=50),
                closes_at=now - dt.timedelta(days=1))
    CallFactory(fiscal_year=2029, title_en="Draft call", is_published=False)
    use(client, "en")
    response = client.get(reverse("public-home"))
    assert [c.pk for c in response.context["calls"]] == [open_call.pk, upcoming.pk]
    content = response.content.decode()
    assert ("Open call" in content, "Upcoming call" in content, "Closed call" in content,
            "Draft call" in content) == (True, True, False, False)


def test_public_home_without_calls_says_so(client):
    use(client, "en")
    content = client.get(reverse("public-home")).content.decode()
    assert "No call is open at the moment. The next call will be announced here." in content


@pytest.mark.parametrize("n_calls", [1, 3])
def test_public_home_query_count(client, django_assert_num_queries, n_calls):
    for year in range(n_calls):
        call = CallFactory(fiscal_year=2027 + year)
        call.focus_sectors.set(Sector.objects.filter(is_focus=True, parent__isnull=True))
    # savepoint pair (ATOMIC_REQUESTS), calls, their sectors; anonymous: no session read
    with django_assert_num_queries(4):
        response = client.get(reverse("public-home"))
    assert len(response.context["calls"]) == n_calls


def _call():
    call = CallFactory(
        title_ja="2027年度 RIT 募集", title_en="FY2027 RIT call",
        guidance_ja="日本語の募集要項です。", guidance_en="The English guidance.",
        opens_at=dt.datetime(2026, 11, 1, 10, 0, tzinfo=JST),
        closes_at=dt.datetime(2027, 1, 31, 23, 59, 59, tzinfo=JST),
        budget_envelope=150_000_000, cost_cap=15_000_000,
    )
    call.focus_sectors.set(Sector.objects.filter(code__in=["machinery", "life-science"]))
    return call


@pytest.mark.parametrize(("language", "expected"), [
    ("en", ["FY2027 RIT call", "The English guidance.", "31 January 2027, 23:59 (JST)",
            "¥150,000,000 (about €937,500)", "¥15,000,000",  # the one yen format
            "Machinery and parts, Life science",
            "applies on behalf of at least 5 companies.",
            "Sponsorship is paid to the organisation, never to an individual firm.",
            "A project runs from 1 to 3 years.", "Local companies engaged",
            "Register your organisation to apply"]),
    ("ja", ["2027年度 RIT 募集", "日本語の募集要項です。", "2027年1月31日 23:59（日本時間）",
            "機械・部品、ライフサイエンス", "登録"]),
])
def test_call_page_for_an_anonymous_visitor(client, language, expected):
    call = _call()
    use(client, language)
    response = client.get(reverse("call-detail", args=[call.pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert [text for text in expected if text not in content] == []


def test_draft_call_is_404_for_the_public_and_a_preview_for_hq(client, hq_staff, applicant):
    call = CallFactory(is_published=False)
    url = reverse("call-detail", args=[call.pk])
    assert client.get(url).status_code == 404
    client.force_login(applicant)
    assert client.get(url).status_code == 404
    client.force_login(hq_staff)
    use(client, "en")
    response = client.get(url)
    assert response.status_code == 200
    assert "Preview: this call is a draft and not visible to the public." in (
        response.content.decode())


def test_self_check_all_yes_qualifies(client):
    call = _call()
    use(client, "en")
    response = client.get(reverse("call-detail", args=[call.pk]), ALL_YES)
    result = response.context["result"]
    assert (result.eligible, result.failures) == (True, [])
    assert "Yes: from your answers, your organisation meets the rules of this call." in (
        response.content.decode())


@pytest.mark.parametrize(("answer", "topic", "reason"), [
    ({"is_japanese_organisation": "no"}, "Applicant",
     "Only a Japanese organisation acting for a group of companies can apply; funds go to the "
     "organisation, never to an individual firm."),
    ({"companies_contacted": "no"}, "Criterion 1: local companies engaged",
     "You first need to contact local companies that wish to collaborate with companies in the "
     "foreign region."),
    ({"consortium_size": "4"}, "Consortium size",
     "The consortium needs at least 5 companies; you have 4."),
    ({"clear_prospects": "no"}, "Criterion 2: clear prospects",
     "The project must be expected to develop your region's industries or technologies, "
     "leading to new products or business tie-ups."),
    ({"prior_contact": "no"}, "Criterion 3: prior contact",
     "Some earlier contact with the foreign region (a visit, meeting or event) is required."),
    ({"partner_interest": "no"}, "Criterion 3: confirmed interest",
     "The foreign region must confirm its interest in collaborating, by letter or online "
     "through the portal."),
    ({"duration_years": "4"}, "Project duration", "Projects run from 1 to 3 years."),
])
def test_self_check_each_failing_rule_gives_its_reason(client, answer, topic, reason):
    call = _call()
    use(client, "en")
    response = client.get(reverse("call-detail", args=[call.pk]), {**ALL_YES, **answer})
    result = response.context["result"]
    assert result.eligible is False
    assert [(line.topic, line.reason) for line in result.failures] == [(topic, reason)]
    content = response.content.decode()
    assert "Not yet: from your answers, an application would not meet these rules:" in content
    assert f"{topic}: {reason}".replace("'", "&#x27;") in content


def test_self_check_boundary_of_the_consortium_size():
    call = CallFactory(min_consortium_size=5)
    answers = {"is_japanese_organisation": True, "companies_contacted": True,
               "clear_prospects": True, "prior_contact": True, "partner_interest": True,
               "duration_years": 3}
    with translation.override("en"):
        assert eligibility_self_check(call=call, consortium_size=5, **answers).eligible is True
        assert eligibility_self_check(call=call, consortium_size=4, **answers).eligible is False


def test_self_check_answers_in_japanese(client):
    call = _call()
    use(client, "ja")
    response = client.get(reverse("call-detail", args=[call.pk]),
                          {**ALL_YES, "consortium_size": "3"})
    content = response.content.decode()
    assert "コンソーシアムには5社以上が必要です（現在3社）。" in content


def test_incomplete_self_check_shows_field_errors_and_keeps_answers(client):
    call = _call()
    use(client, "en")
    response = client.get(reverse("call-detail", args=[call.pk]),
                          {"consortium_size": "6", "prior_contact": "yes"})
    form = response.context["form"]
    assert response.context["result"] is None
    assert sorted(form.errors) == ["clear_prospects", "companies_contacted", "duration_years",
                                   "is_japanese_organisation", "partner_interest"]
    assert (form["consortium_size"].value(), form["prior_contact"].value()) == ("6", "yes")


def test_share_links_carry_a_referral_source_per_channel(client):
    call = _call()
    use(client, "en")
    response = client.get(reverse("call-detail", args=[call.pk]))
    links = {str(label): link for label, link in response.context["share_links"]}
    base = f"http://testserver/calls/{call.pk}/"
    assert links == {
        "Chambers of commerce and industry": f"{base}?ref=chamber",
        "Regional business associations": f"{base}?ref=association",
        "Prefectural and municipal governments": f"{base}?ref=prefecture",
        "Embassies and consulates": f"{base}?ref=embassy",
        "JETRO offices": f"{base}?ref=jetro-office",
        "Newsletters and mailing lists": f"{base}?ref=newsletter",
    }
    assert f'value="{base}?ref=embassy"' in response.content.decode()


@pytest.mark.parametrize(("ref", "kept"), [
    ("embassy-de", "embassy-de"), ("Chamber Osaka", "chamber-osaka"),
    ("<script>", "script"), ("", None),
])
def test_a_shared_link_keeps_its_source_in_the_session(client, ref, kept):
    call = _call()
    client.get(reverse("call-detail", args=[call.pk]), {"ref": ref})
    assert client.session.get(SESSION_KEY) == kept


def test_the_first_source_seen_is_kept(client):
    call = _call()
    client.get(reverse("call-detail", args=[call.pk]), {"ref": "embassy-de"})
    client.get(reverse("public-home"), {"ref": "newsletter"})
    assert client.session[SESSION_KEY] == "embassy-de"


def test_referral_report_counts_organisations_and_applications(client, hq_staff):
    call, other = CallFactory(fiscal_year=2027), CallFactory(fiscal_year=2026)
    embassy = OrganisationFactory.create_batch(2, referral_source="embassy-de")
    chamber = OrganisationFactory(referral_source="chamber")
    OrganisationFactory(referral_source="")
    ApplicationFactory(call=call, organisation=embassy[0], reference="RIT-FY2027-0001",
                       sequence=1, status="submitted")
    ApplicationFactory(call=call, organisation=embassy[1])
    ApplicationFactory(call=other, organisation=chamber)
    assert referral_report(call=call) == [
        {"referral_source": "embassy-de", "visits": 0, "organisations": 2,
         "applications": 2, "submitted": 1},
        {"referral_source": "", "visits": 0, "organisations": 1,
         "applications": 0, "submitted": 0},
        {"referral_source": "chamber", "visits": 0, "organisations": 1,
         "applications": 0, "submitted": 0},
    ]
    assert referral_report() == [
        {"referral_source": "embassy-de", "visits": 0, "organisations": 2,
         "applications": 2, "submitted": 1},
        {"referral_source": "", "visits": 0, "organisations": 1,
         "applications": 0, "submitted": 0},
        {"referral_source": "chamber", "visits": 0, "organisations": 1,
         "applications": 1, "submitted": 0},
    ]
    client.force_login(hq_staff)
    use(client, "en")
    response = client.get(reverse("applications:referral-report"), {"call": call.pk})
    assert [(r["referral_source"], r["channel"]) for r in response.context["page"]] == [
        ("embassy-de", "Embassies and consulates"), ("", ""),
        ("chamber", "Chambers of commerce and industry")]


@pytest.mark.parametrize("n_sources", [1, 4])
def test_referral_report_query_count(client, hq_staff, django_assert_num_queries, n_sources):
    call = CallFactory()
    for i in range(n_sources):
        ApplicationFactory(call=call, organisation=OrganisationFactory(referral_source=f"s{i}"))
    client.force_login(hq_staff)
    # savepoint pair, session, user, calls, report (organisations, visits)
    with django_assert_num_queries(7):
        response = client.get(reverse("applications:referral-report"))
    assert len(response.context["page"]) == n_sources
