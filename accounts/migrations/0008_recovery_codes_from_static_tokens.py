"""The recovery codes django-otp's static devices kept in plain text become digests.

Each static device (otp_static, no longer installed) becomes a RecoveryCodeSet with the same
user, name, confirmation, throttling state and timestamps, and each of its unused tokens a
RecoveryCode holding only the token's digest (accounts.models.recovery_code_digest, copied
here as it was when written: a migration does not import the code it migrates). Then the
plain tokens and devices are deleted. The old tables are read with SQL, as the app that
made them is gone; a database that never had them is left as it is.
"""

import hashlib

from django.db import migrations


def digest(code: str) -> str:
    normalised = "".join(code.split()).lower()
    return hashlib.sha256(f"rit-recovery-code:{normalised}".encode()).hexdigest()


def forwards(apps, schema_editor):
    connection = schema_editor.connection
    tables = set(connection.introspection.table_names())
    if not {"otp_static_staticdevice", "otp_static_statictoken"} <= tables:
        return
    RecoveryCodeSet = apps.get_model("accounts", "RecoveryCodeSet")
    RecoveryCode = apps.get_model("accounts", "RecoveryCode")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT id, user_id, name, confirmed, throttling_failure_timestamp, "
            "throttling_failure_count, created_at, last_used_at "
            "FROM otp_static_staticdevice ORDER BY id")
        devices = cursor.fetchall()
        cursor.execute("SELECT device_id, token FROM otp_static_statictoken ORDER BY id")
        tokens = cursor.fetchall()
    for (old_id, user_id, name, confirmed, failed_at, failures, created_at,
         last_used_at) in devices:
        device = RecoveryCodeSet.objects.create(
            user_id=user_id, name=name, confirmed=confirmed,
            throttling_failure_timestamp=failed_at, throttling_failure_count=failures,
            last_used_at=last_used_at)
        if created_at is not None:  # auto_now_add set it to now on create
            RecoveryCodeSet.objects.filter(pk=device.pk).update(created_at=created_at)
        RecoveryCode.objects.bulk_create(
            RecoveryCode(device=device, digest=digest(token))
            for device_id, token in tokens if device_id == old_id)
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM otp_static_statictoken")
        cursor.execute("DELETE FROM otp_static_staticdevice")


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0007_recoverycodeset_recoverycode"),
    ]

    operations = [
        migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False),
    ]
