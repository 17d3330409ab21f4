"""The navigation bar, per role, in one table.

Each entry is (label, URL name, permission, group). An entry appears when the user holds
the permission (rules predicates, see */rules.py); URL names are resolved at render time.
Entries that lead to the same page (each role's home) appear once. Entries of a group sit
in one menu of the bar (a <details> disclosure: no script needed), so that HQ's bar stays
one row at 1366 px; a group the user has a single entry of shows as a plain link.
"""

import functools

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

SELECTION = _("Selection")
PROJECTS = _("Projects")
MONITORING = _("Monitoring")
SETTINGS = _("Settings")
PARTNERS = SELECTION

# The public showcase is promotion for visitors; signed-in users keep a bar of their own work
# (HQ's on one row at 1366 px) and reach it from every page's footer.
VISITORS_ONLY = "visitors-only"

NAVIGATION = [
    (_("Calls"), "public-home", None, None),
    (_("Tie-ups"), "showcase:list", VISITORS_ONLY, None),
    (_("My home"), "home", "accounts.use_applicant_area", None),
    (_("My home"), "home", "accounts.use_reviewer_area", None),
    (_("Conflicts of interest"), "reviews:conflicts", "accounts.use_reviewer_area", None),
    (_("My home"), "home", "accounts.use_office_area", None),
    (_("Programme office"), "home", "accounts.use_hq_area", None),
    (_("Manage calls"), "applications:call-manage-list", "applications.manage_calls",
     SELECTION),
    (_("Review and selection"), "reviews:index", "reviews.manage_reviews", SELECTION),
    (_("Sponsorship decisions"), "sponsorship:decision-list", "sponsorship.decide",
     SELECTION),
    (_("Award letters"), "sponsorship:letter-calls", "sponsorship.manage_award_letters",
     SELECTION),
    (_("Sponsored projects"), "projects:list", "projects.use_projects", PROJECTS),
    (_("Progress reports"), "projects:hq-reports", "projects.follow_projects", PROJECTS),
    (_("Changes to projects"), "projects:hq-variations", "projects.follow_projects", PROJECTS),
    (_("Claims and payments"), "projects:hq-claims", "projects.follow_projects", PROJECTS),
    (_("Final reports"), "projects:hq-final-reports", "projects.follow_projects", PROJECTS),
    (_("Showcase stories"), "showcase:review", "showcase.approve_stories", PROJECTS),
    (_("Foreign partner directory"), "partnering:directory", "partnering.browse_directory",
     None),
    # Foreign regions' interest and the introductions come before an application: HQ finds
    # them under selection (a fifth menu wrapped HQ's bar onto a second row at 1366 px).
    (_("Foreign regions' interest"), "partnering:interests", "partnering.follow_interests",
     PARTNERS),
    (_("Introductions"), "partnering:introductions", "partnering.follow_interests", PARTNERS),
    (_("Monitoring"), "monitoring:dashboard", "monitoring.view_figures", MONITORING),
    (_("Outbox"), "notifications:outbox", "notifications.read_outbox", MONITORING),
    (_("Personal data requests"), "privacy:requests", "privacy.answer_requests", MONITORING),
    (_("Provisions to third parties"), "privacy:provisions", "privacy.read_provisions",
     MONITORING),
    (_("Reviewers"), "reviews:reviewers", "reviews.manage_reviewers", SETTINGS),
    (_("Domestic office staff"), "office-staff", "accounts.manage_office_staff", SETTINGS),
    (_("API tokens"), "monitoring:api-tokens", "monitoring.use_api", SETTINGS),
    (_("Colleagues"), "colleagues", "accounts.invite_colleague", None),
]


def navigation_for(user, current_path: str = "") -> list[dict]:
    """Entries of NAVIGATION that `user` may use, each with its URL and active flag."""
    items = [{"label": label, "url": url, "active": False, "group": group}
             for label, url, group in _entries(user.is_authenticated, user.is_active,
                                               getattr(user, "role", ""))]
    # The entry whose address is the longest prefix of the page's is the active one (the
    # reviewers page under /reviews/reviewers/, not "Review and selection" at /reviews/).
    matches = [item for item in items if current_path == item["url"]
               or (item["url"] != "/" and current_path.startswith(item["url"]))]
    if matches:
        max(matches, key=lambda item: len(item["url"]))["active"] = True
    return items


@functools.lru_cache(maxsize=64)
def _entries(authenticated: bool, active: bool, role: str) -> tuple[tuple, ...]:
    """(label, URL, group) of the entries a user of `role` may use: worked out once per
    process for each role, not on every page (issue 28). Labels stay lazy: they are
    translated when the page is written, in its language (the partner pages' catalogues
    included).
    Every permission of NAVIGATION is a role predicate (rules.py: who the user is, never
    an object or another attribute), so a user of the role stands for every user of it;
    tests/accounts/test_navigation_cache.py checks each entry's answer is the role's."""
    from django.contrib.auth.models import AnonymousUser

    from .models import User

    user = User(role=role, is_active=active) if authenticated else AnonymousUser()
    items, seen = [], set()
    for label, url_name, perm, group in NAVIGATION:
        if perm == VISITORS_ONLY:
            if authenticated:
                continue
        elif perm is not None and not user.has_perm(perm):
            continue
        url = reverse(url_name)
        if url in seen:
            continue
        seen.add(url)
        items.append((label, url, group))
    return tuple(items)


@receiver(setting_changed)
def _forget_entries(**kwargs) -> None:
    """Settings changed (tests only): the permissions' settings or the URLs may differ."""
    _entries.cache_clear()


def navigation_menu(items: list[dict]) -> list[dict]:
    """`navigation_for`'s entries as the bar shows them: each group's entries gathered in
    one menu (at the place of its first entry, active when one of them is), a group of
    one entry as that entry's plain link."""
    menu, groups = [], {}
    for item in items:
        group = item["group"]
        if group is None:
            menu.append(item)
        elif group in groups:
            groups[group]["entries"].append(item)
        else:
            groups[group] = {"label": group, "entries": [item]}
            menu.append(groups[group])
    shown = []
    for entry in menu:
        if "entries" not in entry:
            shown.append(entry)
        elif len(entry["entries"]) == 1:
            shown.append(entry["entries"][0])
        else:
            entry["active"] = any(item["active"] for item in entry["entries"])
            shown.append(entry)
    return shown
