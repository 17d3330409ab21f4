"""What earlier sponsored projects of the same region pair or applicant reported, for the
reviewers (registered by the projects app, further up: REPORTED_OUTCOMES)."""


from django.db.models import (
    OuterRef,
    Q,
    Subquery,
)

from applications.enums import ApplicationStatus as S
from applications.models import Application
from applications.predicates import published_filter
from rit_portal.registry import Registry

REPORTED_OUTCOMES = Registry("what the sponsored projects of earlier applications reported")


def past_outcomes(*, application: Application) -> list[Application]:
    """Earlier approved, published projects of the same region pair (the same partner region
    and at least one of the same prefectures) or of the same applicant organisation, newest
    first, each with `approved_total`, `same_region_pair`, `same_applicant` and `reported`:
    what the sponsored project reported since (outcomes per type with their count and
    value, survey answers and mean satisfaction; None when it has no project). Four
    queries whatever the number of projects."""
    prefectures = list(application.prefectures.values_list("pk", flat=True))
    region_pair = (Q(partner_region_id=application.partner_region_id,
                     prefectures__in=prefectures)
                   if application.partner_region_id and prefectures else Q(pk__in=[]))
    # The current decision's amount, through the relation the sponsorship app adds: the
    # decision is to the right of the review, so reviews does not import its models.
    decisions = Application._meta.get_field("sponsorship_decisions").related_model
    approved = decisions.objects.filter(application=OuterRef("pk"), is_current=True)
    past = list(Application.objects
                .filter(region_pair | Q(organisation_id=application.organisation_id),
                        published_filter(), status=S.APPROVED,
                        call__fiscal_year__lt=application.call.fiscal_year)
                .exclude(pk=application.pk)
                .distinct()
                .select_related("call", "organisation", "partner_region")
                .prefetch_related("prefectures")
                .annotate(approved_total=Subquery(approved.values("approved_total")[:1]))
                .order_by("-call__fiscal_year", "reference"))
    # What the projects reported (registered by the projects app, further up).
    reported = {}
    for outcomes_of in REPORTED_OUTCOMES:
        reported.update(outcomes_of(application_ids=[p.pk for p in past]))
    for earlier in past:
        earlier.same_applicant = earlier.organisation_id == application.organisation_id
        earlier.same_region_pair = (
            application.partner_region_id is not None
            and earlier.partner_region_id == application.partner_region_id
            and any(p.pk in prefectures for p in earlier.prefectures.all()))
        earlier.reported = reported.get(earlier.pk)
    return past
