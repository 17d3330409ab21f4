"""The Django administration in the accessibility sweep: its index, a list, a user's change
page (the densest form) and a reference record's, in Japanese and English, at desktop width:
no serious or critical axe-core violation; its models named in Japanese."""

import pytest

from tests.e2e.conftest import DESKTOP, check_page, login
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = [pytest.mark.services,
              pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_the_administration_has_no_serious_violation(language, new_context, e2e_server,
                                                      screenshots):
    from regions.models import Prefecture

    admin = UserFactory(role="site_admin", is_staff=True, is_superuser=True)
    someone = UserFactory(role="hq_staff", is_staff=True)
    page = new_context(language=language, viewport=DESKTOP).new_page()
    login(page, admin.email, DEFAULT_PASSWORD, language)
    paths = ["/admin/", "/admin/accounts/user/", f"/admin/accounts/user/{someone.pk}/change/",
             "/admin/regions/prefecture/",
             f"/admin/regions/prefecture/{Prefecture.objects.order_by('pk').first().pk}/change/",
             "/admin/axes/accessattempt/"]
    problems = []
    for number, path in enumerate(paths):
        response = page.goto(path)
        assert response.status == 200, path
        check_page(page, problems, f"{language} {path}")
        page.screenshot(path=str(screenshots / f"admin-{number}-{language}.png"), full_page=True)
    assert problems == [], "\n".join(problems)
    if language == "ja":
        page.goto("/admin/")
        index = page.locator("#content-main").inner_text()
        for name in ("ユーザー", "都道府県", "採択通知書の一括作成", "認証アプリ", "アクセス試行"):
            assert name in index, name
