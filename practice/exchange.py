"""Export and import of a person's whole history, as one JSON document.

Import is all or nothing: the document is checked completely first and every
problem reported; only a clean document writes anything. Reviews already in
the log (same token) are skipped, so importing a file twice changes nothing,
and schedules are rebuilt from the merged log.
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from questions.models import Card, CardAlias
from questions.titles import plain_title

from . import scheduler
from .models import MAX_NOTE_LENGTH, MODE_CHOICES, Bookmark, Note, Profile, Review, Schedule

FORMAT = "questionbank-history"
VERSION = 1
MAX_IMPORT_BYTES = 20 * 1024 * 1024
MAX_ERRORS_SHOWN = 20
_MODES = {value for value, _ in MODE_CHOICES}


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
class ImportPlan:
    reviews: list[Review] = field(default_factory=list)
    bookmarks: list[tuple[int, datetime]] = field(default_factory=list)
    notes: list[tuple[int, str, datetime]] = field(default_factory=list)
    interview_date: date | None = None
    has_interview_date: bool = False
    errors: list[str] = field(default_factory=list)


def check_document(document: object, now: datetime | None = None) -> ImportPlan:
    """Turn a parsed JSON document into what to write, or into a list of errors."""
    now = now or timezone.now()
    plan = ImportPlan()
    if not isinstance(document, dict):
        plan.errors.append("The file is not a Question Bank history: expected a JSON object.")
        return plan
    if document.get("format") != FORMAT:
        plan.errors.append(f'The file is not a Question Bank history ("format" should be "{FORMAT}").')
        return plan
    if document.get("version") != VERSION:
        plan.errors.append(f"Unsupported version {document.get('version')!r}; this site reads version {VERSION}.")
        return plan
    for key in ("reviews", "bookmarks", "notes"):
        if not isinstance(document.get(key, []), list):
            plan.errors.append(f'"{key}" must be a list.')
    if plan.errors:
        return plan

    slugs = {
        entry.get("card")
        for key in ("reviews", "bookmarks", "notes")
        for entry in document.get(key, [])
        if isinstance(entry, dict)
    }
    cards = _resolve_cards({slug for slug in slugs if isinstance(slug, str)})

    def card_of(entry: dict, where: str) -> int | None:
        card_id = cards.get(entry.get("card")) if isinstance(entry.get("card"), str) else None
        if card_id is None:
            plan.errors.append(f"{where}: unknown card {entry.get('card')!r}.")
        return card_id

    def moment(value: object, where: str) -> datetime | None:
        parsed = parse_datetime(value) if isinstance(value, str) else None
        if parsed is None or parsed.tzinfo is None:
            plan.errors.append(f"{where}: {value!r} is not a date and time with a time zone.")
            return None
        if parsed > now + timedelta(minutes=5):
            plan.errors.append(f"{where}: {value} is in the future.")
            return None
        return parsed

    for number, entry in enumerate(document.get("reviews", []), start=1):
        where = f"Review {number}"
        if not isinstance(entry, dict):
            plan.errors.append(f"{where}: expected an object.")
            continue
        card_id = card_of(entry, where)
        when = moment(entry.get("reviewed_at"), where)
        rating = entry.get("rating")
        if rating not in scheduler.RATING_LABELS or isinstance(rating, bool):
            plan.errors.append(f"{where}: rating must be 1, 2, 3 or 4, not {rating!r}.")
        seconds = entry.get("seconds", 0)
        if not isinstance(seconds, int) or isinstance(seconds, bool) or not 0 <= seconds <= 86400:
            plan.errors.append(f"{where}: seconds must be a whole number from 0 to 86400.")
        mode = entry.get("mode", "browse")
        if mode not in _MODES:
            plan.errors.append(f"{where}: unknown mode {mode!r}.")
        token = entry.get("token") or _derived_token(entry)
        if not isinstance(token, str) or len(token) > 100:
            plan.errors.append(f"{where}: token must be text of at most 100 characters.")
        answer_text = entry.get("answer_text", "")
        if not isinstance(answer_text, str) or len(answer_text) > MAX_NOTE_LENGTH:
            plan.errors.append(f"{where}: answer_text must be text of at most {MAX_NOTE_LENGTH} characters.")
        if card_id and when and not plan.errors:
            plan.reviews.append(
                Review(
                    card_id=card_id,
                    rating=rating,
                    reviewed_at=when,
                    seconds=seconds,
                    mode=mode,
                    token=token,
                    content_hash=str(entry.get("content_hash", ""))[:64],
                    answer_text=answer_text,
                )
            )
    for number, entry in enumerate(document.get("bookmarks", []), start=1):
        where = f"Bookmark {number}"
        if not isinstance(entry, dict):
            plan.errors.append(f"{where}: expected an object.")
            continue
        card_id, when = card_of(entry, where), moment(entry.get("created_at"), where)
        if card_id and when:
            plan.bookmarks.append((card_id, when))
    for number, entry in enumerate(document.get("notes", []), start=1):
        where = f"Note {number}"
        if not isinstance(entry, dict):
            plan.errors.append(f"{where}: expected an object.")
            continue
        card_id, when = card_of(entry, where), moment(entry.get("updated_at"), where)
        text = entry.get("text")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_NOTE_LENGTH:
            plan.errors.append(f"{where}: text must be non-empty text of at most {MAX_NOTE_LENGTH} characters.")
        elif card_id and when:
            plan.notes.append((card_id, text, when))
    if "interview_date" in document:
        plan.has_interview_date = True
        value = document["interview_date"]
        try:
            plan.interview_date = date.fromisoformat(value) if value else None
        except (TypeError, ValueError):
            plan.errors.append(f"interview_date: {value!r} is not a date like 2026-12-01.")
    return plan


def _resolve_cards(slugs: set[str]) -> dict[str, int]:
    found = dict(Card.objects.filter(slug__in=slugs).values_list("slug", "pk"))
    found |= dict(CardAlias.objects.filter(slug__in=slugs - set(found)).values_list("slug", "card_id"))
    return found


def _derived_token(entry: dict) -> str:
    """A stable token for reviews from elsewhere (e.g. hand-made files), so a re-import skips them."""
    key = f"{entry.get('card')}|{entry.get('reviewed_at')}|{entry.get('rating')}"
    return "import-" + hashlib.sha256(key.encode()).hexdigest()[:40]


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
    known = set(Review.objects.filter(user=user).values_list("token", flat=True))
    fresh, seen = [], set()
    for review in plan.reviews:
        if review.token in known or review.token in seen:
            continue
        seen.add(review.token)
        review.user = user
        fresh.append(review)
    Review.objects.bulk_create(fresh, batch_size=1000)
    for card_id in {review.card_id for review in fresh}:
        Schedule.rebuild(user.pk, card_id)
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
        Profile.objects.update_or_create(user=user, defaults={"interview_date": plan.interview_date})
    return ImportResult(added=len(fresh), skipped=len(plan.reviews) - len(fresh), bookmarks=bookmarks, notes=notes)
