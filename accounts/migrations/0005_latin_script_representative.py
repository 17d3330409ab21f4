"""The representative's name and title in Latin script / English beside the Japanese ones
(the English page of the award letter, English e-mails)."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [("accounts", "0004_reviewer_invitations")]

    operations = [
        migrations.RenameField("applicantorganisation", "representative_name",
                               "representative_name_ja"),
        migrations.RenameField("applicantorganisation", "representative_title",
                               "representative_title_ja"),
        migrations.AlterField(
            "applicantorganisation", "representative_name_ja",
            models.CharField(max_length=100, verbose_name="representative's name (Japanese)")),
        migrations.AlterField(
            "applicantorganisation", "representative_title_ja",
            models.CharField(blank=True, max_length=100,
                             verbose_name="representative's title (Japanese)")),
        migrations.AddField(
            "applicantorganisation", "representative_name_en",
            models.CharField(blank=True, max_length=100,
                             help_text="As the English page of the award letter prints it, "
                                       "e.g. Tatsuo Kawada.",
                             verbose_name="representative's name (Latin script)")),
        migrations.AddField(
            "applicantorganisation", "representative_title_en",
            models.CharField(blank=True, max_length=100, help_text="e.g. Chairman, President.",
                             verbose_name="representative's title (English)")),
    ]
