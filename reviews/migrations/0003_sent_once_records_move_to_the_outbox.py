# The reminder log and the decision notices kept "sent once" for two kinds of e-mail; the
# notifications outbox (notifications.Notification.key) now does it for every kind.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('reviews', '0002_decision_notice'),
    ]

    operations = [
        migrations.DeleteModel(
            name='DecisionNotice',
        ),
        migrations.DeleteModel(
            name='ReminderLog',
        ),
    ]
