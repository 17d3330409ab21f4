"""Builders for the applicant-journey tests: a draft and a complete application."""

import datetime as dt

from django.core.files.base import ContentFile

from accounts.enums import Role
from applications.enums import AttachmentKind, ConfirmationStatus, ContactForm, Objective
from applications.models import (
    Attachment,
    PartnerConfirmation,
    PriorContact,
    ProjectYearPlan,
)
from regions.models import Prefecture
from tests.factories import (
    ApplicationFactory,
    ConsortiumMemberFactory,
    OrganisationFactory,
    UserFactory,
)


def pdf_bytes(*, pages: int = 1, javascript: str = "") -> bytes:
    """A real PDF of blank A4 pages (optionally opening with a script), made by pypdf."""
    import io

    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(595, 842)
    if javascript:
        from pypdf.actions import JavaScript

        writer.add_open_action(JavaScript(javascript))
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


PDF_BYTES = pdf_bytes()


def applicant_of(organisation=None):
    return UserFactory(role=Role.APPLICANT, organisation=organisation or OrganisationFactory())


def complete(application):
    """Fill every section so that the application passes the checklist."""
    application.objectives = [Objective.EXPORT, Objective.JOINT_DEVELOPMENT]
    application.cooperation_summary = "ドイツの研究機関と部品の共同開発を行う。"
    application.start_date = dt.date(2027, 7, 1)
    application.duration_years = 2
    application.c2_industry_development = "地域の自動車部品産業の高度化"
    application.c2_new_products = "軽量化部品"
    application.c2_business_tieups = "共同開発契約3件"
    application.save()
    application.prefectures.set([Prefecture.objects.get(code="08")])
    for year in (1, 2):
        ProjectYearPlan.objects.create(application=application, year=year,
                                       activities=f"{year}年目: ビジネスマッチング")
    for _ in range(application.call.min_consortium_size - application.consortium_members.count()):
        ConsortiumMemberFactory(application=application)
    PriorContact.objects.create(application=application, date=dt.date(2025, 11, 5),
                                form=ContactForm.VISIT_ABROAD, people="山田、Dr. Müller")
    PartnerConfirmation.objects.create(
        application=application, contact_name="Dr. Anna Müller", contact_email="a@bw.example.de",
        contact_organisation="BW International", status=ConfirmationStatus.CONFIRMED)
    _cost_lines(application)
    return application


def _cost_lines(application):
    """The cost proposal (sponsorship app) so that its checklist items pass too."""
    from sponsorship.enums import Activity, CostCategory
    from sponsorship.models import CostLine

    CostLine.objects.create(application=application, activity=Activity.MATCHING_IN_JAPAN,
                            year=1, category=CostCategory.INTERNATIONAL_AIRFARE,
                            description="専門家招へい航空運賃", quantity=2, unit="人",
                            unit_cost=250_000)
    CostLine.objects.create(application=application, activity=Activity.MATCHING_IN_JAPAN,
                            year=1, category=CostCategory.VENUE, description="会場費",
                            quantity=1, unit="日", unit_cost=120_000)


def complete_application(**kwargs):
    return complete(ApplicationFactory(**kwargs))


def attach_pdf(application, kind=AttachmentKind.SUPPORTING, name="plan.pdf"):
    attachment = Attachment(application=application, kind=kind, original_name=name,
                            size=len(PDF_BYTES))
    attachment.file.save("stored.pdf", ContentFile(PDF_BYTES), save=False)
    attachment.save()
    return attachment
