"""Reference data: prefectures, countries, partner regions, JETRO offices, sectors.

Every record carries a Japanese and an English name; `.name` returns the one for the
reader's language (rit_portal.bilingual) so templates never branch on the language.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from rit_portal.bilingual import Bilingual

from .countries import subdivision
from .enums import OfficeKind, PartnerRegionKind, RegionBlock


class BilingualNamed(models.Model):
    name_ja = models.CharField(_("name (Japanese)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)

    class Meta:
        abstract = True

    name = Bilingual()

    def __str__(self) -> str:
        return self.name


class Prefecture(BilingualNamed):
    code = models.CharField(_("JIS code"), max_length=2, unique=True)
    block = models.CharField(_("region block"), max_length=20, choices=RegionBlock.choices)

    class Meta:
        ordering = ["code"]
        verbose_name = _("prefecture")
        verbose_name_plural = _("prefectures")


class Country(BilingualNamed):
    iso2 = models.CharField(_("ISO 3166-1 alpha-2"), max_length=2, unique=True)

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")


class PartnerRegion(BilingualNamed):
    """A foreign partner region: a sub-national unit, a whole country, or a named cluster."""

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="partner_regions",
                                verbose_name=_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=PartnerRegionKind.choices,
                            default=PartnerRegionKind.SUBNATIONAL)
    # ISO 3166-2 code of the subdivision the region is (or lies in), where one exists:
    # whole countries and named clusters have none.
    iso_code = models.CharField(_("ISO 3166-2 code"), max_length=6, blank=True, default="")
    # Regions proposed by applicants stay unconfirmed until HQ staff confirm them.
    is_confirmed = models.BooleanField(_("confirmed by HQ"), default=True)

    class Meta:
        ordering = ["country__name_en", "name_en"]
        constraints = [
            models.UniqueConstraint(fields=["country", "name_en"], name="uniq_partner_region_name"),
            models.UniqueConstraint(fields=["iso_code"], condition=~models.Q(iso_code=""),
                                    name="uniq_partner_region_iso_code"),
        ]
        verbose_name = _("partner region")
        verbose_name_plural = _("partner regions")

    def clean(self):
        super().clean()
        self.iso_code = self.iso_code.strip().upper()
        if not self.iso_code:
            return
        found = subdivision(self.iso_code)
        if found is None or (self.country_id and
                             not self.iso_code.startswith(f"{self.country.iso2}-")):
            raise ValidationError({"iso_code": _(
                "Enter the ISO 3166-2 code of a subdivision of this country (for example "
                "MX-JAL for Jalisco, Mexico).")})


class JetroOffice(BilingualNamed):
    code = models.CharField(_("code"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OfficeKind.choices)
    prefecture = models.ForeignKey(Prefecture, null=True, blank=True, on_delete=models.PROTECT,
                                   verbose_name=_("prefecture"))
    city = models.CharField(_("city"), max_length=100, blank=True)
    # The contact an applicant sees for its office; HQ keeps it on the offices pages.
    email = models.EmailField(_("contact e-mail"), blank=True)
    phone = models.CharField(_("contact telephone"), max_length=40, blank=True)
    # Territory of an overseas office; each country is covered by exactly one office
    # (enforced by the unique OneToOne in OfficeTerritory).
    countries = models.ManyToManyField(Country, through="OfficeTerritory", blank=True,
                                       related_name="offices", verbose_name=_("countries covered"))

    class Meta:
        ordering = ["kind", "code"]
        verbose_name = _("JETRO office")
        verbose_name_plural = _("JETRO offices")


class OfficeTerritory(models.Model):
    office = models.ForeignKey(JetroOffice, on_delete=models.CASCADE,
                               limit_choices_to={"kind": OfficeKind.OVERSEAS})
    # One office per country: the office that assesses applications for that country.
    country = models.OneToOneField(Country, on_delete=models.CASCADE, related_name="territory")

    class Meta:
        verbose_name = _("office territory")
        verbose_name_plural = _("office territories")

    def __str__(self) -> str:
        return f"{self.office} – {self.country}"


class DomesticTerritory(models.Model):
    """A prefecture and the JETRO office in Japan that covers it (one office per prefecture)."""

    office = models.ForeignKey(JetroOffice, on_delete=models.CASCADE,
                               related_name="domestic_territories",
                               limit_choices_to=~models.Q(kind=OfficeKind.OVERSEAS),
                               verbose_name=_("office"))
    prefecture = models.OneToOneField(Prefecture, on_delete=models.CASCADE,
                                      related_name="domestic_territory",
                                      verbose_name=_("prefecture"))

    class Meta:
        ordering = ["prefecture__code"]
        verbose_name = _("prefecture covered")
        verbose_name_plural = _("prefectures covered")

    def __str__(self) -> str:
        return f"{self.office} – {self.prefecture}"

    def clean(self):
        super().clean()
        if self.office_id and self.office.kind == OfficeKind.OVERSEAS:
            raise ValidationError({"office": _("An overseas office covers no prefecture.")})


class Sector(BilingualNamed):
    code = models.CharField(_("code"), max_length=40, unique=True)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT,
                               related_name="children", verbose_name=_("focus area"))
    is_focus = models.BooleanField(_("programme focus"), default=False)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "code"]
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")
