"""One accessor, one fallback rule for every bilingual field (rit_portal.bilingual)."""

from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.enums import Role
from regions.models import PartnerRegion
from rit_portal.bilingual import in_reader_language
from tests.factories import ApplicationFactory, CallFactory, OrganisationFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("language", "ja", "en", "shown"), [
    ("ja", "日本語", "English", "日本語"),
    ("en", "日本語", "English", "English"),
    ("en", "日本語", "", "日本語"),   # an English reader, no English text: the Japanese
    ("ja", "", "English", "English"),  # and the other way round
    ("en-us", "日本語", "English", "English"),
])
def test_the_one_fallback_rule(language, ja, en, shown):
    with translation.override(language):
        assert in_reader_language(ja=ja, en=en) == shown


@pytest.mark.django_db
def test_every_bilingual_model_reads_through_the_accessor():
    application = ApplicationFactory(title_ja="水処理", title_en="",
                                     organisation=OrganisationFactory(name_ja="茨城協会",
                                                                      name_en="Ibaraki Assoc."))
    call = CallFactory(title_ja="2027年度公募", title_en="FY2027 call")
    region = PartnerRegion.objects.get(name_en="Baden-Württemberg")
    with translation.override("en"):
        assert (application.title, application.organisation.name, call.title, region.name) == (
            "水処理", "Ibaraki Assoc.", "FY2027 call", "Baden-Württemberg")
    with translation.override("ja"):
        assert (application.title, application.organisation.name, call.title, region.name) == (
            "水処理", "茨城協会", "2027年度公募", region.name_ja)


@pytest.mark.django_db
@pytest.mark.parametrize(("language", "title"), [("ja", "自動車部品の共同開発"),
                                                 ("en", "Joint development of automotive parts")])
def test_hq_pages_show_the_title_in_the_readers_language(client, language, title):
    application = ApplicationFactory(status="submitted", reference="RIT-FY2027-0001")
    client.force_login(UserFactory(role=Role.HQ_STAFF))
    with translation.override(language):
        page = client.get(reverse("reviews:summary", args=[application.pk]),
                          HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f"RIT-FY2027-0001 {title}</h1>" in page


def test_no_template_branches_on_the_language():
    offenders = [str(path.relative_to(ROOT)) for path in ROOT.glob("*/templates/**/*")
                 if path.is_file() and "LANGUAGE_CODE ==" in path.read_text()
                 and ".venv" not in path.parts]
    assert offenders == []
