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


# --- PDFs with active content (issue 27): each a real file pypdf writes -----------------------

def _written(writer) -> bytes:
    import io

    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _plain_writer():
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    return writer


def active_pdf(kind: str) -> bytes:
    """A one-page PDF carrying one kind of active content:

    - "deep_javascript": opening runs a chain of 12 harmless "go to page 1" actions whose
      last one is JavaScript (nested deeper than 8 levels: a fixed-depth check misses it);
    - "xfa_script": an XFA form whose template holds a script (no /JS key anywhere);
    - "field_actions": a text field whose keystroke action submits the form to a server and
      a button whose click does the same (listed in the form only, not in the page);
    - "launch": opening starts a program;
    - "embedded_file": an attached file;
    - "javascript_link": a link whose address is `javascript:`.
    """
    from pypdf.generic import (
        ArrayObject,
        DecodedStreamObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    def d(**entries) -> DictionaryObject:
        return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})

    name = NameObject
    writer = _plain_writer()
    page = writer.pages[0]
    if kind == "deep_javascript":
        action = d(S=name("/JavaScript"), JS=TextStringObject("app.alert('deep')"))
        for _ in range(12):
            action = d(S=name("/GoTo"), D=ArrayObject([page.indirect_reference, name("/Fit")]),
                       Next=writer._add_object(action))
        writer._root_object[name("/OpenAction")] = writer._add_object(action)
    elif kind == "xfa_script":
        template = DecodedStreamObject()
        template.set_data(b'<template xmlns="http://www.xfa.org/schema/xfa-template/3.3/">'
                          b'<subform><event activity="initialize"><script contentType='
                          b'"application/x-javascript">app.alert("xfa")</script></event>'
                          b"</subform></template>")
        writer._root_object[name("/AcroForm")] = d(
            Fields=ArrayObject(),
            XFA=ArrayObject([TextStringObject("template"), writer._add_object(template)]))
    elif kind == "field_actions":
        submit = d(S=name("/SubmitForm"), F=TextStringObject("https://collector.invalid/"))
        text = d(FT=name("/Tx"), T=TextStringObject("amount"),
                 AA=d(K=writer._add_object(submit)))
        button = d(FT=name("/Btn"), T=TextStringObject("send"), Ff=NumberObject(65536),
                   A=writer._add_object(submit))
        writer._root_object[name("/AcroForm")] = d(Fields=ArrayObject([
            writer._add_object(text), writer._add_object(button)]))
    elif kind == "launch":
        writer._root_object[name("/OpenAction")] = writer._add_object(
            d(S=name("/Launch"), F=TextStringObject("cmd.exe")))
    elif kind == "embedded_file":
        writer.add_attachment("invoice.exe", b"MZ\x90\x00 not really a program")
    elif kind == "javascript_link":
        link = d(Type=name("/Annot"), Subtype=name("/Link"),
                 Rect=ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100),
                                   NumberObject(20)]),
                 A=d(S=name("/URI"), URI=TextStringObject(" JavaScript:app.alert(1)")))
        page[name("/Annots")] = ArrayObject([writer._add_object(link)])
    else:
        raise ValueError(kind)
    return _written(writer)


def navigating_pdf() -> bytes:
    """A plain PDF as a word processor writes it: it opens at page 1 fitted to the window,
    and has a link to a web page and a link to page 1."""
    from pypdf.generic import (
        ArrayObject,
        DictionaryObject,
        NameObject,
        NumberObject,
        TextStringObject,
    )

    def d(**entries) -> DictionaryObject:
        return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})

    writer = _plain_writer()
    page = writer.pages[0]
    rect = ArrayObject([NumberObject(0), NumberObject(0), NumberObject(100), NumberObject(20)])
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")])
    page[NameObject("/Annots")] = ArrayObject([
        writer._add_object(d(Type=NameObject("/Annot"), Subtype=NameObject("/Link"), Rect=rect,
                             A=d(S=NameObject("/URI"),
                                 URI=TextStringObject("https://www.jetro.go.jp/")))),
        writer._add_object(d(Type=NameObject("/Annot"), Subtype=NameObject("/Link"), Rect=rect,
                             A=d(S=NameObject("/GoTo"), D=ArrayObject(
                                 [page.indirect_reference, NameObject("/Fit")])))),
    ])
    return _written(writer)
