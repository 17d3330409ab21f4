"""The scoring rubric shown in the review form: what each level 0–5 means per criterion.

Each text is translated, so the reviewer reads it in their language (Japanese or English).
"""

from django.utils.translation import gettext_lazy as _

from .enums import Criterion

RUBRIC = {
    Criterion.C1: [
        _("No local companies identified."),
        _("Companies named, but no sign that they wish to collaborate."),
        _("Fewer than five companies with a stated interest."),
        _("Five companies with a stated interest; little detail of what each seeks."),
        _("Five or more companies, each with a clear interest and role."),
        _("A committed consortium: each firm's goals, contribution and contact are specific."),
    ],
    Criterion.C2: [
        _("No prospects described."),
        _("Vague hopes without products, technologies or partners."),
        _("Some prospects, weakly linked to the region's industries."),
        _("Plausible prospects for new products or tie-ups in the region's industries."),
        _("Clear prospects: named products, technologies and joint development paths."),
        _("Compelling prospects with milestones and evidence of market demand."),
    ],
    Criterion.C3: [
        _("No prior contact and no confirmation from the partner region."),
        _("Contact planned only; no confirmation of interest."),
        _("Some past contact, but the partner has not confirmed interest."),
        _("Past contact and a confirmation of interest from the partner region."),
        _("Regular past contact and a confirmed, specific interest from the partner."),
        _("An established relationship; the partner has confirmed interest and committed "
          "resources."),
    ],
}

VALUE_GUIDE = _(
    "0–10: the value of the project gained from the collaboration between the two regions "
    "(0 none, 5 moderate, 10 exceptional). It also informs the sponsorship level."
)


def rubric_for(criterion: str) -> list[tuple[int, str]]:
    """(level, description) pairs for one criterion, levels 0 to 5."""
    return list(enumerate(RUBRIC[Criterion(criterion)]))
