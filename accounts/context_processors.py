from .navigation import navigation_for, navigation_menu
from .two_factor import needs_second_factor


def navigation(request):
    user = getattr(request, "user", None)
    if user is None:
        return {}
    items = navigation_for(user, request.path)
    return {"nav_items": items, "nav_menu": navigation_menu(items),
            "show_two_factor": needs_second_factor(user)}
