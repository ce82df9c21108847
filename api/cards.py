"""Public reads: cards with the browse page's filters and search, topics, tags and study plans."""

from __future__ import annotations

from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from pydantic import Field

from practice.tokens import new_token
from questions.browsing import Filters, cards_for
from questions.models import Card, CardAlias, Plan, Tag, Topic

from . import schemas, serialize
from .auth import PUBLIC

router = Router(tags=["Bank"], auth=PUBLIC)
# In the schema: a token is optional here (ninja would list it as required).
OPTIONAL_TOKEN = {"security": [{}]}  # appended to the token: "or nothing"
MAX_PAGE_SIZE = 100


class CardFilters(Schema):
    q: str = Field("", description='Words, "phrases" and operators: tag:, topic:, difficulty:, is:, rated:.')
    topic: str = Field("", description="A topic path; its subtopics are included.")
    tag: list[str] = Field(default_factory=list, description="Cards with every one of these tags (at most 5).")
    difficulty: str = ""
    status: str = Field("", description="Your own status: new, learning, due, mastered, bookmarked.")
    page: int = Field(1, ge=1, le=100_000)
    page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE)


@router.get("/cards", response=schemas.CardPage, summary="List and search cards", openapi_extra=OPTIONAL_TOKEN)
def list_cards(request: HttpRequest, filters: Query[CardFilters]) -> dict:
    """The browse page's list: the same filters, the same ranking for a text search."""
    query = request.GET.copy()
    query["page"] = str(filters.page)
    chosen = Filters.from_query(query)
    if chosen.search.errors:
        raise HttpError(400, " ".join(chosen.search.errors))
    chosen = chosen.with_hits()
    cards = cards_for(request, chosen, Card.objects.active())
    page = chosen.results_page(cards, filters.page_size)
    if filters.page > page.paginator.num_pages and page.paginator.count:
        raise HttpError(404, f"There are only {page.paginator.num_pages} pages of cards for these filters.")
    return {
        "count": page.paginator.count,
        "page": page.number,
        "pages": page.paginator.num_pages,
        "results": [serialize.card_summary(card) for card in page.object_list],
    }


def get_card(slug: str) -> Card:
    """An active card by its id or one of its earlier ids; 404 otherwise."""
    cards = Card.objects.active().select_related("topic").prefetch_related("tags")
    card = cards.filter(slug=slug).first()
    if card is None:
        alias = CardAlias.objects.filter(slug=slug).values_list("card_id", flat=True).first()
        card = cards.filter(pk=alias).first() if alias else None
    if card is None:
        raise Http404(f"There is no card with the id {slug!r}.")
    return card


@router.get(
    "/cards/{slug:slug}", response=schemas.Card, summary="One card, with its answer", openapi_extra=OPTIONAL_TOKEN
)
def card_detail(request: HttpRequest, slug: str) -> schemas.Card:
    """An earlier id of the card finds it too; the answer is the card's own, under its current id."""
    token = new_token() if request.user.is_authenticated else None
    return serialize.card_detail(get_card(slug), rating_token=token)


@router.get("/topics", response=list[schemas.Topic], summary="Topics that have cards", openapi_extra=OPTIONAL_TOKEN)
def topics(request: HttpRequest) -> list[dict]:
    return [
        {"path": topic.path, "name": topic.name, "card_count": topic.card_count}
        for topic in Topic.objects.with_card_counts()
    ]


@router.get("/tags", response=list[schemas.Tag], summary="Tags that have cards", openapi_extra=OPTIONAL_TOKEN)
def tags(request: HttpRequest) -> list[dict]:
    counted = Tag.objects.annotate(card_count=Count("cards", filter=Q(cards__archived_at__isnull=True)))
    return list(counted.filter(card_count__gt=0).values("slug", "card_count"))


def _plan_summary(plan: Plan) -> dict:
    return {
        "id": plan.slug,
        "title": plan.title,
        "description": plan.description,
        "card_count": plan.entries.count(),
        "url": plan.get_absolute_url(),
    }


@router.get("/plans", response=list[schemas.PlanSummary], summary="Study plans", openapi_extra=OPTIONAL_TOKEN)
def plans(request: HttpRequest) -> list[dict]:
    return [_plan_summary(plan) for plan in Plan.objects.active()]


@router.get(
    "/plans/{slug:slug}",
    response=schemas.Plan,
    summary="One study plan, section by section",
    openapi_extra=OPTIONAL_TOKEN,
)
def plan_detail(request: HttpRequest, slug: str) -> dict:
    plan = Plan.objects.active().filter(slug=slug).first()
    if plan is None:
        raise Http404(f"There is no study plan with the id {slug!r}.")
    sections: list[dict] = [{"title": title, "cards": []} for title in plan.sections]
    for entry in plan.entries.filter(card__archived_at__isnull=True).select_related("card"):
        if entry.section < len(sections):
            sections[entry.section]["cards"].append(entry.card.slug)
    return {**_plan_summary(plan), "audience": plan.audience, "sections": sections}
