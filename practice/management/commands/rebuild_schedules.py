from itertools import groupby

from django.core.management.base import BaseCommand
from django.db import transaction

from practice import scheduler
from practice.models import Review, ReviewState, Schedule

BATCH = 1000


class Command(BaseCommand):
    help = "Rebuild every person's card schedules, and the state each review found its card in, from the review logs."

    def handle(self, *args, **options):
        log = (
            Review.objects.order_by("user_id", "card_id", "reviewed_at", "pk")
            .values_list("user_id", "card_id", "pk", "rating", "reviewed_at")
            .iterator(chunk_size=5000)
        )
        count = 0
        with transaction.atomic():
            Schedule.objects.all().delete()
            ReviewState.objects.all().delete()
            schedules: list[Schedule] = []
            states: list[ReviewState] = []
            for (user_id, card_id), rows in groupby(log, key=lambda row: (row[0], row[1])):
                reviews = [(pk, rating, when) for _, _, pk, rating, when in rows]
                states += ReviewState.for_log(user_id, card_id, reviews)
                schedule = Schedule(user_id=user_id, card_id=card_id, review_count=len(reviews))
                schedule.set_fsrs_card(scheduler.replay((rating, when) for _, rating, when in reviews))
                schedules.append(schedule)
                if len(schedules) >= BATCH:
                    count += _save(schedules, states)
            count += _save(schedules, states)
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} schedule(s) from the review log."))


def _save(schedules: list[Schedule], states: list[ReviewState]) -> int:
    count = len(Schedule.objects.bulk_create(schedules))
    ReviewState.objects.bulk_create(states, batch_size=5000)
    schedules.clear()
    states.clear()
    return count
