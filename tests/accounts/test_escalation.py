"""No privilege escalation: HQ staff cannot touch accounts in the administration, only a
superuser grants staff or superuser rights, nobody sets another person's password, and
the object rules hold for the superuser too."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.enums import Role
from accounts.services import HQ_GROUP, hq_group_ensure
from applications.enums import ApplicationStatus as S
from tests.applications.builders import applicant_of
from tests.factories import DEFAULT_PASSWORD, ApplicationFactory, UserFactory


@pytest.fixture
def admin_user(db):
    return UserFactory(role=Role.SITE_ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def hq(db):
    from accounts.services import user_create

    return user_create(email="hq@example.jp", password=DEFAULT_PASSWORD, role=Role.HQ_STAFF)


def test_the_hq_group_has_no_right_over_accounts(db):
    perms = {f"{p.content_type.app_label}.{p.codename}"
             for p in hq_group_ensure().permissions.select_related("content_type")}
    assert perms and not any(p.split(".")[1].endswith(("_user", "_group", "_permission"))
                             for p in perms)
    assert "accounts.change_applicantorganisation" in perms


def test_the_migration_withdrew_user_rights_from_an_existing_group(db):
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Permission

    group = Group.objects.create(name=HQ_GROUP)
    group.permissions.add(*Permission.objects.filter(codename__in=["change_user", "add_user"]))
    migration = importlib.import_module("accounts.migrations.0003_hq_group_without_user_admin")
    migration.withdraw_user_permissions(apps, None)
    assert not group.permissions.exists()


@pytest.mark.parametrize("url_name", ["admin:accounts_user_changelist", "admin:accounts_user_add",
                                      "admin:auth_group_changelist"])
def test_hq_staff_do_not_see_the_account_pages(client, hq, url_name):
    client.force_login(hq)
    assert client.get(reverse(url_name)).status_code == 404


def test_hq_staff_cannot_make_themselves_superuser_or_set_the_admins_password(
        client, hq, admin_user):
    client.force_login(hq)
    change = reverse("admin:accounts_user_change", args=[hq.pk])
    response = client.post(change, {"email": hq.email, "role": Role.HQ_STAFF,
                                    "is_active": "on", "is_staff": "on", "is_superuser": "on"})
    assert response.status_code == 404
    password = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    assert client.post(password, {"password1": "Taken-over-2027!",
                                  "password2": "Taken-over-2027!"}).status_code == 404
    hq.refresh_from_db()
    admin_user.refresh_from_db()
    assert (hq.is_superuser, admin_user.check_password(DEFAULT_PASSWORD)) == (False, True)


def test_only_a_superuser_grants_staff_rights_and_not_even_they_set_anothers_password(
        client, admin_user):
    reviewer = UserFactory(role=Role.HQ_REVIEWER)
    client.force_login(admin_user)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200
    response = client.post(reverse("admin:accounts_user_change", args=[reviewer.pk]), {
        "email": reviewer.email, "role": Role.HQ_REVIEWER, "language": "ja",
        "is_active": "on", "is_staff": "on",
        "date_joined_0": "2027-01-01", "date_joined_1": "00:00:00"})
    assert response.status_code == 302, response.content.decode()[:2000]
    reviewer.refresh_from_db()
    assert reviewer.is_staff is True
    password = reverse("admin:auth_user_password_change", args=[reviewer.pk])
    assert client.get(password).status_code == 404
    own = reverse("admin:auth_user_password_change", args=[admin_user.pk])
    assert client.get(own).status_code == 200


def test_the_superuser_cannot_edit_another_organisations_application(client, admin_user):
    application = ApplicationFactory(status=S.DRAFT, title_ja="元の題名")
    assert not admin_user.has_perm("applications.change_application", application)
    client.force_login(admin_user)
    url = reverse("applications:section-overview", args=[application.pk])
    response = client.post(url, {"title": "書き換え"})
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:detail", args=[application.pk])
    application.refresh_from_db()
    assert application.title_ja == "元の題名"
    # Its own organisation still may.
    assert applicant_of(application.organisation).has_perm(
        "applications.change_application", application)


def test_the_superuser_still_passes_the_administrations_model_permissions(admin_user):
    assert admin_user.has_perm("regions.change_prefecture")
    assert admin_user.has_perm("applications.manage_calls")  # as HQ staff, by role
    assert not admin_user.has_perm("accounts.invite_colleague")  # an applicant's
