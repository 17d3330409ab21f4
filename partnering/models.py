"""A foreign region's registered interest in a tie-up and the introductions made from it.
Data and invariants only: every write is in services.py, every status change in
workflow.py."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rit_portal.lifecycle import MoveRecord

from .enums import InterestStatus, IntroductionOutcome, RegistrantKind, Seeking

DESCRIPTION_MAX_CHARS = 2000


def validate_seeking(value) -> None:
    if not isinstance(value, list) or not value or not set(value) <= set(Seeking.values):
        raise ValidationError(_("Choose what your region seeks."))


class InterestQuerySet(models.QuerySet):
    def contact_erase(self) -> int:
        """Blank the contact's name and address (the region, organisation, sectors and
        history stay); the one rule of the retention schedule and of an erasure on request.
        Returns the number of interests changed."""
        return (self.filter(~Q(contact_name="") | ~Q(contact_email=""))
                .update(contact_name="", contact_email=""))


class Interest(models.Model):
    """A foreign region's interest in a tie-up with a Japanese region, registered by its
    development agency, cluster, chamber or government (or by the JETRO office covering
    its country, after a visit). Nobody but the office and HQ sees it before it is
    published (workflow.INTEREST)."""

    status = models.CharField(_("status"), max_length=20, choices=InterestStatus.choices,
                              default=InterestStatus.UNCONFIRMED)
    country = models.ForeignKey("regions.Country", on_delete=models.PROTECT, related_name="+",
                                verbose_name=_("country"))
    # The region as the reference data knows it, or its name as the registrant wrote it.
    partner_region = models.ForeignKey("regions.PartnerRegion", null=True, blank=True,
                                       on_delete=models.PROTECT, related_name="+",
                                       verbose_name=_("region"))
    region_name = models.CharField(_("region (if not in the list)"), max_length=200,
                                   blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200)
    organisation_kind = models.CharField(_("type of organisation"), max_length=30,
                                         choices=RegistrantKind.choices)
    sectors = models.ManyToManyField("regions.Sector", related_name="+",
                                     verbose_name=_("sectors"))
    seeking = models.JSONField(_("what the region seeks"), default=list,
                               validators=[validate_seeking])
    prefectures = models.ManyToManyField("regions.Prefecture", blank=True, related_name="+",
                                         verbose_name=_("preferred Japanese prefectures"))
    description = models.TextField(_("short description"), max_length=DESCRIPTION_MAX_CHARS)
    contact_name = models.CharField(_("contact name"), max_length=200)
    contact_email = models.EmailField(_("contact e-mail"))
    # The language the contact reads: the one the form was filled in (or the office chose).
    contact_language = models.CharField(_("contact's language"), max_length=10, default="en")

    # Confirmed through the signed link, or registered by the office after a visit.
    email_confirmed_at = models.DateTimeField(_("address confirmed at"), null=True, blank=True)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                      on_delete=models.PROTECT, related_name="+",
                                      verbose_name=_("registered by the JETRO office"))
    visit_note = models.TextField(_("the visit"), blank=True)
    reviewed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                    on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("registered at"), auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterestQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("foreign region's interest")
        verbose_name_plural = _("foreign regions' interest")
        indexes = [models.Index(fields=["status", "country"], name="interest_status_country")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(partner_region__isnull=False) | ~models.Q(region_name=""),
                name="interest_names_its_region"),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_name} ({self.region_label})"

    @property
    def region_label(self) -> str:
        return self.partner_region.name if self.partner_region_id else self.region_name

    @property
    def on_behalf(self) -> bool:
        """Registered by the JETRO office on the region's behalf (no address confirmation)."""
        return self.registered_by_id is not None

    def seeking_labels(self) -> list[str]:
        return [str(Seeking(code).label) for code in self.seeking if code in Seeking.values]

    def clean(self):
        super().clean()
        self.region_name = self.region_name.strip()
        if self.partner_region_id is None and not self.region_name:
            raise ValidationError({"region_name": _(
                "Choose your region from the list or write its name.")})
        if (self.partner_region_id and self.country_id
                and self.partner_region.country_id != self.country_id):
            raise ValidationError({"partner_region": _(
                "This region is not in the country chosen.")})


class InterestStatusChange(MoveRecord):
    """One row per move of an interest (written by workflow.interest_transition only)."""

    interest = models.ForeignKey(Interest, on_delete=models.CASCADE,
                                 related_name="status_changes")
    from_status = models.CharField(max_length=20, choices=InterestStatus.choices)
    to_status = models.CharField(max_length=20, choices=InterestStatus.choices)

    class Meta(MoveRecord.Meta):
        pass


class Introduction(models.Model):
    """A Japanese applicant organisation's interest in a published foreign interest: the
    portal introduces the two sides (and tells the covering office); HQ and the office
    record what came of it."""

    interest = models.ForeignKey(Interest, on_delete=models.PROTECT,
                                 related_name="introductions")
    organisation = models.ForeignKey("accounts.ApplicantOrganisation", on_delete=models.PROTECT,
                                     related_name="+", verbose_name=_("applicant organisation"))
    sector = models.ForeignKey("regions.Sector", on_delete=models.PROTECT, related_name="+",
                               verbose_name=_("sector of the consortium"))
    message = models.TextField(_("message to the region"), max_length=DESCRIPTION_MAX_CHARS)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    created_at = models.DateTimeField(_("introduced at"), auto_now_add=True)
    outcome = models.CharField(_("outcome"), max_length=30,
                               choices=IntroductionOutcome.choices,
                               default=IntroductionOutcome.INTRODUCED)
    outcome_note = models.TextField(_("note on the outcome"), blank=True)
    outcome_recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True,
                                            on_delete=models.PROTECT, related_name="+")
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    # The draft started from this introduction (services.application_from_introduction).
    application = models.OneToOneField("applications.Application", null=True, blank=True,
                                       on_delete=models.SET_NULL, related_name="+")

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("introduction")
        verbose_name_plural = _("introductions")
        constraints = [models.UniqueConstraint(fields=["interest", "organisation"],
                                               name="uniq_introduction_per_organisation")]

    def __str__(self) -> str:
        return f"{self.organisation} → {self.interest}"
