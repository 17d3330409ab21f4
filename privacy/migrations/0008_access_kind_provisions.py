# HQ staff reading the record of provisions to third parties is logged too (issue 26).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('privacy', '0007_notice_translations'),
    ]

    operations = [
        migrations.AlterField(
            model_name='personaldataaccess',
            name='what',
            field=models.CharField(choices=[('roster', 'Delegate roster'), ('travel_request', 'Travel request (passport names and flights)'), ('invitation_letter', 'Invitation letter (passport data)'), ('export', "Export with people's names"), ('provisions', 'Record of provisions to third parties (passport names)')], max_length=30, verbose_name='what'),
        ),
    ]
