"""Writes to users and organisations."""

from django.contrib.auth.models import Group, Permission
from django.db import transaction

from .enums import Role
from .models import ApplicantOrganisation, User

HQ_GROUP = "HQ programme staff"
# Models HQ staff maintain in the administration site.
HQ_ADMIN_MODELS = {
    "regions": ["prefecture", "country", "partnerregion", "jetrooffice", "officeterritory",
                "sector"],
    "accounts": ["applicantorganisation", "user"],
}


def hq_group_ensure() -> Group:
    """The group that gives HQ staff the admin permissions on reference data and users."""
    group, _ = Group.objects.get_or_create(name=HQ_GROUP)
    perms = Permission.objects.filter(
        content_type__app_label__in=HQ_ADMIN_MODELS.keys()
    ).select_related("content_type")
    group.permissions.set(
        [p for p in perms if p.content_type.model in HQ_ADMIN_MODELS[p.content_type.app_label]]
    )
    return group


@transaction.atomic
def user_create(
    *, email: str, password: str | None, role: str, first_name: str = "", last_name: str = "",
    organisation: ApplicantOrganisation | None = None, office=None, language: str = "ja",
) -> User:
    """Create a user of the given role; HQ staff also get admin access to reference data."""
    user = User(email=User.objects.normalize_email(email), role=role, first_name=first_name,
                last_name=last_name, organisation=organisation, office=office,
                language=language)
    if role in (Role.HQ_STAFF, Role.SITE_ADMIN):
        user.is_staff = True
    if role == Role.SITE_ADMIN:
        user.is_superuser = True
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if role == Role.HQ_STAFF:
        user.groups.add(hq_group_ensure())
    return user
