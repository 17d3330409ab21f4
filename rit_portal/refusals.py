"""The one way a view turns a service's refusal into what the user sees.

A service refuses with ValidationError (messages, keyed by field where one is at fault),
PermissionDenied (with a message) or a domain error that subclasses either. The view
wraps the call in `refusal_shown`: with a form, each message lands at its field (or at the
top of the form) and the form keeps what was typed; without one (a button), the messages
appear at the top of the next page. Anything else propagates.

    with refusal_shown(request, form) as refusal:
        invitation = reviewer_invite(office=..., by=request.user, ...)
    if not refusal:
        messages.success(request, ...)
        return redirect(...)

`refusal_to_form(form, call)` and `refusal_to_messages(request, call)` are the same for a
call whose result is all the view needs (None when refused):

    if form.is_valid() and refusal_to_form(form, lambda: project_end(project=..., ...)):
        return redirect(...)
"""

from collections.abc import Callable

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext_lazy

# Shown for a PermissionDenied that says nothing itself.
REFUSED = gettext_lazy("You may not do this.")


def _put_on(forms, exc: ValidationError) -> None:
    first = forms[0]
    if not hasattr(exc, "error_dict"):
        first.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        target = next((f for f in forms if name in f.fields), None)
        if target is None:
            first.add_error(None, errors)
        else:
            target.add_error(name, errors)


class refusal_shown:  # noqa: N801  (used as a statement: `with refusal_shown(...)`)
    """A context in which a service's refusal is shown instead of raised; true (`if
    refusal:`) when one was, with the exception as `error`."""

    def __init__(self, request=None, *forms):
        self.request, self.forms = request, forms
        self.error: Exception | None = None

    def __enter__(self) -> "refusal_shown":
        return self

    def __exit__(self, exc_type, exc, traceback) -> bool:
        if exc is None or not isinstance(exc, ValidationError | PermissionDenied):
            return False
        self.error = exc
        if isinstance(exc, ValidationError):
            if self.forms:
                _put_on(self.forms, exc)
            else:
                for message in exc.messages:
                    messages.error(self.request, message)
        elif self.forms:
            self.forms[0].add_error(None, str(exc) or str(REFUSED))
        else:
            messages.error(self.request, str(exc) or str(REFUSED))
        return True

    def __bool__(self) -> bool:
        return self.error is not None


def refusal_to_form(form, call: Callable, *more_forms):
    """Run `call()` and return its result; on a refusal put its messages on the form(s)
    (each at the form that has its field, else at the top of the first) and return None."""
    with refusal_shown(None, form, *more_forms):
        return call()
    return None


def refusal_to_messages(request, call: Callable):
    """Run `call()` and return its result; on a refusal show its messages as errors at the
    top of the next page and return None."""
    with refusal_shown(request):
        return call()
    return None
