"""The privacy notice in the partner languages: the translations of version 1
(privacy/notice_v1_translations.py)."""

import django.db.models.deletion
import django.utils.timezone
from django.db import migrations, models


def translations_of_version_1(apps, schema_editor):
    from privacy.notice_v1_translations import TEXTS

    PrivacyNotice = apps.get_model("privacy", "PrivacyNotice")
    NoticeTranslation = apps.get_model("privacy", "NoticeTranslation")
    notice = PrivacyNotice.objects.filter(version=1).first()
    if notice is None:
        return
    for language, text in TEXTS.items():
        NoticeTranslation.objects.get_or_create(notice=notice, language=language,
                                                defaults={"text": text})



class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0006_data_request'),
    ]

    operations = [
        migrations.CreateModel(
            name='NoticeTranslation',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('language', models.CharField(max_length=10, verbose_name='language')),
                ('text', models.TextField(verbose_name='text')),
                ('published_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='published at')),
                ('notice', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='translations', to='privacy.privacynotice', verbose_name='privacy notice')),
            ],
            options={
                'verbose_name': 'privacy notice translation',
                'verbose_name_plural': 'privacy notice translations',
                'constraints': [models.UniqueConstraint(fields=('notice', 'language'), name='one_translation_per_version_language')],
            },
        ),
        migrations.RunPython(translations_of_version_1, migrations.RunPython.noop,
                             elidable=False),
    ]
