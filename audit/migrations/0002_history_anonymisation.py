"""The history's trigger (applications migration 0006) lets one kind of update through: the
anonymisation of its personal columns once the retention period is over
(rit_portal.append_only), and only while it runs. Every other change is still refused, and
a deletion too (on PostgreSQL; SQLite's test teardown empties tables with DELETE).

- PostgreSQL: while the setting rit.anonymise is 'on' (set by the anonymising function for
  its own statement), an UPDATE that leaves every column but the note and the event's
  parameters as it was.
- SQLite: the same while the table rit_anonymising holds a row (inserted and deleted in the
  anonymisation's own transaction).

The runtime database role still has no UPDATE or DELETE on the table (audit's
database_roles): on PostgreSQL it anonymises through a SECURITY DEFINER function."""

from django.db import migrations

KEPT = ("id", "at", "event", "by_id", "call_id", "application_id", "organisation_id")

POSTGRESQL = f"""
CREATE OR REPLACE FUNCTION applications_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    IF TG_OP = 'UPDATE' AND current_setting('rit.anonymise', true) = 'on'
       AND ({", ".join(f"NEW.{c}" for c in KEPT)})
           IS NOT DISTINCT FROM ({", ".join(f"OLD.{c}" for c in KEPT)}) THEN
        RETURN NEW;
    END IF;
    RAISE EXCEPTION 'applications_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""
POSTGRESQL_BACK = """
CREATE OR REPLACE FUNCTION applications_auditevent_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'applications_auditevent is append-only';
END;
$$ LANGUAGE plpgsql;
"""
SQLITE = [
    "CREATE TABLE IF NOT EXISTS rit_anonymising (id integer PRIMARY KEY)",
    "DROP TRIGGER IF EXISTS applications_auditevent_append_only",
    "CREATE TRIGGER applications_auditevent_append_only BEFORE UPDATE ON "
    "applications_auditevent WHEN NOT EXISTS (SELECT 1 FROM rit_anonymising) OR "
    + " OR ".join(f"NEW.{c} IS NOT OLD.{c}" for c in KEPT)
    + " BEGIN SELECT RAISE(ABORT, 'applications_auditevent is append-only'); END",
]
SQLITE_BACK = [
    "DROP TRIGGER IF EXISTS applications_auditevent_append_only",
    "CREATE TRIGGER applications_auditevent_append_only BEFORE UPDATE ON "
    "applications_auditevent BEGIN SELECT RAISE(ABORT, "
    "'applications_auditevent is append-only'); END",
    "DROP TABLE IF EXISTS rit_anonymising",
]


def forwards(apps, schema_editor):
    statements = {"postgresql": [POSTGRESQL], "sqlite": SQLITE}.get(
        schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def backwards(apps, schema_editor):
    statements = {"postgresql": [POSTGRESQL_BACK], "sqlite": SQLITE_BACK}.get(
        schema_editor.connection.vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
