from itertools import groupby

from django.core.management.base import BaseCommand
from django.db import transaction

from practice import community
from practice.models import CardStats, Review


class Command(BaseCommand):
    help = (
        "Recount every card's community difficulty (first ratings, later lapses) from the review log. "
        "Practice by visitors who never signed up is not in the log and is not counted by a rebuild."
    )

    def handle(self, *args, **options):
        rows = (
            Review.objects.order_by("card_id", "user_id", "reviewed_at", "pk")
            .values_list("card_id", "user_id", "rating")
            .iterator(chunk_size=5000)
        )
        stats = []
        for card_id, by_card in groupby(rows, key=lambda row: row[0]):
            people = groupby(by_card, key=lambda row: row[1])
            counts = community.totals(community.contribution([r for _, _, r in log]) for _, log in people)
            people_count = sum(value for name, value in counts.items() if name.startswith("first_"))
            stats.append(CardStats(card_id=card_id, people=people_count, **counts))
        with transaction.atomic():
            CardStats.objects.all().delete()
            CardStats.objects.bulk_create(stats, batch_size=1000)
        self.stdout.write(self.style.SUCCESS(f"Recounted {len(stats)} card(s) from the review log."))
