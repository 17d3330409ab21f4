"""What the projects views share: the lookups that make every other organisation's project
a 404, and putting a service's messages on the form."""

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError

from ..selectors import year_for_user


def apply_service(form, call):
    """Run `call()`; on ValidationError (or PermissionDenied) put the messages on the form
    (each at its field where the form has it) and return None."""
    try:
        return call()
    except ValidationError as exc:
        if not hasattr(exc, "error_dict"):
            form.add_error(None, exc)
        for name, errors in getattr(exc, "error_dict", {}).items():
            form.add_error(name if name in form.fields else None, errors)
    except PermissionDenied as exc:
        form.add_error(None, str(exc))
    return None


def report_view(view):
    """For the pages of a project year's report: log-in required, the year looked up for
    the user (404 when they may not see the project), the view called with it."""

    @wraps(view)
    @login_required
    def wrapper(request, pk: int, year: int, **kwargs):
        return view(request, year_for_user(user=request.user, pk=pk, number=year), **kwargs)

    return wrapper
