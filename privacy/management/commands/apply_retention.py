"""Apply the retention schedule by hand (beat does it daily): `manage.py apply_retention`,
or `--dry-run` to list what a run would remove or anonymise, changing nothing."""

from django.core.management.base import BaseCommand

from privacy import retention
from privacy.services import retention_apply


class Command(BaseCommand):
    help = ("Remove or anonymise the personal data past its retention period "
            "(settings.PRIVACY_RETENTION) and record the run; --dry-run only counts.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true",
                            help="Count what would be removed or anonymised; change nothing.")

    def handle(self, *args, dry_run: bool = False, **options):
        outcome = retention_apply(dry_run=dry_run)
        width = max(len(key) for key in outcome.counts) if outcome.counts else 0
        for category, days in retention.schedule():
            line = f"{category.key:<{width}}  {days:>5} days  {outcome.counts[category.key]:>6}"
            if category.key in outcome.errors:
                line += f"  ERROR {outcome.errors[category.key]}"
            self.stdout.write(line)
        total = sum(outcome.counts.values())
        if dry_run:
            self.stdout.write(f"Dry run: {total} records would be removed or anonymised; "
                              "nothing was changed.")
        else:
            self.stdout.write(f"{total} records removed or anonymised (run {outcome.run.pk}).")
        if outcome.errors:
            self.stderr.write(f"{len(outcome.errors)} categories failed.")
