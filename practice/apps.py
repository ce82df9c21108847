from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from questions import browsing

        from . import scheduler
        from .learner import Learner, take_over_anonymous_practice
        from .models import CardStats

        user_logged_in.connect(take_over_anonymous_practice, dispatch_uid="practice.take_over_anonymous")

        labels = {**scheduler.STATUS_LABELS, "bookmarked": "Bookmarked"}
        browsing.register_status_filters(
            {
                status: (label, lambda request, cards, status=status: Learner(request).filter_cards(cards, status))
                for status, label in labels.items()
            },
            shown_for=lambda request: Learner(request).has_practised,
            counts=lambda request, cards: Learner(request).status_counts(cards),
            rated=lambda request, cards, rating: Learner(request).filter_rated(cards, rating),
        )
        browsing.register_sort("hardest", "Hardest for people", CardStats.order_hardest)
