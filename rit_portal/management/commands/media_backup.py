from django.core.management.base import BaseCommand

from rit_portal.media_archive import media_archive_write


class Command(BaseCommand):
    help = ("Write every stored file (local MEDIA_ROOT or the S3 bucket of STORAGES) into "
            "one tar.gz (scripts/backup.sh).")

    def add_arguments(self, parser):
        parser.add_argument("archive", help="the tar.gz to write")

    def handle(self, *args, archive, **options):
        count = media_archive_write(archive)
        self.stdout.write(f"{count} files written to {archive}")
