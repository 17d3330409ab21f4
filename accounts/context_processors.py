from .navigation import navigation_for
from .two_factor import needs_second_factor


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    return {"nav_items": navigation_for(user, request.path),
            "show_two_factor": needs_second_factor(user)}
