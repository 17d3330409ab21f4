"""The append-only history (AuditEvent): one function writes it, two read it.

Every app records what it changes here, as an event of rit_portal.system_texts (a code and
its parameters, shown in the reader's language):

    audit_record(event=event("review.submitted", reviewer=..., scores=...),
                 by=user, application=application)

`field_changes(before, after)` turns two snapshots of a record into the `changes`
parameter of a "… changed" event, and `changes_formatter(Model, money=...)` shows it
("budget envelope: ¥150,000,000 → ¥120,000,000; closes at: …").
"""

import datetime as dt
from decimal import Decimal

from django.db.models import Model
from django.utils.translation import gettext as _

from rit_portal.conventions import listing, stamp
from rit_portal.money import yen

from .models import AuditEvent


def audit_record(*, event: dict, by, application=None, call=None,
                 organisation=None, note: str = "") -> AuditEvent:
    """Append one entry; the call (and organisation) default to the application's."""
    if application is not None:
        call = call or application.call
        organisation = organisation or application.organisation
    entry = AuditEvent(by=by, application=application, call=call, organisation=organisation,
                       note=note, **event)
    entry.full_clean()
    entry.save()
    return entry


def _json_value(value):
    """A field's value as JSON: dates as ISO text, decimals as text, records by name."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, Model):
        return str(value)
    if isinstance(value, list | tuple | set):
        return sorted(_json_value(v) for v in value)
    return value


def plain_number(value: Decimal) -> int | str:
    """A decimal as stored on the history: a whole number as an int (160.00 → 160),
    otherwise its digits without trailing zeros (3.50 → "3.5")."""
    if value == value.to_integral_value():
        return int(value)
    return format(value.normalize(), "f")


def snapshot(record: Model, fields) -> dict:
    """The values of `fields` of `record` (many-to-many fields as sorted names)."""
    values = {}
    for name in fields:
        value = getattr(record, name)
        if hasattr(value, "all"):  # a many-to-many manager
            value = [str(v) for v in value.all()]
        values[name] = _json_value(value)
    return values


def field_changes(before: dict, after: dict) -> list[list]:
    """[[field, old, new], …] for the fields whose value differs, in `after`'s order."""
    return [[name, before.get(name), value] for name, value in after.items()
            if before.get(name) != value]


def changes_formatter(*models, money=()):
    """A system_texts formatter of the `changes` parameter for the fields of `models` (the
    first that has the field names it): each as "label: old → new", amounts in `money` as
    yen, datetimes in Japan time."""

    def field(name):
        for model in models:
            try:
                return model._meta.get_field(name)
            except Exception:  # not this model's (or removed since the entry was written)
                continue
        return None

    def show(name, value):
        if value is None or value == "" or value == []:
            return "—"
        if name in money:
            return yen(int(value))
        kind = field(name).get_internal_type() if field(name) else ""
        if kind == "DateTimeField":
            return stamp(dt.datetime.fromisoformat(value))
        if kind == "BooleanField":
            return _("yes") if value else _("no")
        if isinstance(value, list):
            return listing(value)
        return str(value)

    def render(changes) -> str:
        parts = []
        for name, old, new in changes:
            label = str(field(name).verbose_name) if field(name) else name
            parts.append(f"{label}: {show(name, old)} → {show(name, new)}")
        return "; ".join(parts)

    return render
