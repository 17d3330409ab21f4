"""Every page of every role, read in each language, follows that language's conventions
(rit_portal/conventions.py; issue 29):

- Japanese: no ISO date (2027-04-01), no ASCII ", " between Japanese words, no half-width
  bracket around Japanese text;
- English: no 「」, no 、 or full-width bracket beside Latin text, no 2027年4月1日 date.

The pages are found as a user finds them: Django's test client follows the links of each
role's pages from its home, on the demo data (one page per URL pattern, three clicks deep).
Only the text a reader sees is read (not scripts, styles or attribute values), and text
marked as being in the other language (`lang="en"` on a Japanese page: an English summary,
the partner's own words) is left out.
"""

import io
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import Resolver404, resolve

from demo.accounts import demo_email

pytestmark = pytest.mark.django_db

ROLES = {
    "visitor": None,
    "applicant-draft": "applicant.shonan",
    "applicant-info": "applicant.nagasaki",
    "applicant-project": "applicant.fukushima",
    "hq-reviewer": "reviewer.hq1",
    "overseas-reviewer": "reviewer.dus",
    "hq": "hq",
}
SKIPPED_PREFIXES = ("/admin/", "/api/", "/feeds/", "/static/", "/media/", "/i18n/",
                    "/accounts/logout")
SKIPPED_WORDS = ("download", "logout", "delete", "export", "/file", "template", ".pdf",
                 ".csv", ".xlsx", ".ics", ".atom", ".zip", ".png", "revoke")
DEPTH = 3

JAPANESE = r"[\u3005\u3040-\u30ff\u4e00-\u9fff]"
SLIPS = {
    "ja": {
        "ISO date": re.compile(r"(?<![\d-])\d{4}-\d{2}-\d{2}(?![\d-])"),
        "ASCII list separator": re.compile(rf"{JAPANESE}[)）]?, ?{JAPANESE}"),
        "half-width bracket": re.compile(rf"\([^()]*{JAPANESE}[^()]*\)"),
    },
    # User data may be Japanese on an English page (an organisation's name, a Japanese
    # summary, an e-mail sent in Japanese): what is refused is Japanese punctuation set
    # against Latin text, as the portal would write it.
    "en": {
        "Japanese quotation marks": re.compile(r"「[\x21-\x7e]|[\x21-\x7e]」"),
        "Japanese separator": re.compile(r"[A-Za-z0-9)]\s?[、，]\s?[A-Za-z0-9(]"),
        "full-width bracket": re.compile(r"[A-Za-z]\s?（|）\s?[A-Za-z]"),
        "Japanese date": re.compile(r"\d{4}年\d{1,2}月\d{1,2}日"),
    },
}


class VisibleText(HTMLParser):
    """The page's visible text and its links; elements in the other language left out."""

    HIDDEN = {"script", "style", "template", "head", "textarea"}  # a field's value: data
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}
    # Text of two cells, items or paragraphs is never one phrase: a mark between them stops
    # a pattern from matching across (a Japanese description beside an English label).
    BLOCKS = {"td", "th", "tr", "li", "p", "div", "dd", "dt", "option", "h1", "h2", "h3",
              "h4", "h5", "section", "br", "button", "label", "summary"}

    def __init__(self, other_language: str):
        super().__init__(convert_charrefs=True)
        self.other = other_language
        self.stack: list[bool] = []  # per open element: is its text left out?
        self.chunks: list[str] = []
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in self.BLOCKS:
            self.chunks.append("¶")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        if tag in self.VOID:
            return
        skipped = (bool(self.stack and self.stack[-1]) or tag in self.HIDDEN
                   or (attrs.get("lang") or "").startswith(self.other))
        self.stack.append(skipped)

    def handle_endtag(self, tag):
        if tag in self.BLOCKS:
            self.chunks.append("¶")
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.chunks.append(data)

    def text(self) -> str:
        return re.sub(r"\s+", " ", " ".join(self.chunks))


def page_name(path: str) -> str | None:
    if path.startswith(SKIPPED_PREFIXES) or any(word in path for word in SKIPPED_WORDS):
        return None
    try:
        return resolve(urlsplit(path).path).view_name
    except Resolver404:
        return None


def crawl(client, language: str, seen: set[str]) -> dict[str, list[str]]:
    """Page path → the slips found on it, for each page (by URL name) not in `seen`."""
    other = "en" if language == "ja" else "ja"
    found: dict[str, list[str]] = {}
    frontier, visited = ["/", "/home/"], set()
    for _ in range(DEPTH + 1):
        next_frontier = []
        for path in frontier:
            name = page_name(path)
            if name is None or name in visited:
                continue
            visited.add(name)
            response = client.get(path)
            if response.status_code != 200 or "text/html" not in response["Content-Type"]:
                continue
            parser = VisibleText(other)
            parser.feed(response.content.decode())
            if name not in seen:
                seen.add(name)
                text = parser.text()
                slips = [f"{kind}: …{text[max(0, m.start() - 30):m.end() + 30]}…"
                         for kind, pattern in SLIPS[language].items()
                         for m in pattern.finditer(text)]
                if slips:
                    found[path] = slips
            for href in parser.links:
                parts = urlsplit(href)
                if parts.netloc in ("", "testserver") and parts.path.startswith("/"):
                    next_frontier.append(parts.path + (f"?{parts.query}" if parts.query else ""))
        frontier = next_frontier
    return found


@pytest.fixture
def demo_data(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo_data", stdout=io.StringIO())


@pytest.mark.parametrize("language", ["ja", "en"])
def test_every_page_follows_the_languages_conventions(client, demo_data, language):
    from accounts.models import User

    problems, seen = {}, set()
    for role, local in ROLES.items():
        client.logout()
        if local:
            client.force_login(User.objects.get(email=demo_email(local)))
        client.cookies.load({settings.LANGUAGE_COOKIE_NAME: language})
        for path, slips in crawl(client, language, seen).items():
            problems[f"{role} {path}"] = slips
    assert len(seen) > 40
    assert problems == {}, "\n".join(f"{page}\n  " + "\n  ".join(slips)
                                     for page, slips in problems.items())
