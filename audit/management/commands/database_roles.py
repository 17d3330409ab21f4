"""Give the portal's runtime database role what the web and the workers need, and nothing
that could erase the history.

    DATABASE_OWNER_URL=postgres://rit_owner:…@db/rit_portal \\
    DATABASE_URL=postgres://rit_app:…@db/rit_portal  python manage.py database_roles

Connected as the owner (DATABASE_OWNER_URL: the role that owns the tables and migrates),
for the runtime role (the user of DATABASE_URL, or --runtime-role), in one transaction:

- creates the runtime role when it does not exist (LOGIN, with DATABASE_URL's password;
  not a superuser, no CREATEDB, CREATEROLE, REPLICATION or BYPASSRLS), and refuses a
  runtime role that is the owner, a member of it, or a superuser;
- grants CONNECT on the database and USAGE on the schema, and no CREATE on it (no DDL);
- grants SELECT, INSERT, UPDATE, DELETE on every table (never TRUNCATE, REFERENCES or
  TRIGGER), then withdraws UPDATE and DELETE on every append-only table (models with
  `append_only = True`: the audit history, the lifecycle history tables, report downloads);
- grants USAGE and SELECT on the sequences;
- creates (or replaces), owned by the owner, one SECURITY DEFINER function per append-only
  table with personal fields (`rit_anonymise_<table>(cutoff timestamptz)`: fixed SQL from
  the model's `anonymise` declaration, rit_portal.append_only; the search path pinned), which
  anonymises those fields in the rows at or before the cutoff and returns how many it
  changed; EXECUTE is the runtime role's only (revoked from PUBLIC), so the retention
  schedule anonymises the history without UPDATE on it;
- sets the owner's default privileges, so that a table a later migration creates gets the
  same grants at once (an append-only one loses UPDATE and DELETE when this runs again:
  `scripts/serve.sh migrate`, the release step, runs it after every migrate).

Only the owner of a table may ALTER it (so also DISABLE TRIGGER) or TRUNCATE it without
the grant, and only a superuser may SET session_replication_role: the runtime role can do
neither. Idempotent, one runner at a time (an advisory lock): run it as often as you like.
"""

import re

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS
from django.db.utils import ConnectionHandler

from rit_portal.append_only import anonymised_models, function_name, function_sql
from rit_portal.locks import lock_key

ROLE_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_$]{0,62}$")
TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


def append_only_tables() -> list[str]:
    """The tables whose rows are only ever added (models that say `append_only = True`)."""
    return sorted(model._meta.db_table for model in apps.get_models()
                  if getattr(model, "append_only", False))


class Command(BaseCommand):
    help = ("As the owner (DATABASE_OWNER_URL), grant the runtime role (DATABASE_URL's user) "
            "what the portal needs and nothing that could erase the history. Idempotent.")

    def add_arguments(self, parser):
        parser.add_argument("--runtime-role", default=settings.DATABASES["default"]["USER"],
                            help="the role the web and workers connect as "
                                 "(default: the user of DATABASE_URL)")

    def handle(self, *args, runtime_role: str, **options):
        owner_settings = settings.DATABASE_OWNER
        if not owner_settings["ENGINE"].endswith("postgresql"):
            raise CommandError("Database roles are PostgreSQL's: set DATABASE_OWNER_URL and "
                               "DATABASE_URL to postgres://… URLs.")
        if not ROLE_NAME.match(runtime_role or ""):
            raise CommandError(f"{runtime_role!r} is not a role name this command accepts "
                               "(letters, digits, _ and $).")
        # A connection of its own, as the owner (not django.db.connection, the runtime
        # role's); all or nothing: closed without a commit, the transaction is undone.
        connection = ConnectionHandler({DEFAULT_DB_ALIAS: dict(owner_settings)})[DEFAULT_DB_ALIAS]
        try:
            connection.ensure_connection()
            connection.set_autocommit(False)
            with connection.cursor() as cursor:
                summary = self._grant(cursor, connection.ops.quote_name, runtime_role,
                                      settings.DATABASES["default"].get("PASSWORD") or "")
            connection.commit()
        finally:
            connection.close()
        for line in summary:
            self.stdout.write(line)

    def _grant(self, cursor, quote, runtime: str, password: str) -> list[str]:
        # One runner at a time (release steps on several hosts): concurrent GRANTs on the
        # same objects can fail; the lock goes with the transaction.
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key("database_roles")])
        cursor.execute("SELECT current_user, current_database()")
        owner, database = cursor.fetchone()
        if runtime == owner:
            raise CommandError(
                f"DATABASE_URL and DATABASE_OWNER_URL name the same role ({owner}): set "
                "DATABASE_URL to a separate runtime role for the web and the workers.")
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = %s", [runtime])
        row = cursor.fetchone()
        summary = []
        if row is None:
            cursor.execute(
                f"CREATE ROLE {quote(runtime)} LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE "
                "NOREPLICATION NOBYPASSRLS" + (" PASSWORD %s" if password else ""),
                [password] if password else None)
            summary.append(f"Created the role {runtime}.")
        elif row[0]:
            raise CommandError(f"The runtime role {runtime} is a superuser, which no grant "
                               f"can limit: ALTER ROLE {runtime} NOSUPERUSER, or choose "
                               "another role.")
        cursor.execute("SELECT pg_has_role(%s, %s, 'MEMBER')", [runtime, owner])
        if cursor.fetchone()[0]:
            raise CommandError(f"The runtime role {runtime} is a member of the owner {owner} "
                               "and would act as the owner: REVOKE that membership.")
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                       "AND tableowner <> current_user ORDER BY tablename")
        foreign = [name for (name,) in cursor.fetchall()]
        if foreign:
            raise CommandError(
                f"These tables are not owned by {owner}, so its grants would not hold: "
                f"{', '.join(foreign)}. Give them to it (REASSIGN OWNED BY <old owner> TO "
                f"{owner}, as a superuser), then run this again.")

        role, owner_q = quote(runtime), quote(owner)
        for statement in (
            f"GRANT CONNECT ON DATABASE {quote(database)} TO {role}",
            f"REVOKE CREATE ON SCHEMA public FROM PUBLIC, {role}",
            f"GRANT USAGE ON SCHEMA public TO {role}",
            f"REVOKE ALL ON ALL TABLES IN SCHEMA public FROM {role}",
            f"GRANT {TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO {role}",
            f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM {role}",
            f"GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO {role}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA public "
            f"GRANT {TABLE_PRIVILEGES} ON TABLES TO {role}",
            f"ALTER DEFAULT PRIVILEGES FOR ROLE {owner_q} IN SCHEMA public "
            f"GRANT USAGE, SELECT ON SEQUENCES TO {role}",
        ):
            cursor.execute(statement)
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        existing = {name for (name,) in cursor.fetchall()}
        append_only = [table for table in append_only_tables() if table in existing]
        for table in append_only:
            cursor.execute(f"REVOKE UPDATE, DELETE ON {quote(table)} FROM {role}")
        summary.append(f"{runtime}: {TABLE_PRIVILEGES} on the {len(existing)} tables of "
                       f"{database}, no TRUNCATE and no DDL; INSERT and SELECT only on "
                       f"{', '.join(append_only)}; default privileges of {owner} set.")
        functions = []
        for model in anonymised_models():
            if model._meta.db_table not in existing:
                continue
            function = f"public.{function_name(model._meta.db_table)}(timestamptz)"
            cursor.execute(function_sql(model))
            cursor.execute(f"REVOKE ALL ON FUNCTION {function} FROM PUBLIC")
            cursor.execute(f"GRANT EXECUTE ON FUNCTION {function} TO {role}")
            functions.append(function_name(model._meta.db_table))
        summary.append(f"{runtime}: EXECUTE only on the anonymising functions "
                       f"{', '.join(sorted(functions))} (SECURITY DEFINER, owned by {owner}).")
        return summary
