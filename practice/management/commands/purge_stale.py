from datetime import timedelta

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils import timezone

from practice.models import Quiz


class Command(BaseCommand):
    help = (
        "Delete expired sessions and the anonymous quizzes nobody can reach any more "
        "(older than a session lives). Safe to run at any time; meant for a daily cron."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="Age after which an anonymous quiz is deleted (default: the session cookie's age).",
        )

    def handle(self, *args, days: int | None, **options):
        call_command("clearsessions")
        age = timedelta(days=days) if days is not None else timedelta(seconds=settings.SESSION_COOKIE_AGE)
        stale = Quiz.objects.filter(user__isnull=True, created_at__lt=timezone.now() - age)
        quizzes = stale.count()
        stale.delete()
        self.stdout.write(f"Expired sessions cleared; {quizzes} abandoned anonymous quiz(zes) deleted.")
