"""Every write of the showcase: the organisation's consent (given or withdrawn) and its
story, HQ's approval. Each is recorded in the application's append-only history (audit)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from audit.services import audit_record
from projects.models import Project
from rit_portal.permissions import require
from rit_portal.system_texts import event

from .models import ShowcaseEntry


def _entry(project: Project) -> ShowcaseEntry:
    entry, _created = ShowcaseEntry.objects.select_for_update().get_or_create(project=project)
    return entry


@transaction.atomic
def showcase_consent_set(*, project: Project, by, consented: bool) -> ShowcaseEntry:
    """The organisation agrees to publication, or withdraws it (the tie-up leaves the
    showcase at once); who and when are kept, each change in the history."""
    require(by, "showcase.manage_entry", project)
    entry = _entry(project)
    if entry.consented == consented:
        return entry
    entry.consented = consented
    entry.consent_changed_at = timezone.now()
    entry.consent_changed_by = by
    entry.full_clean()
    entry.save(update_fields=["consented", "consent_changed_at", "consent_changed_by"])
    audit_record(event=event("showcase.consent_given" if consented
                             else "showcase.consent_withdrawn"),
                 by=by, application=project.application)
    return entry


@transaction.atomic
def showcase_story_submit(*, project: Project, by, story_ja: str,
                          story_en: str) -> ShowcaseEntry:
    """The organisation's outcome story in both languages, sent to HQ for approval (the
    approved one, if any, stays on the showcase until HQ approves the new one)."""
    require(by, "showcase.manage_entry", project)
    entry = _entry(project)
    entry.story_ja, entry.story_en = story_ja.strip(), story_en.strip()
    errors = {}
    if not entry.story_ja:
        errors["story_ja"] = _("Write the story in Japanese.")
    if not entry.story_en:
        errors["story_en"] = _("Write the story in English.")
    if errors:
        raise ValidationError(errors)
    entry.story_submitted_at = timezone.now()
    entry.story_returned_note = ""
    entry.full_clean()
    entry.save(update_fields=["story_ja", "story_en", "story_submitted_at",
                              "story_returned_note"])
    audit_record(event=event("showcase.story_submitted"), by=by,
                 application=project.application)
    return entry


def _awaiting(entry: ShowcaseEntry, by) -> ShowcaseEntry:
    require(by, "showcase.approve_stories")
    entry = ShowcaseEntry.objects.select_for_update().select_related(
        "project__application").get(pk=entry.pk)
    if not entry.awaits_approval:
        raise ValidationError(_("This story is not awaiting approval."))
    return entry


@transaction.atomic
def showcase_story_approve(*, entry: ShowcaseEntry, by) -> ShowcaseEntry:
    """HQ approves the story sent: it is what the showcase shows from now on."""
    entry = _awaiting(entry, by)
    entry.published_story_ja, entry.published_story_en = entry.story_ja, entry.story_en
    entry.story_submitted_at = None
    entry.story_approved_at = timezone.now()
    entry.story_approved_by = by
    entry.save(update_fields=["published_story_ja", "published_story_en",
                              "story_submitted_at", "story_approved_at", "story_approved_by"])
    audit_record(event=event("showcase.story_approved"), by=by,
                 application=entry.project.application)
    return entry


@transaction.atomic
def showcase_story_return(*, entry: ShowcaseEntry, by, note: str) -> ShowcaseEntry:
    """HQ returns the story with a comment; the organisation edits and sends it again."""
    entry = _awaiting(entry, by)
    if not note.strip():
        raise ValidationError({"note": _("Say what should change.")})
    entry.story_submitted_at = None
    entry.story_returned_note = note.strip()
    entry.save(update_fields=["story_submitted_at", "story_returned_note"])
    audit_record(event=event("showcase.story_returned"), by=by,
                 application=entry.project.application, note=note.strip())
    return entry
