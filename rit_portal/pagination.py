"""Every list page's paging, in one place: `paginate(...)` cuts a queryset into pages of
`PAGE_SIZE` rows, and the template library (`{% load pagination %}`, registered in
settings.TEMPLATES) builds the links that keep the page's filters and sort:

    page = paginate(queryset, params=request.GET)          # in the view
    {% include "_pagination.html" %}                       # under the table
    <a href="?{% query_with sort='-value' page=None %}">   # a sort link, back to page 1

The query string is read from `params` in the template's context when the view passes one
(the board shown again after a POST), else from the request's GET.
"""

from django import template
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import QueryDict

PAGE_SIZE = 50

register = template.Library()


def paginate(queryset: QuerySet | list, *, params: QueryDict, per_page: int | None = None,
             count: int | None = None) -> Page:
    """The page `params["page"]` asks for: the last one for a number past the end, the first
    for anything that is not a number. Two queries (the count and the page's rows; none
    for a list already in memory); give `count` when a cheaper query than counting
    `queryset` knows it (an annotated queryset would compute every row's aggregates only
    to be counted)."""
    paginator = Paginator(queryset, per_page or PAGE_SIZE)
    if count is not None:
        paginator.count = count  # Paginator.count is a cached property: set, not computed
    return paginator.get_page(params.get("page"))


@register.simple_tag(takes_context=True)
def query_with(context, **changes) -> str:
    """The page's query string with `changes` applied (a value None removes the key),
    URL-encoded for an href: filters and sort survive paging, and a new sort or filter
    starts again at page 1 (`page=None`)."""
    params = context.get("params")
    if not isinstance(params, QueryDict):
        request = context.get("request")
        params = request.GET if request is not None else QueryDict()
    query = params.copy()
    for key, value in changes.items():
        if value is None:
            query.pop(key, None)
        else:
            query[key] = str(value)
    return query.urlencode()
