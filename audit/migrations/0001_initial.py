"""The history (AuditEvent) moves from the applications app into its own: the model's state
only. Its table (applications_auditevent), its rows and the trigger that keeps it
append-only (applications migration 0006) stay as they are."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ("accounts", "0005_latin_script_representative"),
        ("applications", "0008_application_call_reference_index"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="AuditEvent",
                    fields=[
                        ("id", models.BigAutoField(auto_created=True, primary_key=True,
                                                   serialize=False, verbose_name="ID")),
                        ("event", models.CharField(blank=True, max_length=60)),
                        ("event_params", models.JSONField(blank=True, default=dict)),
                        ("at", models.DateTimeField(db_index=True,
                                                    default=django.utils.timezone.now)),
                        ("note", models.TextField(blank=True)),
                        ("application", models.ForeignKey(
                            blank=True, null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="audit_events", to="applications.application")),
                        ("by", models.ForeignKey(
                            blank=True, null=True,
                            on_delete=django.db.models.deletion.PROTECT, related_name="+",
                            to=settings.AUTH_USER_MODEL)),
                        ("call", models.ForeignKey(
                            blank=True, null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="audit_events", to="applications.call")),
                        ("organisation", models.ForeignKey(
                            blank=True, null=True,
                            on_delete=django.db.models.deletion.PROTECT,
                            related_name="audit_events",
                            to="accounts.applicantorganisation")),
                    ],
                    options={
                        "verbose_name": "history entry",
                        "verbose_name_plural": "history entries",
                        "db_table": "applications_auditevent",
                        "ordering": ["at", "id"],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
