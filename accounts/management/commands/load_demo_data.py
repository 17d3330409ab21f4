import importlib

from django.core.management.base import BaseCommand
from django.db import transaction

from accounts.demo import DEMO_PASSWORD
from regions.services import reference_data_load

# Apps contribute demo data through <app>/demo.py:run(stdout); later apps build on earlier.
DEMO_MODULES = ["accounts.demo", "applications.demo", "sponsorship.demo", "reviews.demo"]


class Command(BaseCommand):
    help = "Load reference data and a lived-in demo programme (idempotent); print the logins."

    def handle(self, *args, **options):
        reference_data_load()
        logins = []
        with transaction.atomic():
            for name in DEMO_MODULES:
                try:
                    module = importlib.import_module(name)
                except ModuleNotFoundError as exc:
                    if exc.name != name:
                        raise
                    continue
                logins += module.run(stdout=self.stdout) or []
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for email, role in logins:
            self.stdout.write(f"  {role:<28} {email}")
