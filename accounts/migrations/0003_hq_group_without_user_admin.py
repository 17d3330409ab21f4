"""HQ staff no longer change users in the administration site (issue 10: an HQ account
could set another staff member's password and make itself superuser)."""

from django.db import migrations

HQ_GROUP = "HQ programme staff"


def withdraw_user_permissions(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group = Group.objects.filter(name=HQ_GROUP).first()
    if group is None:
        return
    group.permissions.remove(*Permission.objects.filter(
        content_type__app_label__in=["accounts", "auth"],
        content_type__model__in=["user", "group", "permission"]))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_invitation"), ("auth", "0012_alter_user_first_name_max_length")]

    operations = [migrations.RunPython(withdraw_user_permissions, migrations.RunPython.noop)]
