"""Quiz mode: start, one card at a time, reveal, rate, summary."""

from __future__ import annotations

from copy import copy
from datetime import timedelta

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.timesince import timesince
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.limits import rate_limit
from questions.browsing import card_to_show, topic_choices

from . import scheduler
from .charts import Bar, bar_chart
from .forms import QuizStartForm, RatingForm, RevealForm
from .learners import learner_for
from .models import MAX_NOTE_LENGTH, Quiz, QuizItem
from .quiz import MAX_SIZE, Scope, create_quiz, start_quiz
from .tokens import MAX_SECONDS_ON_CARD


def _get_quiz_for_learner(request: HttpRequest, public_id) -> Quiz:
    """The quiz if it belongs to this person; anyone else's is a 404."""
    quiz = learner_for(request).quiz(public_id)
    if quiz is None:
        raise Http404("There is no quiz of yours with that address.")
    return quiz


@require_http_methods(["GET", "HEAD", "POST"])
@rate_limit("quiz", "QUESTIONBANK_QUIZZES_PER_HOUR", 3600)
def start(request: HttpRequest) -> HttpResponse:
    learner = learner_for(request)
    form = QuizStartForm(
        request.POST or None, topics=topic_choices(), initial={"order": request.GET.get("order", "due")}
    )
    empty_scope = None
    if (
        request.method == "POST"
        and form.is_valid()
        and form.cleaned_data["order"] == "interview"
        and not learner.interview_date
    ):
        form.add_error("order", "Set your interview date on the progress page first.")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        quiz = start_quiz(
            learner,
            form.scope(),
            order=data["order"],
            size=data["size"],
            mode=data["mode"],
            timer_seconds=data["timer_minutes"] * 60,
        )
        if quiz is not None:
            return redirect("practice:quiz", quiz.public_id)
        empty_scope = form.scope()
    unfinished = learner.quizzes().unfinished().order_by("-created_at").first()
    context = {
        "form": form,
        "unfinished": unfinished,
        "started": _ago(unfinished.created_at) if unfinished else "",
        "empty_scope": empty_scope,
    }
    return render(request, "practice/start.html", context, status=200 if empty_scope is None else 422)


@require_POST
@rate_limit("quiz", "QUESTIONBANK_QUIZZES_PER_HOUR", 3600)
def start_due(request: HttpRequest) -> HttpResponse:
    """One click from the home page: a quiz of the cards due now, the longest overdue first."""
    learner = learner_for(request)
    quiz = create_quiz(
        learner, learner.due_cards(timezone.now())[:MAX_SIZE], scope=Scope(), order="due", mode="quiz", timer_seconds=0
    )
    if quiz is None:
        messages.info(request, "Nothing is due now.")
        return redirect("questions:home")
    return redirect("practice:quiz", quiz.public_id)


def _stage(request: HttpRequest, quiz: Quiz, item: QuizItem | None = None, time_up: bool = False) -> HttpResponse:
    """The current card of a quiz: a fragment for htmx, the whole page otherwise.

    ``item`` is the current item when the caller has just read it; ``time_up``
    says that a mock interview's countdown has just shown the answer.
    """
    item = item or quiz.current_item()
    if item is None:
        quiz.advance()
        if request.htmx:
            response = HttpResponse(status=204)
            response["HX-Redirect"] = reverse("practice:summary", args=[quiz.public_id])
            return response
        return redirect("practice:summary", quiz.public_id)
    item.card = card_to_show(item.card_id)
    if item.shown_at is None:
        item.shown_at = timezone.now()
        item.save(update_fields=["shown_at"])
    done, total = quiz.progress()
    context = {
        "max_text_length": MAX_NOTE_LENGTH,
        "quiz": quiz,
        "item": item,
        "card": item.card,
        "done": done,
        "total": total,
        "number": done + 1,
        "report_url": item.card.report_url(),
        "time_up": time_up and quiz.mode == "mock",
    }
    template = "practice/quiz.html#stage" if request.htmx else "practice/quiz.html"
    return render(request, template, context)


@require_safe
def quiz_detail(request: HttpRequest, public_id) -> HttpResponse:
    quiz = _get_quiz_for_learner(request, public_id)
    if quiz.finished_at:
        return redirect("practice:summary", quiz.public_id)
    return _stage(request, quiz)


@require_safe
def offline_stages(request: HttpRequest, public_id) -> HttpResponse:
    """Every card still to rate, each as the stage shows it before and after revealing, for going on offline.

    The same partial as the live stage, so an offline quiz looks and works
    the same; the page's script keeps this and swaps the stages in itself.
    """
    quiz = _get_quiz_for_learner(request, public_id)
    items = list(quiz.items.filter(rating__isnull=True, card__archived_at__isnull=True, position__gte=quiz.position))
    done, total = quiz.progress()
    now = timezone.now()
    stages = []
    for index, item in enumerate(items):
        item.card = card_to_show(item.card_id)
        revealed = copy(item)
        revealed.revealed_at, item.revealed_at = now, None
        shared = {"quiz": quiz, "card": item.card, "done": done + index, "number": done + index + 1, "total": total}
        shared["report_url"] = item.card.report_url()
        stages.append((item.token, {**shared, "item": item}, {**shared, "item": revealed}))
    return render(request, "practice/quiz_offline.html", {"stages": stages})


@require_POST
def reveal(request: HttpRequest, public_id) -> HttpResponse:
    quiz = _get_quiz_for_learner(request, public_id)
    item = quiz.current_item()
    form = RevealForm(request.POST)
    time_up = form.is_valid() and form.cleaned_data["timed_out"]
    if item is not None and item.revealed_at is None:
        if not form.is_valid():
            return HttpResponseBadRequest("Your answer is too long to save; shorten it and try again.")
        item.revealed_at = timezone.now()
        item.answer_text = form.cleaned_data["answer_text"] if quiz.mode == "mock" else ""
        item.save(update_fields=["revealed_at", "answer_text"])
    if request.htmx:
        return _stage(request, quiz, time_up=time_up)
    return redirect("practice:quiz", quiz.public_id)


@require_POST
@rate_limit("rate", "QUESTIONBANK_RATINGS_PER_MINUTE", 60)
def rate(request: HttpRequest, public_id) -> HttpResponse:
    quiz = _get_quiz_for_learner(request, public_id)
    form = RatingForm(request.POST)
    if not form.is_valid():
        return HttpResponseBadRequest("That rating could not be read. Reload the page and rate the card again.")
    token = form.cleaned_data["token"]
    item = quiz.current_item()
    if item is None or item.token != token:
        if not QuizItem.objects.filter(quiz=quiz, token=token).exists():
            return HttpResponseBadRequest("That rating does not belong to this quiz. Reload the page to continue.")
        # A repeated post for a card already rated: nothing new, show where the quiz is now.
    else:
        rating, seconds = form.cleaned_data["rating"], _seconds_on(item)
        learner_for(request).record(
            item.card, rating=rating, token=token, seconds=seconds, mode=quiz.mode, answer_text=item.answer_text
        )
        item = quiz.rate(item, rating, seconds)
    if request.htmx:
        return _stage(request, quiz, item)
    return redirect("practice:quiz", quiz.public_id)


def _seconds_on(item: QuizItem) -> int:
    item.card = card_to_show(item.card_id)
    if item.shown_at is None:
        return 0
    return max(0, min(int((timezone.now() - item.shown_at).total_seconds()), MAX_SECONDS_ON_CARD))


@require_POST
def finish(request: HttpRequest, public_id) -> HttpResponse:
    """End a quiz early; unrated cards count as skipped."""
    quiz = _get_quiz_for_learner(request, public_id)
    if quiz.finished_at is None:
        quiz.finished_at = timezone.now()
        quiz.save(update_fields=["finished_at"])
    return redirect("practice:summary", quiz.public_id)


@require_safe
def summary(request: HttpRequest, public_id) -> HttpResponse:
    quiz = _get_quiz_for_learner(request, public_id)
    if quiz.finished_at is None:
        return redirect("practice:quiz", quiz.public_id)
    items = list(quiz.items.select_related("card", "card__topic"))
    rated = [item for item in items if item.rating]
    counts = {value: sum(1 for item in rated if item.rating == value) for value in scheduler.RATING_LABELS}
    chart = bar_chart(
        [Bar(scheduler.RATING_LABELS[v], counts[v], f"rating-{scheduler.RATING_NAMES[v]}") for v in counts],
        title="Your ratings in this quiz",
        description=", ".join(f"{scheduler.RATING_LABELS[v]}: {counts[v]}" for v in counts),
    )
    seconds = sum(item.seconds for item in rated)
    context = {
        "quiz": quiz,
        "items": items,
        "rated_count": len(rated),
        "counts": [(scheduler.RATING_LABELS[v], scheduler.RATING_NAMES[v], counts[v]) for v in counts],
        "chart": chart,
        "time_spent": _duration(seconds),
        "average_time": _duration(round(seconds / len(rated))) if rated else "",
        "missed": [item for item in rated if item.rating in (scheduler.AGAIN, scheduler.HARD)],
    }
    return render(request, "practice/summary.html", context)


def _ago(moment) -> str:
    """'just now' for the first minute, where timesince would say '0 minutes ago'."""
    if timezone.now() - moment < timedelta(minutes=1):
        return "just now"
    return f"{timesince(moment)} ago"


def _duration(seconds: int) -> str:
    minutes, seconds = divmod(int(seconds), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


@require_POST
@rate_limit("quiz", "QUESTIONBANK_QUIZZES_PER_HOUR", 3600)
def retry_missed(request: HttpRequest, public_id) -> HttpResponse:
    """A new quiz of the cards rated Again or Hard, in the same mode."""
    quiz = _get_quiz_for_learner(request, public_id)
    missed = list(
        quiz.items.filter(rating__in=[scheduler.AGAIN, scheduler.HARD], card__archived_at__isnull=True)
        .order_by("position")
        .values_list("card_id", flat=True)
    )
    if not missed:
        return redirect("practice:summary", quiz.public_id)
    new_quiz = create_quiz(
        learner_for(request),
        missed,
        scope=Scope.from_json(quiz.scope),
        order=quiz.order,
        mode=quiz.mode,
        timer_seconds=quiz.timer_seconds,
    )
    return redirect("practice:quiz", new_quiz.public_id)
