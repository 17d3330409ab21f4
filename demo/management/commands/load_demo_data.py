import importlib

from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from demo.accounts import DEMO_PASSWORD
from regions.services import reference_data_load

# Each stretch of the programme's cycle has its module here (demo/<part>.py: run(stdout));
# later ones build on earlier. No runtime module of an app imports the demo.
DEMO_MODULES = ["demo.accounts", "demo.calls", "demo.sponsorship", "demo.selection",
                "demo.projects", "demo.showcase", "demo.partnering"]


class Command(BaseCommand):
    help = "Load reference data and a lived-in demo programme (idempotent); print the logins."

    def handle(self, *args, **options):
        reference_data_load()
        logins = []
        # The demo's e-mails (submission receipts, decisions, award letters) go to demo
        # addresses: keep them in memory instead of printing or sending them.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            mail.outbox = []
            with transaction.atomic():
                for name in DEMO_MODULES:
                    logins += importlib.import_module(name).run(stdout=self.stdout) or []
            generated = len(mail.outbox)
            del mail.outbox
        self.stdout.write(f"Demo data ready ({generated} demo e-mails generated, not sent).")
        self.stdout.write(self.style.SUCCESS(f"Demo logins (password for all: {DEMO_PASSWORD}):"))
        for email, role in logins:
            self.stdout.write(f"  {email:<44} {role}")
