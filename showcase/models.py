"""A sponsored project's place on the public showcase: the organisation's consent to
publication (given or withdrawn, by whom and when; each change also in the audit history)
and its outcome story in both languages, shown only once HQ approved it.

What the public sees is the approved copy (`published_story_*`): the organisation may edit
its draft at any time, and the showcase keeps the approved text until HQ approves the new
one."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from rit_portal.bilingual import Bilingual

STORY_MAX_CHARS = 1200


class ShowcaseEntry(models.Model):
    project = models.OneToOneField("projects.Project", on_delete=models.CASCADE,
                                   related_name="showcase", verbose_name=_("sponsored project"))
    consented = models.BooleanField(_("publication agreed"), default=False)
    consent_changed_at = models.DateTimeField(_("consent given or withdrawn at"), null=True,
                                              blank=True)
    consent_changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                           on_delete=models.SET_NULL, related_name="+",
                                           verbose_name=_("consent given or withdrawn by"))
    story_ja = models.TextField(_("outcome story (Japanese)"), max_length=STORY_MAX_CHARS,
                                blank=True)
    story_en = models.TextField(_("outcome story (English)"), max_length=STORY_MAX_CHARS,
                                blank=True)
    story_submitted_at = models.DateTimeField(_("story sent for approval at"), null=True,
                                              blank=True)
    story_returned_note = models.TextField(_("HQ's comment on the story"), blank=True)
    published_story_ja = models.TextField(_("approved story (Japanese)"), blank=True)
    published_story_en = models.TextField(_("approved story (English)"), blank=True)
    story_approved_at = models.DateTimeField(_("story approved at"), null=True, blank=True)
    story_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                          on_delete=models.SET_NULL, related_name="+",
                                          verbose_name=_("story approved by"))

    published_story = Bilingual()

    class Meta:
        verbose_name = _("showcase entry")
        verbose_name_plural = _("showcase entries")

    def __str__(self) -> str:
        return str(self.project)

    @property
    def awaits_approval(self) -> bool:
        """The organisation sent a story (or a change to it) that HQ has not decided on."""
        return self.story_submitted_at is not None

    @property
    def is_listed(self) -> bool:
        """On the public showcase: publication agreed and a story approved (the Python twin
        of selectors.listed_filter)."""
        return self.consented and bool(self.published_story_ja and self.published_story_en)
