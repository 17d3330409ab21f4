"""The one gate in front of a view: log-in required, the permission it needs named, and a
404 for anyone without it (never a 403 that confirms the page exists).

    @gate("projects.follow_projects")                  a page of a role
    def report_list(request): ...

    @gate("applications.change_application", lookup=application_for_user)
    def section_overview(request, application): ...    an object's page

`lookup` is a scoped selector (`application_for_user(user=..., pk=...)`): it takes the user
and the URL's arguments it names, and answers 404 for an object the user may not see; the
view receives the object in their place (the other URL arguments stay keyword arguments).
The permission is then checked on that object. Anonymous visitors go to the login page.

`on(obj)`: what the permission is checked on when it is not the object itself (an
activity's delegates are its project's: `on=lambda activity: activity.project_year.project`).

`otherwise(request, obj)`: what someone who may see the object but not use this page gets
instead of the 404 (the applicant on a form their application's status has closed: the
read-only page, with a message).
"""

import inspect
from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import Http404


def gate(permission: str | None = None, *, lookup: Callable | None = None,
         on: Callable | None = None, otherwise: Callable | None = None):
    """Decorate a view: see the module docstring."""
    names = ([n for n in inspect.signature(lookup).parameters if n != "user"]
             if lookup is not None else [])

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            obj = None
            if lookup is not None:
                obj = lookup(user=request.user, **{name: kwargs.pop(name) for name in names})
                args = (obj, *args)
            target = on(obj) if on is not None and obj is not None else obj
            if permission is not None and not request.user.has_perm(permission, target):
                if otherwise is not None and obj is not None:
                    return otherwise(request, obj)
                raise Http404  # the page does not exist for this user
            return view(request, *args, **kwargs)

        wrapper.gate_permission = permission
        return wrapper

    return decorator
