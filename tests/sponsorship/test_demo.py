"""The demo tops up submitted applications without cost lines, within the programme's rules."""

from django.utils import timezone

from demo import sponsorship as demo
from sponsorship.coverage import is_covered
from sponsorship.models import CostLine
from tests.factories import ApplicationFactory
from tests.sponsorship.factories import CostLineFactory


def test_demo_tops_up_submitted_applications_only_and_is_idempotent(db):
    empty = ApplicationFactory(submitted_at=timezone.now(), duration_years=3)
    draft = ApplicationFactory(duration_years=2)
    kept = ApplicationFactory(submitted_at=timezone.now())
    CostLineFactory(application=kept)

    assert demo.run() == []
    first = list(CostLine.objects.filter(application=empty).values_list("pk", flat=True))
    demo.run()

    assert list(CostLine.objects.filter(application=empty).values_list("pk", flat=True)) == first
    assert CostLine.objects.filter(application=draft).count() == 0
    assert CostLine.objects.filter(application=kept).count() == 1
    lines = list(CostLine.objects.filter(application=empty))
    assert sorted({line.year for line in lines}) == [1, 2, 3]
    assert all(is_covered(activity=line.activity, category=line.category) for line in lines)
    assert len(lines) == 25
