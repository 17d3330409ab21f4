"""The one way a view turns a service's refusal into what the user sees.

A service refuses with ValidationError (messages, keyed by field where one is at fault),
PermissionDenied (with a message) or a domain error that subclasses either. A view that
shows a form calls the service through `refusal_to_form`: each message lands at its field
(or at the top of the form), and the form keeps what was typed. A view with no form (a
button) uses `refusal_to_messages`: the messages appear at the top of the next page.

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


def refusal_to_form(form, call: Callable, *more_forms):
    """Run `call()` and return its result; on a refusal put its messages on the form(s)
    (each at the form that has its field, else at the top of the first) and return None."""
    try:
        return call()
    except ValidationError as exc:
        _put_on((form, *more_forms), exc)
    except PermissionDenied as exc:
        form.add_error(None, str(exc) or str(REFUSED))
    return None


def refusal_to_messages(request, call: Callable):
    """Run `call()` and return its result; on a refusal show its messages as errors at the
    top of the next page and return None."""
    try:
        return call()
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or str(REFUSED))
    return None

