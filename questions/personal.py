"""Filters by a person's own practice ("is:due", "rated:shaky"), and the words they go by.

This app knows nothing about people. The app that does registers here what
each filter is called and how to apply it, and the search box, its
validation and its help page take their words from here, so that a status
or a rating added there is understood everywhere without a second list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.http import HttpRequest

from .models import Card

StatusFilter = Callable[[HttpRequest, QuerySet[Card]], QuerySet[Card]]
# (request, cards or None for every active card, what names those cards while the bank is unchanged)
StatusCounts = Callable[[HttpRequest, QuerySet[Card] | None, str], dict[str, int]]
RatedFilter = Callable[[HttpRequest, QuerySet[Card], str], QuerySet[Card]]


@dataclass
class Registry:
    # status name -> (label, filter), in the order the browse page lists them
    statuses: dict[str, tuple[str, StatusFilter]] = field(default_factory=dict)
    shown_for: Callable[[HttpRequest], bool] = lambda request: False
    counts: StatusCounts | None = None
    rated: RatedFilter | None = None
    rating_names: tuple[str, ...] = ()  # "rated:" values, as the filter takes them
    rating_words: dict[str, str] = field(default_factory=dict)  # the buttons' words -> a rating name
    rating_aliases: dict[str, str] = field(default_factory=dict)  # other accepted words -> a rating name

    def rating_for(self, word: str) -> str | None:
        """The rating name a "rated:" value stands for; None when it is not one."""
        word = word.lower()
        if word in self.rating_names:
            return word
        return self.rating_words.get(word) or self.rating_aliases.get(word)


REGISTRY = Registry()
STATUS_FILTERS = REGISTRY.statuses


def register_status_filters(
    filters: dict[str, tuple[str, StatusFilter]],
    shown_for: Callable[[HttpRequest], bool],
    counts: StatusCounts,
) -> None:
    """``counts`` tells how many of some cards each filter would keep, in one go.

    It is also told what names the cards (the filters that chose them), so that
    it may keep the counts until the bank or the person's practice changes.
    """
    REGISTRY.statuses.clear()
    REGISTRY.statuses.update(filters)
    REGISTRY.shown_for, REGISTRY.counts = shown_for, counts


def register_ratings(
    rated: RatedFilter, names: tuple[str, ...], words: dict[str, str], aliases: dict[str, str]
) -> None:
    """``rated`` applies "rated:<name>"; ``words`` and ``aliases`` are other ways to say each name."""
    REGISTRY.rated, REGISTRY.rating_names = rated, names
    REGISTRY.rating_words, REGISTRY.rating_aliases = dict(words), dict(aliases)
