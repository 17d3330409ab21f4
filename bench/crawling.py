"""Every page a role reaches from its home, found as a user finds them: the links (`<a
href>`) of each page read, same-site only, breadth first. Shared by the crawling page
benchmark (bench/crawl.py, over HTTP) and the query-count test of every page
(tests/project/test_page_queries.py, Django's test client).

Only GET: forms are never sent, and the links that change something or leave the HTML
(logout, downloads, exports, files, the language switch) are not followed. Ids are
collapsed: a URL's *pattern* is its view's name and the names of its query parameters
(`applications:detail`, `sponsorship:board?sort`), and each pattern is taken on at most
`per_pattern` instances (the first ones found).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from html import unescape
from urllib.parse import parse_qsl, urljoin, urlsplit

SKIPPED_PREFIXES = ("/admin/", "/api/", "/feeds/", "/static/", "/media/", "/i18n/",
                    "/accounts/logout", "/bench/", "/metrics/", "/health/")
SKIPPED_WORDS = ("download", "logout", "delete", "export", "/file", ".pdf", ".csv", ".xlsx",
                 ".ics", ".atom", ".zip", ".png", ".svg", "revoke", "/print")
LINK = re.compile(r"""<a\s[^>]*?href\s*=\s*["']([^"'#]+)["']""", re.IGNORECASE)


@dataclass
class Page:
    path: str
    pattern: str
    view_name: str
    kwargs: dict
    query: dict
    depth: int
    status: int = 0
    bytes: int = 0
    html: bool = False
    found_on: str = ""
    links: list[str] = field(default_factory=list, repr=False)


def pattern_of(path: str):
    """(pattern, view name, URL kwargs, query) of a same-site path, or None when the path
    is not to be followed (not a page of the portal, or a link that is skipped)."""
    from django.urls import Resolver404, resolve

    parts = urlsplit(path)
    if parts.netloc not in ("", "testserver") or not parts.path.startswith("/"):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES) or any(w in parts.path for w in SKIPPED_WORDS):
        return None
    try:
        match = resolve(parts.path)
    except Resolver404:
        return None
    if match.view_name in ("set_language", "favicon"):
        return None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    names = sorted(k for k in query if k != "next")
    pattern = match.view_name + (f"?{'&'.join(names)}" if names else "")
    return pattern, match.view_name, match.kwargs, query


def links_of(html: str) -> list[str]:
    return [unescape(href).strip() for href in LINK.findall(html)]


def crawl(fetch: Callable[[str], tuple[int, str, bytes]], *, starts=("/", "/home/"),
          per_pattern: int = 1, depth: int = 4, limit: int = 400) -> list[Page]:
    """The pages reached from `starts` by following links breadth first, at most
    `per_pattern` paths per pattern, `depth` clicks deep, `limit` pages in all.
    `fetch(path)` answers (status, content type, body) of a GET."""
    pages: list[Page] = []
    taken: dict[str, int] = {}
    seen: set[str] = set()
    frontier = [(path, 0, "") for path in starts]
    while frontier and len(pages) < limit:
        path, level, parent = frontier.pop(0)
        parts = urlsplit(path)
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path in seen:
            continue
        seen.add(path)
        found = pattern_of(path)
        if found is None or taken.get(found[0], 0) >= per_pattern:
            continue
        pattern, view_name, kwargs, query = found
        status, content_type, body = fetch(path)
        if status in (301, 302, 303, 307, 308) or status >= 400:
            continue  # a redirect is followed where it points only when linked
        taken[pattern] = taken.get(pattern, 0) + 1
        page = Page(path, pattern, view_name, kwargs, query, level, status, len(body),
                    "text/html" in content_type, parent)
        pages.append(page)
        if page.html and level < depth:
            page.links = links_of(body.decode("utf-8", "replace"))
            frontier += [(urljoin(path, link), level + 1, path) for link in page.links]
    return pages
