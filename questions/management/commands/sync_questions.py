import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from questions.sync import sync_bank

PROGRESS_FROM = 200  # cards; smaller banks sync too fast for a bar to help


class Command(BaseCommand):
    help = "Validate the bank, then create, update and archive cards to match content/."

    def handle(self, *args, **options):
        result = sync_bank(settings.QUESTIONBANK_CONTENT_DIR, progress=self._progress_bar())
        if not result.ok:
            for problem in result.problems:
                self.stderr.write(str(problem))
            raise CommandError(f"{len(result.problems)} problem(s) found; nothing was changed.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"Synced: {result.summary()}."))

    def _progress_bar(self):
        if not sys.stdout.isatty():
            return None

        def show(done: int, total: int) -> None:
            if total < PROGRESS_FROM:
                return
            width = 40
            filled = width * done // total
            end = "\n" if done == total else ""
            self.stdout.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}", ending=end)
            self.stdout.flush()

        return show
