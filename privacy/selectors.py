"""Reads of the privacy app for its pages."""

from django.db.models import F, QuerySet
from django.http import Http404

from .models import DataRequest


def data_requests() -> QuerySet[DataRequest]:
    """Every personal data request: open ones first, then the latest closed; newest first."""
    return (DataRequest.objects.select_related("recorded_by", "closed_by")
            .order_by(F("closed_at").desc(nulls_first=True), "-received_at", "-pk"))


def data_request_for_user(*, user, pk: int) -> DataRequest:
    """The request `pk` for someone who answers requests; 404 for anyone else or none."""
    if not user.has_perm("privacy.answer_requests"):
        raise Http404
    request = data_requests().filter(pk=pk).first()
    if request is None:
        raise Http404
    return request
