"""Study plans: the list, one plan with the person's progress, following it, and today's session."""

from __future__ import annotations

from datetime import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.limits import rate_limit
from questions.models import Plan

from .following import TodayPlan, active_plan, estimated_hours, first_layout, plan_cards, section_progress, today_for
from .forms import FollowPlanForm
from .learners import Learner, learner_for
from .learners.kept import kept_for_person, kept_seconds
from .quiz import Scope, create_quiz


def _get_plan(slug: str) -> Plan:
    return get_object_or_404(Plan.objects.active(), slug=slug)


def _followed_plan(learner: Learner) -> tuple:
    """The plan this person follows and how, or (None, None) if none (or it was archived since)."""
    following = learner.following()
    plan = active_plan(following.plan_id) if following else None
    return (plan, following) if plan else (None, None)


@require_safe
def plan_list(request: HttpRequest) -> HttpResponse:
    plans = [(plan, cards, estimated_hours(cards)) for plan in Plan.objects.active() for cards in [plan_cards(plan)]]
    followed, _ = _followed_plan(learner_for(request))
    return render(request, "practice/plans.html", {"plans": plans, "followed": followed})


@require_safe
def plan_detail(request: HttpRequest, slug: str, form: FollowPlanForm | None = None) -> HttpResponse:
    plan = _get_plan(slug)
    learner = learner_for(request)
    followed, following = _followed_plan(learner)
    entries = list(plan.entries.select_related("card"))
    progress = section_progress(learner, plan, timezone.now()) if followed == plan else None
    sections = [
        (title, [entry for entry in entries if entry.section == index], progress[index] if progress else None)
        for index, title in enumerate(plan.sections)
    ]
    initial = {
        "interview_date": learner.interview_date,
        "minutes_per_day": following.minutes_per_day if following else 30,
    }
    context = {
        "plan": plan,
        "sections": sections,
        "following": following if followed == plan else None,
        "form": form or FollowPlanForm(initial=initial),
        "hours": estimated_hours(plan_cards(plan)),
    }
    return render(request, "practice/plan.html", context, status=400 if form else 200)


@require_POST
def follow(request: HttpRequest, slug: str) -> HttpResponse:
    plan = _get_plan(slug)
    form = FollowPlanForm(request.POST)
    if not form.is_valid():
        request.method = "GET"
        return plan_detail(request, slug, form=form)
    learner = learner_for(request)
    data = form.cleaned_data
    today = timezone.now().date()
    learner.follow(first_layout(learner, plan, data["interview_date"], data["minutes_per_day"], today))
    messages.success(request, f"You are following “{plan.title}”. Here is today's session.")
    return redirect("practice:today")


@require_POST
def leave(request: HttpRequest) -> HttpResponse:
    learner_for(request).leave_plan()
    messages.success(request, "You left the plan. Every rating you made is kept.")
    return redirect("practice:plans")


def _today(learner: Learner, following, plan: Plan, now: datetime) -> TodayPlan:
    """``today_for``, kept for an account until they rate, the bank changes or the day turns.

    Laying the plan out to the interview is the page's cost, and what it reads
    (the schedules, today's ratings, the time ratings took, the person's FSRS
    parameters) changes only then; a visitor's log is in their session and cheap.
    """
    return kept_for_person(
        learner, "today", now, lambda: today_for(learner, following, plan, now), detail=repr(following)
    )


@require_safe
def today(request: HttpRequest) -> HttpResponse:
    learner = learner_for(request)
    plan, following = _followed_plan(learner)
    if plan is None:
        return render(request, "practice/today.html", {"today": None})
    context = {"today": _today(learner, following, plan, timezone.now()), "kept_seconds": kept_seconds(learner)}
    return render(request, "practice/today.html", context)


@require_POST
@rate_limit("quiz", "QUESTIONBANK_QUIZZES_PER_HOUR", 3600)
def start_today(request: HttpRequest) -> HttpResponse:
    """Today's remaining cards as a quiz: reviews first, then the new ones, in plan order."""
    learner = learner_for(request)
    plan, following = _followed_plan(learner)
    if plan is None:
        raise Http404("You are not following a plan.")
    remaining = _today(learner, following, plan, timezone.now()).remaining
    if not remaining:
        messages.info(request, "Today's session is done. Come back tomorrow for the next one.")
        return redirect("practice:today")
    quiz = create_quiz(learner, remaining, scope=Scope(), order="plan", mode="quiz", timer_seconds=0)
    return redirect("practice:quiz", quiz.public_id)
