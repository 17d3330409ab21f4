"""Builders for the projects tests: a published project, its people, a receipt PDF."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from accounts.enums import Role
from applications.enums import ConfirmationStatus
from applications.models import PartnerConfirmation
from projects.enums import ActivityStatus, TravellerType
from projects.models import Project, ProjectActivity
from projects.services import activity_create, delegate_create, project_for_decision
from regions.models import Country, Prefecture
from sponsorship.enums import Activity
from tests.factories import ConsortiumMemberFactory, UserFactory
from tests.sponsorship.factories import approved_decision


def published_project(*, members: int = 5, **kwargs) -> Project:
    """The project of an approved, published FY2026 application of two years (the
    decision's lines: sponsorship factories' DEFAULT_LINES), as publication creates it."""
    if "application__call" not in kwargs:
        kwargs.setdefault("application__call__fiscal_year", 2026)
    decision = approved_decision(**kwargs)
    application = decision.application
    application.prefectures.set([Prefecture.objects.get(code="08")])
    for n in range(members):
        ConsortiumMemberFactory(application=application,
                                corporate_number="" if n else "9234567890123")
    PartnerConfirmation.objects.create(
        application=application, contact_name="Dr. Anna Müller",
        contact_email="a.mueller@bw.example.de", contact_organisation="BW International",
        status=ConfirmationStatus.CONFIRMED)
    return project_for_decision(decision=decision)


def member_of(project: Project, **kwargs):
    """An applicant user of the project's organisation."""
    return UserFactory(role=Role.APPLICANT, organisation=project.organisation, **kwargs)


def year_of(project: Project, number: int = 1):
    year = project.years.select_related("report").get(number=number)
    year.project = project
    year.report.project_year = year
    return year


def held_activity(project: Project, by, *, number: int = 1,
                  activity_type=Activity.MATCHING_IN_JAPAN, **values) -> ProjectActivity:
    """A business matching in Japan held in July of the year, with participants."""
    year = year_of(project, number)
    fields = {"activity_type": activity_type, "title_ja": "医療機器商談会",
              "title_en": "Medical devices matching", "starts_on": dt.date(year.fiscal_year, 7, 14),
              "ends_on": dt.date(year.fiscal_year, 7, 16), "city": "Koriyama",
              "venue": "Big Palette", "status": ActivityStatus.HELD, "foreign_experts": 2,
              "delegates_sent": 0, "firms_attending": 6, "participants_total": 30, **values}
    return activity_create(project_year=year, by=by, **fields)


def expert(activity, by, *, family="Müller", given="Anna Lena", legs=None, **values):
    """A foreign expert (German) on the activity's roster, flying FRA→HND and back."""
    legs = legs if legs is not None else [
        {"travel_date": activity.starts_on - dt.timedelta(days=2), "departure_airport": "FRA",
         "arrival_airport": "HND"},
        {"travel_date": activity.ends_on + dt.timedelta(days=1), "departure_airport": "HND",
         "arrival_airport": "FRA"}]
    person = {"traveller_type": TravellerType.FOREIGN_EXPERT, "family_name": family,
              "given_names": given, "nationality": Country.objects.get(iso2="DE"),
              "organisation": "Fraunhofer IPT", "role": "Senior researcher",
              "needs_interpreter": True, "needs_visa": False, **values}
    return delegate_create(activity=activity, by=by, legs=legs, **person)


def _pdf_bytes(text: str = "Receipt") -> bytes:
    """A small, well-formed one-page PDF (correct cross-reference table)."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream
        + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
            .encode())
    return bytes(out)


def receipt_pdf(name: str = "receipt.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _pdf_bytes(), content_type="application/pdf")


def complete_report(project: Project, by, *, number: int = 1):
    """Fill year `number`'s report so that its checklist is complete; returns the report."""
    from projects.enums import OutcomeKind
    from projects.services import (
        outcome_create,
        project_firm_update,
        report_firms_set,
        report_summary_update,
        spend_line_create,
        survey_send,
    )

    year = year_of(project, number)
    report = year.report
    held_activity(project, by, number=number)
    outcome_create(report=report, by=by, kind=OutcomeKind.BUSINESS_MEETINGS, count=12,
                   value_yen=None, description="個別商談")
    firms = list(project.firms.all()[:2])
    for n, firm in enumerate(firms):
        project_firm_update(firm=firm, by=by, contact_name=f"担当{n}",
                            contact_email=f"firm{n}.{project.pk}@example.jp")
    report_firms_set(report=report, by=by, firms=firms)
    line = year.approved_lines.filter(approved_amount__gt=0).first()
    if line is not None:
        spend_line_create(report=report, by=by, approved_line=line, description="航空運賃",
                          amount=min(line.approved_amount, 100_000),
                          paid_on=dt.date(year.fiscal_year, 7, 1), receipt=receipt_pdf())
    survey_send(project_year=year, by=by)
    report_summary_update(report=report, by=by, summary="商談会を開催した。")
    return report
