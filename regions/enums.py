from django.db import models
from django.utils.translation import gettext_lazy as _


class RegionBlock(models.TextChoices):
    HOKKAIDO = "hokkaido", _("Hokkaido")
    TOHOKU = "tohoku", _("Tohoku")
    KANTO = "kanto", _("Kanto")
    CHUBU = "chubu", _("Chubu")
    KINKI = "kinki", _("Kinki")
    CHUGOKU = "chugoku", _("Chugoku")
    SHIKOKU = "shikoku", _("Shikoku")
    KYUSHU_OKINAWA = "kyushu", _("Kyushu and Okinawa")


class PartnerRegionKind(models.TextChoices):
    SUBNATIONAL = "subnational", _("Sub-national region")
    COUNTRY = "country", _("Whole country")
    CLUSTER = "cluster", _("Named cluster or agency")


class OfficeKind(models.TextChoices):
    HQ = "hq", _("Headquarters")
    OSAKA = "osaka", _("Osaka head office")
    IDE = "ide", _("Institute of Developing Economies")
    DOMESTIC = "domestic", _("Regional office in Japan")
    OVERSEAS = "overseas", _("Overseas office")
