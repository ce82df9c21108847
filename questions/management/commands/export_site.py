from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from questions.changes import GitError
from questions.export import ExportError, Progress, export_site

BAR_WIDTH = 40


class Command(BaseCommand):
    help = (
        "Write the public site as static HTML to OUTDIR (opens from disk or any static host); "
        "reads the database, so run sync_questions first."
    )

    def add_arguments(self, parser):
        parser.add_argument("outdir", type=Path, help="Folder to write; new, empty, or an earlier export.")
        parser.add_argument(
            "--changed-since",
            metavar="GIT_REF",
            help="Only the cards changed since this git ref (added, edited, moved, removed) and the pages listing them.",
        )

    def handle(self, *args, outdir: Path, changed_since: str | None, **options):
        try:
            result = export_site(
                outdir,
                changed_since=changed_since,
                live_site_url=settings.QUESTIONBANK_SITE_URL,
                progress=self._progress_bar(),
            )
        except (ExportError, GitError) as error:
            raise CommandError(str(error)) from error
        scope = f", {len(result.changes)} changed card file(s) since {changed_since}" if changed_since else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Exported {len(result.pages)} pages ({result.card_pages} cards{scope}) to {outdir}; "
                f"open {outdir / 'index.html'}"
            )
        )

    def _progress_bar(self) -> Progress | None:
        """A bar on a terminal only: in CI logs and pipes it would be a wall of carriage returns."""
        if not self.stdout.isatty():
            return None

        def show(done: int, total: int) -> None:
            filled = BAR_WIDTH * done // total
            end = "\n" if done == total else ""
            self.stdout.write(f"\r[{'#' * filled}{'.' * (BAR_WIDTH - filled)}] {done}/{total} pages", ending=end)
            self.stdout.flush()

        return show
