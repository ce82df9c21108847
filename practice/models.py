"""People's learning state: the review log, the schedules derived from it,
bookmarks and notes.

Everything points at cards by their primary key, which survives edits, moves
and renames of the card file, so nobody's history is lost to a content change.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import date, datetime

import fsrs
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, models, transaction
from django.db.models import F, Q
from django.db.models.functions import Greatest
from django.utils import timezone

from questions.models import Card, Plan
from questions.rendering import render_markdown

from . import community, scheduler, statuses

RATING_CHOICES = [(value, label) for value, label in scheduler.RATING_LABELS.items()]
MODE_CHOICES = [("browse", "Browsing"), ("quiz", "Quiz"), ("mock", "Mock interview")]
MAX_NOTE_LENGTH = 20_000
LOOK_UP = object()  # "the person's own parameters, whatever they are", for ``Schedule.rebuild``


class ReviewQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("Reviews are an append-only log; they are never updated.")

    def delete(self):
        raise TypeError("Reviews are an append-only log; they are never deleted.")


class Review(models.Model):
    """One self-assessment. Rows are only ever added."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    rating = models.PositiveSmallIntegerField(choices=RATING_CHOICES)
    reviewed_at = models.DateTimeField(default=timezone.now)
    seconds = models.PositiveIntegerField(default=0, help_text="Time spent on the card.")
    mode = models.CharField(max_length=10, choices=MODE_CHOICES, default="browse")
    token = models.CharField(max_length=100, help_text="The rating form's one-time token.")
    content_hash = models.CharField(max_length=64, blank=True, help_text="The card's text when it was rated.")
    answer_text = models.TextField(blank=True, help_text="What the person typed, in a mock interview.")

    objects = ReviewQuerySet.as_manager()

    class Meta:
        ordering = ["reviewed_at", "pk"]
        constraints = [models.UniqueConstraint(fields=["user", "token"], name="review_token_used_once")]
        indexes = [models.Index(fields=["user", "card", "reviewed_at"]), models.Index(fields=["user", "reviewed_at"])]

    def __str__(self) -> str:
        return f"{self.user} rated {self.card_id} {self.rating} at {self.reviewed_at:%Y-%m-%d %H:%M}"

    def save(self, *args, **kwargs):
        if not self._state.adding:
            raise TypeError("Reviews are an append-only log; they are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Reviews are an append-only log; they are never deleted.")

    @property
    def label(self) -> str:
        return scheduler.RATING_LABELS[self.rating]

    @property
    def name(self) -> str:
        return scheduler.RATING_NAMES[self.rating]

    @classmethod
    def record(
        cls,
        user,
        card: Card,
        *,
        rating: int,
        token: str,
        seconds: int = 0,
        mode: str = "browse",
        answer_text: str = "",
        when: datetime | None = None,
    ) -> tuple[Review, Schedule, bool]:
        """Log a rating and move the schedule on; a token seen before records nothing.

        Returns the review, the card's schedule and whether this call created it.
        """
        try:
            with transaction.atomic():
                cls.lock_person(user.pk)
                before = cls.ratings_of(user.pk, card.pk)
                review = cls.objects.create(
                    user=user,
                    card=card,
                    rating=rating,
                    token=token,
                    seconds=seconds,
                    mode=mode,
                    content_hash=card.content_hash,
                    answer_text=answer_text,
                    reviewed_at=when or timezone.now(),
                )
                schedule = Schedule.apply(review)
                ReviewDay.add(user.pk, [review.reviewed_at])
                after = [*before, rating] if when is None else cls.ratings_of(user.pk, card.pk)
                CardStats.shift(card.pk, community.contribution(before), community.contribution(after))
        except IntegrityError:
            review = cls.objects.get(user=user, token=token)
            return review, Schedule.objects.get(user=user, card=review.card), False
        return review, schedule, True

    @staticmethod
    def lock_person(user_id: int) -> None:
        """Hold one person's log until the transaction ends, so their writes go one at a time.

        Whatever reads a person's log and writes schedules from it (a rating, an
        import, a visitor's practice taken over at log-in) calls this first, so each
        sees what the last one wrote: a row lock on PostgreSQL; SQLite's write lock
        already does it.
        """
        get_user_model().objects.select_for_update().filter(pk=user_id).values_list("pk").first()

    @classmethod
    def ratings_of(cls, user_id: int, card_id: int) -> list[int]:
        """One person's ratings of one card, oldest first."""
        return list(cls.objects.filter(user=user_id, card=card_id).values_list("rating", flat=True))

    @classmethod
    def ratings_by_card(cls, user_id: int, card_ids: set[int]) -> dict[int, list[int]]:
        """``ratings_of`` for many cards in one query."""
        ratings: dict[int, list[int]] = {}
        rows = cls.objects.filter(user=user_id, card_id__in=card_ids).values_list("card_id", "rating")
        for card_id, rating in rows:
            ratings.setdefault(card_id, []).append(rating)
        return ratings


class ScheduleQuerySet(models.QuerySet):
    """Schedules by status, as ``statuses.status`` sorts a card in memory (the tests hold them to it)."""

    def due(self, now: datetime, interview: date | None = None) -> ScheduleQuerySet:
        return self.filter(**statuses.due_lookup(now, interview))

    def not_due(self, now: datetime, interview: date | None = None) -> ScheduleQuerySet:
        return self.exclude(**statuses.due_lookup(now, interview))

    def mastered(self, now: datetime, interview: date | None = None) -> ScheduleQuerySet:
        return self.not_due(now, interview).filter(**statuses.MASTERED_WHEN)

    def learning(self, now: datetime, interview: date | None = None) -> ScheduleQuerySet:
        return self.not_due(now, interview).exclude(**statuses.MASTERED_WHEN)

    def by_due(self, now: datetime, interview: date | None = None) -> ScheduleQuerySet:
        """The longest overdue first, by the date that makes them due."""
        return self.order_by(statuses.due_field(interview, now), "pk")

    def status_counts(self, now: datetime, interview: date | None = None) -> dict[str, int]:
        """How many are in each status but new, and how many in all, in one query."""
        due, mastered = Q(**statuses.due_lookup(now, interview)), Q(**statuses.MASTERED_WHEN)
        counts = self.aggregate(  # named apart from the columns, which the filters read
            n_all=models.Count("pk"),
            n_due=models.Count("pk", filter=due),
            n_mastered=models.Count("pk", filter=~due & mastered),
            n_learning=models.Count("pk", filter=~due & ~mastered),
        )
        return {name.removeprefix("n_"): count for name, count in counts.items()}

    def aim_at(self, interview: date | None) -> int:
        """Work out what depends on the interview date again for a new or cleared one; returns how many changed."""
        changed, fields = [], ["aimed_due", "interview_recall"]
        for schedule in self.only("pk", *Schedule.FSRS_FIELDS, *fields).iterator(chunk_size=2000):
            before = [getattr(schedule, name) for name in fields]
            schedule.aim(schedule.fsrs_card, interview)
            if [getattr(schedule, name) for name in fields] != before:
                changed.append(schedule)
        Schedule.objects.bulk_update(changed, fields, batch_size=1000)
        return len(changed)


class Schedule(models.Model):
    """The FSRS state of one card for one person, derived from their reviews."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="schedules")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    state = models.PositiveSmallIntegerField()
    step = models.PositiveSmallIntegerField(null=True, blank=True)
    stability = models.FloatField(null=True, blank=True)
    difficulty = models.FloatField(null=True, blank=True)
    due = models.DateTimeField(help_text="When FSRS alone would review the card next.")
    aimed_due = models.DateTimeField(help_text="When to review it for the person's interview date: see aimed_due.")
    interview_recall = models.FloatField(
        null=True, blank=True, help_text="Predicted recall at noon UTC on the person's interview date, if they set one."
    )
    last_review = models.DateTimeField()
    review_count = models.PositiveIntegerField(default=0)

    objects = ScheduleQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "card"], name="one_schedule_per_card")]
        indexes = [models.Index(fields=["user", "due"]), models.Index(fields=["user", "aimed_due"])]

    def __str__(self) -> str:
        return f"{self.user} / {self.card_id}: due {self.due:%Y-%m-%d %H:%M}"

    FSRS_FIELDS = ("state", "step", "stability", "difficulty", "due", "last_review")

    @staticmethod
    def card_from(state, step, stability, difficulty, due, last_review) -> fsrs.Card:
        """An FSRS card from stored fields, in the order of ``FSRS_FIELDS``."""
        return fsrs.Card(
            card_id=0,
            state=fsrs.State(state),
            step=step,
            stability=stability,
            difficulty=difficulty,
            due=scheduler.utc(due),
            last_review=scheduler.utc(last_review),
        )

    @property
    def fsrs_card(self) -> fsrs.Card:
        return self.card_from(*(getattr(self, name) for name in self.FSRS_FIELDS))

    def set_fsrs_card(self, card: fsrs.Card, *, interview: date | None) -> None:
        """Store the card's FSRS state, and when it is due for someone whose interview is on ``interview``."""
        self.state = int(card.state)
        self.step = card.step
        self.stability = card.stability
        self.difficulty = card.difficulty
        self.due = card.due
        self.last_review = card.last_review
        self.aim(card, interview)

    def aim(self, card: fsrs.Card, interview: date | None) -> None:
        """Set what depends on the interview date: the aimed due date and the recall the dashboard's readiness sums."""
        self.aimed_due = scheduler.aimed_due(card, interview)
        self.interview_recall = None if interview is None else scheduler.recall_on(card, interview)

    @classmethod
    def apply(cls, review: Review) -> Schedule:
        """Move the schedule on by one review: incrementally when it is the latest, else by replaying."""
        lookup = {"user": review.user_id, "card": review.card_id}
        schedule = cls.objects.select_for_update().filter(**lookup).first()
        if schedule is None:
            try:
                with transaction.atomic():  # a savepoint: another request may create it first
                    return cls.rebuild(review.user_id, review.card_id)
            except IntegrityError:
                schedule = cls.objects.select_for_update().get(**lookup)
        if review.reviewed_at >= schedule.last_review:
            ReviewState.objects.create(**ReviewState.fields_for(review, state_before=schedule.state))
            parameters = FittedParameters.for_user(review.user_id)
            moved = scheduler.review(schedule.fsrs_card, review.rating, review.reviewed_at, parameters)
            schedule.set_fsrs_card(moved, interview=Profile.interview_of(review.user_id))
            schedule.review_count += 1
            schedule.save()
            return schedule
        return cls.rebuild(review.user_id, review.card_id)

    @classmethod
    def rebuild(
        cls, user_id: int, card_id: int, parameters: scheduler.Parameters | object = LOOK_UP
    ) -> Schedule | None:
        """Replay the card's whole log for this person, with their parameters, and store the result."""
        if parameters is LOOK_UP:
            parameters = FittedParameters.for_user(user_id)
        log = list(Review.objects.filter(user=user_id, card=card_id).values_list("pk", "rating", "reviewed_at"))
        ReviewState.objects.filter(user=user_id, card=card_id).delete()
        ReviewState.objects.bulk_create(ReviewState.for_log(user_id, card_id, log))
        ratings = [(rating, when) for _, rating, when in log]
        state = scheduler.replay(ratings, parameters)
        if state is None:
            cls.objects.filter(user=user_id, card=card_id).delete()
            return None
        schedule = cls.objects.filter(user=user_id, card=card_id).first() or cls(user_id=user_id, card_id=card_id)
        schedule.set_fsrs_card(state, interview=Profile.interview_of(user_id))
        schedule.review_count = len(ratings)
        schedule.save()
        return schedule


class ReviewState(models.Model):
    """The FSRS state each review found its card in, derived from the log like ``Schedule``.

    True retention counts only the reviews of cards that were in review state.
    Knowing that per review, instead of replaying the log of every card rated
    in the period, makes the dashboard's retention one indexed query.
    """

    review = models.OneToOneField(Review, on_delete=models.CASCADE, primary_key=True, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    reviewed_at = models.DateTimeField()
    rating = models.PositiveSmallIntegerField(choices=RATING_CHOICES)
    state_before = models.PositiveSmallIntegerField()

    class Meta:
        # Holding the state and the rating too, the retention count reads the index alone.
        indexes = [
            models.Index(fields=["user", "reviewed_at", "state_before", "rating"]),
            models.Index(fields=["user", "card"]),
        ]

    def __str__(self) -> str:
        return f"review {self.review_id}: {fsrs.State(self.state_before).name} before"

    @staticmethod
    def fields_for(review: Review, state_before: int) -> dict:
        return {
            "review_id": review.pk,
            "user_id": review.user_id,
            "card_id": review.card_id,
            "reviewed_at": review.reviewed_at,
            "rating": review.rating,
            "state_before": int(state_before),
        }

    @classmethod
    def for_log(cls, user_id: int, card_id: int, log: list[tuple[int, int, datetime]]) -> list[ReviewState]:
        """The rows for one card's whole log of (review id, rating, when), oldest first."""
        states = scheduler.states_before([rating for _, rating, _ in log])
        return [
            cls(review_id=pk, user_id=user_id, card_id=card_id, reviewed_at=when, rating=rating, state_before=state)
            for (pk, rating, when), state in zip(log, states, strict=True)
        ]


BASIS_CHOICES = [("defaults", "Default parameters"), ("site", "Site-wide parameters"), ("own", "Your own parameters")]


class FittedParameters(models.Model):
    """One fit of FSRS parameters, for everyone (no user) or one person, adopted or not.

    Attempts that were not adopted are kept too: a re-run with no new reviews
    sees that it has already judged this log and does nothing.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    parameters = models.JSONField()
    fitted_at = models.DateTimeField(default=timezone.now)
    review_count = models.PositiveIntegerField(help_text="Reviews in the log fitted and judged on.")
    compared_with = models.CharField(max_length=10, choices=BASIS_CHOICES)
    log_loss_before = models.FloatField()
    log_loss_after = models.FloatField()
    rmse_before = models.FloatField()
    rmse_after = models.FloatField()
    adopted = models.BooleanField()

    class Meta:
        verbose_name_plural = "fitted parameters"
        indexes = [models.Index(fields=["user", "adopted", "fitted_at"])]

    def __str__(self) -> str:
        return f"{'site-wide' if self.user_id is None else self.user} on {self.review_count} reviews"

    @property
    def improvement(self) -> float:
        """The relative drop in held-out log loss, 0.05 for 5%."""
        return (self.log_loss_before - self.log_loss_after) / self.log_loss_before if self.log_loss_before else 0.0

    @classmethod
    def in_use(cls, user_id: int | None) -> FittedParameters | None:
        """What schedules this person's cards: their own adopted fit, else the site's, else None (defaults)."""
        adopted = cls.objects.filter(Q(user__isnull=True) | Q(user=user_id), adopted=True)
        return adopted.order_by(F("user").asc(nulls_last=True), "-fitted_at", "-pk").first()

    @classmethod
    def for_user(cls, user_id: int | None) -> tuple[float, ...] | None:
        fitted = cls.in_use(user_id)
        return tuple(fitted.parameters) if fitted else None


class CardStats(models.Model):
    """Counters of how people rated a card the first time, and how many lapsed later.

    Moved by ``shift`` in the transaction that records a rating; rebuilt from
    the log by ``rebuild_card_stats``.
    """

    card = models.OneToOneField(Card, primary_key=True, on_delete=models.CASCADE, related_name="community")
    first_again = models.IntegerField(default=0)
    first_hard = models.IntegerField(default=0)
    first_good = models.IntegerField(default=0)
    first_easy = models.IntegerField(default=0)
    lapsed = models.IntegerField(default=0)
    people = models.IntegerField(default=0, help_text="People who rated it: the four first counts added up.")

    MIN_PEOPLE = 5
    COUNTERS = ("first_again", "first_hard", "first_good", "first_easy", "lapsed")

    class Meta:
        verbose_name_plural = "card stats"

    def __str__(self) -> str:
        return f"{self.card_id}: {self.people} people"

    @staticmethod
    def order_hardest(cards: models.QuerySet) -> models.QuerySet:
        """Cards most people didn't know the first time first; those too few people rated last, in bank order."""
        enough = Q(community__people__gte=CardStats.MIN_PEOPLE)
        share = models.Case(
            models.When(enough, then=models.F("community__first_again") * 1.0 / models.F("community__people")),
            output_field=models.FloatField(),
        )
        return cards.annotate(hardness=share).order_by(F("hardness").desc(nulls_last=True), "topic_id", "source_path")

    @classmethod
    def hardness(cls, card_ids: list[int]) -> dict[int, float]:
        """The share of people who didn't know each card the first time, for cards rated by enough people."""
        wanted = set(card_ids)  # the cards rated by enough people are few: no IN over thousands of ids
        rows = cls.objects.filter(people__gte=cls.MIN_PEOPLE).values_list("card_id", "first_again", "people")
        return {card_id: again / people for card_id, again, people in rows if card_id in wanted}

    def distribution(self) -> community.Distribution | None:
        return community.distribution({name: getattr(self, name) for name in self.COUNTERS}, self.MIN_PEOPLE)

    @classmethod
    def shift(cls, card_id: int, old: community.Contribution, new: community.Contribution) -> None:
        """Move the counters from one person's old contribution to their new one."""
        cls.add(card_id, community.changes(old, new))

    @classmethod
    def add(cls, card_id: int, delta: dict[str, int]) -> None:
        delta = {name: value for name, value in delta.items() if value}
        if not delta:
            return
        people = sum(value for name, value in delta.items() if name.startswith("first_"))
        if people:
            delta["people"] = people
        cls.objects.get_or_create(card_id=card_id)
        cls.objects.filter(card_id=card_id).update(
            **{name: Greatest(F(name) + value, 0) for name, value in delta.items()}
        )


class Bookmark(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="bookmarks")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "card"], name="one_bookmark_per_card")]

    def __str__(self) -> str:
        return f"{self.user} bookmarked {self.card_id}"


class Note(models.Model):
    """A private note on a card, in Markdown, rendered and sanitised like cards."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notes")
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    text = models.TextField(max_length=MAX_NOTE_LENGTH)
    html = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "card"], name="one_note_per_card")]

    def __str__(self) -> str:
        return f"{self.user}'s note on {self.card_id}"

    @classmethod
    def save_text(cls, user, card: Card, text: str) -> Note | None:
        """Store the note, or remove it when the text is blank."""
        text = text.strip()
        if not text:
            cls.objects.filter(user=user, card=card).delete()
            return None
        note, _ = cls.objects.update_or_create(
            user=user, card=card, defaults={"text": text, "html": render_markdown(text), "updated_at": timezone.now()}
        )
        return note


ORDER_CHOICES = [
    ("due", "Due first"),
    ("new", "New only"),
    ("weakest", "Weakest first"),
    ("random", "Random"),
    ("interview", "Prepare for my interview"),
    ("plan", "Today's plan"),
    ("hardest", "Hardest for people first"),
]
QUIZ_MODE_CHOICES = [("quiz", "Quiz"), ("mock", "Mock interview")]


class QuizQuerySet(models.QuerySet):
    def owned_by(self, user, anonymous_owner: str) -> QuizQuerySet:
        if user is not None:
            return self.filter(user=user)
        return self.filter(user__isnull=True, anonymous_owner=anonymous_owner) if anonymous_owner else self.none()

    def unfinished(self) -> QuizQuerySet:
        return self.filter(finished_at__isnull=True)


class Quiz(models.Model):
    """A practice session saved on the server, so that it survives reloads and closed tabs."""

    public_id = models.UUIDField(unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="quizzes"
    )
    anonymous_owner = models.CharField(max_length=64, blank=True, db_index=True)
    mode = models.CharField(max_length=10, choices=QUIZ_MODE_CHOICES, default="quiz")
    order = models.CharField(max_length=10, choices=ORDER_CHOICES, default="due")
    scope = models.JSONField(default=dict, blank=True)
    timer_seconds = models.PositiveIntegerField(default=0)
    position = models.PositiveIntegerField(default=0)
    # Kept by ``create_quiz`` and ``advance`` so that showing a card needs no
    # count over the items: that aggregate was 0.8 ms of the quiz page's 6.7.
    item_count = models.PositiveIntegerField(default=0)
    rated_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = QuizQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "quizzes"
        indexes = [models.Index(fields=["user", "finished_at"])]

    def __str__(self) -> str:
        return f"{self.get_mode_display()} {self.public_id}"

    def current_item(self) -> QuizItem | None:
        """The next item to show, skipping cards archived since the quiz began."""
        return self.items.filter(
            position__gte=self.position, rating__isnull=True, card__archived_at__isnull=True
        ).first()

    def progress(self) -> tuple[int, int]:
        """How many items are rated, and how many there are."""
        return self.rated_count, self.item_count

    def rate(self, item: QuizItem, rating: int, seconds: int) -> QuizItem | None:
        """Keep the rating on its item and move on; returns the next item, if any."""
        item.rating, item.seconds = rating, seconds
        item.save(update_fields=["rating", "seconds"])
        return self.advance()

    def advance(self) -> QuizItem | None:
        """Move past rated and archived items; finish when none are left. Returns the current item."""
        current = self.current_item()
        self.rated_count = self.items.filter(rating__isnull=False).count()
        if current is None:
            self.position = self.item_count
            self.finished_at = self.finished_at or timezone.now()
        else:
            self.position = current.position
        self.save(update_fields=["position", "rated_count", "finished_at"])
        return current


class QuizItem(models.Model):
    quiz = models.ForeignKey(Quiz, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField()
    card = models.ForeignKey(Card, on_delete=models.PROTECT, related_name="+")
    token = models.CharField(max_length=100)
    shown_at = models.DateTimeField(null=True, blank=True)
    revealed_at = models.DateTimeField(null=True, blank=True)
    answer_text = models.TextField(blank=True, max_length=MAX_NOTE_LENGTH)
    rating = models.PositiveSmallIntegerField(choices=RATING_CHOICES, null=True, blank=True)
    seconds = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position"]
        constraints = [models.UniqueConstraint(fields=["quiz", "position"], name="one_item_per_position")]

    def __str__(self) -> str:
        return f"{self.quiz_id} #{self.position}: {self.card_id}"

    @property
    def label(self) -> str:
        return scheduler.RATING_LABELS[self.rating] if self.rating else "Skipped"

    @property
    def name(self) -> str:
        return scheduler.RATING_NAMES[self.rating] if self.rating else "skipped"


class Profile(models.Model):
    """Per-person settings that are not part of the log."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="practice_profile")
    interview_date = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.user}'s practice profile"

    @classmethod
    def interview_of(cls, user_id: int) -> date | None:
        return cls.objects.filter(user=user_id).values_list("interview_date", flat=True).first()

    @classmethod
    @transaction.atomic
    def set_interview_date(cls, user, day: date | None) -> None:
        """Save the date, and aim every one of the person's schedules at it (or at none).

        Under the person's lock, as a rating is: a rating reads the date to aim its schedule,
        so one landing meanwhile would otherwise keep the old date's aim and recall.
        """
        Review.lock_person(user.pk)
        cls.objects.update_or_create(user=user, defaults={"interview_date": day})
        Schedule.objects.filter(user=user).aim_at(day)


class PlanFollowQuerySet(models.QuerySet):
    def current(self) -> PlanFollowQuerySet:
        return self.filter(ended_at__isnull=True)


class PlanFollow(models.Model):
    """A person following a plan towards a date. Changing plan, date or minutes ends one and starts another,
    so the history of what they aimed at is kept; ratings never depend on it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="plan_follows")
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="+")
    interview_date = models.DateField()
    minutes_per_day = models.PositiveSmallIntegerField()
    started_on = models.DateField()
    baseline = models.JSONField(default=list, help_text="Cards the first layout introduced by the end of each day.")
    started_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = PlanFollowQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user"], condition=models.Q(ended_at__isnull=True), name="one_current_plan_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} follows {self.plan_id} to {self.interview_date}"

    @classmethod
    @transaction.atomic
    def start(cls, user, **fields) -> PlanFollow:
        cls.objects.filter(user=user).current().update(ended_at=timezone.now())
        return cls.objects.create(user=user, **fields)


class ReviewDay(models.Model):
    """How many reviews one person made on one UTC day, moved in the transaction that records them.

    The dashboard's streaks, heatmap and review total read these few hundred
    rows instead of grouping a long log by day, which was most of its first
    view after a rating. Rebuilt from the log by ``recount``.
    """

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = "daily review count"
        constraints = [models.UniqueConstraint(fields=["user", "day"], name="one_review_day_per_person")]

    def __str__(self) -> str:
        return f"{self.user_id} on {self.day}: {self.count}"

    @classmethod
    def add(cls, user_id: int, moments: Iterable[datetime]) -> None:
        """Count new reviews made at these moments; the caller holds the person's write lock or transaction."""
        for day, n in Counter(scheduler.utc(when).date() for when in moments).items():
            if not cls.objects.filter(user=user_id, day=day).update(count=F("count") + n):
                cls.objects.create(user_id=user_id, day=day, count=n)

    @classmethod
    def recount(cls, user_ids: Iterable[int] | None = None) -> None:
        """Count these people's days afresh from the log (everyone's when None)."""
        log, days = Review.objects.order_by(), cls.objects.all()
        if user_ids is not None:
            user_ids = set(user_ids)
            log, days = log.filter(user_id__in=user_ids), days.filter(user_id__in=user_ids)
        counts = Counter(
            (user_id, scheduler.utc(when).date())
            for user_id, when in log.values_list("user_id", "reviewed_at").iterator(chunk_size=5000)
        )
        days.delete()
        cls.objects.bulk_create(
            (cls(user_id=user_id, day=day, count=n) for (user_id, day), n in counts.items()), batch_size=5000
        )

    @classmethod
    def counts_since(cls, user_id: int, since: date) -> dict[date, int]:
        return dict(cls.objects.filter(user=user_id, day__gte=since).values_list("day", "count"))

    @classmethod
    def active_days(cls, user_id: int) -> set[date]:
        return set(cls.objects.filter(user=user_id).values_list("day", flat=True))

    @classmethod
    def total(cls, user_id: int) -> int:
        return cls.objects.filter(user=user_id).aggregate(total=models.Sum("count"))["total"] or 0
