"""How many of the bank's cards each topic, difficulty and tag has: the browse page's counts with no filter.

The same for everyone until cards change, so the sync works them out and
keeps them on the bank's version row; a cold browse page read them with
three grouped counts over the whole bank, one of them through the tag table.
"""

from __future__ import annotations

from django.db.models import Count

from .models import BankVersion, Card
from .pagecache import held_for_bank


def bank_facet_counts(card_model: type[Card] = Card) -> dict:
    """Active cards per topic and per difficulty, and per tag most first (then by slug), from scratch."""
    active = card_model.objects.filter(archived_at__isnull=True)
    topics = active.values_list("topic_id").annotate(n=Count("id")).order_by()
    difficulties = active.values_list("difficulty").annotate(n=Count("id")).order_by("difficulty")
    tags = (
        card_model.tags.through.objects.filter(card__archived_at__isnull=True)
        .values_list("tag_id")
        .annotate(n=Count("card_id"))
        .order_by("-n", "tag_id")
    )
    return {
        "topics": sorted([path, n] for path, n in topics),  # by Python's order, as the filtered counts are
        "difficulties": dict(difficulties),
        "tags": [[slug, n] for slug, n in tags],
    }


def refresh_facet_counts(card_model: type[Card] = Card, version_model: type[BankVersion] = BankVersion) -> None:
    """Store the bank's facet counts on its version row; call after ``bank_changed`` when cards changed.

    The models can be a migration's historical ones.
    """
    version_model.objects.filter(pk=1).update(facet_counts=bank_facet_counts(card_model))


def stored_facet_counts() -> dict | None:
    """The counts the last sync stored, held by each process; None before any sync has stored them."""
    return held_for_bank(
        "facet-counts", lambda: BankVersion.objects.filter(pk=1).values_list("facet_counts", flat=True).first() or None
    )
