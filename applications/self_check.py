"""The public eligibility self-check: the programme's rules as questions, with reasons.

The answer only tells a visitor whether an application would meet the entry rules; the
review itself judges how well it meets the three criteria.
"""

from dataclasses import dataclass

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Call


@dataclass(frozen=True)
class CheckLine:
    topic: str  # what the rule is about, e.g. "Criterion 1: local companies engaged"
    passed: bool
    reason: str  # why it passes or fails, in plain words


@dataclass(frozen=True)
class SelfCheckResult:
    lines: list[CheckLine]

    @property
    def eligible(self) -> bool:
        return all(line.passed for line in self.lines)

    @property
    def failures(self) -> list[CheckLine]:
        return [line for line in self.lines if not line.passed]


def eligibility_self_check(
    *, call: Call, is_japanese_organisation: bool, companies_contacted: bool,
    consortium_size: int, clear_prospects: bool, prior_contact: bool,
    partner_interest: bool, duration_years: int,
) -> SelfCheckResult:
    """Check a visitor's answers against `call`'s rules; every rule gives its own reason."""
    n = call.min_consortium_size
    lines = [
        CheckLine(
            _("Applicant"), is_japanese_organisation,
            _("A Japanese organisation (association, chamber, regional government or cluster) "
              "applies and receives the funds.") if is_japanese_organisation else
            _("Only a Japanese organisation acting for a group of companies can apply; funds "
              "go to the organisation, never to an individual firm."),
        ),
        CheckLine(
            _("Criterion 1: local companies engaged"), companies_contacted,
            _("You have contacted local companies that wish to work with foreign companies.")
            if companies_contacted else
            _("You first need to contact local companies that wish to collaborate with "
              "companies in the foreign region."),
        ),
        CheckLine(
            _("Consortium size"), consortium_size >= n,
            ngettext("%(count)s company meets the minimum of %(min)s.",
                     "%(count)s companies meet the minimum of %(min)s.", consortium_size)
            % {"count": consortium_size, "min": n} if consortium_size >= n else
            ngettext("The consortium needs at least %(min)s companies; you have %(count)s.",
                     "The consortium needs at least %(min)s companies; you have %(count)s.",
                     n) % {"count": consortium_size, "min": n},
        ),
        CheckLine(
            _("Criterion 2: clear prospects"), clear_prospects,
            _("The collaboration is expected to develop your region's industries or "
              "technologies.") if clear_prospects else
            _("The project must be expected to develop your region's industries or "
              "technologies, leading to new products or business tie-ups."),
        ),
        CheckLine(
            _("Criterion 3: prior contact"), prior_contact,
            _("Your region has had contact with the foreign region before.") if prior_contact
            else _("Some earlier contact with the foreign region (a visit, meeting or event) "
                   "is required."),
        ),
        CheckLine(
            _("Criterion 3: confirmed interest"), partner_interest,
            _("The foreign region can confirm its interest; it can do so online through the "
              "portal.") if partner_interest else
            _("The foreign region must confirm its interest in collaborating, by letter or "
              "online through the portal."),
        ),
        CheckLine(
            _("Project duration"), 1 <= duration_years <= call.max_duration_years,
            ngettext("Projects run from 1 to %(max)s year.",
                     "Projects run from 1 to %(max)s years.", call.max_duration_years)
            % {"max": call.max_duration_years},
        ),
    ]
    return SelfCheckResult(lines)
