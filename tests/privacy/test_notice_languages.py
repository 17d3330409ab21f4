"""The privacy notice in the partner languages (rit_portal/partner_languages.py): a foreign
partner reaching it from a page in German, French, Korean, Vietnamese or Traditional
Chinese reads the whole notice translated, marked as a translation with the Japanese text
authoritative; the same chooser and English where a text (or a version's translation) is
missing; Japanese and English readers keep the site's language."""

import re

import pytest
from django.urls import reverse

from privacy.models import NoticeTranslation
from privacy.notice_v1 import TEXT_EN, TEXT_JA
from privacy.notice_v1_translations import TEXTS
from privacy.services import notice_current, notice_publish
from tests.project.test_partner_languages import FOREIGN, KANA, recorded_messages, translated

pytestmark = pytest.mark.django_db

HEADINGS = {"de": "1. Wer Ihre personenbezogenen Daten verarbeitet",
            "fr": "1. Qui traite vos données personnelles",
            "ko": "1. 개인정보를 취급하는 자", "vi": "1. Đơn vị xử lý dữ liệu cá nhân của bạn",
            "zh-hant": "1. 個人資料的處理者"}


def headings(text: str) -> list[str]:
    return re.findall(r"^# (.+)$", text, re.M)


def test_version_1_is_translated_whole_into_every_partner_language():
    notice = notice_current()
    rows = {t.language: t for t in NoticeTranslation.objects.filter(notice=notice)}
    assert sorted(rows) == sorted(FOREIGN) == sorted(TEXTS)
    for language, row in rows.items():
        assert row.text == TEXTS[language]
        # Every section and every paragraph of the original, in the same order.
        assert len(headings(row.text)) == len(headings(TEXT_JA)) == len(headings(TEXT_EN)) == 8
        assert [h.split(".")[0] for h in headings(row.text)] == [str(n) for n in range(1, 9)]
        assert len(row.blocks()) == len(notice.blocks())
        assert row.text.count("\n") == TEXT_EN.count("\n")
        assert "JETRO" in row.text and "RIT" in row.text


@pytest.mark.parametrize("language", FOREIGN)
def test_the_notice_page_in_each_partner_language(client, language):
    with recorded_messages() as seen:
        page = client.get(reverse("privacy:notice"), {"lang": language})
    assert page.status_code == 200
    assert page["Content-Language"] == language
    html = page.content.decode()
    assert f'<html lang="{language}">' in html
    assert HEADINGS[language] in html
    assert 'data-testid="notice-translation"' in html and 'href="?lang=ja"' in html
    assert f'data-testid="notice-text" lang="{language}"' in html
    assert 'data-testid="partner-languages"' in html
    missing = sorted(str(m) for lang, m in seen if lang == language and not translated(lang, m))
    assert missing == [], f"{language}: add these to partner_locale/{language}/LC_MESSAGES"
    chooser = re.compile(r'<nav [^>]*data-testid="partner-languages".*?</nav>', re.S)
    assert not KANA.search(chooser.sub("", html))


def test_a_german_browser_gets_the_german_notice_and_the_chooser_wins():
    from django.test import Client

    client = Client(HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5")
    assert client.get(reverse("privacy:notice"))["Content-Language"] == "de"
    assert client.get(reverse("privacy:notice"), {"lang": "ja"})["Content-Language"] == "ja"
    assert client.get(reverse("privacy:notice"), {"lang": "xx"})["Content-Language"] == "de"


@pytest.mark.parametrize("language", ["ja", "en"])
def test_japanese_and_english_readers_keep_the_site_s_language_with_links_to_the_others(
        client, language):
    client.cookies["django_language"] = language
    page = client.get(reverse("privacy:notice"), HTTP_ACCEPT_LANGUAGE="ja,en")
    assert page["Content-Language"] == language
    html = page.content.decode()
    assert 'data-testid="notice-translation"' not in html
    assert 'id="language-switcher"' in html  # the site's own navigation stays
    links = re.search(r'data-testid="notice-languages">(.*?)</ul>', html, re.S).group(1)
    assert re.findall(r'hreflang="([^"]+)"', links) == FOREIGN


def test_a_version_without_a_translation_shows_english_and_says_so(client):
    notice_publish(text_ja=TEXT_JA + "\n\n# 9. 追加\n追加の文。",
                   text_en=TEXT_EN + "\n\n# 9. Added\nAn added sentence.")
    page = client.get(reverse("privacy:notice"), {"lang": "fr"}).content.decode()
    assert "9. Added" in page and 'data-testid="notice-text" lang="en"' in page
    assert "pas encore été traduite" in page
    earlier = client.get(reverse("privacy:notice-version", args=[1]), {"lang": "fr"})
    assert "1. Qui traite vos données personnelles" in earlier.content.decode()


@pytest.mark.parametrize("language", FOREIGN)
def test_partner_pages_link_to_the_notice_in_their_language(client, language):
    page = client.get(reverse("privacy:notice"), {"lang": language}).content.decode()
    assert f'href="/privacy/?lang={language}" data-testid="footer-privacy"' in page
