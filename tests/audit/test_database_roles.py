"""The runtime database role (what the web and the workers connect as) cannot erase the
history: on PostgreSQL, after `manage.py database_roles`, a connection as that role is
refused TRUNCATE, ALTER TABLE, DISABLE TRIGGER, SET session_replication_role, CREATE TABLE,
and UPDATE or DELETE on every append-only table, while the portal's ordinary reads and
writes work, also on a table a later migration creates."""

import datetime as dt
import io
import os
import subprocess
import sys
import uuid

import psycopg2
import pytest
from django.apps import apps
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction
from django.utils import timezone

from accounts.enums import Role
from audit.management.commands.database_roles import append_only_tables
from audit.models import AuditEvent
from privacy.enums import AccessKind, ProvisionKind, RecipientKind
from privacy.models import PersonalDataAccess, Provision
from rit_portal.append_only import function_name
from rit_portal.system_texts import event
from tests.factories import UserFactory

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


def test_the_runtime_role_anonymises_the_history_only_through_the_owner_s_functions(
        runtime_role, tmp_path):
    """The retention schedule's append-only categories (rit_portal.append_only): the
    runtime role runs the SECURITY DEFINER functions `database_roles` made, which anonymise
    the rows past the cutoff (the history's trigger lets that one update through), and it
    still may not UPDATE or DELETE the tables itself; nobody else may run them. The job
    itself (`manage.py apply_retention`), connected as the runtime role, anonymises."""
    hq = UserFactory(role=Role.HQ_STAFF)
    old = timezone.now() - dt.timedelta(days=6 * 365)
    entry = AuditEvent.objects.create(at=old, by=hq, note="Suzuki-san knows Stuttgart",
                                      **event("review.assigned", reviewer="Hanako Suzuki"))
    recent = AuditEvent.objects.create(by=hq, note="kept",
                                       **event("review.assigned", reviewer="Anna Becker"))
    looked = PersonalDataAccess.objects.create(at=old, by=hq, what=AccessKind.ROSTER,
                                               subject="RIT-1 · MUELLER ANNA", path="/p/")
    provided = Provision.objects.create(
        at=old, by=hq, what=ProvisionKind.TRAVEL_REQUEST, subject="RIT-1 · Y1",
        items="passport names", people=["MUELLER ANNA", "SCHMIDT KLAUS"],
        recipient_kind=RecipientKind.TRAVEL_AGENT, recipient_name="JTB")
    name = run(runtime_role, "SELECT current_user")[0][0]

    for table in (AUDIT, "privacy_personaldataaccess", "privacy_provision",
                  "applications_statuschange"):
        function = f"{function_name(table)}(timestamptz)"
        assert run(runtime_role, "SELECT prosecdef, proconfig, pg_get_userbyid(proowner) "
                                 "FROM pg_proc WHERE oid = %s::regprocedure", [function]) == [
            (True, ["search_path=pg_catalog, pg_temp"], connection.settings_dict["USER"])]
        assert run(runtime_role, "SELECT has_function_privilege(%s, %s, 'EXECUTE'), "
                                 "has_function_privilege('public', %s, 'EXECUTE')",
                   [name, function, function]) == [(True, False)]
        for statement in (f"UPDATE {table} SET at = at", f"DELETE FROM {table}"):
            with pytest.raises(REFUSED):
                run(runtime_role, statement)

    cutoff = timezone.now() - dt.timedelta(days=5 * 365)
    assert run(runtime_role, f"SELECT {function_name(AUDIT)}(%s)", [cutoff]) == [(1,)]
    assert run(runtime_role, f"SELECT {function_name(AUDIT)}(%s)", [cutoff]) == [(0,)]
    assert AuditEvent.objects.filter(pk=entry.pk).values_list(
        "note", "event_params", "by", "at").get() == ("—", {"reviewer": "—"}, hq.pk, old)
    assert AuditEvent.objects.get(pk=recent.pk).note == "kept"
    # Any other change of the history is still refused, by the owner too.
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=entry.pk).update(note="rewritten")

    db = connection.settings_dict
    result = subprocess.run(
        [sys.executable, "manage.py", "apply_retention"], capture_output=True, text=True,
        timeout=120, cwd=settings.BASE_DIR,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "rit_portal.settings.base",
             "DATABASE_URL": f"postgres://{name}@{db['HOST'] or '127.0.0.1'}:"
                             f"{db['PORT'] or 5432}/{db['NAME']}",
             "MEDIA_ROOT": str(tmp_path)})
    assert result.returncode == 0, result.stderr
    assert "ERROR" not in result.stdout
    assert PersonalDataAccess.objects.filter(pk=looked.pk).values_list(
        "subject", "path", "by").get() == ("—", "—", hq.pk)
    assert Provision.objects.get(pk=provided.pk).people == ["—", "—"]
    assert AuditEvent.objects.get(pk=recent.pk).note == "kept"
    assert run(runtime_role, "SELECT counts->>'history', counts->>'access_log', "
                             "counts->>'provisions', errors::text FROM privacy_retentionrun") == [
        ("0", "1", "1", "{}")]
