"""The public showcase: a sponsored tie-up appears once its organisation agreed to
publication and HQ approved its story in both languages; withdrawing takes it off at once;
the page, the map and the table never show an amount, a score or a monitoring figure."""

import re

import pytest
from django.urls import reverse

from audit.models import AuditEvent
from regions.models import Sector
from showcase.models import ShowcaseEntry
from showcase.selectors import listed_filter, showcase_tie_ups
from showcase.services import (
    showcase_consent_set,
    showcase_story_approve,
    showcase_story_return,
    showcase_story_submit,
)
from tests.factories import UserFactory
from tests.projects.builders import held_activity, member_of, published_project

pytestmark = pytest.mark.django_db

STORY_JA = "茨城の部品メーカー6社がシュトゥットガルトの企業と共同開発を始めました。"
STORY_EN = "Six Ibaraki parts makers started joint development with Stuttgart firms."
YEN = re.compile(r"¥|円|JPY|\d{1,3}(,\d{3})+")


@pytest.fixture
def hq_staff():
    from accounts.enums import Role
    from accounts.services import hq_group_ensure

    user = UserFactory(role=Role.HQ_STAFF, is_staff=True)
    user.groups.add(hq_group_ensure())
    return user


def listed(hq_staff, **kwargs):
    """A project whose organisation agreed and whose story HQ approved."""
    project = published_project(**kwargs)
    member = member_of(project)
    held_activity(project, member)
    showcase_consent_set(project=project, by=member, consented=True)
    entry = showcase_story_submit(project=project, by=member, story_ja=STORY_JA,
                                  story_en=STORY_EN)
    showcase_story_approve(entry=entry, by=hq_staff)
    return project, member


def test_a_consenting_project_is_shown_and_a_non_consenting_one_is_not(client, hq_staff):
    project, member = listed(hq_staff)
    other = published_project()  # no consent, no story
    page = client.get(reverse("showcase:list"))
    assert page.status_code == 200
    html = page.content.decode()
    reference = project.application.reference
    assert reverse("showcase:detail", args=[reference]) in html
    assert other.application.reference not in html
    assert html.count("<line ") == 1  # one tie-up, one line on the map
    detail = client.get(reverse("showcase:detail", args=[reference]))
    assert detail.status_code == 200
    assert STORY_EN in detail.content.decode()
    japanese = client.get(reverse("showcase:detail", args=[reference]),
                          HTTP_ACCEPT_LANGUAGE="ja")
    assert STORY_JA in japanese.content.decode()
    assert client.get(reverse("showcase:detail",
                              args=[other.application.reference])).status_code == 404


def test_no_amount_score_or_figure_appears(client, hq_staff):
    project, member = listed(hq_staff)
    for url in (reverse("showcase:list"),
                reverse("showcase:detail", args=[project.application.reference])):
        for language in ("en", "ja"):
            html = client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
            text = re.sub(r"<[^>]+>", " ", html)
            assert not YEN.search(text), YEN.search(text)
            assert str(project.approved_total) not in html
            for word in ("score", "Score", "評点", "satisfaction", "満足度", "participants"):
                assert word not in text


def test_withdrawing_consent_takes_it_off_at_once_and_is_recorded(client, hq_staff):
    project, member = listed(hq_staff)
    url = reverse("showcase:detail", args=[project.application.reference])
    assert client.get(url).status_code == 200
    client.force_login(member)
    response = client.post(reverse("showcase:project", args=[project.pk]),
                           {"action": "consent"})  # unticked: withdrawn
    assert response.status_code == 302
    entry = ShowcaseEntry.objects.get(project=project)
    assert (entry.consented, entry.consent_changed_by) == (False, member)
    client.logout()
    assert client.get(url).status_code == 404
    assert project.application.reference not in client.get(
        reverse("showcase:list")).content.decode()
    assert list(AuditEvent.objects.filter(application=project.application)
                .order_by("pk").values_list("event", flat=True)) == [
        "showcase.consent_given", "showcase.story_submitted", "showcase.story_approved",
        "showcase.consent_withdrawn"]


def test_a_story_shows_only_once_hq_approved_it(client, hq_staff):
    project = published_project()
    member = member_of(project)
    client.force_login(member)
    client.post(reverse("showcase:project", args=[project.pk]),
                {"action": "consent", "consented": "on"})
    response = client.post(reverse("showcase:project", args=[project.pk]),
                           {"action": "story", "story_ja": STORY_JA, "story_en": STORY_EN})
    assert response.status_code == 302
    assert showcase_tie_ups() == []
    client.force_login(hq_staff)
    review = client.get(reverse("showcase:review"))
    assert STORY_EN in review.content.decode()
    entry = ShowcaseEntry.objects.get(project=project)
    client.post(reverse("showcase:review-decide", args=[entry.pk]), {"action": "return",
                                                                    "note": "Shorter."})
    entry.refresh_from_db()
    assert (entry.awaits_approval, entry.story_returned_note) == (False, "Shorter.")
    assert showcase_tie_ups() == []
    showcase_story_submit(project=project, by=member, story_ja=STORY_JA, story_en=STORY_EN)
    client.post(reverse("showcase:review-decide", args=[entry.pk]), {"action": "approve"})
    assert [t.reference for t in showcase_tie_ups()] == [project.application.reference]
    # A new draft keeps the approved text on the showcase until HQ approves it.
    showcase_story_submit(project=project, by=member, story_ja="新しい", story_en="New")
    assert showcase_tie_ups()[0].story == STORY_EN


def test_the_story_needs_both_languages_and_a_return_needs_a_comment(client, hq_staff):
    project = published_project()
    member = member_of(project)
    client.force_login(member)
    page = client.post(reverse("showcase:project", args=[project.pk]),
                       {"action": "story", "story_ja": STORY_JA, "story_en": "  "})
    assert page.status_code == 200
    assert "Enter the outcome story (English)." in page.content.decode()
    entry = showcase_story_submit(project=project, by=member, story_ja="a", story_en="b")
    with pytest.raises(Exception, match="Say what should change"):
        showcase_story_return(entry=entry, by=hq_staff, note=" ")


def test_filters_by_sector_and_year(client, hq_staff):
    first, _member = listed(hq_staff)
    other_sector = Sector.objects.exclude(pk=first.application.sector_id).first()
    second, _member = listed(hq_staff, application__sector=other_sector,
                             application__call__fiscal_year=2024)
    everything = client.get(reverse("showcase:list")).content.decode()
    assert first.application.reference in everything and \
        second.application.reference in everything
    by_sector = client.get(reverse("showcase:list"),
                           {"sector": other_sector.code}).content.decode()
    assert second.application.reference in by_sector
    assert first.application.reference not in by_sector
    by_year = client.get(reverse("showcase:list"), {"year": "2024"}).content.decode()
    assert second.application.reference in by_year
    assert first.application.reference not in by_year
    # An unknown filter shows everything rather than failing.
    assert client.get(reverse("showcase:list"), {"year": "x", "sector": "<b>"}).status_code \
        == 200


def test_listed_rule_twins():
    for consented in (True, False):
        for ja, en in (("a", "b"), ("", "b"), ("a", "")):
            entry = ShowcaseEntry(consented=consented, published_story_ja=ja,
                                  published_story_en=en)
            matches = ShowcaseEntry.objects.none()
            assert entry.is_listed == (consented and bool(ja and en))
    assert str(listed_filter()).count("published_story") == 2 and matches is not None


@pytest.mark.parametrize("rows", [1, 4])
def test_the_list_reads_a_fixed_number_of_queries(client, hq_staff, rows,
                                                  django_assert_max_num_queries):
    for _ in range(rows):
        listed(hq_staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("showcase:list")).status_code == 200


def test_the_project_page_shows_the_consent_with_who_and_when(client, hq_staff):
    project, member = listed(hq_staff)
    client.force_login(member)
    html = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert 'data-testid="showcase-panel"' in html
    assert "Publication agreed" in html
    assert member.email in html or member.get_full_name() in html
