"""The retention schedule: every category of personal data the portal keeps, how long it
keeps it (settings.PRIVACY_RETENTION, in days after the category's starting event) and what
happens then. The apps that hold the data register their categories at start-up (from their
AppConfig.ready(): privacy imports none of them); `services.retention_apply` applies them
all, in one beat job, and records each run (`RetentionRun`).

A category's `apply(before=...)` removes or anonymises the personal data whose starting
event is at or before `before` and returns how many records it changed. It must be
idempotent (a record already cleared is not counted again), keep every row and figure
monitoring counts (applications, projects, firms, survey ratings, money), and have no
effect outside the database transaction (stored files go after commit,
rit_portal.stored_files), so that a dry run is the same run rolled back.
"""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import checks
from django.db.models import CharField, Value
from django.db.models.functions import Cast, Concat
from django.utils.translation import gettext_lazy as _

from rit_portal import append_only

# The domain of an address whose person was removed (by the retention schedule or an
# erasure on request): reserved (RFC 2606), never deliverable.
REMOVED_DOMAIN = "removed.invalid"


def removed_address(prefix: str):
    """A database expression for the address that replaces a removed one: names nobody,
    distinct per record (`<prefix>-<pk>@removed.invalid`: an address may be unique per
    year or call), for a queryset's update()."""
    return Concat(Value(f"{prefix}-"), Cast("pk", output_field=CharField()),
                  Value(f"@{REMOVED_DOMAIN}"), output_field=CharField())


@dataclass(frozen=True)
class Category:
    key: str  # its key in settings.PRIVACY_RETENTION
    label: str  # what it is (lazy translation)
    starts: str  # the event its period runs from (lazy translation)
    action: str  # what happens at the end of the period (lazy translation)
    apply: Callable[..., int]  # apply(*, before: datetime) -> records changed
    order: int = 0  # the schedule's order (as in settings)


CATEGORIES: dict[str, Category] = {}


def register_category(category: Category) -> None:
    """Add `category` (once, however often the app starts)."""
    CATEGORIES[category.key] = category


def schedule() -> list[tuple[Category, int]]:
    """Every registered category with its period in days, in the settings' order."""
    order = list(settings.PRIVACY_RETENTION)
    return [(category, settings.PRIVACY_RETENTION[category.key])
            for category in sorted(CATEGORIES.values(),
                                   key=lambda c: order.index(c.key)
                                   if c.key in order else len(order))]


def cutoff(*, key: str, now: dt.datetime) -> dt.datetime:
    """Records whose starting event is at or before this moment are past their period."""
    return now - dt.timedelta(days=settings.PRIVACY_RETENTION[key])


def every_category_has_a_period(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """privacy.E001: the settings' table and the registered categories name the same
    categories (a category without a period would never be applied; a period without a
    category is a promise nothing keeps)."""
    registered, configured = set(CATEGORIES), set(settings.PRIVACY_RETENTION)
    errors = []
    for key in sorted(registered - configured):
        errors.append(checks.Error(
            f"The retention category {key!r} has no period in settings.PRIVACY_RETENTION.",
            id="privacy.E001"))
    for key in sorted(configured - registered):
        errors.append(checks.Error(
            f"settings.PRIVACY_RETENTION names {key!r}, which no app registered "
            "(privacy.retention.register_category).", id="privacy.E001"))
    return errors


def _append_only(key: str) -> Callable[..., int]:
    def apply(*, before: dt.datetime) -> int:
        return append_only.anonymise(key, before=before)
    apply.__name__ = f"{key}_anonymise"
    return apply


# The append-only tables' personal fields (rit_portal.append_only: which fields, and how
# the runtime database role anonymises them without UPDATE on the tables), registered by
# privacy for every app that has such a table (the models say `anonymise = ...`).
APPEND_ONLY_CATEGORIES = [
    Category("history", _("The history (the audit trail and the status histories): notes "
                          "and the people an entry names"),
             _("the entry is written"),
             _("Anonymised: the note and the names and e-mail addresses the entry names "
               "replaced by “—”; what happened, when and the account that acted kept."),
             _append_only("history")),
    Category("access_log", _("HQ's log of looks at personal data (rosters, travel requests, "
                             "invitation letters, exports)"),
             _("the look"),
             _("Anonymised: what was looked at and the page replaced by “—”; who looked, "
               "what kind of data and when kept."), _append_only("access_log")),
    Category("provisions", _("Records of provision to a third party: the people named"),
             _("the provision"),
             _("Anonymised: the passport names replaced by “—”, their number kept; what, "
               "to whom, when and by whom kept."), _append_only("provisions")),
]
