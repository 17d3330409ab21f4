"""Award letter → HTML → PDF. Pure rendering: reads the database, writes nothing.

The PDF is made by rit_portal.pdf (WeasyPrint, imported once per process, and the IPAex
Gothic font shipped in rit_portal/fonts/), the path every PDF of the portal takes. Other
letters built on this one (the projects app's invitation letters for foreign experts)
render through `html_to_pdf` with their own rules added to this stylesheet.
"""

import datetime as dt
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import timezone, translation

from rit_portal import pdf
from rit_portal.conventions import bracketed, in_language, listing, long_date

from .enums import Activity, CostCategory
from .models import AwardLetter
from .obligations import report_due_date

HERE = Path(__file__).resolve().parent
FONT_DIR = pdf.FONT_DIR
STYLESHEET = HERE / "templates" / "sponsorship" / "letters" / "award_letter.css"
TEMPLATE = "sponsorship/letters/award_letter.html"

# Japanese eras that a letter date can fall in, newest first: (first day, kanji, English).
ERAS = [
    (dt.date(2019, 5, 1), "令和", "Reiwa"),
    (dt.date(1989, 1, 8), "平成", "Heisei"),
]


def japanese_era_date(day: dt.date) -> str:
    """`day` in the Japanese calendar, e.g. 令和9年6月1日 (the first year is 元年)."""
    for start, kanji, _english in ERAS:
        if day >= start:
            year = day.year - start.year + 1
            year_text = "元" if year == 1 else str(year)
            return f"{kanji}{year_text}年{day.month}月{day.day}日"
    return f"{day.year}年{day.month}月{day.day}日"


def gregorian_ja(day: dt.date) -> str:
    """2027年4月1日 (rit_portal.conventions.long_date in Japanese)."""
    return in_language("ja", long_date, day)


def gregorian_en(day: dt.date) -> str:
    """1 April 2027 (rit_portal.conventions.long_date in English)."""
    return in_language("en", long_date, day)


def project_end(start: dt.date, years: int) -> dt.date:
    """The last day of a project of `years` years from `start` (the day before the
    anniversary; a 29 February start has its anniversary on 1 March)."""
    try:
        anniversary = start.replace(year=start.year + years)
    except ValueError:
        anniversary = dt.date(start.year + years, 3, 1)
    return anniversary - dt.timedelta(days=1)


def letter_reference(letter: AwardLetter) -> str:
    """The letter's reference number: the application's, the decision version, e.g.
    RIT-FY2027-0042-L2."""
    application = letter.decision.application
    base = application.reference or f"RIT-FY{application.call.fiscal_year}-A{application.pk}"
    return f"{base}-L{letter.decision.version}"


def letter_filename(letter: AwardLetter) -> str:
    return f"award-letter-{letter_reference(letter)}.pdf"


@dataclass(frozen=True)
class Bilingual:
    ja: str
    en: str


@dataclass(frozen=True)
class AmountRow:
    """One ceiling: an activity and cost category of a project year, as the progress
    report's spend check applies it (projects.ApprovedLine)."""
    year: int
    activity: Bilingual
    category: Bilingual
    amount: int


@dataclass(frozen=True)
class YearBlock:
    year: int
    fiscal_year: int
    rows: list
    subtotal: int


@dataclass(frozen=True)
class Obligation:
    year: int
    fiscal_year: int
    due: Bilingual


def _both(label) -> Bilingual:
    """A lazily translated label in Japanese and in English."""
    with translation.override("ja"):
        ja = str(label)
    with translation.override("en"):
        en = str(label)
    return Bilingual(ja, en)


def letter_for_render(letter_id: int) -> AwardLetter:
    """The letter with everything `letter_context` reads, in four queries."""
    return (AwardLetter.objects
            .select_related("decision__application__call",
                            "decision__application__organisation__prefecture",
                            "decision__application__partner_region__country")
            .prefetch_related("decision__application__prefectures", "decision__lines__cost_line")
            .get(pk=letter_id))


def letter_context(letter: AwardLetter) -> dict:
    """Everything the letter template shows, computed here so the template only lays out."""
    decision = letter.decision
    application = decision.application
    organisation = application.organisation
    call = application.call
    issued = timezone.localdate(letter.created_at)
    duration = application.duration_years or 1
    first_fy = call.fiscal_year

    labels = {value: _both(label) for value, label in (*Activity.choices,
                                                         *CostCategory.choices)}

    def label(value: str) -> Bilingual:
        return labels.get(value, Bilingual(value, value))

    lines = sorted(decision.lines.all(),
                   key=lambda line: (line.cost_line.year, line.cost_line.activity,
                                     line.cost_line.category))
    years = []
    for year, year_lines in groupby(lines, key=lambda line: line.cost_line.year):
        rows = []
        # One row per ceiling: the spend check of the progress report (projects) holds
        # each activity and cost category of a year to its approved amount.
        by_line = groupby(year_lines, key=lambda line: (line.cost_line.activity,
                                                         line.cost_line.category))
        for (activity, category), ceiling_lines in by_line:
            amount = sum(line.approved_amount for line in ceiling_lines)
            if amount:
                rows.append(AmountRow(year, label(activity), label(category), amount))
        if rows:
            years.append(YearBlock(year, first_fy + year - 1, rows,
                                   sum(row.amount for row in rows)))

    obligations = []
    for year in range(1, duration + 1):
        due = report_due_date(first_fiscal_year=first_fy, year=year)
        obligations.append(Obligation(year, first_fy + year - 1,
                                      Bilingual(gregorian_ja(due), gregorian_en(due))))

    prefectures = list(application.prefectures.all()) or [organisation.prefecture]
    partner = application.partner_region
    start = application.start_date
    end = project_end(start, duration) if start else None
    sections = ["ja", "en"] if letter.language != "en" else ["en", "ja"]
    return {
        "letter": letter,
        "decision": decision,
        "application": application,
        "organisation": organisation,
        "call": call,
        "reference": letter_reference(letter),
        "issued_era": japanese_era_date(issued),
        "issued_ja": gregorian_ja(issued),
        "issued_en": gregorian_en(issued),
        "region_ja": in_language("ja", listing, [p.name_ja for p in prefectures]),
        "region_en": in_language("en", listing, [p.name_en for p in prefectures]),
        "partner_ja": (partner.name_ja + in_language("ja", bracketed, partner.country.name_ja)
                       if partner else ""),
        "partner_en": (partner.name_en + in_language("en", bracketed, partner.country.name_en)
                       if partner else ""),
        "duration": duration,
        "first_fy": first_fy,
        "last_fy": first_fy + duration - 1,
        "start_ja": gregorian_ja(start) if start else "",
        "end_ja": gregorian_ja(end) if end else "",
        "start_en": gregorian_en(start) if start else "",
        "end_en": gregorian_en(end) if end else "",
        "years": years,
        "total": sum(block.subtotal for block in years),
        "obligations": obligations,
        "sections": sections,
        "version": decision.version,
    }


def letter_html(letter: AwardLetter) -> str:
    # The letter's literal text is bilingual by design; labels inside come from _both().
    with translation.override("ja"):
        return render_to_string(TEMPLATE, letter_context(letter))


def letter_engine():
    """The font configuration and the parsed letter stylesheet (once per process)."""
    return pdf.font_configuration(), pdf.stylesheet(STYLESHEET)


def html_to_pdf(html: str, *, added: tuple[Path, ...] = ()) -> bytes:
    """The PDF bytes of `html`, laid out with the letter stylesheet (A4, the shipped
    Japanese font, tables) and the `added` stylesheets of a letter built on it (the
    projects app's invitation letter)."""
    return pdf.html_to_pdf(html, stylesheets=(STYLESHEET, *added))


def award_letter_pdf(*, letter_id: int) -> tuple[AwardLetter, bytes]:
    """Render the letter `letter_id` as it stands in the database; returns (letter, PDF)."""
    letter = letter_for_render(letter_id)
    return letter, html_to_pdf(letter_html(letter))
