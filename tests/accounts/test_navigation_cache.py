"""The navigation bar is worked out once per role (accounts/navigation.py,
issue 28): what a real user of each role may use, entry by entry, is what the role's cached
bar shows — so no entry's permission may depend on more than the role."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from accounts.enums import Role
from accounts.navigation import NAVIGATION, VISITORS_ONLY, navigation_for
from regions.models import JetroOffice
from tests.applications.builders import applicant_of
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _users():
    office = {Role.OVERSEAS_REVIEWER: "DUS", Role.OFFICE_STAFF: "JP-IBARAKI",
              Role.HQ_REVIEWER: "HQ"}
    users = [AnonymousUser(), applicant_of(), UserFactory(role=Role.HQ_STAFF, is_active=False)]
    for role in Role.values:
        if role != Role.APPLICANT:
            code = office.get(role)
            users.append(UserFactory(role=role, is_staff=role == Role.SITE_ADMIN,
                                     is_superuser=role == Role.SITE_ADMIN,
                                     office=JetroOffice.objects.get(code=code) if code else None))
    return users


def _uncached(user) -> list[tuple[str, str]]:
    """The bar as worked out for this very user, entry by entry."""
    entries, seen = [], set()
    for label, url_name, perm, _group in NAVIGATION:
        if perm == VISITORS_ONLY:
            if user.is_authenticated:
                continue
        elif perm is not None and not user.has_perm(perm):
            continue
        url = reverse(url_name)
        if url not in seen:
            seen.add(url)
            entries.append((str(label), url))
    return entries


@pytest.mark.parametrize("language", ["ja", "en"])
def test_each_role_s_cached_bar_is_what_its_users_may_use(language):
    users = _users()
    with translation.override(language):
        for user in users:
            expected = _uncached(user)
            navigation_for(user)  # filled
            with CaptureQueriesContext(connection) as captured:
                shown = [(str(item["label"]), item["url"])
                         for item in navigation_for(user, "/")]
            assert shown == expected, getattr(user, "role", "visitor")
            assert len(captured) == 0
    assert len({tuple(_uncached(user)) for user in users}) >= 5
