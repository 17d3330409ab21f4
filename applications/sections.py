"""The sections of the application form, in order: one list for the section navigation,
the completeness checklist's links and the read-only view.

Each entry is (key, label, URL name); every URL takes the application's pk. Sections owned
by other apps (the cost proposal) are listed here too so that the applicant sees one form;
their views render with `section_context` and continue with `next_section_url`, like the
sections of this app.
"""

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .completeness import ChecklistItem, application_checklist
from .models import Application
from .selectors import information_request_open

SECTIONS = [
    ("overview", _("Overview"), "applications:section-overview"),
    ("consortium", _("Consortium"), "applications:section-consortium"),
    ("cooperation", _("Planned cooperation"), "applications:section-cooperation"),
    ("prospects", _("Criterion 2: prospects"), "applications:section-prospects"),
    ("partner", _("Criterion 3: partner contact"), "applications:section-partner"),
    ("costs", _("Cost proposal"), "sponsorship:cost-proposal"),
    ("attachments", _("Attachments"), "applications:section-attachments"),
]
SECTION_KEYS = [key for key, _label, _url_name in SECTIONS]


def section_nav(*, application: Application, checklist: list[ChecklistItem],
                current: str) -> list[dict]:
    """Every section with its URL, whether it is the `current` one and whether the
    checklist finds it complete."""
    missing = {item.section for item in checklist if not item.ok}
    return [{"key": key, "label": label, "active": key == current,
             "url": reverse(url_name, kwargs={"pk": application.pk}),
             "complete": key not in missing}
            for key, label, url_name in SECTIONS]


def next_section_url(*, application: Application, current: str) -> str:
    """Where "save and continue" leads from section `current`: the next section, or the
    submission page after the last one."""
    following = SECTIONS[SECTION_KEYS.index(current) + 1:]
    if not following:
        return reverse("applications:submit", kwargs={"pk": application.pk})
    return reverse(following[0][2], kwargs={"pk": application.pk})


def section_context(*, application: Application, section: str) -> dict:
    """What every page of the form shows around its own content: the section navigation,
    the checklist (all items, the open ones, this section's), the next section's URL and
    the programme office's request for more information, if one awaits an answer.

    `section` is a key of SECTIONS, or "submit" for the submission page (no next section).
    """
    checklist = application_checklist(application=application)
    return {
        "application": application, "section": section,
        "information_request": information_request_open(application=application),
        "section_nav": section_nav(application=application, checklist=checklist,
                                   current=section),
        "checklist": checklist, "open_items": [item for item in checklist if not item.ok],
        "section_items": [item for item in checklist if item.section == section],
        "next_url": (next_section_url(application=application, current=section)
                     if section in SECTION_KEYS else ""),
    }
