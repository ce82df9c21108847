"""Model rows as the API's schemas: one place that decides what each field means."""

from __future__ import annotations

from datetime import date, datetime

from practice import scheduler, statuses
from practice.models import Review, Schedule
from questions.models import Card

from . import schemas


def card_summary(card: Card) -> schemas.CardSummary:
    return schemas.CardSummary(
        id=card.slug,
        title=card.title,
        topic=card.topic_id,
        topic_name=card.topic.name,
        difficulty=card.difficulty,
        tags=list(card.tag_slugs),
        url=card.get_absolute_url(),
        snippet=str(getattr(card, "snippet", "")),
    )


def card_detail(card: Card, rating_token: str | None = None) -> schemas.Card:
    """``card.links`` holds the ids of the cards it links to; only the active ones are listed."""
    active = set(Card.objects.active().filter(slug__in=card.links).values_list("slug", flat=True))
    return schemas.Card(
        **card_summary(card).model_dump(),
        prompt_html=card.prompt_html,
        answer_html=card.answer_html,
        links=[slug for slug in card.links if slug in active],
        updated_at=card.updated_at,
        rating_token=rating_token,
    )


def review(row: Review, slug: str) -> schemas.ReviewOut:
    return schemas.ReviewOut(
        card=slug,
        rating=row.rating,
        rating_name=scheduler.RATING_NAMES[row.rating],
        reviewed_at=row.reviewed_at,
        seconds=row.seconds,
        mode=row.mode,
    )


def schedule(slug: str, row: Schedule | None, now: datetime, interview: date | None) -> schemas.ScheduleOut:
    """A card's schedule; a card never rated is new, with no dates.

    ``due`` is when the card is due for this person: aimed at their interview
    date while they have one ahead (see ``practice.statuses``), as everywhere on the site.
    """
    state = row.fsrs_card if row else None
    return schemas.ScheduleOut(
        card=slug,
        status=statuses.status(state, now, interview),
        due=getattr(row, statuses.due_field(interview, now)) if row else None,
        last_review=row.last_review if row else None,
        stability=row.stability if row else None,
        difficulty=row.difficulty if row else None,
        retrievability=round(scheduler.retrievability(state, now), 4) if row else None,
        review_count=row.review_count if row else 0,
    )
