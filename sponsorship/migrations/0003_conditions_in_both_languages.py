"""A decision's conditions in Japanese and in English: every award letter prints both."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("sponsorship", "0002_letter_status_changed_at")]

    operations = [
        migrations.RenameField("sponsorshipdecision", "conditions", "conditions_ja"),
        migrations.AlterField("sponsorshipdecision", "conditions_ja",
                              models.TextField(blank=True, verbose_name="conditions (Japanese)")),
        migrations.AddField("sponsorshipdecision", "conditions_en",
                            models.TextField(blank=True, verbose_name="conditions (English)")),
    ]
