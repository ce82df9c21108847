from django.apps import AppConfig


class PracticeConfig(AppConfig):
    name = "practice"
    verbose_name = "Practice"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from questions import browsing

        from . import browse_adapters
        from .learners.takeover import take_over_anonymous_practice
        from .models import CardStats

        user_logged_in.connect(take_over_anonymous_practice, dispatch_uid="practice.take_over_anonymous")
        browse_adapters.register()
        browsing.register_sort("hardest", "Hardest for people", CardStats.order_hardest)
