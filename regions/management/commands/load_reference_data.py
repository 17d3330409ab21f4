from django.core.management.base import BaseCommand

from regions.services import reference_data_load


class Command(BaseCommand):
    help = "Create or update the shipped reference data (idempotent)."

    def handle(self, *args, **options):
        counts = reference_data_load()
        self.stdout.write(", ".join(f"{k}: {v}" for k, v in counts.items()))
