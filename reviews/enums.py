from django.db import models
from django.utils.translation import gettext_lazy as _


class Criterion(models.TextChoices):
    """The programme's three selection criteria (DOMAIN.md, "Assessment")."""

    C1 = "c1", _("C1 Local companies engaged")
    C2 = "c2", _("C2 Clear prospects")
    C3 = "c3", _("C3 Prior contact and confirmed interest")


class ConflictStatus(models.TextChoices):
    UNDECLARED = "undeclared", _("Not yet declared")
    NONE = "none", _("No conflict")
    CONFLICT = "conflict", _("Conflict declared")


class ConflictType(models.TextChoices):
    """What a declared conflict of interest is with (HotCRP types its conflicts the same
    way: the reviewer says with whom, and HQ reads why)."""

    ORGANISATION = "organisation", _("The applicant organisation")
    FIRM = "firm", _("A firm of the consortium")
    PARTNER_REGION = "partner_region", _("The partner region")
    PERSONAL = "personal", _("Personal or financial")
    OTHER = "other", _("Other")


# The conflicts a reviewer can declare in advance, across calls.
STANDING_CONFLICT_TYPES = (ConflictType.ORGANISATION, ConflictType.FIRM)


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Recommendation(models.TextChoices):
    STRONGLY_SUPPORT = "strongly_support", _("Strongly recommend sponsorship")
    SUPPORT = "support", _("Recommend sponsorship")
    SUPPORT_WITH_CONDITIONS = "conditions", _("Recommend with conditions")
    DO_NOT_SUPPORT = "do_not_support", _("Do not recommend")


class ValueAspect(models.TextChoices):
    """Optional sub-scores of the project's value; used when the call gives them weights."""

    REGIONAL_IMPACT = "regional_impact", _("Impact on the regional economy")
    BUSINESS_OUTCOMES = "business_outcomes", _("Expected business outcomes")
    CONTINUITY = "continuity", _("Continuity beyond the sponsored years")


class FeedbackItem(models.TextChoices):
    """What the applicant is told about, once decisions are published: each criterion and
    the value of the project (the European Commission's evaluation summary report is the
    model: a score against the threshold and a comment per criterion)."""

    C1 = "c1", _("C1 Local companies engaged")
    C2 = "c2", _("C2 Clear prospects")
    C3 = "c3", _("C3 Prior contact and confirmed interest")
    VALUE = "value", _("Value of the project")


CRITERIA = tuple(Criterion)
SCORE_MAX = 5
VALUE_MAX = 10
# Reviewers who differ by this much on one criterion are flagged to HQ.
SPREAD_THRESHOLD = 2
# Days before the review deadline on which reviewers with open reviews are reminded.
REMINDER_DAYS_BEFORE_DEADLINE = 3
