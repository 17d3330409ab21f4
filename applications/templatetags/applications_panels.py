"""The panels the applications app adds to the role home pages (accounts/home_*.html): the
home page names them; accounts imports nothing of this app."""

from django import template
from django.utils import timezone

from rit_portal.pagination import paginate

from ..selectors import (
    applicant_home,
    calls_for_management,
    information_requests_open,
    office_applications,
    proposed_regions_pending,
)
from ..visibility import applicant_status

register = template.Library()


@register.inclusion_tag("applications/_hq_home.html")
def applications_hq_panels():
    """HQ: every call with its applications per status; the requests for more information
    still awaiting an answer."""
    return {"calls": calls_for_management(),
            "information_requests": list(information_requests_open()),
            "now": timezone.now()}


@register.inclusion_tag("applications/_proposed_regions_alert.html")
def proposed_regions_alert():
    """HQ: partner regions proposed by applicants that await confirmation."""
    return {"proposed_regions_pending": proposed_regions_pending().count()}


@register.inclusion_tag("applications/form/_application_list.html", takes_context=True)
def applications_home_panel(context):
    """The applicant: their organisation's applications, the requests for more information
    they owe an answer, the calls open for a new application."""
    return applicant_home(organisation_id=context["user"].organisation_id)


@register.inclusion_tag("applications/_office_home.html", takes_context=True)
def office_applications_panel(context):
    """A domestic office's staff member: the applications of their prefectures'
    organisations, a page at a time, each with the status its organisation sees."""
    page = paginate(office_applications(user=context["user"]), params=context["request"].GET)
    for application in page:
        application.shown_status = applicant_status(application)
    return {"page": page, "request": context["request"]}
