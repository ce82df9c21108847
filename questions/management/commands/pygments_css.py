from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from questions.rendering import pygments_css

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "static" / "css" / "pygments.css"


class Command(BaseCommand):
    help = "Write the light and dark code highlighting stylesheet generated from Pygments."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)

    def handle(self, *args, output: Path, **options):
        output.write_text(pygments_css(), encoding="utf-8")
        self.stdout.write(f"Wrote {output}")
