"""The e-mails the applications app owns, registered with notifications at start-up
(apps.py): the moves of an application, the partner's confirmation."""

import datetime as dt

from django.conf import settings

from notifications.enums import Kind
from notifications.kinds import register_kind

from .models import Application, PartnerConfirmation, StatusChange


def applications_listed(ids: list[int]) -> list[Application]:
    """The applications an e-mail lists, by reference (for other apps' e-mails too)."""
    return list(Application.objects.filter(pk__in=ids).select_related("call", "organisation")
                .order_by("reference", "pk"))


def _status_change(params: dict) -> dict:
    change = (StatusChange.objects.select_related("application__organisation",
                                                  "application__call")
              .get(pk=params["status_change"]))
    return {"application": change.application, "change": change}


def _confirmation(params: dict) -> PartnerConfirmation:
    return (PartnerConfirmation.objects
            .select_related("application__organisation", "application__partner_region",
                            "application__call")
            .get(pk=params["confirmation"]))


def _partner_request(params: dict) -> dict:
    from .services import PARTNER_LINK_MAX_AGE, partner_confirmation_path

    confirmation = _confirmation(params)
    return {"confirmation": confirmation, "application": confirmation.application,
            "link": settings.SITE_URL + partner_confirmation_path(confirmation=confirmation),
            "valid_days": PARTNER_LINK_MAX_AGE.days}


def _partner_answered(params: dict) -> dict:
    confirmation = _confirmation(params)
    return {"confirmation": confirmation, "application": confirmation.application}


def _office_copy(params: dict) -> dict:
    from .services.office_copies import REPORT_DUE_SOON, REPORT_LATE, SUBMITTED

    application = (Application.objects.select_related("organisation__prefecture", "call")
                   .get(pk=params["application"]))
    office = (application.organisation.prefecture.domestic_territory.office
              if hasattr(application.organisation.prefecture, "domestic_territory") else None)
    what = params["what"]
    context = {"application": application, "office": office,
               "copy_of_submission": what == SUBMITTED,
               "copy_of_report_due_soon": what == REPORT_DUE_SOON,
               "copy_of_report_late": what == REPORT_LATE}
    if what in (REPORT_DUE_SOON, REPORT_LATE):
        # The project's reminder: its year and due date as they were when it was recorded.
        context.update(project_id=params["project"], year=params["year"],
                       due_on=dt.date.fromisoformat(params["due_on"]))
    return context


def register() -> None:
    for kind in (Kind.APPLICATION_SUBMITTED, Kind.INFO_REQUESTED, Kind.INFO_REMINDER,
                 Kind.INFO_ANSWERED, Kind.APPLICATION_WITHDRAWN):
        register_kind(kind, context=_status_change)
    # The signed link answers for the partner: staff never see it (notifications.redaction).
    register_kind(Kind.PARTNER_REQUEST, context=_partner_request, secret=("link",))
    register_kind(Kind.PARTNER_ANSWERED, context=_partner_answered)
    register_kind(Kind.OFFICE_COPY, context=_office_copy)
