from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from questions.cards import PROBLEM_FORMATS
from questions.loader import load_bank


class Command(BaseCommand):
    help = "Check card files and print every problem as path:line: message."

    def add_arguments(self, parser):
        parser.add_argument(
            "paths", nargs="*", type=Path, help="Files or folders to report on (default: the whole bank)."
        )
        parser.add_argument(
            "--format",
            choices=PROBLEM_FORMATS,
            default="text",
            help="text: path:line: message; github: workflow commands that annotate the lines of a pull request.",
        )

    def handle(self, *args, paths: list[Path], format: str, **options):
        content_dir = settings.QUESTIONBANK_CONTENT_DIR
        bank = load_bank(content_dir, only=paths or None)
        out = self.stdout if format == "github" else self.stderr
        for problem in bank.problems:
            out.write(problem.formatted(format, "Card problem"))
        if bank.problems:
            raise CommandError(f"{len(bank.problems)} problem(s) found.", returncode=1)
        self.stdout.write(self.style.SUCCESS(f"{len(bank.files)} cards and {len(bank.plans)} plans OK."))
