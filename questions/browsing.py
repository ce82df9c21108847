"""The browse page's filters: read from the query string, applied to cards, and
turned back into links, so every filtered view has a URL of its own."""

from __future__ import annotations

import json
from collections.abc import Callable, Collection
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.http import HttpRequest, QueryDict
from django.utils.functional import SimpleLazyObject
from django.utils.html import escape
from django.utils.safestring import mark_safe

from .cardfacts import card_facts
from .facetcounts import stored_facet_counts
from .models import DIFFICULTY_CHOICES, Card, Topic
from .pagecache import kept_for_bank
from .personal import REGISTRY, STATUS_FILTERS
from .search import Query, among, parse_query, ranked_ids, snippets

MAX_QUERY_LENGTH = 200
LISTED_FIELDS = ("slug", "title", "difficulty", "topic__path", "topic__name")
MAX_TAGS = 5
TAG_FACET_SIZE = 30

Sort = Callable[[QuerySet[Card]], QuerySet[Card]]
# Orders other than the bank's ("hardest for people"), registered by the app
# that knows what people did: name -> (label, ordering).
SORTS: dict[str, tuple[str, Sort]] = {}


def register_sort(name: str, label: str, order: Sort) -> None:
    SORTS[name] = (label, order)


def status_filters_shown(request: HttpRequest) -> bool:
    return REGISTRY.shown_for(request)


@dataclass(frozen=True)
class Filters:
    q: str = ""
    topic: str = ""
    tags: tuple[str, ...] = ()
    difficulty: str = ""
    status: str = ""
    sort: str = ""
    page: str = ""  # kept as given; the paginator copes with junk
    search: Query = field(default_factory=Query, compare=False)  # the search box, parsed
    hit_ids: tuple[int, ...] | None = None  # full-text matches, best first; None when no words

    @classmethod
    def from_query(cls, query: QueryDict) -> Filters:
        difficulty = query.get("difficulty", "")
        status = query.get("status", "")
        sort = query.get("sort", "")
        tags = tuple(dict.fromkeys(tag for tag in query.getlist("tag") if tag))[:MAX_TAGS]
        q = " ".join(query.get("q", "").split())[:MAX_QUERY_LENGTH]
        return cls(
            q=q,
            search=parse_query(q),
            topic=query.get("topic", "").strip("/"),
            tags=tags,
            difficulty=difficulty if difficulty in dict(DIFFICULTY_CHOICES) else "",
            status=status if status in STATUS_FILTERS else "",
            sort=sort if sort in SORTS else "",
            page=query.get("page", ""),
        )

    def with_hits(self) -> Filters:
        """Run the full-text part of the search once; the other filters combine with its hits.

        The hits depend on the bank and the words alone, so they are kept
        until the bank changes: ranking thousands of matches is most of a
        search's time, and a signed-in page, never served whole from the
        page cache, would otherwise rank them again on every request.
        """
        if not self.search.has_text or self.search.errors:
            return self
        words = json.dumps([self.search.words, self.search.phrases])
        return replace(self, hit_ids=kept_for_bank("search-hits", words, lambda: tuple(ranked_ids(self.search))))

    @property
    def personal(self) -> bool:
        """Whether the results change without a sync: a status, ``is:``, ``rated:``, or a sort by what people did."""
        return bool(self.status or self.sort or self.search.filters.get("is") or self.search.filters.get("rated"))

    @property
    def words_only(self) -> bool:
        """Searched words and no other filter: counted and listed over the bank's ``card_facts``."""
        narrowed = self.topic or self.tags or self.difficulty or self.status or self.sort or self.search.filters
        return self.hit_ids is not None and not narrowed

    @property
    def active(self) -> bool:
        return bool(self.q or self.topic or self.tags or self.difficulty or self.status)

    def apply(self, cards: QuerySet[Card], *, ignore: Collection[str] = ()) -> QuerySet[Card]:
        """Filter by everything but the facets in ``ignore``, whose own counts are wanted."""
        if self.topic and "topic" not in ignore:
            cards = cards.filter(Q(topic_id=self.topic) | Q(topic__path__startswith=self.topic + "/"))
        if self.difficulty and "difficulty" not in ignore:
            cards = cards.filter(difficulty=self.difficulty)
        for tag in self.tags:
            cards = cards.filter(tags__slug=tag)
        operators = self.search.filters
        for tag in operators.get("tag", []):
            cards = cards.filter(tags__slug=tag)
        for topic in operators.get("topic", []):
            cards = cards.filter(Q(topic_id=topic) | Q(topic__path__startswith=topic + "/"))
        if "difficulty" in operators:
            cards = cards.filter(difficulty__in=operators["difficulty"])
        if self.hit_ids is not None:
            cards = cards.filter(pk__in=among(self.hit_ids))
        return cards

    def results_page(self, cards: QuerySet[Card], size: int) -> Page:
        """The page asked for of the cards these filters match, with what the list shows of each.

        ``cards`` are the active cards as ``cards_for`` narrowed them. Best
        full-text matches come first, each with its snippet; otherwise the
        bank's order. Ranked results are ordered in Python over their ids,
        which is cheaper than asking the database to sort by a list of
        thousands of positions; the whole bank's order is held by the
        process, so its pages need neither a count nor a sort, and the cards
        of a page found by id are listed from the process's card facts.
        """
        facts = card_facts()
        if self.sort or (self.active and self.hit_ids is None):
            listed = _listed(self.apply(cards))
            ordered = SORTS[self.sort][1](listed) if self.sort else listed.order_by("topic_id", "source_path")
            page = Paginator(ordered, size).get_page(self.page)
            page.object_list = facts.with_tag_slugs(list(page.object_list))
            return page
        if not self.active:
            ids = facts.in_bank_order
        elif self.words_only:
            ids = facts.active(self.hit_ids)
        else:
            position = {pk: index for index, pk in enumerate(self.hit_ids)}
            ids = sorted(self.apply(cards).values_list("pk", flat=True), key=position.__getitem__)
        page = Paginator(ids, size).get_page(self.page)
        chosen = list(page.object_list)
        page.object_list = facts.listed(chosen)
        if self.hit_ids is not None:
            passages = snippets(self.search, chosen)
            for card in page.object_list:
                card.snippet = highlight(passages.get(card.pk, ""))
        return page

    def url(self, **changes) -> str:
        """The query string for these filters with ``changes``; a change of filter resets the page."""
        changed = replace(self, **({"page": ""} | changes))
        params = [("q", changed.q), ("topic", changed.topic)]
        params += [("tag", tag) for tag in changed.tags]
        params += [("difficulty", changed.difficulty), ("status", changed.status)]
        params += [("sort", changed.sort), ("page", changed.page)]
        query = urlencode([(key, value) for key, value in params if value])
        return f"?{query}" if query else "?"

    def toggle_tag(self, tag: str) -> str:
        tags = tuple(t for t in self.tags if t != tag) if tag in self.tags else (*self.tags, tag)
        return self.url(tags=tags)


@dataclass
class Facet:
    value: str
    label: str
    count: int
    url: str
    active: bool


@dataclass
class Facets:
    topics: list[Facet] = field(default_factory=list)
    difficulties: list[Facet] = field(default_factory=list)
    tags: list[Facet] = field(default_factory=list)


def cards_for(request: HttpRequest, filters: Filters, cards: QuerySet[Card]) -> QuerySet[Card]:
    """Apply the person's own filters (status facet, is:, rated:), the ones that need the request."""
    statuses = ([filters.status] if filters.status else []) + filters.search.filters.get("is", [])
    for status in statuses:
        if status in STATUS_FILTERS:
            cards = STATUS_FILTERS[status][1](request, cards)
    for rating in filters.search.filters.get("rated", []):
        cards = REGISTRY.rated(request, cards, rating) if REGISTRY.rated else cards.none()
    return cards


def practice_counts(request: HttpRequest) -> dict[str, int] | None:
    """How many of the bank's cards are in each of this person's statuses; None if they have rated nothing."""
    if not status_filters_shown(request) or not REGISTRY.counts:
        return None
    counts = REGISTRY.counts(request, None, "")
    practised = sum(counts.get(status, 0) for status in ("learning", "due", "mastered"))
    return counts if practised else None


def status_facets(request: HttpRequest, filters: Filters, cards: QuerySet[Card]) -> list[Facet]:
    """Each status's count under the other filters; with none, over the bank, which is cheaper to ask for."""
    narrowed = filters.q or filters.topic or filters.tags or filters.difficulty
    scope = filters.url(status="", sort="") if narrowed else ""
    # Lazy, as request.user is: counts kept for this scope never build the query.
    scoped = SimpleLazyObject(lambda: filters.apply(cards)) if narrowed else None
    counts = REGISTRY.counts(request, scoped, scope) if REGISTRY.counts else {}
    return [
        Facet(
            value,
            label,
            counts.get(value, 0),
            filters.url(status="" if value == filters.status else value),
            value == filters.status,
        )
        for value, (label, _) in STATUS_FILTERS.items()
    ]


def facets(filters: Filters, cards: QuerySet[Card]) -> Facets:
    """Counts per facet value, each under every filter except its own facet.

    With no filter they are the counts the sync stored; with searched words
    alone, sums over the bank's card facts; otherwise two grouped queries:
    topic by difficulty (each facet's counts are sums of it), and tags.
    """
    names = topic_names()
    stored = None if filters.active else stored_facet_counts()
    if stored is not None:
        topic_counts, difficulty_counts = stored["topics"], stored["difficulties"]
        tag_counts = [(slug, n) for slug, n in stored["tags"][:TAG_FACET_SIZE]]
    elif filters.words_only:
        facts = card_facts()
        topic_counts, difficulty_counts, tag_counts = facts.counts(facts.active(filters.hit_ids), TAG_FACET_SIZE)
    else:
        topic_counts, difficulty_counts = _topic_and_difficulty_counts(filters, cards)
        tag_counts = _tag_counts(filters, cards)
    shown_tags = {slug for slug, _ in tag_counts}
    tag_counts += [(slug, 0) for slug in filters.tags if slug not in shown_tags]
    return Facets(
        topics=[
            Facet(
                path,
                names.get(path, path),
                n,
                filters.url(topic="" if path == filters.topic else path),
                path == filters.topic,
            )
            for path, n in topic_counts
        ],
        difficulties=[
            Facet(
                value,
                label,
                difficulty_counts.get(value, 0),
                filters.url(difficulty="" if value == filters.difficulty else value),
                value == filters.difficulty,
            )
            for value, label in DIFFICULTY_CHOICES
        ],
        tags=[Facet(slug, slug, n, filters.toggle_tag(slug), slug in filters.tags) for slug, n in tag_counts],
    )


def _topic_and_difficulty_counts(filters: Filters, cards: QuerySet[Card]) -> tuple[list, dict[str, int]]:
    """Cards per topic under every filter but the topic, and per difficulty under every filter but the difficulty.

    Both are sums of one count by topic and difficulty under the other
    filters, with whether each topic is inside the topic filtered by worked
    out by the database, so that it matches paths exactly as the filter does.
    """
    rows = (
        filters.apply(cards, ignore={"topic", "difficulty"})
        .annotate(in_topic=_inside(filters.topic))
        .values_list("topic_id", "difficulty", "in_topic")
        .annotate(n=Count("id"))
        .order_by()
    )
    topics: dict[str, int] = {}
    difficulties: dict[str, int] = {}
    for topic, difficulty, in_topic, n in rows:
        if not filters.difficulty or difficulty == filters.difficulty:
            topics[topic] = topics.get(topic, 0) + n
        if in_topic:
            difficulties[difficulty] = difficulties.get(difficulty, 0) + n
    return sorted(topics.items()), difficulties


def _inside(topic: str) -> Case | Value:
    if not topic:
        return Value(True)
    return Case(When(Q(topic_id=topic) | Q(topic__path__startswith=topic + "/"), then=True), default=False)


def _tag_counts(filters: Filters, cards: QuerySet[Card]) -> list[tuple[str, int]]:
    """The tags of most matching cards, straight from the tag table: a card has each tag once."""
    return list(
        Card.tags.through.objects.filter(card__in=filters.apply(cards).values("pk"))
        .values_list("tag_id")
        .annotate(n=Count("card_id"))
        .order_by("-n", "tag_id")[:TAG_FACET_SIZE]
    )


def _listed(cards: QuerySet[Card]) -> QuerySet[Card]:
    """Only what a result list shows of each card: the answers are most of a card's bytes. Tags: ``CardFacts.with_tag_slugs``."""
    return cards.select_related("topic").only(*LISTED_FIELDS)


def highlight(snippet: str) -> str:
    """A search snippet as safe HTML, the matched words in <mark>."""
    return mark_safe(escape(snippet).replace("\x02", "<mark>").replace("\x03", "</mark>"))


def topic_names() -> dict[str, str]:
    """Every topic's name by its path, held by each process until the bank changes."""
    return card_facts().topic_names


def topic_choices() -> list[tuple[str, str]]:
    """Topics that have cards, as form choices with their counts; kept until the bank changes."""
    return kept_for_bank(
        "topic-choices",
        "",
        lambda: [(topic.path, f"{topic.name} ({topic.card_count})") for topic in Topic.objects.with_card_counts()],
    )


def card_to_show(pk: int) -> Card:
    """A card with its topic, kept until the bank changes.

    For a page that shows one card to one person (the quiz), reading the card
    and its topic cost a third of the page's own time (0.5 ms); a cached copy
    costs 0.03 ms.
    """
    return kept_for_bank(
        "card", str(pk), lambda: Card.objects.select_related("topic").defer("parsed", "search_text").get(pk=pk)
    )


def sort_links(filters: Filters) -> list[dict]:
    """The default order and each registered sort, as links that keep the other filters.

    The default is the best matches first when there are words to search for, the bank's order otherwise.
    """
    default = "Best match" if filters.search.has_text else "Bank order"
    choices = [("", default), *((name, label) for name, (label, _) in SORTS.items())]
    return [{"label": label, "url": filters.url(sort=name), "active": filters.sort == name} for name, label in choices]
