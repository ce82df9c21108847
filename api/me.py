"""The caller's own practice: due cards, schedules, history, and rating a card."""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.core.paginator import Paginator
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from accounts.limits import allow, client_key
from practice.learners import learner_for
from practice.models import Review, Schedule
from practice.tokens import InvalidToken, seconds_on_card

from . import schemas, serialize
from .auth import PERSONAL
from .cards import get_card

router = Router(tags=["Your practice"], auth=PERSONAL)


def check_rating_limit(request: HttpRequest) -> None:
    """The site's limit on ratings, shared with its forms: one allowance per person."""
    if not allow(f"rate:{client_key(request)}", settings.QUESTIONBANK_RATINGS_PER_MINUTE, 60):
        raise HttpError(429, "You are rating faster than anyone could; wait a minute and send the rest again.")


class DueQuery(Schema):
    limit: int = Field(50, ge=1, le=500)


@router.get("/due", response=list[schemas.ScheduleOut], summary="Cards due now, most overdue first")
def due(request: HttpRequest, query: Query[DueQuery]) -> list[schemas.ScheduleOut]:
    now, interview = timezone.now(), learner_for(request).interview_date
    schedules = Schedule.objects.filter(user=request.user, card__archived_at__isnull=True)
    rows = schedules.due(now, interview).by_due(now, interview).select_related("card")[: query.limit]
    return [serialize.schedule(row.card.slug, row, now, interview) for row in rows]


@router.get("/cards/{slug:slug}/schedule", response=schemas.ScheduleOut, summary="Your schedule for one card")
def card_schedule(request: HttpRequest, slug: str) -> schemas.ScheduleOut:
    card = get_card(slug)
    row = Schedule.objects.filter(user=request.user, card=card).first()
    return serialize.schedule(card.slug, row, timezone.now(), learner_for(request).interview_date)


class HistoryQuery(Schema):
    card: str = Field("", max_length=200, description="Only this card's reviews.")
    since: datetime | None = Field(None, description="Only reviews at or after this moment.")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(100, ge=1, le=1000)


@router.get("/reviews", response=schemas.ReviewPage, summary="Your review log, oldest first")
def reviews(request: HttpRequest, query: Query[HistoryQuery]) -> dict:
    rows = (
        Review.objects.filter(user=request.user)
        .select_related("card")
        .only("card__slug", "rating", "reviewed_at", "seconds", "mode")
    )
    if query.card:
        rows = rows.filter(card=get_card(query.card))
    if query.since:
        rows = rows.filter(reviewed_at__gte=query.since)
    paginator = Paginator(rows.order_by("reviewed_at", "pk"), query.page_size)
    if query.page > paginator.num_pages:
        return {"count": paginator.count, "page": query.page, "pages": paginator.num_pages, "results": []}
    page = paginator.page(query.page)
    return {
        "count": paginator.count,
        "page": page.number,
        "pages": paginator.num_pages,
        "results": [serialize.review(row, row.card.slug) for row in page.object_list],
    }


@router.post(
    "/cards/{slug:slug}/ratings",
    response={200: schemas.RecordedOut, 201: schemas.RecordedOut},
    summary="Rate a card",
)
def rate_card(request: HttpRequest, slug: str, rating: schemas.RatingIn) -> Status:
    """Record a rating with the card's one-time ``rating_token``: 201 when new, 200 when the token was used before."""
    card = get_card(slug)
    check_rating_limit(request)
    try:
        seconds = seconds_on_card(rating.token)
    except InvalidToken:
        raise HttpError(
            400, "That rating token has expired or was altered; fetch the card again for a new one."
        ) from None
    learner = learner_for(request)
    review, created = learner.record(card, rating=rating.rating, token=rating.token, seconds=seconds)
    if review.card_id != card.pk:
        raise HttpError(409, "That token was already used to rate another card.")
    row = Schedule.objects.get(user=request.user, card=card)
    body = {
        "created": created,
        "review": serialize.review(review, card.slug),
        "schedule": serialize.schedule(card.slug, row, timezone.now(), learner.interview_date),
    }
    return Status(201 if created else 200, body)
