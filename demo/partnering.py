"""Demo foreign regions' interest and introductions for `manage.py load_demo_data`
(through partnering's services): two German regions registered by JETRO Düsseldorf after a
visit and published, Cosmetic Valley (France) registered through the public form and
awaiting the Paris office's review, a Vietnamese agency that has not confirmed its address
yet; Ibaraki's association introduced to Baden-Württemberg. Idempotent: nothing is added
once an interest exists."""

from accounts.models import ApplicantOrganisation, User
from partnering.enums import RegistrantKind, Seeking
from partnering.models import Interest
from partnering.services import (
    interest_confirm_address,
    interest_register,
    interest_register_on_behalf,
    introduction_create,
)
from regions.models import Country, PartnerRegion, Sector

from .accounts import demo_email


def _sectors(*codes):
    return list(Sector.objects.filter(code__in=codes))


def _region(name_en: str) -> PartnerRegion:
    return PartnerRegion.objects.get(name_en=name_en)


def run(stdout=None) -> list:
    if Interest.objects.exists():
        return []
    dus = User.objects.get(email=demo_email("reviewer.dus"))
    germany = Country.objects.get(iso2="DE")
    bw = interest_register_on_behalf(
        by=dus, contact_email="a.keller@bw-i.example.de", language="de",
        visit_note="Besuch bei BW International, Stuttgart, 14.03.2027.", publish=True,
        country=germany, partner_region=_region("Baden-Württemberg"),
        organisation_name="Baden-Württemberg International",
        organisation_kind=RegistrantKind.DEVELOPMENT_AGENCY, contact_name="Andrea Keller",
        sectors=_sectors("automotive", "industrial-machinery"),
        seeking=[Seeking.JOINT_DEVELOPMENT, Seeking.TECHNICAL_COOPERATION],
        description="Automotive and machinery suppliers of Baden-Württemberg seek Japanese "
                    "partner regions for joint development of light-weight components.")
    interest_register_on_behalf(
        by=dus, contact_email="m.schulz@nrw.example.de", language="en",
        visit_note="Met at MEDICA, Düsseldorf, 18 November 2026.", publish=True,
        country=germany, partner_region=_region("Nordrhein-Westfalen"),
        organisation_name="NRW.Global Business", organisation_kind=RegistrantKind.GOVERNMENT,
        contact_name="Markus Schulz", sectors=_sectors("medical-machinery", "renewable-energy"),
        seeking=[Seeking.EXPORT, Seeking.INVESTMENT_IN_JAPAN],
        description="Medical-device and renewable-energy firms of North Rhine-Westphalia "
                    "looking for export partners and sites in Japan.")
    cosmetic = interest_register(
        contact_email="contact@cosmetic-valley.example.fr", language="en",
        country=Country.objects.get(iso2="FR"), partner_region=None,
        region_name="Cosmetic Valley (Centre-Val de Loire)",
        organisation_name="Cosmetic Valley", organisation_kind=RegistrantKind.CLUSTER,
        contact_name="Claire Dubois", sectors=_sectors("cosmetics"),
        seeking=[Seeking.JOINT_DEVELOPMENT, Seeking.EXPORT],
        description="The French cosmetics cluster seeks a Japanese region for joint "
                    "development of natural ingredients.")
    interest_confirm_address(interest=cosmetic)
    interest_register(
        contact_email="vietrade@example.vn", language="en",
        country=Country.objects.get(iso2="VN"), partner_region=None,
        region_name="Hai Phong", organisation_name="Vietnam Trade Promotion Agency",
        organisation_kind=RegistrantKind.GOVERNMENT, contact_name="Nguyen Van An",
        sectors=_sectors("manufacturing"), seeking=[Seeking.TECHNICAL_COOPERATION],
        description="Manufacturing SMEs of Hai Phong seek technical cooperation.")
    ibaraki = ApplicantOrganisation.objects.get(name_en="Ibaraki Automotive Industry Association")
    applicant = ibaraki.members.filter(is_active=True).order_by("pk").first()
    if applicant is not None:
        introduction_create(interest=bw, by=applicant, sector=_sectors("automotive")[0],
                            message="茨城県の自動車部品メーカー6社で構成する協議会です。"
                                    "軽量部品の共同開発についてご相談したく存じます。")
    return []
