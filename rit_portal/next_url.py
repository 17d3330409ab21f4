"""Where a page sends the user back to after a POST (`next`): only a path on this site."""

from django.utils.http import url_has_allowed_host_and_scheme


def next_url(request, *, default: str) -> str:
    """The `next` of the POST (or the query string) when it is a path on this site
    ("/notifications/outbox/"), else `default`. A bare word ("outbox") or another site's
    address is not a place to go back to: redirect() would take the word for a URL name
    (and answer 500) or send the user away."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (target.startswith("/") and not target.startswith("//")
            and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                                require_https=request.is_secure())):
        return target
    return default
