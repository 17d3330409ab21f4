"""What a complete application needs: one list of checks, shown to the applicant as a
checklist and enforced at submission (the same code serves both). Apps further up add
their own items at start-up (CHECKLIST_ITEMS: the cost proposal, sponsorship/apps.py).
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from rit_portal.conventions import listing
from rit_portal.registry import Registry

from .english import SUMMARIES, SUMMARY_MAX_CHARS, EnglishSummary, required_summaries
from .enums import AttachmentKind, CallState, ConfirmationStatus, Objective
from .models import Application, ProposedPartnerRegion


@dataclass(frozen=True)
class ChecklistItem:
    section: str  # the form section that fixes it (URL name suffix / anchor)
    label: str
    problem: str = ""  # empty when the item is satisfied
    # The URL name of the page inside the section that fixes it, where a section is cut
    # into one task per page (criterion 3: applications.sections.PARTNER_TASKS); empty:
    # the section's own page.
    task: str = ""

    @property
    def ok(self) -> bool:
        return not self.problem


# Functions (application=...) -> [ChecklistItem], registered by apps further up.
CHECKLIST_ITEMS = Registry("completeness items other apps add after the application's own")


def _item(section: str, label: str, ok: bool, problem: str, task: str = "") -> ChecklistItem:
    return ChecklistItem(section, label, "" if ok else problem, task)


def application_checklist(*, application: Application) -> list[ChecklistItem]:
    """Every completeness item of the application, satisfied or not, in form order.

    The items other apps registered (CHECKLIST_ITEMS: the cost proposal) follow these.
    """
    call = application.call
    members = application.consortium_members.count()
    has_proposed = ProposedPartnerRegion.objects.filter(application=application).exists()
    objectives = application.objectives or []
    plan_years = set(application.year_plans.exclude(activities="")
                     .values_list("year", flat=True))
    duration = application.duration_years
    duration_ok = duration is not None and 1 <= duration <= call.max_duration_years
    missing_years = sorted(set(range(1, (duration or 0) + 1)) - plan_years) if duration_ok else []
    confirmed_online = application.partner_confirmations.filter(
        status=ConfirmationStatus.CONFIRMED).exists()
    letter = application.attachments.filter(kind=AttachmentKind.PARTNER_LETTER).exists()

    items = [
        _item("overview", _("Project title"), bool(application.title_ja.strip()),
              _("Enter the project title.")),
        _item("overview", _("Sector"), bool(application.sector_id), _("Choose the sector.")),
        _item("overview", _("Japanese region"), application.prefectures.exists(),
              _("Choose at least one prefecture.")),
        _item("overview", _("Foreign partner region"),
              bool(application.partner_region_id) or has_proposed,
              _("Choose the partner region, or propose it if it is not in the list.")),
        _item("consortium",
              _("Consortium of at least %(n)d firms") % {"n": call.min_consortium_size},
              members >= call.min_consortium_size,
              _("The consortium has %(have)d firms; the call requires at least %(need)d.")
              % {"have": members, "need": call.min_consortium_size}),
        _item("cooperation", _("Objectives"),
              bool(objectives) and (Objective.OTHER not in objectives
                                    or bool(application.objectives_other.strip())),
              _("Choose the objectives (and describe “other” if you chose it).")),
        _item("cooperation", _("Summary of the planned cooperation"),
              bool(application.cooperation_summary.strip()),
              _("Describe the planned cooperation.")),
        _item("cooperation", _("Project start"), application.start_date is not None,
              _("Enter the project start date.")),
        _item("cooperation", _("Duration"), duration_ok,
              _("Enter a duration of 1 to %(max)d years.") % {"max": call.max_duration_years}),
        _item("cooperation", _("Activities for each project year"),
              duration_ok and not missing_years,
              _("Describe the activities of project year(s) %(years)s.")
              % {"years": listing(missing_years)} if missing_years else
              _("Enter the duration, then the activities of each project year.")),
        _item("prospects", _("Development of the region's industries and technologies"),
              bool(application.c2_industry_development.strip()),
              _("Describe the expected development of the region's industries and "
                "technologies.")),
        _item("prospects", _("New products"), bool(application.c2_new_products.strip()),
              _("Describe the expected new products.")),
        _item("prospects", _("Business tie-ups"), bool(application.c2_business_tieups.strip()),
              _("Describe the expected business tie-ups.")),
        _item("partner", _("Prior contact with the partner region"),
              application.prior_contacts.exists(),
              _("Record at least one earlier contact with the partner region."),
              "applications:partner-contacts"),
        _item("partner", _("Partner's confirmation of interest"), confirmed_online or letter,
              _("Obtain the partner's online confirmation, or upload its letter of interest "
                "(PDF)."), "applications:partner-request"),
    ]
    for code in required_summaries(call):
        spec = SUMMARIES[code]
        items.append(_item(spec.section, EnglishSummary(code).label,
                           bool(getattr(application, spec.field).strip()),
                           _("Write this English summary, which the call requires (at most "
                             "%(n)s characters).") % {"n": f"{SUMMARY_MAX_CHARS:,}"},
                           spec.task))
    for more_items in CHECKLIST_ITEMS:
        items += more_items(application=application)
    return items


def application_submission_check(*, application: Application, now=None,
                                 deadline_applies: bool = True) -> None:
    """Raise ValidationError listing every reason the application cannot be submitted now
    (the call's deadline only when `deadline_applies`: a first submission)."""
    now = now or timezone.now()
    problems = [item.problem for item in application_checklist(application=application)
                if not item.ok]
    if deadline_applies and application.call.state_at(now) != CallState.OPEN:
        problems.insert(0, _("The call is not open for submissions (it closed at %(t)s Japan "
                             "time); your draft is kept.")
                        % {"t": timezone.localtime(application.call.closes_at)
                           .strftime("%Y-%m-%d %H:%M:%S")})
    if problems:
        raise ValidationError(problems)
