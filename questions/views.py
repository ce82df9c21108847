from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Count
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.functional import SimpleLazyObject
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST, require_safe

from .browsing import (
    SORTS,
    Filters,
    cards_for,
    facets,
    practice_counts,
    sort_links,
    status_facets,
    status_filters_shown,
    topic_names,
)
from .cardfacts import CardFacts, card_facts
from .cardpage import card_to_show
from .models import DIFFICULTY_CHOICES, Card, CardAlias, Topic
from .pagecache import bank_version, kept_for_bank, public_page
from .personal import REGISTRY

SHOW_ANSWERS_COOKIE = "qb_show_answers"


def _wants_fragment(request: HttpRequest) -> bool:
    """An htmx request for a part of the page; the header's live search asks for the whole page."""
    return bool(request.htmx) and not request.htmx.history_restore_request and request.htmx.target != "main"


@require_safe
@public_page()
def home(request: HttpRequest) -> HttpResponse:
    # Only someone with a session has practised; the page cached for everyone else never shows this.
    return render(request, "questions/home.html", home_context() | {"practice": practice_counts(request)})


def home_context() -> dict:
    """What the home page shows; the static export renders the same page from it."""
    by_difficulty = dict(Card.objects.active().values_list("difficulty").annotate(n=Count("id")))
    return {
        "topics": Topic.objects.with_card_counts(),
        "card_count": sum(by_difficulty.values()),
        "difficulties": [(value, label, by_difficulty.get(value, 0)) for value, label in DIFFICULTY_CHOICES],
    }


@require_safe
@public_page()
def browse(request: HttpRequest) -> HttpResponse:
    filters = Filters.from_query(request.GET).with_hits()
    everything = Card.objects.active()
    cards = cards_for(request, filters, everything)
    page = SimpleLazyObject(lambda: filters.results_page(cards, settings.QUESTIONBANK_PAGE_SIZE))
    shown = status_filters_shown(request)
    context = {
        "filters": filters,
        # Lazy: when filters mean the same for everyone, the template's
        # fragment cache usually has both rendered already.
        "facets": SimpleLazyObject(lambda: facets(filters, cards)),
        "page": page,
        "statuses": status_facets(request, filters, everything) if shown else [],
        "status_query": SimpleLazyObject(lambda: _status_query(request, filters, page)) if shown else "",
        "topic_name": _topic_name(filters.topic),
        "sorts": sort_links(filters) if SORTS else [],
        "bank_version": bank_version(),
    }
    template = "questions/browse.html#results" if _wants_fragment(request) else "questions/browse.html"
    response = render(request, template, context)
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


def _status_query(request: HttpRequest, filters: Filters, page) -> str:
    """Which cards the page lists, for the fragment of the person's own status of each.

    The list itself is usually a cached fragment, so its cards are kept
    beside it under the same key rather than read again.
    """
    if filters.personal:
        ids = [card.pk for card in page.object_list]
    else:
        ids = kept_for_bank("browse-cards", request.get_full_path(), lambda: [card.pk for card in page.object_list])
    return urlencode([("card", pk) for pk in ids])


def _topic_name(path: str) -> str:
    """The name of the topic filtered by; its path when there is no such topic."""
    return topic_names().get(path, path) if path else ""


@require_safe
@public_page(cookies=[SHOW_ANSWERS_COOKIE])
def card_detail(request: HttpRequest, slug: str) -> HttpResponse:
    card = card_to_show(slug)
    if card is None:
        alias = CardAlias.objects.select_related("card").filter(slug=slug).first()
        if alias is None:
            raise Http404("There is no card with that id.")
        query = request.META.get("QUERY_STRING", "")
        return HttpResponsePermanentRedirect(alias.card.get_absolute_url() + (f"?{query}" if query else ""))
    if card.is_archived:
        return render(request, "questions/archived.html", {"card": card}, status=410)
    show_answers = request.COOKIES.get(SHOW_ANSWERS_COOKIE) == "1"
    return render(request, "questions/card.html", card_context(card, show_answers))


def card_context(card: Card, show_answers: bool) -> dict:
    """What a card page shows around the card; the static export renders the same page from it."""
    tags = SimpleLazyObject(lambda: list(card_facts().tags.get(card.pk, ())))
    around = SimpleLazyObject(lambda: _cards_around(card, card_facts()))
    return {
        "card": card,
        # Lazy: the page's body is a fragment kept until the bank changes, so
        # these are read only when it is missing.
        "tags": tags,
        "related": SimpleLazyObject(lambda: [around[pk] for pk in card.related if pk in around]),
        "follow_ups": SimpleLazyObject(lambda: [around[slug] for slug in card.links if slug in around]),
        "previous": SimpleLazyObject(lambda: _neighbour(card, around, 0)),
        "next": SimpleLazyObject(lambda: _neighbour(card, around, 1)),
        "show_answers": show_answers,
        "bank_version": bank_version(),
    }


def _cards_around(card: Card, facts: CardFacts) -> dict:
    """The related cards and neighbours the sync worked out, and the linked cards, the active ones of them.

    Keyed by primary key and, for the links, by card id.
    """
    pks = [pk for pk in [*card.related, *card.neighbours] if pk is not None]
    pks += [facts.by_slug[slug] for slug in card.links if slug in facts.by_slug]
    return {key: other for other in facts.listed(pks) for key in (other.pk, other.slug)}


def _neighbour(card: Card, around: dict, index: int) -> Card | None:
    pk = card.neighbours[index] if len(card.neighbours) == 2 else None
    return around.get(pk) if pk is not None else None


@require_safe
@public_page()
def search_help(request: HttpRequest) -> HttpResponse:
    """The query language, with the ``is:`` and ``rated:`` values that are registered, not a copy of them."""
    context = {
        "statuses": list(REGISTRY.statuses),
        "rating_words": list(REGISTRY.rating_words),
        "rating_names": REGISTRY.rating_names,
    }
    return render(request, "questions/search_help.html", context)


@csrf_exempt
@require_POST
def set_show_answers(request: HttpRequest) -> HttpResponse:
    """Remember whether answers start open, for a year, in a cookie.

    Exempt from CSRF so that the card page, which holds this form, carries no
    token and can be cached for every visitor. A forged post can do no more
    than flip whether answers start open in the victim's browser.
    """
    show = request.POST.get("show") == "1"
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        target = reverse("questions:browse")
    response = HttpResponseRedirect(target)
    response.set_cookie(
        SHOW_ANSWERS_COOKIE,
        "1" if show else "0",
        max_age=365 * 24 * 3600,
        samesite="Lax",
        secure=request.is_secure(),
        httponly=True,
    )
    return response
