"""Following a study plan: the edge that reads a person's log and the plan, and asks the planner for today."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from django.db.models import QuerySet

from questions.models import Plan
from questions.pagecache import kept_for_bank

from . import planner, statuses
from .learners import Following, Learner

# For the list of plans: a card is shown once and reviewed about this many times before a date weeks away.
REVIEWS_PER_CARD_ESTIMATE = 3


def active_plan(pk: int) -> Plan | None:
    """The active plan with this id, kept until a sync changes the bank (plans are written only by syncs)."""
    return kept_for_bank("active-plan", str(pk), lambda: Plan.objects.active().filter(pk=pk).first())


@dataclass
class TodayPlan:
    plan: Plan
    following: Following
    layout: planner.Layout
    day: planner.Day | None
    rated_today: set[int]
    note: str
    late: int
    minutes_needed: int | None
    # Names the fragments drawn from this day's layout: drawn again only when it is laid out again.
    drawn_as: str = field(default_factory=lambda: uuid.uuid4().hex, compare=False)

    @property
    def remaining(self) -> list[int]:
        return [card for card in (self.day.cards if self.day else ()) if card not in self.rated_today]

    @property
    def done(self) -> int:
        return len(self.day.cards) - len(self.remaining) if self.day else 0


def plan_cards(plan: Plan) -> list[planner.PlanCard]:
    return [planner.PlanCard(card, minutes) for card, minutes in plan.entries.values_list("card_id", "minutes")]


def plan_card_ids(plan: Plan) -> QuerySet:
    """The plan's cards as a subquery: Django checks a list of 200 ids one by one, three times a page."""
    return plan.entries.values_list("card_id", flat=True)


def estimated_hours(cards: list[planner.PlanCard]) -> float:
    seconds = sum(
        (card.minutes * 60 if card.minutes else planner.DEFAULT_SECONDS_PER_CARD)
        + REVIEWS_PER_CARD_ESTIMATE * planner.DEFAULT_SECONDS_PER_CARD
        for card in cards
    )
    return round(seconds / 3600, 1)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC)


def first_layout(learner: Learner, plan: Plan, interview: date, minutes: int, today: date) -> Following:
    """What following this plan from today means: the layout whose pace later days are compared with."""
    cards = plan_cards(plan)
    states, _ = learner.plan_states(plan_card_ids(plan), start_of(today))
    seconds = planner.seconds_per_card(learner.recent_seconds())
    layout = planner.lay_out(cards, interview, minutes, seconds, states, today)
    return Following(plan.pk, interview, minutes, today, planner.baseline(layout))


def today_for(learner: Learner, following: Following, plan: Plan, now: datetime) -> TodayPlan:
    """Today's layout from the log as it stood when the day began, so the session holds still while it is done."""
    today = now.date()
    cards = plan_cards(plan)
    card_ids = plan_card_ids(plan)
    states, rated_today = learner.plan_states(card_ids, start_of(today))
    seconds = planner.seconds_per_card(learner.recent_seconds())
    layout = planner.lay_out(cards, following.interview_date, following.minutes_per_day, seconds, states, today)
    day = layout.today
    late = planner.late_cards(layout) if not layout.error else 0
    elapsed = (today - following.started_on).days
    introduced = len(states) - learner.cards_seen_before(card_ids, start_of(following.started_on))
    note = planner.pace_note(following.baseline, elapsed, introduced, len(day.new)) if day else ""
    return TodayPlan(
        plan=plan,
        following=following,
        layout=layout,
        day=day,
        rated_today=rated_today,
        note=note,
        late=late,
        minutes_needed=planner.minutes_to_fit(cards, following.interview_date, seconds, states, today)
        if late
        else None,
    )


def section_progress(learner: Learner, plan: Plan, now: datetime) -> list[tuple[int, int, int]]:
    """Per section: (cards, seen at least once, mastered)."""
    entries = list(plan.entries.values_list("section", "card_id"))
    states = learner.states([card for _, card in entries])
    rows = [[0, 0, 0] for _ in plan.sections]
    for section, card in entries:
        rows[section][0] += 1
        if card in states:
            rows[section][1] += 1
            rows[section][2] += statuses.mastery(states[card]) == statuses.MASTERED
    return [tuple(row) for row in rows]


def burn_up_lines(learner: Learner, following: Following, plan: Plan, today: date) -> dict:
    """The three lines of the dashboard's burn-up, from the day the plan was picked to the interview."""
    cards = plan_cards(plan)
    log = learner.plan_log([card.card_id for card in cards])
    end = min(today, following.interview_date)
    introduced, mastered = planner.burn_up(log, {card.card_id for card in cards}, following.started_on, end)
    already = planner.cards_seen_before(log, start_of(following.started_on))
    planned = [already + count for count in following.baseline]
    days = [following.started_on + timedelta(days=n) for n in range(max(len(planned), len(introduced)))]
    return {"days": days, "total": len(cards), "planned": planned, "introduced": introduced, "mastered": mastered}
