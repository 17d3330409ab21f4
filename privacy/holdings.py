"""What the portal holds about a person, category by category (APPI Art. 33–35): the one
collector behind a person's own download (`holdings_of_user`) and HQ's answer to someone
without an account (`holdings_matching`).

privacy sits below every domain app and imports none of them: each app registers the
categories of personal data it keeps, from its AppConfig.ready() (rit_portal/registry.py):

    # projects/apps.py
    from privacy.holdings import CATEGORIES
    from .holdings import delegates, survey_answers
    CATEGORIES.register(delegates)

A category says how to find its records for a signed-in person (by their account and
e-mail address: `of_user`), how to find them by a name or an address HQ was given
(`matching`, case- and width-insensitive: NFKC), which fields HQ may correct, and how a
record's personal fields are erased (`erase`: blanked, the record and its figures kept, so
that monitoring's counts and scores survive). Each entry holds only what is that person's:
a record shared with others (an application's partner confirmation, a notification to
several addressees) shows the person's own fields and never another's.
"""

import contextlib
import json
import re
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import F, Func, Lookup, Q, QuerySet, TextField

from rit_portal.registry import Registry

# How many records one category shows for one search: a name common enough to match more
# is narrowed (the page says so) rather than loaded whole.
ROWS_PER_CATEGORY = 100
# How many records of each category a person's page and readable PDF show (the JSON
# download holds them all): a busy reviewer's thousands of reviews would make a page of
# megabytes and a PDF of hours.
SHOWN_PER_CATEGORY = 20
# Shortest search HQ may run: a single character would match most of the portal.
MIN_TERM_LENGTH = 2


def normalised(text: str) -> str:
    """`text` as searches compare it: NFKC (full-width Ｓｍｉｔｈ and half-width ｶﾅ become
    their ordinary forms) and lower case, trimmed; the database side is `Normalised`."""
    return unicodedata.normalize("NFKC", text or "").lower().strip()


class Normalised(Func):
    """LOWER(NORMALIZE(column, NFKC)) in PostgreSQL: `normalised` on the database side (a
    JSON column is compared as its text)."""

    template = "LOWER(NORMALIZE((%(expressions)s)::text, NFKC))"
    output_field = TextField()

    def as_sqlite(self, compiler, connection, **extra):
        # SQLite has no NFKC: `normalised` itself, registered on each connection
        # (`sqlite_functions`).
        return super().as_sql(compiler, connection, template="rit_normalised(%(expressions)s)",
                              **extra)


def _sqlite_normalised(text):
    """`normalised` for SQLite; a JSON column's text (stored with its non-ASCII characters
    escaped) is compared as PostgreSQL's `::text` shows it, its characters as they are."""
    if not isinstance(text, str):
        return normalised("" if text is None else str(text))
    if text[:1] in ("[", "{"):
        with contextlib.suppress(ValueError):
            text = json.dumps(json.loads(text), ensure_ascii=False)
    return normalised(text)


def sqlite_functions(sender, connection, **kwargs):
    """On each new SQLite connection (the embedded default), the functions the searches
    above call in the database (`connection_created`, connected in apps.py)."""
    if connection.vendor == "sqlite":
        connection.connection.create_function("rit_normalised", 1, _sqlite_normalised,
                                              deterministic=True)


class Includes(Lookup):
    """The JSON list in `field` holds `value` as one of its elements: an e-mail's
    addressees, a provision's people. PostgreSQL's `@>` (Django's `contains`, which SQLite
    lacks), SQLite's `json_each`."""

    lookup_name = "includes"
    prepare_rhs = False

    def __init__(self, field: str, value: str):
        super().__init__(F(field), value)

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} @> %s::jsonb", (*params, json.dumps([self.rhs]))

    def as_sqlite(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return (f"EXISTS (SELECT 1 FROM json_each({lhs}) WHERE json_each.value = %s)",
                (*params, self.rhs))


def words(term: str) -> list[str]:
    """The normalised words of `term` (a name is written in either order, with a comma in
    passport form: "Ono Kenji", "ONO, Kenji", "小野　健二")."""
    return [word for word in re.split(r"[\s,、]+", normalised(term)) if word]


def mentions(text: str, term: str) -> bool:
    """Whether `text` holds every word of `term` (the Python side of `matching`)."""
    text = normalised(text)
    return bool(words(term)) and all(word in text for word in words(term))


def matching(queryset: QuerySet, term: str, *paths: str) -> QuerySet:
    """The rows of `queryset` where every word of `term` is in one of the fields at
    `paths` (normalised on both sides: case, full and half width)."""
    aliases = {f"_privacy_match_{i}": Normalised(path) for i, path in enumerate(paths)}
    condition = Q()
    for word in words(term):
        any_field = Q()
        for alias in aliases:
            any_field |= Q(**{f"{alias}__contains": word})
        condition &= any_field
    return queryset.alias(**aliases).filter(condition)


@dataclass
class Entry:
    """One record about the person: what it is (`title`), its fields as (label, value),
    and how HQ acts on it (the record's primary key, the fields that may be corrected)."""

    title: str
    fields: list[tuple[str, object]]
    pk: int | None = None
    correctable: dict[str, str] = field(default_factory=dict)  # field name → current value


@dataclass(frozen=True)
class Category:
    """A kind of personal data one app keeps (see the module docstring). `model` is the
    model `erase` and corrections act on (records by `Entry.pk`); `corrections` names the
    fields HQ may correct, with their labels."""

    code: str
    label: str
    of_user: Callable[..., Iterable[Entry]] | None = None
    matching: Callable[[str], Iterable[Entry]] | None = None
    model: type | None = None
    corrections: dict[str, str] = field(default_factory=dict)
    erase: Callable | None = None
    # Why a record of this kind is not erased on request (kept as the Act or monitoring
    # needs), shown to HQ instead of the erase button.
    kept_because: str = ""

    @property
    def erasable(self) -> bool:
        return self.erase is not None


CATEGORIES = Registry("categories of personal data the apps keep (privacy.holdings)")


@dataclass
class Holding:
    """One category's entries for one person (or one search)."""

    category: Category
    entries: list[Entry]
    narrowed: bool = False  # more matched than ROWS_PER_CATEGORY


def category(code: str) -> Category | None:
    """The registered category `code` (None: no such category)."""
    return next((c for c in CATEGORIES if c.code == code), None)


def lazily(queryset: QuerySet) -> Iterable:
    """The rows of `queryset` read a chunk at a time: one person's records of a category can
    run to thousands (a busy reviewer's reviews and declarations), and the page, which shows
    the first few, then reads no more than it shows. Each category's `of_user` yields its
    entries through it."""
    return queryset.iterator(chunk_size=200)


def _bounded(entries: Iterable[Entry], limit: int = ROWS_PER_CATEGORY
             ) -> tuple[list[Entry], bool]:
    rows = []
    for entry in entries:
        if len(rows) == limit:
            return rows, True
        rows.append(entry)
    return rows, False


def holdings_of_user(user, *, limit: int | None = None) -> list[Holding]:
    """Everything the portal holds about signed-in `user`, every category, found by their
    account and their e-mail address (a category with nothing is listed empty); with
    `limit`, at most that many entries a category (`narrowed` says more are held)."""
    holdings = []
    for item in CATEGORIES:
        if item.of_user is None:
            continue
        if limit is None:
            holdings.append(Holding(item, list(item.of_user(user))))
        else:
            holdings.append(Holding(item, *_bounded(item.of_user(user), limit)))
    return holdings


def holdings_matching(term: str) -> list[Holding]:
    """Every record in every category whose personal fields contain `term` (a name or an
    e-mail address, compared normalised), at most ROWS_PER_CATEGORY per category."""
    term = normalised(term)
    holdings = []
    for item in CATEGORIES:
        if item.matching is None:
            continue
        entries, narrowed = _bounded(item.matching(term))
        holdings.append(Holding(item, entries, narrowed))
    return holdings
