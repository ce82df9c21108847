from django.core.management.base import BaseCommand

from practice.optimizing import optimize


class Command(BaseCommand):
    help = (
        "Fit FSRS parameters to the review log, site-wide and for each person with enough reviews; "
        "adopt a fit only when it beats the parameters in use on held-out reviews. Safe to run nightly."
    )

    def handle(self, *args, **options):
        outcome = optimize(say=lambda line: self.stdout.write(line))
        adopted = ["site-wide"] if outcome.site_adopted else []
        adopted += [f"{len(outcome.adopted_for)} personal"] if outcome.adopted_for else []
        self.stdout.write(self.style.SUCCESS(f"Adopted: {', '.join(adopted) or 'nothing new'}."))
