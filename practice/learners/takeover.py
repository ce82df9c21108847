"""A visitor's practice becomes their account's when they sign up or log in."""

from __future__ import annotations

from django.db import transaction

from questions.models import Card

from .. import community
from ..models import CardStats, FittedParameters, PlanFollow, Quiz, Review, ReviewDay, Schedule
from .base import OWNER_KEY, TAKEN_OVER_KEY
from .followed_plan import Following
from .visitor import PLAN_KEY, SESSION_KEY, review_from_entry


def move_session_reviews_to(user, session) -> int:
    """Move an anonymous visitor's log into their account, once; returns how many were added.

    Tokens already in the account are skipped, so running this twice (or
    after a retried log-in) adds nothing the second time.
    """
    entries = session.get(SESSION_KEY, [])
    if not entries:
        return 0
    reviews = [review_from_entry(entry) for entry in entries]
    known_cards = set(Card.objects.filter(pk__in={r.card_id for r in reviews}).values_list("pk", flat=True))
    counted = {}  # what the session already added to each card's counters when it rated
    for review in reviews:
        counted.setdefault(review.card_id, []).append(review.rating)
    with transaction.atomic():
        Review.lock_person(user.pk)
        seen = set(
            Review.objects.filter(user=user, token__in=[r.token for r in reviews]).values_list("token", flat=True)
        )
        fresh = [r for r in reviews if r.token not in seen and r.card_id in known_cards]
        for review in fresh:
            review.user = user
        before = Review.ratings_by_card(user.pk, known_cards)
        Review.objects.bulk_create(fresh)
        ReviewDay.add(user.pk, (review.reviewed_at for review in fresh))
        parameters = FittedParameters.for_user(user.pk)
        for card_id in {review.card_id for review in fresh}:
            Schedule.rebuild(user.pk, card_id, parameters)
        after = Review.ratings_by_card(user.pk, known_cards)
        for card_id in known_cards:
            _merge_counts(card_id, before.get(card_id, []), after.get(card_id, []), counted[card_id])
    del session[SESSION_KEY]
    return len(fresh)


def _merge_counts(card_id: int, before: list[int], after: list[int], in_session: list[int]) -> None:
    """The session's contribution leaves a card's counters and the account's new one takes its place,
    so a visitor who signs up is still counted once."""
    delta = community.changes(community.contribution(before), community.contribution(after))
    for name, value in community.changes(community.contribution(in_session), community.NOTHING).items():
        delta[name] = delta.get(name, 0) + value
    CardStats.add(card_id, delta)


def take_over_anonymous_practice(sender, request, user, **kwargs) -> None:
    """On log-in or sign-up, the visitor's session practice and quizzes become the account's."""
    if request is None or not hasattr(request, "session"):
        return
    move_session_reviews_to(user, request.session)
    stored = request.session.pop(PLAN_KEY, {})
    if stored.get("current") and not PlanFollow.objects.filter(user=user).current().exists():
        Following.from_json(stored["current"]).start_for(user)
    owner = request.session.pop(OWNER_KEY, "")
    if owner:
        Quiz.objects.filter(user__isnull=True, anonymous_owner=owner).update(user=user, anonymous_owner="")
        # Remembered so that ratings the visitor queued offline are sent as the account's too.
        request.session[TAKEN_OVER_KEY] = [*request.session.get(TAKEN_OVER_KEY, []), owner][-10:]
