from django.core.management import call_command
from django.core.management.base import BaseCommand

from rit_portal.locks import held


class Command(BaseCommand):
    help = ("The release step (scripts/serve.sh migrate): migrate the database and load the "
            "reference data, one runner at a time across every host (a PostgreSQL advisory "
            "lock). A second runner waits for the first, then finds nothing left to do and "
            "exits 0.")

    def handle(self, *args, **options):
        def waiting():
            self.stdout.write("Another runner is migrating this database; waiting for it.",
                              ending="\n")
            self.stdout.flush()

        with held("migrate", waiting_message=waiting):
            call_command("migrate", interactive=False, verbosity=options["verbosity"])
            call_command("load_reference_data", verbosity=options["verbosity"])
