from __future__ import annotations

import fsrs
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from accounts.limits import rate_limit
from questions.models import Card
from questions.pagecache import kept_for_bank
from questions.rendering import UnrenderableMarkdown
from questions.versions import answer_change

from . import browse_adapters, community, scheduler, statuses
from .forms import NoteForm, RatingForm
from .learners import learner_for
from .models import MAX_NOTE_LENGTH, Bookmark, CardStats, Note, Review
from .rows import first_where
from .tokens import InvalidToken, new_token, seconds_on_card

HISTORY_SHOWN = 20
PANEL_FIELDS = ("id", "slug", "title", "content_hash")
MAX_STATUS_CARDS = 100


def _get_card(slug: str) -> Card:
    return get_object_or_404(Card.objects.active(), slug=slug)


def _get_card_to_show(slug: str) -> Card:
    """What the panel shows of an active card, kept until the bank changes: the panel is asked
    for beside every card page, and the card's whole row, answers and all, is most of its bytes."""
    card = kept_for_bank(
        "panel-card", slug, lambda: Card.objects.active().only(*PANEL_FIELDS).filter(slug=slug).first()
    )
    if card is None:
        raise Http404("There is no card with that id.")
    return card


def _panel(
    request: HttpRequest,
    card: Card,
    *,
    just_rated: Review | None = None,
    note_form: NoteForm | None = None,
    status: int = 200,
) -> HttpResponse:
    """The card's practice panel: a fragment for htmx, a page of its own otherwise."""
    learner = learner_for(request)
    history = learner.history(card)
    state = learner.state(card, history)
    now = timezone.now()
    stats = first_where(CardStats, card=card.pk)
    shown = stats.distribution() if stats else None
    changed = bool(history) and history[-1].content_hash not in ("", card.content_hash)
    context = {
        "max_text_length": MAX_NOTE_LENGTH,
        "card": card,
        "community": shown,
        "community_bar": community.segments(shown) if shown else [],
        "learner": learner,
        "token": new_token(),
        "history": history[-HISTORY_SHOWN:],
        "review_count": len(history),
        "state": state,
        "due_words": scheduler.due_in_words(statuses.due_at(state, learner.interview_date, now), now) if state else "",
        # Within the minutes of a learning step recall is near 100% even when due: not worth saying.
        "retrievability": round(100 * scheduler.retrievability(state, now)) if _in_review(state) else None,
        "status_label": statuses.STATUS_LABELS[statuses.status(state, now, learner.interview_date)],
        "changed_since_review": changed,
        "answer_change": answer_change(card, history[-1].content_hash) if changed else None,
        "just_rated": just_rated,
        "bookmarked": learner.bookmarked(card),
        "note": learner.note(card),
        "note_form": note_form,
    }
    template = "practice/panel.html#panel" if request.htmx else "practice/panel.html"
    return render(request, template, context, status=status)


def _in_review(state) -> bool:
    return state is not None and state.state == fsrs.State.Review


@require_safe
def card_panel(request: HttpRequest, slug: str) -> HttpResponse:
    return _panel(request, _get_card_to_show(slug))


@require_safe
@never_cache
def card_statuses(request: HttpRequest) -> HttpResponse:
    """This person's status of each of some cards, swapped by htmx into a list shared by everyone."""
    raw = request.GET.getlist("card")
    if len(raw) > MAX_STATUS_CARDS or not all(value.isdigit() for value in raw):
        return HttpResponseBadRequest(f"Give at most {MAX_STATUS_CARDS} card ids as card=<number>.")
    badges = browse_adapters.badges(request, [int(value) for value in raw])
    return render(request, "practice/card_statuses.html", {"badges": badges})


@require_POST
@rate_limit("rate", "QUESTIONBANK_RATINGS_PER_MINUTE", 60)
def rate(request: HttpRequest, slug: str) -> HttpResponse:
    card = _get_card(slug)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("That rating could not be read. Reload the page and rate the card again.")
    try:
        seconds = seconds_on_card(form.cleaned_data["token"])
    except InvalidToken:
        return HttpResponseBadRequest("This rating form has expired or was altered. Reload the page and rate again.")
    review, _ = learner_for(request).record(
        card,
        rating=form.cleaned_data["rating"],
        token=form.cleaned_data["token"],
        seconds=seconds,
        mode=form.cleaned_data["mode"] or "browse",
    )
    if request.htmx:
        return _panel(request, card, just_rated=review)
    messages.success(request, f"Saved: {review.label}.")
    return redirect(card)


@login_required
@require_POST
def toggle_bookmark(request: HttpRequest, slug: str) -> HttpResponse:
    card = _get_card(slug)
    bookmark, created = Bookmark.objects.get_or_create(user=request.user, card=card)
    if not created:
        bookmark.delete()
    if request.htmx:
        return _panel(request, card)
    return redirect(card)


@login_required
@require_POST
def save_note(request: HttpRequest, slug: str) -> HttpResponse:
    card = _get_card(slug)
    form = NoteForm(request.POST)
    if not form.is_valid():
        if request.htmx:
            return _panel(request, card, note_form=form, status=400)
        return HttpResponseBadRequest(form.errors.as_text())
    try:
        Note.save_text(request.user, card, form.cleaned_data["text"])
    except UnrenderableMarkdown as error:
        form.add_error("text", f"This note cannot be shown as Markdown: {error}.")
        if request.htmx:
            return _panel(request, card, note_form=form, status=400)
        return HttpResponseBadRequest(form.errors.as_text())
    if request.htmx:
        return _panel(request, card)
    messages.success(request, "Note saved.")
    return redirect(card)
