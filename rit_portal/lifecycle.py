"""The one lifecycle engine: every state machine of the portal is a table given to it.

A table (`Lifecycle(...)`) declares, for one model and its status enum:

- `moves`: `{from_status: {to_status: Rule(allowed, check)}}`, every legal move. `allowed`
  is a rules predicate over (user, obj) (the user is None when the portal itself acts);
  `check`, if any, raises ValidationError with the user's message when the object cannot
  make the move now. It receives the object and the facts the caller passed to `move`.
- `abilities`: `{status: frozenset({Ability, …})}`, what each status permits besides
  moving on (editing, scoring, …). Every status is in both tables.
- `history`: the model that records each move (a `MoveRecord`: by, at, note and the event,
  with its own from_status and to_status) and `subject`, its foreign key to the object.
- `stamps`: `{to_status: "date_field"}`, a date field set to now by that move.
- `told`, `addressee`, `notify`: which moves the owner is told of by e-mail (`{to_status:
  kind}`), to whom and about what (`addressee(obj) -> (to, about)`), and the function that
  records it (notifications.services.notify: written in the transaction, sent after
  commit). The table passes `notify` in: this module imports no app.
- `may`: `{name: predicate}`, the named predicates a template reads as `may.<name>`.

The engine gives every table the same operations, so no app writes them again:

    TABLE.move(obj, to=..., by=..., note="", event=None, record=None, **facts)
        the one function that changes the status: locks the row (select_for_update),
        checks the table, the rule and its check, saves with update_fields, writes the
        history row (the note a person typed and the portal's event, shown in the reader's
        language) and records the e-mail. Raises IllegalTransition or ValidationError and
        saves nothing when the move is not allowed.
    TABLE.grants(obj, ability), TABLE.require(obj, ability), TABLE.statuses_granting(ability)
    TABLE.allows(ability)         a predicate over (user, obj): the status grants it
    TABLE.may_move(*statuses)     a predicate: the user may make one of these moves now
    TABLE.allowed_moves(obj, by), TABLE.move_exists(obj, to)
    TABLE.abilities_for(obj, user)  `may` for templates (each name of `may`, read lazily)

Declaring a new lifecycle (a project variation, a claim, …) is a table and nothing else:

    VARIATION = Lifecycle(
        name="variation", model=Variation, statuses=VariationStatus,
        moves={V.DRAFT: {V.REQUESTED: Rule(own_variation)}, V.REQUESTED: {…}, …},
        abilities={V.DRAFT: frozenset({EDIT}), V.REQUESTED: frozenset(), …},
        history=VariationStatusChange, subject="variation",
        told={V.APPROVED: Kind.VARIATION_APPROVED}, notify=notify,
        addressee=lambda variation: (variation.project.organisation, variation.project.application),
        may={"edit": own_variation & allows(EDIT)},
    )
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property

import rules
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy

from .append_only import HISTORY
from .system_texts import EventRecord


@dataclass(frozen=True)
class Rule:
    """The rule of one move: who may make it, and what must hold for the object."""

    allowed: Callable  # a rules predicate over (user, obj)
    check: Callable[..., None] | None = None  # (obj, **facts) -> None, or ValidationError


@dataclass(frozen=True)
class Ability:
    """Something a status permits besides moving on. `refusal` is what a service says when
    the status does not grant it (it may name the status as %(status)s)."""

    code: str
    # Not part of equality or hash: a lazy translation hashes differently per language.
    refusal: str = field(compare=False)


class MoveRecord(EventRecord):
    """The history row of one move (a table's `history` model adds its foreign key to the
    object and `from_status` / `to_status` with its status enum's choices): who (None: the
    portal), when, the note a person typed, and the portal's event."""

    # PROTECT: a history row keeps who moved the object (whoever acted is deactivated, not
    # deleted), so the table stays append-only for the portal's database role.
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT,
                           related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    # Rows are only ever added: the runtime database role may INSERT and SELECT, nothing
    # more (audit/management/commands/database_roles.py). The note and the people the event
    # names are anonymised after the history's retention period (rit_portal.append_only).
    append_only = True
    anonymise = HISTORY

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class IllegalTransition(PermissionDenied):
    """The table has no such move, or the acting user may not make it."""


class May:
    """What one user may do with one object now, for templates (`{% if may.edit %}`).

    Each name is one of the table's named predicates, evaluated when first read; `moves`
    is the set of statuses the user may move the object to (checks excluded)."""

    def __init__(self, lifecycle: "Lifecycle", obj, user):
        self._lifecycle, self._obj, self._user = lifecycle, obj, user
        self._values: dict[str, bool] = {}

    @cached_property
    def moves(self) -> frozenset[str]:
        return frozenset(self._lifecycle.allowed_moves(self._obj, by=self._user))

    def __getattr__(self, name: str) -> bool:
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._values:
            predicate = self._lifecycle.may.get(name)
            if predicate is None:
                raise AttributeError(f"{self._lifecycle.name} has no ability {name!r}")
            self._values[name] = bool(predicate.test(self._user, self._obj))
        return self._values[name]

    def __repr__(self) -> str:
        return f"<May {self._lifecycle.name} {sorted(self._lifecycle.may)}>"


class Lifecycle:
    """One state machine: a table of moves, what each status permits, and the one mover."""

    def __init__(self, *, name: str, model: type[models.Model], statuses,
                 moves: dict[str, dict[str, Rule]], abilities: dict[str, frozenset[Ability]],
                 history: type[models.Model], subject: str, status_field: str = "status",
                 stamps: dict[str, str] | None = None, told: dict[str, str] | None = None,
                 addressee: Callable | None = None, notify: Callable | None = None,
                 may: dict[str, Callable] | None = None, lock_related: Iterable[str] = (),
                 cannot_move: str = gettext_lazy(
                     "This cannot move from “%(from)s” to “%(to)s”."),
                 not_yours: str = gettext_lazy("You may not make this change.")):
        self.name, self.model, self.statuses = name, model, statuses
        self.moves, self.abilities = moves, abilities
        self.history, self.subject, self.status_field = history, subject, status_field
        self.stamps, self.told = stamps or {}, told or {}
        self.addressee, self.notify = addressee, notify
        self.may = dict(may or {})
        self.lock_related = tuple(lock_related)
        self.cannot_move, self.not_yours = cannot_move, not_yours
        self._allows: dict[Ability, Callable] = {}
        self._validate()

    def __repr__(self) -> str:
        return f"<Lifecycle {self.name}>"

    # --- What each status permits -----------------------------------------------------------

    def status_of(self, obj) -> str:
        return getattr(obj, self.status_field)

    def grants(self, obj, ability: Ability) -> bool:
        """Whether the object's current status permits `ability` (whoever asks)."""
        return ability in self.abilities.get(self.status_of(obj), frozenset())

    def statuses_granting(self, ability: Ability) -> tuple[str, ...]:
        """Every status that permits `ability`, in the enum's order (for querysets)."""
        return tuple(s for s in self.statuses.values if ability in self.abilities[s])

    def require(self, obj, ability: Ability) -> None:
        """Raise ValidationError (the ability's refusal) unless the status permits it."""
        if not self.grants(obj, ability):
            label = self.statuses(self.status_of(obj)).label
            raise ValidationError(str(ability.refusal) % {"status": label})

    def allows(self, ability: Ability):
        """A rules predicate over (user, obj): the object's status permits `ability`."""
        if ability not in self._allows:
            def predicate(user, obj) -> bool:
                return obj is not None and self.grants(obj, ability)

            self._allows[ability] = rules.predicate(
                predicate, name=f"{self.name}_status_allows_{ability.code}")
        return self._allows[ability]

    # --- Moves ------------------------------------------------------------------------------

    def move_exists(self, obj, to: str) -> bool:
        """Whether the table lists the move from the object's status to `to`."""
        return to in self.moves.get(self.status_of(obj), {})

    def allowed_moves(self, obj, by) -> list[str]:
        """Statuses `by` may move the object to now (checks excluded: they need a try)."""
        return [to for to, rule in self.moves.get(self.status_of(obj), {}).items()
                if rule.allowed.test(by, obj)]

    def may_move(self, *statuses: str):
        """A rules predicate over (user, obj): the user may move the object to one of
        `statuses` now."""
        def predicate(user, obj) -> bool:
            return obj is not None and any(to in statuses
                                           for to in self.allowed_moves(obj, by=user))

        return rules.predicate(predicate, name=f"{self.name}_may_move_to_{'_'.join(statuses)}")

    def abilities_for(self, obj, user) -> May:
        """Everything `user` may do with `obj` now (`may` in templates)."""
        return May(self, obj, user)

    @transaction.atomic
    def move(self, obj, *, to: str, by, note: str = "", event: dict | None = None,
             record: dict | None = None, **facts):
        """Move `obj` to status `to`, acting as `by` (a user, or None for the portal).

        Guarantees: the row is locked and re-read, so two concurrent moves cannot both start
        from the same status; the move is in the table and its rule holds, else
        IllegalTransition (or the check's ValidationError) and nothing is saved. On success
        the status (and the move's stamp) is saved with update_fields, one history row
        records who, when, from, to, the note a person typed, the portal's `event`
        (rit_portal.system_texts.event(...)) and `record` (more fields of the history row),
        and, for the moves in `told`, the owner's e-mail is recorded in the same transaction
        (sent after commit). `facts` go to the rule's check. Returns the history row.
        """
        current = (self.model.objects.select_for_update(of=("self",))
                   .select_related(*self.lock_related).get(pk=obj.pk))
        from_status = self.status_of(current)
        rule = self.moves.get(from_status, {}).get(to)
        if rule is None:
            raise IllegalTransition(str(self.cannot_move) % {
                "from": self.statuses(from_status).label, "to": self.statuses(to).label})
        if not rule.allowed.test(by, current):
            raise IllegalTransition(str(self.not_yours))
        note = note.strip()
        if rule.check is not None:
            rule.check(current, note=note, **facts)

        now = timezone.now()
        setattr(obj, self.status_field, to)
        fields = [self.status_field]
        if to in self.stamps:
            setattr(obj, self.stamps[to], now)
            fields.append(self.stamps[to])
        if any(f.name == "updated_at" for f in self.model._meta.concrete_fields):
            fields.append("updated_at")
        obj.save(update_fields=fields)
        change = self.history.objects.create(
            **{self.subject: obj}, from_status=from_status, to_status=to, by=by, at=now,
            note=note, **(record or {}), **(event or {}))

        kind = self.told.get(to)
        if kind is not None:
            addressee, about = self.addressee(current)
            self.notify(kind, to=addressee, about=about, params={"status_change": change.pk})
        return change

    # --- The table's own checks -------------------------------------------------------------

    def _validate(self) -> None:
        statuses = set(self.statuses.values)
        for source, moves in self.moves.items():
            if source not in statuses or not set(moves) <= statuses:
                raise ValueError(f"{self.name}: unknown status in moves: {source} -> {set(moves)}")
        if set(self.abilities) != statuses or set(self.moves) != statuses:
            raise ValueError(f"{self.name}: moves and abilities must list every status.")
        if not (set(self.stamps) | set(self.told)) <= statuses:
            raise ValueError(f"{self.name}: stamps and told name unknown statuses.")
        if self.told and (self.addressee is None or self.notify is None):
            raise ValueError(f"{self.name}: moves that tell someone need addressee and notify.")
