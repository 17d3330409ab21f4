"""The sections of the application form, in order: one list for the section navigation,
the completeness checklist's links and the read-only view.

Each entry is (key, label, URL name); every URL takes the application's pk. Sections owned
by other apps (the cost proposal) are listed here too so that the applicant sees one form;
their views render with `section_context` and continue with `next_section_url`, like the
sections of this app.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .completeness import ChecklistItem, application_checklist
from .english import EnglishSummary, required_summaries
from .enums import AttachmentKind, ConfirmationStatus
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


def checklist_item_url(*, application: Application, item: ChecklistItem) -> str:
    """The page that fixes `item`: its task's page, else its section's."""
    url_name = item.task or {key: name for key, _label, name in SECTIONS}[item.section]
    return reverse(url_name, kwargs={"pk": application.pk})


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
        "checklist_links": [(item, checklist_item_url(application=application, item=item))
                            for item in checklist],
        "section_items": [item for item in checklist if item.section == section],
        "next_url": (next_section_url(application=application, current=section)
                     if section in SECTION_KEYS else ""),
    }


# --- criterion 3: one task per page --------------------------------------------------------
# The partner section is four tasks, each its own page with one form; the section's page
# lists them with their state and each page returns to it after saving (GOV.UK's task list).
# Each entry: (key, label, URL name, what the task is).
PARTNER_TASKS = [
    ("contacts", _("Prior contacts with the partner region"), "applications:partner-contacts",
     _("Record each earlier contact: when, how, who took part and what happened.")),
    ("request", _("Ask the partner to confirm online"), "applications:partner-request",
     _("Your contact at the partner region receives an e-mail in the language you choose, "
       "with a personal link, and confirms without an account.")),
    ("letter", _("Upload the partner's letter of interest"), "applications:partner-letter",
     _("Instead of the online confirmation: the partner's signed letter, as a PDF.")),
    ("summary", _("English summary of the prior contacts"), "applications:partner-summary",
     _("For the reviewers of the overseas office, who read English.")),
]


@dataclass(frozen=True)
class Task:
    key: str
    label: str
    hint: str
    url: str
    state: str  # what the page shows: done, to do, awaiting the answer, optional, not needed
    done: bool  # shown as finished (the badge's colour)
    detail: str = ""


def partner_tasks(*, application: Application) -> list[Task]:
    """The four tasks of criterion 3 with their state. The confirmation of interest is the
    partner's online answer or its letter: once one of them is there, the other is not
    needed; a request sent and not yet answered is awaited."""
    contacts = application.prior_contacts.count()
    confirmations = list(application.partner_confirmations.values_list("status", flat=True))
    confirmed = ConfirmationStatus.CONFIRMED in confirmations
    awaiting = ConfirmationStatus.PENDING in confirmations
    letters = application.attachments.filter(kind=AttachmentKind.PARTNER_LETTER).count()
    summary_written = bool(application.contacts_summary_en.strip())
    summary_required = EnglishSummary.CONTACTS in required_summaries(application.call)
    done, to_do = _("Done"), _("To do")
    states = {
        "contacts": (contacts > 0, done if contacts else to_do,
                     _("%(n)d recorded") % {"n": contacts} if contacts else ""),
        "request": (confirmed, done if confirmed else _("Not needed") if letters
                    else _("Awaiting the answer") if awaiting else to_do, ""),
        "letter": (letters > 0, done if letters else _("Not needed") if confirmed else to_do,
                   _("%(n)d uploaded") % {"n": letters} if letters else ""),
        "summary": (summary_written, done if summary_written
                    else to_do if summary_required else _("Optional"), ""),
    }
    return [Task(key, str(label), str(hint), reverse(url_name, kwargs={"pk": application.pk}),
                 str(states[key][1]), states[key][0], str(states[key][2]))
            for key, label, url_name, hint in PARTNER_TASKS]
