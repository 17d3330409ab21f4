"""The history (AuditEvent) now lives in the audit app (audit migration 0001): the model
leaves this app's state only; its table, rows and append-only trigger stay."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("applications", "0008_application_call_reference_index"),
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name="AuditEvent")],
            database_operations=[],
        ),
    ]
