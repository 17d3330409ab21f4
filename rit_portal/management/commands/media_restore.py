from django.core.management.base import BaseCommand, CommandError

from rit_portal.media_archive import media_archive_restore


class Command(BaseCommand):
    help = ("Store every file of a tar.gz written by media_backup into the configured storage "
            "(local MEDIA_ROOT or the S3 bucket), which must be empty (scripts/restore.sh).")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the tar.gz to read")

    def handle(self, *args, archive, **options):
        try:
            count = media_archive_restore(archive)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{count} files restored from {archive}")
