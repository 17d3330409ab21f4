"""Texts the portal writes itself, stored as what happened and shown in the reader's language.

A timeline note such as "Sponsorship approved: ¥3,000,000." is not stored as text in the
language of whoever triggered it: the row stores an event code and its parameters
(`"decision.approved"`, `{"amount": 3000000}`) and each reader sees it rendered in their
own language. The same mechanism serves any record of what happened (status changes
today; an audit history of scores, decisions and corrections can reuse it as is).

Writing one:

    # <app>/texts.py — found automatically (every installed app's `texts` module)
    from rit_portal.system_texts import system_text
    system_text("decision.approved", gettext_lazy("Sponsorship approved: %(amount)s."),
                amount=yen)   # how to show each parameter, evaluated when read

    # a model that records events
    class StatusChange(EventRecord): ...        # adds `event`, `event_params`, `event_text`

    # a service
    StatusChange.objects.create(..., **event("decision.approved", amount=3_000_000))

Parameters are JSON values (ids, codes, whole numbers); a formatter turns each into
text when the event is read (a criterion code into its label, yen into "¥1,234").
"""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models
from django.utils.module_loading import autodiscover_modules


@dataclass(frozen=True)
class SystemText:
    code: str
    text: str  # a lazy translation with %(name)s placeholders
    formatters: dict[str, Callable] = field(default_factory=dict)

    def render(self, params: dict) -> str:
        values = {name: self.formatters.get(name, str)(value) for name, value in params.items()}
        return str(self.text) % values


_REGISTRY: dict[str, SystemText] = {}
_discovered = False


def system_text(code: str, text, **formatters: Callable) -> SystemText:
    """Register the text of event `code` (each app in its `texts.py`)."""
    if code in _REGISTRY:
        raise ValueError(f"System text {code!r} is registered twice.")
    _REGISTRY[code] = SystemText(code, text, formatters)
    return _REGISTRY[code]


def _registry() -> dict[str, SystemText]:
    global _discovered
    if not _discovered:
        autodiscover_modules("texts")
        _discovered = True
    return _REGISTRY


def event(code: str, **params) -> dict:
    """The stored form of an event, as keyword arguments for an EventRecord:
    `{"event": code, "event_params": params}`. Refuses an unknown code or parameters that
    the text does not name, so that a typo fails when written, not when read."""
    text = _registry().get(code)
    if text is None:
        raise ValueError(f"Unknown system text {code!r}.")
    try:
        text.render(params)
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"System text {code!r} cannot take {params!r}: {exc}") from exc
    return {"event": code, "event_params": params}


def render_event(code: str, params: dict) -> str:
    """The event's text in the active language; "" for no event. An unknown code (a text
    removed since the row was written) shows the code rather than failing the page."""
    if not code:
        return ""
    text = _registry().get(code)
    if text is None:
        return code
    return text.render(params or {})


class EventRecord(models.Model):
    """Adds an event (code and parameters) to a record, read as `event_text`."""

    event = models.CharField(max_length=60, blank=True)
    event_params = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True

    @property
    def event_text(self) -> str:
        return render_event(self.event, self.event_params)
