from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    APPLICANT = "applicant", _("Applicant")
    HQ_REVIEWER = "hq_reviewer", _("HQ reviewer")
    OVERSEAS_REVIEWER = "overseas_reviewer", _("Overseas-office reviewer")
    HQ_STAFF = "hq_staff", _("HQ programme staff")
    # Staff of a JETRO office in Japan: advise and follow the organisations of the
    # prefectures their office covers (regions.DomesticTerritory).
    OFFICE_STAFF = "office_staff", _("Domestic office staff")
    SITE_ADMIN = "site_admin", _("Site administrator")


# The two kinds of reviewer: headquarters' and an overseas office's.
REVIEWER_ROLES = (Role.HQ_REVIEWER, Role.OVERSEAS_REVIEWER)




class OrganisationType(models.TextChoices):
    BUSINESS_ASSOCIATION = "business_association", _("Regional business association")
    CHAMBER = "chamber", _("Chamber of commerce and industry")
    REGIONAL_GOVERNMENT = "regional_government", _("Regional government")
    INDUSTRIAL_CLUSTER = "industrial_cluster", _("Industrial cluster")
    OTHER = "other", _("Other")
