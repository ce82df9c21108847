"""Schedules and review states rebuilt from the log, each person's with the parameters they use."""

from __future__ import annotations

from collections.abc import Iterable
from itertools import groupby

from django.db import transaction

from . import scheduler
from .learners import columns
from .models import FittedParameters, Profile, Review, ReviewDay, ReviewState, Schedule

BATCH = 1000


@transaction.atomic
def rebuild_schedules(user_ids: Iterable[int] | None = None) -> int:
    """Replay the log of these people (everyone when None); returns how many schedules were written.

    Their daily review counts are counted afresh too, as the other thing derived from the log.
    """
    log = Review.objects.order_by("user_id", "card_id", "reviewed_at", "pk")
    schedules_of, states_of = Schedule.objects.all(), ReviewState.objects.all()
    if user_ids is not None:
        user_ids = sorted(set(user_ids))
        log, schedules_of, states_of = (query.filter(user_id__in=user_ids) for query in (log, schedules_of, states_of))
    schedules_of.delete()
    states_of.delete()
    rows = log.values_list("user_id", "card_id", "pk", "rating", "reviewed_at").iterator(chunk_size=5000)
    count, parameters, interview = 0, {}, {}
    schedules: list[Schedule] = []
    states: list[ReviewState] = []
    for (user_id, card_id), group in groupby(rows, key=lambda row: (row[0], row[1])):
        if user_id not in parameters:
            parameters = {user_id: FittedParameters.for_user(user_id)}  # one person at a time, in order
            interview = {user_id: Profile.interview_of(user_id)}
        reviews = [(pk, rating, when) for _, _, pk, rating, when in group]
        states += ReviewState.for_log(user_id, card_id, reviews)
        schedule = Schedule(user_id=user_id, card_id=card_id, review_count=len(reviews))
        state = scheduler.replay(((rating, when) for _, rating, when in reviews), parameters[user_id])
        schedule.set_fsrs_card(state, interview=interview[user_id])
        schedules.append(schedule)
        if len(schedules) >= BATCH:
            count += _save(schedules, states)
    ReviewDay.recount(user_ids)
    rebuilt = list(Review.objects.values_list("user_id", flat=True).distinct()) if user_ids is None else user_ids
    transaction.on_commit(lambda: columns.forget(rebuilt))
    return count + _save(schedules, states)


def _save(schedules: list[Schedule], states: list[ReviewState]) -> int:
    count = len(Schedule.objects.bulk_create(schedules))
    ReviewState.objects.bulk_create(states, batch_size=5000)
    schedules.clear()
    states.clear()
    return count
