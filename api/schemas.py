"""What the API answers with and accepts, as pydantic models (and so as the OpenAPI schema)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

from ninja import Schema
from pydantic import Field, StringConstraints

# What ``practice.tokens.new_token`` makes: signed, URL-safe, no spaces or NULs.
RatingToken = Annotated[str, StringConstraints(min_length=8, max_length=100, pattern=r"^[A-Za-z0-9_:\-]+$")]
Rating = Annotated[int, Field(ge=1, le=4, description="1 Didn't know, 2 Shaky, 3 Knew it, 4 Nailed it.")]


class Error(Schema):
    detail: str = Field(description="What went wrong, in words a person can act on.")
    errors: list[dict] = Field(default_factory=list, description="Each invalid field, for invalid input.")


class Topic(Schema):
    path: str
    name: str
    card_count: int


class Tag(Schema):
    slug: str
    card_count: int


class CardSummary(Schema):
    id: str = Field(description="The card's id (its slug), stable across edits.")
    title: str
    topic: str
    topic_name: str
    difficulty: Literal["easy", "medium", "hard"]
    tags: list[str]
    url: str
    snippet: str = Field("", description="For a text search: the matching passage, matches in <mark>.")


class CardPage(Schema):
    count: int
    page: int
    pages: int
    results: list[CardSummary]


class Card(CardSummary):
    prompt_html: str
    answer_html: str = Field(description="Rendered and sanitised HTML.")
    links: list[str] = Field(description="Ids of the cards this one links to.")
    updated_at: datetime
    rating_token: str | None = Field(
        None, description="For a signed-in caller: a one-time token for rating this card (valid for 7 days)."
    )


class PlanSummary(Schema):
    id: str
    title: str
    description: str
    card_count: int
    url: str


class PlanSection(Schema):
    title: str
    cards: list[str]


class Plan(PlanSummary):
    audience: str
    sections: list[PlanSection]


class ScheduleOut(Schema):
    card: str
    status: Literal["new", "learning", "due", "mastered"]
    due: datetime | None = Field(description="When the card is next due; aimed at your interview date if you set one.")
    last_review: datetime | None
    stability: float | None
    difficulty: float | None
    retrievability: float | None = Field(description="Predicted chance of recall now, 0 to 1.")
    review_count: int


class ReviewOut(Schema):
    card: str
    rating: int
    rating_name: Literal["again", "hard", "good", "easy"]
    reviewed_at: datetime
    seconds: int
    mode: str


class ReviewPage(Schema):
    count: int
    page: int
    pages: int
    results: list[ReviewOut]


class RatingIn(Schema):
    rating: Rating
    token: RatingToken = Field(description="The card's `rating_token`; the same token twice records one review.")


class RecordedOut(Schema):
    created: bool = Field(description="False when this token had already been recorded: nothing new was added.")
    review: ReviewOut
    schedule: ScheduleOut


class QuizItemOut(Schema):
    position: int
    token: str
    rating: int | None
    revealed: bool
    card: Card


class QuizOut(Schema):
    id: str
    mode: Literal["quiz", "mock"]
    order: str
    created_at: datetime
    finished_at: datetime | None
    rated: int
    total: int
    items: list[QuizItemOut]


class QuizRatingIn(Schema):
    token: RatingToken = Field(description="The quiz item's token.")
    rating: Rating
    seconds: int | None = Field(
        None, ge=0, le=86400, description="Time spent on the card; measured on the server when left out."
    )
    rated_at: datetime | None = Field(
        None, description="When the rating was made, for ratings sent later (offline); never in the future."
    )
    answer_text: Annotated[str, StringConstraints(max_length=20000, pattern=r"^[^\x00]*$")] = ""


class QuizRatedOut(Schema):
    created: bool
    rated: int
    total: int
    finished: bool
