"""Bench-only middleware (bench/settings.py): the number of SQL queries a request made,
session and authentication included, in the response's `X-Bench-Queries` header.

A streamed response (an export) runs most of its queries after the headers are sent: its
count is complete only once the body has been read, so it is also kept in the cache under
the request's `X-Bench-Id` header, for `/bench/queries/<id>/` to answer."""

from django.core.cache import cache
from django.db import connection


class QueryCountMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        counted = [0]

        def counter(execute, sql, params, many, context):
            counted[0] += 1
            return execute(sql, params, many, context)

        with connection.execute_wrapper(counter):
            response = self.get_response(request)
        response["X-Bench-Queries"] = str(counted[0])
        bench_id = request.headers.get("X-Bench-Id", "")
        if response.streaming and bench_id:
            response.streaming_content = _counting(response.streaming_content, counter,
                                                   counted, bench_id)
        elif bench_id:
            cache.set(f"bench-queries-{bench_id}", counted[0], 600)
        return response


def _counting(chunks, counter, counted, bench_id):
    with connection.execute_wrapper(counter):
        yield from chunks
    cache.set(f"bench-queries-{bench_id}", counted[0], 600)
