"""The progress dashboard, the interview date, and taking one's data in and out."""

from __future__ import annotations

import hashlib
import re
import uuid
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.views.decorators.http import require_POST, require_safe

from accounts.limits import rate_limit
from questions.browsing import topic_choices
from questions.models import Topic
from questions.pagecache import bank_version

from . import progress, scheduler
from .anki import build_package
from .charts import Bar, Line, StackedRow, bar_chart, burn_up, heatmap, stacked_bars
from .exchange import apply_import, export_csv, export_history
from .fitting import HELD_OUT, MIN_PERSONAL_REVIEWS
from .following import active_plan, burn_up_lines
from .forms import AnkiForm, ImportForm, InterviewDateForm
from .history_file import MAX_ERRORS_SHOWN, MAX_IMPORT_BYTES, check_document, read_document
from .learners import Learner, learner_for
from .learners.kept import KEPT_SECONDS, earliest, kept_for_person, kept_seconds
from .models import ReviewDay

MASTERY_PARTS = [
    (scheduler.NEW, "mastery-new", "new", "new"),
    (scheduler.LEARNING, "mastery-learning", "learning", "learning"),
    (scheduler.MASTERED, "mastery-mastered", "mastered", "mastered"),
]


WEEK, MONTH = timedelta(days=7), timedelta(days=30)


@require_safe
def dashboard(request: HttpRequest) -> HttpResponse:
    learner = learner_for(request)
    now = timezone.now()
    interview = learner.interview_date
    context = {
        "learner": learner,
        # Lazy: its choices are drawn from a fragment kept until the bank changes.
        "anki_form": SimpleLazyObject(lambda: AnkiForm(topics=topic_choices())),
        "bank_version": bank_version(),
        "kept_seconds": kept_seconds(learner),
        "interview_date": interview,
        "plan_chart": _cached_plan_chart(learner, now),
        **_scheduled_by(learner),
        # Mastery, the forecast, readiness over every schedule and the charts are the costly part.
        **kept_for_person(learner, "progress", now, lambda: _figures(learner, now, interview)),
        **_live_figures(learner, now),
    }
    return render(request, "practice/progress.html", context)


def _scheduled_by(learner: Learner) -> dict:
    """Which parameters schedule this person's cards, and what a personal fit still needs."""
    fitted = learner.fitted
    own_reviews = 0
    if learner.user:  # kept, as the sum over every day of the log moves only when they rate
        own_reviews = kept_for_person(learner, "own-reviews", timezone.now(), lambda: ReviewDay.total(learner.user.pk))
    return {
        "fitted": fitted,
        "fitted_kind": "defaults" if fitted is None else ("site" if fitted.user_id is None else "own"),
        "fitted_improvement": round(100 * fitted.improvement, 1) if fitted else None,
        "own_reviews": own_reviews,
        "personal_minimum": MIN_PERSONAL_REVIEWS,
    }


@require_safe
def scheduling(request: HttpRequest) -> HttpResponse:
    """A short explanation of where the parameters come from."""
    context = {
        "personal_minimum": MIN_PERSONAL_REVIEWS,
        "held_out": round(100 * HELD_OUT),
        **_scheduled_by(learner_for(request)),
    }
    return render(request, "practice/scheduling.html", context)


def _cached_plan_chart(learner: Learner, now):
    """The burn-up replays every review of the plan's cards, so it is kept, but only until one of
    the plan's own cards is rated: it reads no other."""
    following = learner.following()
    if following is None:
        return None
    return kept_for_person(
        learner,
        "plan-chart",
        now,
        lambda: _plan_chart(learner, now, following),
        plan_id=following.plan_id,
        detail=repr(following),
    )


def _plan_chart(learner: Learner, now, following):
    """The followed plan as a burn-up: planned, introduced and mastered cards from the day it was picked."""
    plan = active_plan(following.plan_id)
    if plan is None:
        return None
    data = burn_up_lines(learner, following, plan, now.date())
    lines = [
        Line("Planned", data["planned"], "burn-planned"),
        Line("Introduced", data["introduced"], "burn-introduced"),
        Line("Mastered", data["mastered"], "burn-mastered"),
    ]
    seen, mastered = data["introduced"][-1], data["mastered"][-1]
    planned_now = data["planned"][min(len(data["planned"]), len(data["introduced"])) - 1] if data["planned"] else 0
    return {
        "plan": plan,
        "chart": burn_up(
            data["days"],
            lines,
            total=data["total"],
            title=f"{plan.title}: burn-up",
            description=f"{seen} of {data['total']} cards seen and {mastered} mastered; the plan had "
            f"{planned_now} introduced by now.",
        ),
    }


def _live_figures(learner: Learner, now) -> dict:
    """The figures that the clock moves too: cards fall due, and reviews leave the last week and month.

    Kept like the rest, but only until the next of those moments, so that each
    agrees with Browse → Due and with the log to the second.
    """
    windows = kept_for_person(
        learner, "log-windows", now, lambda: _log_windows(learner, now), until=lambda now: _windows_turn(learner, now)
    )
    return {"due_now": learner.due_count(now), **windows}


def _log_windows(learner: Learner, now) -> dict:
    retention, counted = learner.figures.retention_since(now - MONTH)
    return {
        "reviews_this_week": learner.figures.count_since(now - WEEK),
        "retention": round(100 * retention) if retention is not None else None,
        "retention_count": counted,
    }


def _windows_turn(learner: Learner, now):
    """When the earliest review of the last week, or of the last month, leaves it."""
    firsts = [(learner.figures.first_since(now - span), span) for span in (WEEK, MONTH)]
    return earliest(*(first + span for first, span in firsts if first is not None))


def _figures(learner: Learner, now, interview) -> dict:
    today = now.date()
    days, cards_seen = learner.forecast(now)
    names = dict(Topic.objects.values_list("path", "name"))
    current, longest = progress.streaks(learner.figures.active_days(), today)
    figures = {
        # Names the fragments drawn from these figures: drawn once, and again only when they are worked out again.
        "drawn_as": uuid.uuid4().hex,
        "has_reviews": bool(cards_seen),
        "streak": current,
        "longest_streak": longest,
        "cards_seen": cards_seen,
        "heatmap": heatmap(
            learner.figures.day_counts(today - timedelta(days=364)), end=today, title="Reviews in the last year"
        ),
        **_forecast(days),
        **_cached_mastery(learner.mastery_by_topic(), names),
    }
    if interview:
        ready = learner.readiness()
        figures["readiness"] = sorted(
            ((names.get(topic, topic), round(100 * share)) for topic, share in ready.items()), key=lambda r: r[1]
        )
        figures["days_to_interview"] = (interview - today).days
    return figures


def _forecast(days: list[tuple[date, int]]) -> dict:
    """Reviews due each day, under the same interview rule as every other count of due cards."""
    bars = [Bar(f"{day:%-d %b}", count, "forecast") for day, count in days]
    chart = bar_chart(
        bars,
        title="Cards due in the next 30 days",
        label_every=7,
        width=600,
        height=180,
        description=f"{days[0][1]} due today; {sum(c for _, c in days)} due in the next 30 days.",
    )
    return {"forecast_chart": chart, "forecast": days}


def _cached_mastery(by_topic, names) -> dict:
    """The mastery chart, kept by its figures: a rating seldom moves a card from one part to another,
    and drawing a bar of links per topic was a tenth of the first view after a rating."""
    counts = [
        (topic, names.get(topic, topic), [counts[key] for key, *_ in MASTERY_PARTS])
        for topic, counts in by_topic.items()
    ]
    key = "mastery-chart:" + hashlib.sha256(repr(sorted(counts)).encode()).hexdigest()
    drawn = cache.get(key)
    if drawn is None:
        drawn = _mastery(by_topic, names)
        cache.set(key, drawn, KEPT_SECONDS)
    return drawn


def _mastery(by_topic, names) -> dict:
    browse = reverse("questions:browse")
    rows = [
        StackedRow(
            label=names.get(topic, topic),
            href=f"{browse}?{urlencode({'topic': topic})}",
            parts=[
                (counts[key], css, label, f"{browse}?{urlencode({'topic': topic, 'status': status})}")
                for key, css, label, status in MASTERY_PARTS
            ],
        )
        for topic, counts in sorted(by_topic.items())
    ]
    chart = stacked_bars(rows, title="Mastery per topic", description="New, learning and mastered cards in each topic.")
    table = [(row.label, row.href, [part[0] for part in row.parts]) for row in rows]
    return {"mastery_chart": chart, "mastery_table": table}


@require_POST
def set_interview_date(request: HttpRequest) -> HttpResponse:
    form = InterviewDateForm(request.POST)
    if form.is_valid():
        learner_for(request).set_interview_date(form.cleaned_data["interview_date"])
        messages.success(
            request, "Interview date saved." if form.cleaned_data["interview_date"] else "Interview date cleared."
        )
    else:
        messages.error(request, form.errors["interview_date"][0])
    return redirect("practice:progress")


@login_required
@require_safe
def export_json(request: HttpRequest) -> HttpResponse:
    response = JsonResponse(export_history(request.user), json_dumps_params={"indent": 1})
    response["Content-Disposition"] = f'attachment; filename="questionbank-{request.user.get_username()}.json"'
    return response


@login_required
@require_safe
def export_reviews_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(export_csv(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="questionbank-{request.user.get_username()}-reviews.csv"'
    return response


@login_required
@require_POST
@rate_limit("import", "QUESTIONBANK_IMPORTS_PER_HOUR", 3600)
def import_history(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST, request.FILES)
    if not form.is_valid():
        return _import_failed(request, ["Choose a JSON file exported from this site."])
    upload = form.cleaned_data["file"]
    if upload.size > MAX_IMPORT_BYTES:
        return _import_failed(request, [f"The file is larger than {MAX_IMPORT_BYTES // (1024 * 1024)} MB."])
    document, refusal = read_document(upload.read())
    if refusal:
        return _import_failed(request, [refusal])
    plan = check_document(document)
    if plan.errors:
        return _import_failed(request, plan.errors, plan.more_errors)
    result = apply_import(request.user, plan)
    messages.success(
        request,
        f"Imported {result.added} review(s); {result.skipped} were already here. "
        f"{result.bookmarks} bookmark(s) and {result.notes} note(s) added or updated.",
    )
    return redirect("practice:progress")


def _import_failed(request: HttpRequest, errors: list[str], uncounted: int = 0) -> HttpResponse:
    shown = errors[:MAX_ERRORS_SHOWN]
    more = len(errors) - len(shown) + uncounted
    return render(request, "practice/import_failed.html", {"errors": shown, "more": more}, status=400)


@require_safe
def anki_export(request: HttpRequest) -> HttpResponse:
    form = AnkiForm(request.GET, topics=topic_choices())
    if not form.is_valid():
        return render(
            request,
            "practice/import_failed.html",
            {"errors": ["Choose topics and difficulties from the list."], "title": "Cannot build that deck"},
            status=400,
        )
    cards = list(
        form.scope().cards(None).select_related("topic").prefetch_related("tags").order_by("topic_id", "source_path")
    )
    if not cards:
        messages.error(request, "No cards match that choice; pick more topics or difficulties.")
        return redirect("practice:progress")
    response = HttpResponse(build_package(cards), content_type="application/apkg")
    response["Content-Disposition"] = f'attachment; filename="{anki_filename(form.scope())}"'
    return response


def anki_filename(scope) -> str:
    """Named after what was chosen, so that two decks downloaded side by side stay apart."""
    parts = [topic.replace("/", "-") for topic in scope.topics] + list(scope.difficulties)
    return re.sub(r"[^A-Za-z0-9_-]", "", "-".join(["questionbank", *parts]))[:120] + ".apkg"
