"""What the privacy app writes on the history (rit_portal.system_texts): a personal data
request and every action on it. The values corrected or erased are not written: the
history would otherwise keep what the person asked to have corrected or removed."""

from django.utils.translation import gettext_lazy as _

from rit_portal.system_texts import system_text


def kind_label(value: str) -> str:
    from .enums import RequestKind

    return str(RequestKind(value).label) if value in RequestKind.values else value


def category_label(code: str) -> str:
    from .holdings import category

    found = category(code)
    return str(found.label) if found else code


system_text("privacy.request_recorded",
            _("Personal data request %(request)s recorded: %(kind)s."), kind=kind_label)
system_text("privacy.request_searched",
            _("Personal data request %(request)s: searched for “%(term)s”."))
system_text("privacy.request_exported",
            _("Personal data request %(request)s: what matches “%(term)s” exported "
              "(%(format)s)."))
system_text("privacy.record_corrected",
            _("Personal data request %(request)s: %(category)s record %(record)s, field "
              "“%(field)s” corrected."), category=category_label)
system_text("privacy.record_erased",
            _("Personal data request %(request)s: %(category)s record %(record)s erased "
              "(personal fields blanked, figures kept)."), category=category_label)
system_text("privacy.request_closed",
            _("Personal data request %(request)s closed with its answer."))
