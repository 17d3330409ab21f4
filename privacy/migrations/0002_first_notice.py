"""Version 1 of the privacy notice (its text: privacy/notice_v1.py, never changed: a new
text is a new version, services.notice_publish)."""

from django.db import migrations


def forwards(apps, schema_editor):
    from privacy import notice_v1

    PrivacyNotice = apps.get_model("privacy", "PrivacyNotice")
    if not PrivacyNotice.objects.filter(version=1).exists():
        PrivacyNotice.objects.create(version=1, text_ja=notice_v1.TEXT_JA,
                                     text_en=notice_v1.TEXT_EN)


class Migration(migrations.Migration):

    dependencies = [("privacy", "0001_initial")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
