"""Tables whose rows are only ever added: the history, the privacy notice's versions, who
looked at personal data. The model refuses a change or a deletion of a saved row; the
runtime database role may only INSERT and SELECT on them (`append_only = True`, read by
audit's `manage.py database_roles`)."""

import datetime as dt
from dataclasses import dataclass

from django.apps import apps
from django.db import connection, models, transaction


class AppendOnly(models.Model):
    # The runtime database role may INSERT and SELECT, nothing more (audit's database_roles).
    append_only = True

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError(f"{self._meta.verbose_name} rows are append-only: never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise ValueError(f"{self._meta.verbose_name} rows are append-only: never deleted.")


# --- Anonymising the personal fields of an append-only table after its period ---------
#
# A table that holds personal fields declares which (`anonymise = Anonymise(...)` on its
# model); privacy's retention schedule applies the declaration once the category's period
# is over (`anonymise(category, before=...)`). The declaration is the one home of the
# rule: it gives both the SQL that PostgreSQL runs (a SECURITY DEFINER function per table,
# owned by the owner and created by audit's `manage.py database_roles`: the runtime role
# may EXECUTE it and still may not UPDATE or DELETE the table) and the Python that the
# embedded SQLite database runs. Who acted (`by`) stays: their account is anonymised by its
# own category (accounts' retention); the history's own copies of people's names, e-mail
# addresses and what they typed are replaced by MARK.

# What replaces a removed name, address or text in a history row (as the person's download
# shows a withheld one).
MARK = "—"
# While this PostgreSQL setting is 'on' (only for the function's own statement) the
# history's trigger lets an update of the personal columns through (audit migration 0002).
POSTGRESQL_SWITCH = "rit.anonymise"
# On SQLite, a row in this table does the same (the trigger reads it; audit migration 0002).
SQLITE_SWITCH = "rit_anonymising"


@dataclass(frozen=True)
class Anonymise:
    """The personal fields of one append-only table and how each is anonymised."""

    category: str  # its retention category (settings.PRIVACY_RETENTION)
    at: str = "at"  # the moment its period runs from
    text: tuple[str, ...] = ()  # text fields: MARK where not empty
    params: tuple[str, ...] = ()  # event_params keys naming people: a text value → MARK
    changes: tuple[str, ...] = ()  # fields in event_params["changes"]: old and new → None
    listed: tuple[str, ...] = ()  # JSON lists of people: each item → MARK (the count stays)

    # The Python side (SQLite), one field's new value from its old one.
    def value(self, name: str, value):
        if name in self.text:
            return MARK if value else value
        if name in self.listed:
            return [MARK] * len(value) if isinstance(value, list) else []
        if name == "event_params":
            if not isinstance(value, dict):
                return value
            return {key: (MARK if key in self.params and isinstance(item, str)
                          else self._changes(item) if key == "changes" else item)
                    for key, item in value.items()}
        raise KeyError(name)

    def _changes(self, changes):
        if not isinstance(changes, list):
            return changes
        return [[change[0], None, None] if isinstance(change, list) and change
                and change[0] in self.changes else change for change in changes]

    @property
    def fields(self) -> tuple[str, ...]:
        return self.text + self.listed + (("event_params",) if self.params or self.changes
                                          else ())

    # The PostgreSQL side: the same, as SQL expressions over the row.
    def expression(self, name: str) -> str:
        mark, column = _literal(MARK), f'"{name}"'
        if name in self.text:
            return f"CASE WHEN {column} = '' THEN {column} ELSE {mark} END"
        if name in self.listed:
            return (f"(SELECT coalesce(jsonb_agg(to_jsonb({mark}::text)), '[]'::jsonb) FROM "
                    f"jsonb_array_elements(CASE WHEN jsonb_typeof({column}) = 'array' "
                    f"THEN {column} ELSE '[]'::jsonb END))")
        if name == "event_params":
            params, changes = _array(self.params), _array(self.changes)
            changed = ("(SELECT coalesce(jsonb_agg(CASE WHEN jsonb_typeof(c) = 'array' AND "
                       f"c->>0 = ANY({changes}) THEN jsonb_build_array(c->0, NULL, NULL) "
                       "ELSE c END ORDER BY n), '[]'::jsonb) "
                       "FROM jsonb_array_elements(p.value) WITH ORDINALITY AS e(c, n))")
            return ("CASE WHEN jsonb_typeof(event_params) <> 'object' THEN event_params "
                    "ELSE (SELECT coalesce(jsonb_object_agg(p.key, CASE "
                    f"WHEN p.key = ANY({params}) AND jsonb_typeof(p.value) = 'string' "
                    f"THEN to_jsonb({mark}::text) "
                    f"WHEN p.key = 'changes' AND jsonb_typeof(p.value) = 'array' THEN {changed} "
                    "ELSE p.value END), '{}'::jsonb) FROM jsonb_each(event_params) AS p) END")
        raise KeyError(name)

    def update_sql(self, table: str, cutoff: str) -> str:
        """The one UPDATE (PostgreSQL) that anonymises the rows of `table` whose moment is at
        or before `cutoff` (an SQL expression) and not anonymised yet."""
        columns = [f'"{name}"' for name in self.fields]
        expressions = [self.expression(name) for name in self.fields]
        return (f'UPDATE public."{table}" SET '
                + ", ".join(f"{column} = {expression}"
                            for column, expression in zip(columns, expressions, strict=True))
                + f' WHERE "{self.at}" <= {cutoff} AND ({", ".join(columns)}) '
                f'IS DISTINCT FROM ({", ".join(expressions)})')


# The parameters of a history text that name a person (a reviewer assigned, an address
# invited, the other party of a conflict, a name searched for: also what a person's own
# download withholds, accounts.holdings), and the organisation's fields whose before and
# after name one in a change ("organisation.updated", "organisation.corrected").
PEOPLE_PARAMS = ("reviewer", "email", "party", "term")
PEOPLE_CHANGES = ("representative_name_ja", "representative_name_en", "contact_name",
                  "contact_name_en", "contact_email", "contact_phone")
# The history (the audit trail and every status history): the note a person typed and the
# people its event names, five years after the entry (settings.PRIVACY_RETENTION).
HISTORY = Anonymise(category="history", text=("note",), params=PEOPLE_PARAMS,
                    changes=PEOPLE_CHANGES)


def _literal(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _array(names) -> str:
    return "ARRAY[" + ", ".join(_literal(name) for name in names) + "]::text[]" if names \
        else "ARRAY[]::text[]"


def anonymised_models(category: str | None = None) -> list:
    """The models that declare personal fields to anonymise (of `category`)."""
    return [model for model in apps.get_models()
            if getattr(model, "anonymise", None) is not None
            and (category is None or model.anonymise.category == category)]


def function_name(table: str) -> str:
    return f"rit_anonymise_{table}"


def function_sql(model) -> str:
    """CREATE the SECURITY DEFINER function that anonymises `model`'s table (fixed SQL, no
    name from the caller; the search path pinned): `SELECT rit_anonymise_<table>(cutoff)`
    returns how many rows it changed. audit's `manage.py database_roles` runs it as the
    owner and grants EXECUTE to the runtime role only."""
    table = model._meta.db_table
    return f"""
CREATE OR REPLACE FUNCTION public.{function_name(table)}(cutoff timestamptz) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $anonymise$
DECLARE
    changed integer;
BEGIN
    PERFORM set_config('{POSTGRESQL_SWITCH}', 'on', true);
    {model.anonymise.update_sql(table, "cutoff")};
    GET DIAGNOSTICS changed = ROW_COUNT;
    PERFORM set_config('{POSTGRESQL_SWITCH}', 'off', true);
    RETURN changed;
END;
$anonymise$"""


def anonymise(category: str, *, before: dt.datetime) -> int:
    """Anonymise the personal fields of every row of `category`'s append-only tables whose
    moment is at or before `before`; returns how many rows changed (a row already
    anonymised is not counted again)."""
    total = 0
    with transaction.atomic():
        for model in anonymised_models(category):
            if connection.vendor == "postgresql":
                total += _postgresql(model, before)
            else:
                total += _python(model, before)
    return total


def _postgresql(model, before: dt.datetime) -> int:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute("SELECT to_regprocedure(%s) IS NOT NULL",
                       [f"public.{function_name(table)}(timestamptz)"])
        if cursor.fetchone()[0]:
            cursor.execute(f"SELECT public.{function_name(table)}(%s)", [before])
            return cursor.fetchone()[0]
        # No function (database_roles not run: the connection is the owner, as in
        # development): the same statement, as whoever is connected.
        cursor.execute("SELECT set_config(%s, 'on', true)", [POSTGRESQL_SWITCH])
        cursor.execute(model.anonymise.update_sql(table, "%s"), [before])
        changed = cursor.rowcount
        cursor.execute("SELECT set_config(%s, 'off', true)", [POSTGRESQL_SWITCH])
        return changed


def _python(model, before: dt.datetime) -> int:
    rule = model.anonymise
    rows = model.objects.filter(**{f"{rule.at}__lte": before}).values_list("pk", *rule.fields)
    changes = []
    for pk, *values in rows.iterator():
        new = {name: rule.value(name, value)
               for name, value in zip(rule.fields, values, strict=True)}
        if list(new.values()) != values:
            changes.append((pk, new))
    if not changes:
        return 0
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {SQLITE_SWITCH} (id) VALUES (1)")
        for pk, new in changes:
            model.objects.filter(pk=pk).update(**new)
        cursor.execute(f"DELETE FROM {SQLITE_SWITCH}")
    return len(changes)
