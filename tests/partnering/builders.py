"""Builders for the partnering tests: foreign regions' interest in each state, the staff of
an overseas office, an introduction."""

from django.utils import timezone

from accounts.enums import Role
from partnering.enums import InterestStatus, RegistrantKind, Seeking
from partnering.models import Interest, Introduction
from regions.models import Country, JetroOffice, PartnerRegion, Sector
from tests.applications.builders import applicant_of
from tests.factories import UserFactory


def overseas_staff(code: str = "DUS", **kwargs):
    """A reviewer of the overseas office `code` (DUS covers Germany, PAR France)."""
    return UserFactory(role=Role.OVERSEAS_REVIEWER, office=JetroOffice.objects.get(code=code),
                       **kwargs)


def hq_staff(**kwargs):
    return UserFactory(role=Role.HQ_STAFF, is_staff=True, **kwargs)


def interest(status: str = InterestStatus.PUBLISHED, *, region: str = "Baden-Württemberg",
             country: str = "DE", sectors=("automotive",), language: str = "de",
             email: str = "anna.becker@bw-i.example.de", **fields) -> Interest:
    """An interest of a German region (covered by JETRO Düsseldorf) in `status`."""
    now = timezone.now()
    values = {
        "status": status, "country": Country.objects.get(iso2=country),
        "partner_region": PartnerRegion.objects.filter(name_en=region).first(),
        "region_name": "" if PartnerRegion.objects.filter(name_en=region).exists() else region,
        "organisation_name": "Baden-Württemberg International",
        "organisation_kind": RegistrantKind.DEVELOPMENT_AGENCY,
        "seeking": [Seeking.JOINT_DEVELOPMENT, Seeking.TECHNICAL_COOPERATION],
        "description": "Automotive suppliers seeking joint development of light-weight parts.",
        "contact_name": "Anna Becker", "contact_email": email, "contact_language": language,
        "email_confirmed_at": None if status == InterestStatus.UNCONFIRMED else now,
        "published_at": now if status == InterestStatus.PUBLISHED else None,
    } | fields
    made = Interest.objects.create(**values)
    made.sectors.set(Sector.objects.filter(code__in=sectors))
    return made


def introduction(of: Interest, *, applicant=None, **fields) -> Introduction:
    applicant = applicant or applicant_of()
    return Introduction.objects.create(
        interest=of, organisation=applicant.organisation, requested_by=applicant,
        sector=Sector.objects.get(code="automotive"),
        message=fields.pop("message", "茨城の自動車部品メーカー5社の協議会です。"), **fields)
