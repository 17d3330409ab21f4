"""The e-mails partnering owns, registered with notifications at start-up (apps.py): the
foreign contact's signed link (to confirm the address, or asked for again), the covering
office's notice of an interest to review, publication or refusal, and the introduction
e-mails to each side and to the office."""

from django.conf import settings
from django.urls import reverse

from notifications.enums import Kind
from notifications.kinds import register_kind

from .languages import partner_language
from .links import REGION_LINK_MAX_AGE, region_path
from .models import Interest, InterestStatusChange, Introduction


def _interest(params: dict) -> dict:
    interest = (Interest.objects.select_related("country", "partner_region")
                .get(pk=params["interest"]))
    return {"interest": interest}


def _region_link(params: dict) -> dict:
    context = _interest(params)
    interest = context["interest"]
    # The page opens in the contact's language (its chooser offers the others).
    context.update(link=(settings.SITE_URL + region_path(interest=interest)
                         + f"?lang={partner_language(interest.contact_language)}"),
                   valid_days=REGION_LINK_MAX_AGE.days)
    return context


def _to_review(params: dict) -> dict:
    context = _interest(params)
    context["page"] = settings.SITE_URL + reverse("partnering:interest",
                                                  args=[context["interest"].pk])
    return context


def _status_change(params: dict) -> dict:
    change = (InterestStatusChange.objects.select_related("interest__country",
                                                          "interest__partner_region")
              .get(pk=params["status_change"]))
    return {"interest": change.interest, "change": change,
            "access": settings.SITE_URL + reverse("partnering:access")}


def _introduction(params: dict) -> dict:
    introduction = (Introduction.objects
                    .select_related("interest__country", "interest__partner_region",
                                    "organisation__prefecture", "sector", "requested_by")
                    .get(pk=params["introduction"]))
    return {"introduction": introduction, "interest": introduction.interest,
            "organisation": introduction.organisation,
            "directory": settings.SITE_URL + reverse("partnering:directory-detail",
                                                     args=[introduction.interest_id]),
            "staff_page": settings.SITE_URL + reverse("partnering:introduction",
                                                      args=[introduction.pk]),
            "access": settings.SITE_URL + reverse("partnering:access")}


def register() -> None:
    # The signed link opens the region's page for its contact: staff never see it.
    register_kind(Kind.INTEREST_CONFIRM, context=_region_link, secret=("link",))
    register_kind(Kind.INTEREST_LINK, context=_region_link, secret=("link",))
    register_kind(Kind.INTEREST_TO_REVIEW, context=_to_review)
    register_kind(Kind.INTEREST_PUBLISHED, context=_status_change)
    register_kind(Kind.INTEREST_REJECTED, context=_status_change)
    for kind in (Kind.INTRODUCTION_APPLICANT, Kind.INTRODUCTION_PARTNER,
                 Kind.INTRODUCTION_OFFICE):
        register_kind(kind, context=_introduction)
