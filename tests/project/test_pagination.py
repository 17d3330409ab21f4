"""Paging, in one place (rit_portal/pagination.py): which page a request gets, and links
that keep the page's filters and sort."""

import pytest
from django.http import QueryDict
from django.template import Context, Template
from django.test import RequestFactory

from applications.models import Call
from rit_portal.pagination import paginate
from tests.factories import CallFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def five_calls():
    for year in range(2025, 2030):
        CallFactory(fiscal_year=year)
    return Call.objects.order_by("fiscal_year")


@pytest.mark.parametrize(("asked", "number", "years"), [
    ("", 1, [2025, 2026]),
    ("2", 2, [2027, 2028]),
    ("3", 3, [2029]),
    ("99", 3, [2029]),  # past the end: the last page
    ("x", 1, [2025, 2026]),  # not a number: the first
])
def test_paginate_gives_the_page_asked_for(five_calls, asked, number, years):
    page = paginate(five_calls, params=QueryDict(f"page={asked}"), per_page=2)
    assert (page.number, [c.fiscal_year for c in page], page.paginator.count) == (
        number, years, 5)


def test_a_count_given_is_not_computed_again(five_calls, django_assert_num_queries):
    with django_assert_num_queries(1):  # the page's rows only
        page = paginate(five_calls, params=QueryDict("page=2"), per_page=2, count=5)
        assert ([c.fiscal_year for c in page], page.paginator.num_pages) == ([2027, 2028], 3)


def _render(source: str, **context) -> str:
    return Template("{% load pagination %}" + source).render(Context(context))


def test_query_with_keeps_the_filters_and_changes_only_what_it_is_told():
    request = RequestFactory().get("/board/?status=reviewed&country=3&sort=-value&page=4")
    assert _render("{% query_with page=5 %}", request=request) == (
        "status=reviewed&amp;country=3&amp;sort=-value&amp;page=5")
    assert _render("{% query_with sort='value' page=None %}", request=request) == (
        "status=reviewed&amp;country=3&amp;sort=value")


def test_query_with_reads_the_params_a_view_passes_before_the_request():
    request = RequestFactory().post("/board/action/")
    params = QueryDict("status=eligible&sort=-value")
    assert _render("{% query_with page=2 %}", request=request, params=params) == (
        "status=eligible&amp;sort=-value&amp;page=2")


def test_the_pagination_include_links_every_page_with_the_filters(five_calls):
    request = RequestFactory().get("/calls/?fy=2027&page=2")
    page = paginate(five_calls, params=request.GET, per_page=2)
    html = Template('{% include "_pagination.html" %}').render(Context(
        {"page": page, "request": request}))
    links = [part.split('"')[0] for part in html.split('href="')[1:]]
    assert links == ["?fy=2027&amp;page=1", "?fy=2027&amp;page=1", "?fy=2027&amp;page=3",
                     "?fy=2027&amp;page=3"]
    assert "Page 2 of 3 (3–4 of 5 rows)" in html


def test_one_page_shows_no_pagination(five_calls):
    page = paginate(five_calls, params=QueryDict(), per_page=10)
    assert Template('{% include "_pagination.html" %}').render(
        Context({"page": page})).strip() == ""
