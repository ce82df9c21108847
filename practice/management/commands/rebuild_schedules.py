from itertools import groupby

from django.core.management.base import BaseCommand
from django.db import transaction

from practice import scheduler
from practice.models import Review, Schedule

BATCH = 1000


class Command(BaseCommand):
    help = "Rebuild every person's card schedules by replaying their review logs."

    def handle(self, *args, **options):
        log = (
            Review.objects.order_by("user_id", "card_id", "reviewed_at", "pk")
            .values_list("user_id", "card_id", "rating", "reviewed_at")
            .iterator(chunk_size=5000)
        )
        count = 0
        with transaction.atomic():
            Schedule.objects.all().delete()
            batch: list[Schedule] = []
            for (user_id, card_id), rows in groupby(log, key=lambda row: (row[0], row[1])):
                ratings = [(rating, when) for _, _, rating, when in rows]
                schedule = Schedule(user_id=user_id, card_id=card_id, review_count=len(ratings))
                schedule.set_fsrs_card(scheduler.replay(ratings))
                batch.append(schedule)
                if len(batch) >= BATCH:
                    count += len(Schedule.objects.bulk_create(batch))
                    batch = []
            count += len(Schedule.objects.bulk_create(batch))
        self.stdout.write(self.style.SUCCESS(f"Rebuilt {count} schedule(s) from the review log."))
