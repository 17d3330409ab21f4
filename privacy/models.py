"""Personal data as Japan's Act on the Protection of Personal Information (APPI) asks:
the privacy notice and its versions (Art. 21), what was collected under which version, and
who at the programme office looked at personal data. Data and invariants only.

This app sits beside audit and notifications, below every domain app: the apps record into
it through `privacy.services`; it imports none of them (docs/privacy.md).
"""

from typing import NamedTuple

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rit_portal.append_only import Anonymise, AppendOnly
from rit_portal.bilingual import Bilingual

from .enums import AccessKind, IdentityCheck, ProvisionKind, RecipientKind, RequestKind


class NoticeBlock(NamedTuple):
    text: str
    is_heading: bool


class PrivacyNotice(AppendOnly):
    """One version of the privacy notice: the purposes of use, the provision to third
    parties, the retention and the person's rights, in both languages. Versions are only
    added (a new text is a new version): every version's text stays as it was published,
    so what a person was told when their data was collected can always be shown."""

    version = models.PositiveSmallIntegerField(_("version"), unique=True)
    text_ja = models.TextField(_("text (Japanese)"))
    text_en = models.TextField(_("text (English)"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    text = Bilingual()

    class Meta:
        ordering = ["-version"]
        verbose_name = _("privacy notice")
        verbose_name_plural = _("privacy notices")

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} v{self.version}"

    def blocks(self) -> list[NoticeBlock]:
        """The text in the reader's language (Japanese or English) as paragraphs."""
        return notice_blocks(self.text)


def notice_blocks(text: str) -> list[NoticeBlock]:
    """A notice's text as paragraphs (separated by a blank line); a paragraph whose first
    line is written "# Heading" starts with that heading."""
    blocks = []
    for paragraph in text.replace("\r\n", "\n").split("\n\n"):
        paragraph = paragraph.strip()
        if paragraph.startswith("# "):
            heading, _newline, paragraph = paragraph.partition("\n")
            blocks.append(NoticeBlock(heading[2:].strip(), True))
            paragraph = paragraph.strip()
        if paragraph:
            blocks.append(NoticeBlock(paragraph, False))
    return blocks


class NoticeTranslation(AppendOnly):
    """A version of the notice translated into a partner language (German, French, Korean,
    Vietnamese, Traditional Chinese: rit_portal/partner_languages.py) for the foreign
    partners and participants who read the portal's pages in it. A translation only: the
    Japanese text of the version is the authoritative one, and the page says so. Added
    once per version and language, never changed."""

    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT,
                               related_name="translations", verbose_name=_("privacy notice"))
    language = models.CharField(_("language"), max_length=10)
    text = models.TextField(_("text"))
    published_at = models.DateTimeField(_("published at"), default=timezone.now)

    class Meta:
        verbose_name = _("privacy notice translation")
        verbose_name_plural = _("privacy notice translations")
        constraints = [models.UniqueConstraint(fields=["notice", "language"],
                                               name="one_translation_per_version_language")]

    def __str__(self) -> str:
        return f"{self.notice} ({self.language})"

    def blocks(self) -> list[NoticeBlock]:
        return notice_blocks(self.text)


class Collection(models.Model):
    """Personal data collected under a notice: the record that holds it, when, and who
    typed it (None: the person themselves, answering through a link). Written by
    `privacy.services.collection_record` in the transaction that saves the record; goes
    with the record when the record is erased."""

    notice = models.ForeignKey(PrivacyNotice, on_delete=models.PROTECT,
                               related_name="collections", verbose_name=_("privacy notice"))
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    at = models.DateTimeField(_("collected at"), default=timezone.now)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                           on_delete=models.SET_NULL, related_name="+",
                           verbose_name=_("entered by"))

    class Meta:
        ordering = ["at", "id"]
        indexes = [models.Index(fields=["content_type", "object_id"],
                                name="privacy_collection_record")]
        verbose_name = _("collection of personal data")
        verbose_name_plural = _("collections of personal data")

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} (v{self.notice.version})"


class PersonalDataAccess(AppendOnly):
    """Who at the programme office looked at personal data, what and when: a roster page,
    a travel request or invitation letter (passport names, flights), an export that holds
    people's names. Written by `privacy.services.access_record` from the views that show
    them; append-only (the runtime database role may only add rows: audit's
    database_roles); read by the administrator in the administration."""

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+", verbose_name=_("who"))
    what = models.CharField(_("what"), max_length=30, choices=AccessKind.choices)
    subject = models.CharField(_("about"), max_length=300)
    path = models.CharField(_("page"), max_length=500, blank=True)

    # After the access log's retention period, what was looked at (it may name a traveller)
    # and the page are replaced; who looked, what kind and when stay.
    anonymise = Anonymise(category="access_log", text=("subject", "path"))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("look at personal data")
        verbose_name_plural = _("looks at personal data")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.by} {self.get_what_display()}: {self.subject}"


class Provision(AppendOnly):
    """One provision of personal data to a third party (APPI Art. 29's record): what
    (`what`, `subject`, the data `items`), of whom (`people`, as named in it), to whom
    (`recipient_kind`, `recipient_name`, `recipient_country`: empty in Japan), when and by
    whom. Written by `privacy.services.provision_record` where the data leaves (the travel
    request, the invitation letter); append-only, kept for HQ and the person's requests."""

    at = models.DateTimeField(_("provided at"), default=timezone.now, db_index=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                           related_name="+", verbose_name=_("provided by"))
    what = models.CharField(_("what"), max_length=30, choices=ProvisionKind.choices)
    subject = models.CharField(_("about"), max_length=300)
    items = models.CharField(_("data provided"), max_length=300)
    people = models.JSONField(_("people"), default=list)
    recipient_kind = models.CharField(_("recipient"), max_length=20,
                                      choices=RecipientKind.choices)
    recipient_name = models.CharField(_("recipient's name"), max_length=200)
    recipient_country = models.CharField(_("recipient's country"), max_length=100,
                                         blank=True)

    # After the provisions' retention period (the Act's record-keeping period, APPI
    # enforcement rules Art. 21: at most three years) the passport names are replaced, their
    # count stays.
    anonymise = Anonymise(category="provisions", listed=("people",))

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("provision to a third party")
        verbose_name_plural = _("provisions to third parties")

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d} {self.get_what_display()} → {self.recipient_name}"


class RetentionRun(AppendOnly):
    """One run of the retention schedule (services.retention_apply, beat's daily job or
    `manage.py apply_retention`): when, and per category how many records were removed or
    anonymised and what failed. Written once at the end of the run; append-only, read by
    the administrator."""

    started_at = models.DateTimeField(_("started at"), db_index=True)
    finished_at = models.DateTimeField(_("finished at"))
    # {category: records removed or anonymised}; every category of the schedule.
    counts = models.JSONField(_("records removed or anonymised"), default=dict)
    # {category: error}: a category that failed changed nothing (its own savepoint).
    errors = models.JSONField(_("errors"), default=dict, blank=True)

    class Meta:
        ordering = ["-started_at", "-pk"]
        verbose_name = _("retention run")
        verbose_name_plural = _("retention runs")

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} ({self.total})"

    @property
    def total(self) -> int:
        return sum(self.counts.values())


class DataRequest(models.Model):
    """A person's request about their personal data (APPI Art. 33–35: disclosure,
    correction, erasure or stop of use), made to the programme office by someone without
    an account (a delegate, a firm's contact, a partner contact): who asked, how they were
    identified, what they asked, and the answer. Open until closed with its answer; what
    was done on it (searches, exports, corrections, erasures) is on the audit trail
    (privacy.services, privacy.holdings)."""

    person_name = models.CharField(_("who asked"), max_length=200)
    person_email = models.EmailField(_("their e-mail address"), blank=True)
    kind = models.CharField(_("what they asked"), max_length=20, choices=RequestKind.choices)
    identified_by = models.CharField(_("how they were identified"), max_length=20,
                                     choices=IdentityCheck.choices)
    details = models.TextField(_("the request"), blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    related_name="+", verbose_name=_("recorded by"))
    answer = models.TextField(_("answer"), blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                  on_delete=models.PROTECT, related_name="+",
                                  verbose_name=_("closed by"))

    class Meta:
        ordering = ["-received_at", "-id"]
        verbose_name = _("personal data request")
        verbose_name_plural = _("personal data requests")
        constraints = [models.CheckConstraint(
            condition=models.Q(closed_at__isnull=True) | ~models.Q(answer=""),
            name="data_request_closed_with_answer")]

    def __str__(self) -> str:
        return f"{self.received_at:%Y-%m-%d} {self.person_name} ({self.get_kind_display()})"

    @property
    def is_open(self) -> bool:
        return self.closed_at is None
