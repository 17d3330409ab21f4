"""Key pages rendered in each language carry none of the other language's conventions:
no "FY2027" or "(JST)" on a Japanese page, no 、 （） 年度 日本時間 between the English words of
an English page (rit_portal/conventions.py writes them; user data may be in either)."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from accounts.enums import Role
from tests.factories import UserFactory
from tests.projects.builders import member_of, published_project

pytestmark = pytest.mark.django_db

# A fiscal year written the English way, not inside a reference such as RIT-FY2027-0001.
ENGLISH_FISCAL_YEAR = re.compile(r"(?<![-\w])FY\d{4}")
SLIPS = {
    "ja": [ENGLISH_FISCAL_YEAR, re.compile(r"\(JST\)|\bJST\b")],
    # Japanese punctuation or markers between Latin words: what the portal itself writes.
    "en": [re.compile(r"[A-Za-z)]\s?[、（）]\s?[A-Za-z(]"), re.compile(r"日本時間|\d年度")],
}


def visible_text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"<[^>]+>", " ", html)


@pytest.fixture
def pages(client):
    project = published_project()
    application = project.application
    application.objectives = ["export", "joint_development"]
    application.save(update_fields=["objectives"])
    hq = UserFactory(role=Role.HQ_STAFF)
    return project, [
        (None, reverse("call-detail", args=[application.call.pk])),
        (member_of(project), reverse("applications:list")),
        (member_of(project), reverse("applications:detail", args=[application.pk])),
        (member_of(project), reverse("projects:detail", args=[project.pk])),
        (hq, reverse("applications:detail", args=[application.pk])),
        (hq, reverse("projects:list")),
        (hq, reverse("monitoring:dashboard")),
    ]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_key_pages_have_no_slip_of_the_other_language(client, pages, language):
    _project, urls = pages
    found = []
    for user, url in urls:
        client.logout()
        if user:
            client.force_login(user)
        client.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
        response = client.get(url)
        assert response.status_code == 200, url
        text = visible_text(response.content.decode())
        found += [(url, match.group()) for pattern in SLIPS[language]
                  for match in pattern.finditer(text)]
    assert found == [], found
