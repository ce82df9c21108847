from django.core.management.base import BaseCommand

from practice.rebuilding import rebuild_schedules


class Command(BaseCommand):
    help = "Rebuild every person's card schedules, and the state each review found its card in, from the review logs."

    def handle(self, *args, **options):
        count = rebuild_schedules()
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} schedule(s) from the review log."))
