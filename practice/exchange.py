"""Export and import of a person's whole history, as one JSON document.

Import is all or nothing: the document is checked completely first
(``history_file``) and every problem reported; only a clean document writes
anything. Reviews already in
the log (same token) are skipped, so importing a file twice changes nothing,
and schedules are rebuilt from the merged log.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from questions.models import Card
from questions.titles import plain_title

from . import community
from .history_file import FORMAT, VERSION, ImportPlan
from .models import Bookmark, CardStats, FittedParameters, Note, Profile, Review, ReviewDay, Schedule


def export_history(user) -> dict:
    reviews = Review.objects.filter(user=user).select_related("card").order_by("reviewed_at", "pk")
    profile = Profile.objects.filter(user=user).first()
    return {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": timezone.now().isoformat(),
        "interview_date": profile.interview_date.isoformat() if profile and profile.interview_date else None,
        "reviews": [
            {
                "card": review.card.slug,
                "rating": review.rating,
                "reviewed_at": review.reviewed_at.isoformat(),
                "seconds": review.seconds,
                "mode": review.mode,
                "token": review.token,
                "content_hash": review.content_hash,
                "answer_text": review.answer_text,
            }
            for review in reviews
        ],
        "bookmarks": [
            {"card": b.card.slug, "created_at": b.created_at.isoformat()}
            for b in Bookmark.objects.filter(user=user).select_related("card").order_by("created_at")
        ],
        "notes": [
            {"card": n.card.slug, "text": n.text, "updated_at": n.updated_at.isoformat()}
            for n in Note.objects.filter(user=user).select_related("card").order_by("card__slug")
        ],
    }


def export_csv(user) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["card", "title", "rating", "label", "reviewed_at", "seconds", "mode"])
    for review in Review.objects.filter(user=user).select_related("card").order_by("reviewed_at", "pk"):
        writer.writerow(
            [
                review.card.slug,
                plain_title(review.card.title),
                review.rating,
                review.label,
                review.reviewed_at.isoformat(),
                review.seconds,
                review.mode,
            ]
        )
    return out.getvalue()


@dataclass
class ImportResult:
    added: int
    skipped: int
    bookmarks: int
    notes: int


@transaction.atomic
def apply_import(user, plan: ImportPlan) -> ImportResult:
    """Write a checked plan: new reviews, then schedules rebuilt from the merged log."""
    assert not plan.errors
    Review.lock_person(user.pk)
    known = set(Review.objects.filter(user=user).values_list("token", flat=True))
    fresh, seen = [], set()
    for review in plan.reviews:
        if review.token in known or review.token in seen:
            continue
        seen.add(review.token)
        review.user = user
        fresh.append(review)
    cards = {review.card_id for review in fresh}
    before = Review.ratings_by_card(user.pk, cards)
    Review.objects.bulk_create(fresh, batch_size=1000)
    ReviewDay.add(user.pk, (review.reviewed_at for review in fresh))
    after = Review.ratings_by_card(user.pk, cards)
    parameters = FittedParameters.for_user(user.pk)
    for card_id in cards:
        Schedule.rebuild(user.pk, card_id, parameters)
        CardStats.shift(
            card_id, community.contribution(before.get(card_id, [])), community.contribution(after[card_id])
        )
    bookmarks = 0
    for card_id, when in plan.bookmarks:
        bookmarks += Bookmark.objects.get_or_create(user=user, card_id=card_id, defaults={"created_at": when})[1]
    notes = 0
    for card_id, text, when in plan.notes:
        current = Note.objects.filter(user=user, card_id=card_id).first()
        if current is None or current.updated_at < when:
            Note.save_text(user, Card.objects.get(pk=card_id), text)
            Note.objects.filter(user=user, card_id=card_id).update(updated_at=when)
            notes += 1
    if plan.has_interview_date:
        Profile.set_interview_date(user, plan.interview_date)
    return ImportResult(added=len(fresh), skipped=len(plan.reviews) - len(fresh), bookmarks=bookmarks, notes=notes)
