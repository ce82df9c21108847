"""Your saved quizzes: every card with its token, and ratings sent one by one, in any order, any number of times.

This is what the offline quiz sends its queued ratings to. A visitor without
an account reaches the quizzes of their own session; anyone else's quiz is a
404, as on the site.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Router, Status
from ninja.errors import HttpError

from practice.learners import learner_for
from practice.models import Quiz
from practice.tokens import MAX_SECONDS_ON_CARD
from questions.browsing import card_to_show

from . import schemas, serialize
from .auth import QUIZ_OWNER
from .me import check_rating_limit

router = Router(tags=["Your quizzes"], auth=QUIZ_OWNER)


def _get_quiz_for_learner(request: HttpRequest, public_id: UUID) -> Quiz:
    quiz = learner_for(request).quiz(public_id)
    if quiz is None:
        raise Http404("There is no quiz of yours with that id.")
    return quiz


@router.get("/{uuid:public_id}", response=schemas.QuizOut, summary="A quiz with all its cards")
def quiz_detail(request: HttpRequest, public_id: UUID) -> dict:
    """Every card of the quiz, answers included, so that a client can go on without a connection."""
    quiz = _get_quiz_for_learner(request, public_id)
    items = list(quiz.items.filter(card__archived_at__isnull=True).select_related("card__topic"))
    return {
        "id": str(quiz.public_id),
        "mode": quiz.mode,
        "order": quiz.order,
        "created_at": quiz.created_at,
        "finished_at": quiz.finished_at,
        "rated": quiz.rated_count,
        "total": quiz.item_count,
        "items": [
            {
                "position": item.position,
                "token": item.token,
                "rating": item.rating,
                "revealed": item.revealed_at is not None,
                "card": serialize.card_detail(item.card),
            }
            for item in items
        ],
    }


def _when(quiz: Quiz, rated_at: datetime | None) -> datetime:
    """When a rating was made: as sent, but not before the quiz began nor after now."""
    now = timezone.now()
    if rated_at is None:
        return now
    if rated_at.tzinfo is None:
        raise HttpError(400, "rated_at needs a time zone, e.g. 2026-01-31T09:30:00Z.")
    return min(max(rated_at, quiz.created_at), now)


@router.post(
    "/{uuid:public_id}/ratings",
    response={200: schemas.QuizRatedOut, 201: schemas.QuizRatedOut},
    summary="Rate a card of a quiz",
)
def rate(request: HttpRequest, public_id: UUID, rating: schemas.QuizRatingIn) -> Status:
    """201 when recorded; 200 when that card of the quiz was already rated (nothing new is recorded)."""
    quiz = _get_quiz_for_learner(request, public_id)
    item = quiz.items.filter(token=rating.token).first()
    if item is None:
        raise HttpError(404, "No card of this quiz has that token.")
    created = item.rating is None
    if created:
        check_rating_limit(request)
        item.card = card_to_show(item.card_id)
        if rating.seconds is not None:
            seconds = min(rating.seconds, MAX_SECONDS_ON_CARD)
        elif item.shown_at:
            seconds = max(0, min(int((timezone.now() - item.shown_at).total_seconds()), MAX_SECONDS_ON_CARD))
        else:
            seconds = 0
        answer = rating.answer_text if quiz.mode == "mock" else ""
        _, created = learner_for(request).record(
            item.card,
            rating=rating.rating,
            token=item.token,
            seconds=seconds,
            mode=quiz.mode,
            answer_text=answer or item.answer_text,
            when=_when(quiz, rating.rated_at),
        )
        quiz.rate(item, rating.rating, seconds)
    done, total = quiz.progress()
    body = {"created": created, "rated": done, "total": total, "finished": bool(quiz.finished_at)}
    return Status(201 if created else 200, body)
