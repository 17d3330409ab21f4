"""The privacy notice: public, in the reader's language, every version kept; the current
version shows the retention schedule in force (privacy.retention)."""

from django.http import Http404
from django.shortcuts import render

from . import retention
from .models import PrivacyNotice


def notice(request, version: int | None = None):
    """The notice in force, or an earlier version (what a person was told then)."""
    versions = list(PrivacyNotice.objects.order_by("-version"))
    shown = next((n for n in versions if version is None or n.version == version), None)
    if shown is None:
        raise Http404
    is_current = shown == versions[0]
    return render(request, "privacy/notice.html", {
        "notice": shown, "versions": versions, "is_current": is_current,
        "schedule": retention.schedule() if is_current else []})
