"""The navigation bar, per role, in one table.

Each entry is (label, URL name, permission). An entry appears when the user holds the
permission (rules predicates, see */rules.py); URL names are resolved at render time.
Entries that lead to the same page (each role's home) appear once.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

NAVIGATION = [
    (_("Calls"), "public-home", None),
    (_("My home"), "home", "accounts.use_applicant_area"),
    (_("My home"), "home", "accounts.use_reviewer_area"),
    (_("Conflicts of interest"), "reviews:conflicts", "accounts.use_reviewer_area"),
    (_("Programme office"), "home", "accounts.use_hq_area"),
    (_("Review and selection"), "reviews:index", "reviews.manage_reviews"),
    (_("Reviewers"), "reviews:reviewers", "reviews.manage_reviewers"),
    (_("Sponsorship decisions"), "sponsorship:decision-list", "sponsorship.decide"),
    (_("Award letters"), "sponsorship:letter-calls", "sponsorship.manage_award_letters"),
    (_("Sponsored projects"), "projects:list", "projects.use_projects"),
    (_("Progress reports"), "projects:hq-reports", "projects.follow_projects"),
    (_("Monitoring"), "monitoring:dashboard", "monitoring.view_figures"),
    (_("Manage calls"), "applications:call-manage-list", "applications.manage_calls"),
    (_("Colleagues"), "colleagues", "accounts.invite_colleague"),
    (_("Outbox"), "notifications:outbox", "notifications.read_outbox"),
]


def navigation_for(user, current_path: str = "") -> list[dict]:
    """Entries of NAVIGATION that `user` may use, each with its URL and active flag."""
    items, seen = [], set()
    for label, url_name, perm in NAVIGATION:
        if perm is not None and not user.has_perm(perm):
            continue
        url = reverse(url_name)
        if url in seen:
            continue
        seen.add(url)
        items.append({"label": label, "url": url, "active": False})
    # The entry whose address is the longest prefix of the page's is the active one (the
    # reviewers page under /reviews/reviewers/, not "Review and selection" at /reviews/).
    matches = [item for item in items if current_path == item["url"]
               or (item["url"] != "/" and current_path.startswith(item["url"]))]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items
