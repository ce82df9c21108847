"""The nightly fit: site-wide parameters from everyone's reviews, personal ones for people with enough.

``fitting`` does the arithmetic; this reads the log, stores every attempt,
adopts only fits that beat what is in use on held-out reviews, and rebuilds
the schedules of everyone whose parameters changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction

from . import fitting
from .models import FittedParameters, Review
from .rebuilding import rebuild_schedules

REBUILD_CHUNK = 500


@dataclass
class Outcome:
    site_adopted: bool = False
    adopted_for: list[int] = field(default_factory=list)
    rebuilt: int = 0


def _attempt(user_id: int | None, rows: list[fitting.Row], say: Callable[[str], None]) -> bool:
    """Fit one scope unless its log is unchanged since the last attempt; True when adopted."""
    who = "site-wide" if user_id is None else f"person {user_id}"
    last = FittedParameters.objects.filter(user=user_id).order_by("-fitted_at", "-pk").first()
    if last is not None and last.review_count == len(rows):
        say(f"{who}: no new reviews since the fit of {last.fitted_at:%Y-%m-%d}, nothing to do")
        return False
    in_use = FittedParameters.in_use(user_id)
    basis = "defaults" if in_use is None else ("site" if in_use.user_id is None else "own")
    fit = fitting.fit(rows, in_use.parameters if in_use else None)
    if fit is None:
        say(f"{who}: no held-out reviews to judge a fit by, parameters kept")
        return False
    FittedParameters.objects.create(
        user_id=user_id,
        parameters=list(fit.parameters),
        review_count=fit.review_count,
        compared_with=basis,
        log_loss_before=fit.before.log_loss,
        log_loss_after=fit.after.log_loss,
        rmse_before=fit.before.rmse,
        rmse_after=fit.after.rmse,
        adopted=fit.better,
    )
    verdict = "adopted" if fit.better else f"not adopted, {basis} parameters kept"
    say(
        f"{who}: {fit.review_count} reviews, held-out log loss {fit.before.log_loss:.4f} -> {fit.after.log_loss:.4f}, "
        f"RMSE {fit.before.rmse:.4f} -> {fit.after.rmse:.4f}: {verdict}"
    )
    return fit.better


def optimize(say: Callable[[str], None] = print) -> Outcome:
    """Fit, judge, adopt and rebuild; a second run with no new reviews changes nothing."""
    fitting.check_compatible()
    rows = list(
        Review.objects.order_by("user_id", "reviewed_at", "pk").values_list(
            "user_id", "card_id", "rating", "reviewed_at"
        )
    )
    by_person: dict[int, list[fitting.Row]] = {}
    for row in rows:
        by_person.setdefault(row[0], []).append(row)
    outcome = Outcome()
    say(f"{len(rows)} reviews by {len(by_person)} people")
    if len(rows) < fitting.MIN_SITE_REVIEWS:
        say(f"site-wide: {len(rows)} reviews, fewer than the {fitting.MIN_SITE_REVIEWS} a fit needs: defaults kept")
    else:
        with transaction.atomic():
            outcome.site_adopted = _attempt(None, rows, say)
    enough = {person: log for person, log in by_person.items() if len(log) >= fitting.MIN_PERSONAL_REVIEWS}
    say(
        f"{len(enough)} of {len(by_person)} people have the {fitting.MIN_PERSONAL_REVIEWS} reviews a personal fit needs"
    )
    for number, (person, log) in enumerate(enough.items(), 1):
        with transaction.atomic():
            if _attempt(person, log, lambda line, n=number: say(f"[{n}/{len(enough)}] {line}")):
                outcome.adopted_for.append(person)
    if outcome.site_adopted:
        say("rebuilding every schedule with the new parameters")
        outcome.rebuilt = rebuild_schedules()
    else:
        for start in range(0, len(outcome.adopted_for), REBUILD_CHUNK):
            outcome.rebuilt += rebuild_schedules(outcome.adopted_for[start : start + REBUILD_CHUNK])
    say(f"rebuilt {outcome.rebuilt} schedule(s)")
    return outcome
