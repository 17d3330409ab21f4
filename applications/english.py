"""English summaries for overseas-office reviewers, who read English while the
application's plan, prospects, firms' interests and prior contacts are written in
Japanese.

One table says, for each summary, the field that holds it, the form section where the
applicant writes it and what it summarises. The call decides which ones the applicant
must give (`Call.english_summaries`); the completeness checklist asks for those; the
application page, the review page and the PDF show each summary beside the Japanese it
summarises, the reader's language first (`rit_portal.bilingual.reader_reads_english`).
"""

from dataclasses import dataclass

from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

# Short: a reviewer reads four of them in a few minutes.
SUMMARY_MAX_CHARS = 1000
summary_length = MaxLengthValidator(SUMMARY_MAX_CHARS)


class EnglishSummary(models.TextChoices):
    PLAN = "plan", _("English summary of the planned cooperation")
    PROSPECTS = "prospects", _("English summary of the prospects (criterion 2)")
    FIRMS = "firms", _("English summary of the firms' interests")
    CONTACTS = "contacts", _("English summary of the prior contacts")


@dataclass(frozen=True)
class SummarySpec:
    code: str
    field: str  # on Application
    section: str  # the form section where it is written (applications.sections)
    task: str = ""  # the URL name of its own page, where the section has one per task


SUMMARIES = {
    EnglishSummary.PLAN: SummarySpec(EnglishSummary.PLAN, "plan_summary_en", "cooperation"),
    EnglishSummary.PROSPECTS: SummarySpec(EnglishSummary.PROSPECTS, "prospects_summary_en",
                                          "prospects"),
    EnglishSummary.FIRMS: SummarySpec(EnglishSummary.FIRMS, "firms_summary_en", "consortium"),
    EnglishSummary.CONTACTS: SummarySpec(EnglishSummary.CONTACTS, "contacts_summary_en",
                                         "partner", "applications:partner-summary"),
}
SUMMARY_FIELDS = [spec.field for spec in SUMMARIES.values()]


def summaries_in_section(section: str) -> list[SummarySpec]:
    return [spec for spec in SUMMARIES.values() if spec.section == section]


def required_summaries(call) -> list[str]:
    """The codes of the summaries `call` requires, in the table's order."""
    wanted = set(call.english_summaries or [])
    return [code for code in SUMMARIES if code in wanted]
