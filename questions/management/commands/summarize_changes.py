from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from questions.changes import GitError, changed_cards, name_changes, summary_markdown


class Command(BaseCommand):
    help = (
        "Print, as Markdown, the cards added, changed and removed since a git ref, with their titles "
        "(a pull request's job summary: append it to $GITHUB_STEP_SUMMARY)."
    )

    def add_arguments(self, parser):
        parser.add_argument("ref", help="The git ref to compare with, e.g. the pull request's base commit.")

    def handle(self, *args, ref: str, **options):
        content_dir = settings.QUESTIONBANK_CONTENT_DIR
        try:
            named = name_changes(content_dir, ref, changed_cards(content_dir, ref))
        except GitError as error:
            raise CommandError(f"cannot compare with {ref!r}: {error}") from error
        self.stdout.write(summary_markdown(named, content_dir.name))
