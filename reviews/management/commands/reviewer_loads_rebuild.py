"""Store every reviewer's workload afresh (`reviews.models.ReviewerLoad`):
`manage.py reviewer_loads_rebuild`. The review services keep it in step by themselves; this
is for data written around them (a restore, a bulk import, a benchmark's data)."""

from django.core.management.base import BaseCommand

from reviews.services import reviewer_loads_rebuild


class Command(BaseCommand):
    help = ("Count every reviewer's open and unconflicted assignments afresh and store them "
            "(what HQ's reviewers page and the assignment page read).")

    def handle(self, *args, **options):
        stored = reviewer_loads_rebuild()
        self.stdout.write(f"Workload stored for {stored} reviewers.")
