from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from questions.cards import PROBLEM_FORMATS
from questions.examples import RUN_TIMEOUT, check_examples
from questions.loader import display_path, load_bank


class Command(BaseCommand):
    help = "Run every runnable example and compare its stdout with the output block that follows it."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="*", type=Path, help="Files or folders to check (default: the whole bank).")
        parser.add_argument("--format", choices=PROBLEM_FORMATS, default="text")
        parser.add_argument("--timeout", type=float, default=RUN_TIMEOUT, help="Seconds one example may take.")

    def handle(self, *args, paths: list[Path], format: str, timeout: float, **options):
        content_dir = Path(settings.QUESTIONBANK_CONTENT_DIR)
        bank = load_bank(content_dir, only=paths or None)
        if bank.problems:
            for problem in bank.problems:
                self.stderr.write(problem.formatted(format, "Card problem"))
            raise CommandError("the cards do not validate; fix that first (validate_questions).", returncode=1)
        wanted = [display_path(content_dir, _relative(path, content_dir)) for path in paths]
        examples = [
            (shown, example)
            for item in bank.files
            if _selected(shown := display_path(content_dir, item.card.path), wanted)
            for example in item.card.examples
        ]
        out = self.stdout if format == "github" else self.stderr
        failures = checked = 0
        for _path, _example, problem in check_examples(examples, timeout=timeout):
            checked += 1
            if problem is not None:
                failures += 1
                out.write(problem.formatted(format, "Example failed"))
        if failures:
            raise CommandError(f"{failures} of {checked} example(s) failed.", returncode=1)
        stated = sum(1 for _path, example in examples if example.expected is not None)
        self.stdout.write(self.style.SUCCESS(f"{checked} examples ran, {stated} with their output checked."))


def _relative(path: Path, content_dir: Path) -> str:
    return path.absolute().relative_to(content_dir.absolute()).as_posix().rstrip("/.")


def _selected(shown: str, wanted: list[str]) -> bool:
    return not wanted or any(shown == prefix or shown.startswith(prefix.rstrip("/") + "/") for prefix in wanted)
