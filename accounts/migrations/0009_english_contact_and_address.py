# The English page of invitation letters prints the contact's name in Latin script and the
# address in English (issue 29, item 7).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0008_recovery_codes_from_static_tokens"),
    ]

    operations = [
        migrations.AddField(
            model_name="applicantorganisation",
            name="address_en",
            field=models.CharField(blank=True, help_text="As the English page of invitation letters prints it, e.g. 1-2-3 Sannomaru, Mito, Ibaraki 310-0011.", max_length=300, verbose_name="address (English)"),
        ),
        migrations.AddField(
            model_name="applicantorganisation",
            name="contact_name_en",
            field=models.CharField(blank=True, help_text="As the English page of invitation letters prints it, e.g. Yumi Ito.", max_length=100, verbose_name="contact person (Latin script)"),
        ),
    ]
