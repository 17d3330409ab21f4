"""The runtime database role (what the web and the workers connect as) cannot erase the
history: on PostgreSQL, after `manage.py database_roles`, a connection as that role is
refused TRUNCATE, ALTER TABLE, DISABLE TRIGGER, SET session_replication_role, CREATE TABLE,
and UPDATE or DELETE on every append-only table, while the portal's ordinary reads and
writes work, also on a table a later migration creates."""

import io
import uuid

import psycopg2
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection

from audit.management.commands.database_roles import append_only_tables

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

AUDIT = "applications_auditevent"
REFUSED = psycopg2.errors.InsufficientPrivilege


@pytest.fixture
def runtime_role(require_postgresql, settings):
    """A fresh role granted by the command, connected to the test database; dropped after."""
    name = f"rit_runtime_{uuid.uuid4().hex[:8]}"
    settings.DATABASE_OWNER = connection.settings_dict
    call_command("database_roles", runtime_role=name, stdout=io.StringIO())
    db = connection.settings_dict
    runtime = psycopg2.connect(host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
                               dbname=db["NAME"], user=name)
    runtime.autocommit = True
    yield runtime
    runtime.close()
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS rit_later_table")
        cursor.execute(f'DROP OWNED BY "{name}"')
        cursor.execute(f'DROP ROLE "{name}"')


def run(runtime, sql: str, params=None):
    with runtime.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall() if cursor.description else None


def test_the_append_only_tables_are_the_history_tables():
    assert append_only_tables() == sorted(
        model._meta.db_table for model in apps.get_models()
        if model._meta.label in {"audit.AuditEvent", "applications.StatusChange",
                                 "projects.ReportStatusChange", "projects.ProjectStatusChange",
                                 "projects.VariationStatusChange", "projects.ClaimStatusChange",
                                 "projects.FinalReportStatusChange",
                                 "monitoring.ReportDownload", "privacy.PrivacyNotice",
                                 "privacy.PersonalDataAccess", "privacy.Provision",
                                 "privacy.RetentionRun",
                                 "privacy.NoticeTranslation",
                                 "partnering.InterestStatusChange"})


ERASURES = [
    f"TRUNCATE {AUDIT}",
    f"TRUNCATE {AUDIT} CASCADE",
    f"ALTER TABLE {AUDIT} DISABLE TRIGGER applications_auditevent_append_only",
    f"ALTER TABLE {AUDIT} DISABLE TRIGGER ALL",
    f"ALTER TABLE {AUDIT} ADD COLUMN erased boolean",
    f"DROP TABLE {AUDIT}",
    f"DELETE FROM {AUDIT}",
    f"UPDATE {AUDIT} SET note = 'rewritten'",
    "SET session_replication_role = replica",
    "CREATE TABLE rit_runtime_made (id int)",
    "TRUNCATE notifications_notification",
    "DELETE FROM applications_statuschange",
    "UPDATE projects_reportstatuschange SET note = ''",
    "UPDATE projects_projectstatuschange SET by_id = NULL",
    "DELETE FROM monitoring_reportdownload",
]


def test_the_runtime_role_cannot_erase_or_rewrite_the_history(runtime_role):
    run(runtime_role, "INSERT INTO applications_auditevent (event, event_params, at, note) "
                      "VALUES ('test.kept', '{}', now(), 'kept')")
    allowed = []
    for statement in ERASURES:
        try:
            run(runtime_role, statement)
            allowed.append(statement)
        except REFUSED:
            pass
    assert allowed == []
    assert run(runtime_role, f"SELECT note FROM {AUDIT}") == [("kept",)]
    assert run(runtime_role, "SHOW session_replication_role") == [("origin",)]


def test_the_runtime_role_reads_and_writes_what_the_portal_needs(runtime_role):
    [(pk,)] = run(runtime_role, "INSERT INTO applications_auditevent (event, event_params, at, "
                                "note) VALUES ('test.added', '{}', now(), 'a') RETURNING id")
    assert run(runtime_role, f"SELECT event FROM {AUDIT} WHERE id = %s", [pk]) == [
        ("test.added",)]
    # An ordinary table: every row operation the services make.
    run(runtime_role, "INSERT INTO notifications_notification (kind, key, params, recipients, "
                      "language, status, attempts, last_error, created_at, next_attempt_at) "
                      "VALUES ('invitation', 'k', '{}', '[]', 'en', 'pending', 0, '', now(), "
                      "now())")
    run(runtime_role, "UPDATE notifications_notification SET status = 'sent'")
    run(runtime_role, "SELECT * FROM notifications_notification FOR UPDATE")
    run(runtime_role, "DELETE FROM notifications_notification")
    assert run(runtime_role, "SELECT current_user, rolsuper FROM pg_roles "
                             "WHERE rolname = current_user")[0][1] is False


def test_a_table_a_later_migration_creates_is_granted_at_once(runtime_role):
    with connection.cursor() as cursor:  # as the owner, as migrate would
        cursor.execute("CREATE TABLE rit_later_table (id bigint GENERATED BY DEFAULT AS "
                       "IDENTITY PRIMARY KEY, note text)")
    run(runtime_role, "INSERT INTO rit_later_table (note) VALUES ('new')")
    assert run(runtime_role, "SELECT note FROM rit_later_table") == [("new",)]
    with pytest.raises(REFUSED):
        run(runtime_role, "TRUNCATE rit_later_table")


def test_the_command_is_idempotent_and_refuses_a_runtime_role_that_could_do_everything(
        runtime_role, settings):
    name = run(runtime_role, "SELECT current_user")[0][0]
    call_command("database_roles", runtime_role=name, stdout=io.StringIO())
    with pytest.raises(REFUSED):
        run(runtime_role, f"DELETE FROM {AUDIT}")
    owner = connection.settings_dict["USER"]
    with pytest.raises(CommandError, match="name the same role"):
        call_command("database_roles", runtime_role=owner)
    with connection.cursor() as cursor:
        cursor.execute(f'ALTER ROLE "{name}" SUPERUSER')
    try:
        with pytest.raises(CommandError, match=f"The runtime role {name} is a superuser"):
            call_command("database_roles", runtime_role=name)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f'ALTER ROLE "{name}" NOSUPERUSER')
