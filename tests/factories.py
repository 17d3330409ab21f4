"""factory_boy factories shared by the suite. Reference data comes from the migration."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.enums import OrganisationType, Role
from accounts.models import ApplicantOrganisation, User
from applications.models import Application, Call, ConsortiumMember
from regions.models import PartnerRegion, Prefecture, Sector

DEFAULT_PASSWORD = "correct horse battery staple"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicantOrganisation

    name_ja = factory.Sequence(lambda n: f"テスト産業振興会{n}")
    name_en = factory.Sequence(lambda n: f"Test Industry Association {n}")
    org_type = OrganisationType.BUSINESS_ASSOCIATION
    prefecture = factory.LazyFunction(lambda: Prefecture.objects.get(code="08"))
    address = "茨城県水戸市1-1-1"
    representative_name_ja = "山田 太郎"
    representative_name_en = "Taro Yamada"
    representative_title_ja = "会長"
    representative_title_en = "Chairman"
    contact_name = "佐藤 花子"
    contact_email = factory.Sequence(lambda n: f"contact{n}@org.example.jp")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.jp")
    role = Role.APPLICANT
    first_name = "Test"
    last_name = factory.Sequence(lambda n: f"User{n}")
    password = factory.PostGenerationMethodCall("set_password", DEFAULT_PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    fiscal_year = 2027
    title_ja = "2027年度 地域間交流支援事業（RIT）募集"
    title_en = "FY2027 Regional Industry Tie-up call"
    guidance_ja = "募集要項"
    guidance_en = "Guidance"
    opens_at = factory.LazyFunction(lambda: timezone.now() - dt.timedelta(days=10))
    closes_at = factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30))
    budget_envelope = 150_000_000
    is_published = True


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(CallFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    title_ja = "自動車部品の共同開発"
    title_en = "Joint development of automotive parts"
    sector = factory.LazyFunction(lambda: Sector.objects.get(code="automotive"))
    partner_region = factory.LazyFunction(
        lambda: PartnerRegion.objects.get(name_en="Baden-Württemberg"))
    duration_years = 2


class ConsortiumMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsortiumMember

    application = factory.SubFactory(ApplicationFactory)
    name = factory.Sequence(lambda n: f"株式会社テスト製作所{n}")
    industry = "manufacturing"
    capital_yen = 50_000_000
    employees = 80
    interest = "ドイツ企業との共同開発に関心がある"
