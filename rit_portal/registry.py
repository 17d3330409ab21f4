"""Registries: how a lower layer learns what it needs from the apps above it without
importing them (dependencies point one way: docs/architecture.md).

A lower app declares a registry where it needs something; an app further up registers
into it at start-up, from its AppConfig.ready() (as every app's texts.py registers its
system texts):

    # applications/completeness.py (lower)
    CHECKLIST_ITEMS = Registry("completeness items other apps add after the application's")

    # sponsorship/apps.py (higher)
    def ready(self):
        from applications.completeness import CHECKLIST_ITEMS
        from .completeness import cost_proposal_checklist
        CHECKLIST_ITEMS.register(cost_proposal_checklist)

The e-mail kinds (notifications.kinds.register_kind), the addressees
(notifications.recipients.register_addressee) and the system texts
(rit_portal.system_texts.system_text) are registries of the same kind, keyed by a code.
"""

from collections.abc import Callable, Iterator


class Registry:
    """Functions registered by apps further up, called in the order of registration."""

    def __init__(self, purpose: str):
        self.purpose = purpose
        self._functions: list[Callable] = []

    def register(self, function: Callable) -> Callable:
        """Add `function` (once, however often the app starts)."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def __iter__(self) -> Iterator[Callable]:
        return iter(list(self._functions))

    def __len__(self) -> int:
        return len(self._functions)

    def __repr__(self) -> str:
        return f"<Registry {self.purpose}: {[f.__qualname__ for f in self._functions]}>"
