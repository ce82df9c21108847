"""Page latency through the WSGI handler, against a bare Django view in the same process.

    python -m bench.pages_bench [--cards N] [--requests N]

Prints p50/p95 per page, the ratio to the bare view, and queries per page at
100 cards and at N cards (which should be equal). Writes bench/results/pages.json.

Warm pages are timed in rounds, each page once a round, so that the drift in
this machine's speed during a run touches the baseline and the pages alike.
The bare view is also timed alone in a tight loop, its most flattering case,
for reference.

Repeated requests for one URL are what a cache serves best, so the rows marked
"cold" empty the relevant cache before every timed request: public pages
without their page cache, and the dashboard as first seen after a rating.
Per-person pages are also compared with a bare view that loads the session and
the user, which every such page has to do. Pages link to hashed static files
from a collected manifest, as production's do.
"""

from __future__ import annotations

import argparse
import io
import sys
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext

from bench.common import WORKDIR, migrate, save, summary, use_collected_static, write_bank
from questionbank.wsgi import application
from questions.models import Card
from questions.pagecache import forget_bank_version, forget_held
from questions.sync import sync_bank

settings.ROOT_URLCONF = "bench.urls"


PERSON = {}  # cookie and quiz of the person with a long history, set up in main()


def pages() -> dict[str, str]:
    card = Card.objects.active().order_by("pk")[Card.objects.active().count() // 2]
    personal = {}
    if PERSON:
        personal = {
            "minimal signed-in view": "/bench/minimal-signed-in/",
            "browse, signed in": "/questions/",
            "browse, search, signed in": "/questions/?q=replica+cache",
            "card, signed in": card.get_absolute_url(),
            "card, signed-in panel (htmx)": f"/practice/cards/{card.slug}/",
            "quiz, next card (htmx)": f"/practice/quiz/{PERSON['quiz']}/",
            "progress dashboard": "/progress/",
            "progress dashboard, cold": "/progress/",
            "today's plan": "/today/",
        }
    return {
        "minimal view (baseline)": "/bench/minimal/",
        "minimal view, alone in a loop": "/bench/minimal/",
        "home": "/",
        "browse": "/questions/",
        "browse, tag filter": "/questions/?tag=tag7",
        "browse, search": "/questions/?q=replica+cache",
        "browse, htmx fragment": "/questions/?tag=tag7&difficulty=hard",
        "card": card.get_absolute_url(),
        "browse, cold": "/questions/",
        "browse, search, cold": "/questions/?q=replica+cache",
        "card, cold": card.get_absolute_url(),
        **personal,
    }


PERSONAL_PATHS = ("/practice/", "/progress/", "/today/", "/bench/minimal-signed-in/")


def signed_in(name: str, path: str) -> bool:
    """Whether the row is a page for the person with the long history, who sends their session cookie."""
    return bool(PERSON) and (name.endswith("signed in") or path.startswith(PERSONAL_PATHS))


def request(path: str, htmx: bool = False, cookie: bool = False) -> int:
    url, _, query = path.partition("?")
    environ = RequestFactory()._base_environ(PATH_INFO=url, QUERY_STRING=query, REQUEST_METHOD="GET")
    environ["wsgi.input"] = io.BytesIO(b"")
    if htmx:
        environ["HTTP_HX_REQUEST"] = "true"
    if cookie:
        environ["HTTP_COOKIE"] = PERSON["cookie"]
    status = []
    body = application(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    body.close()
    code = int(status[0].split()[0])
    if code != 200:
        raise SystemExit(f"{path} answered {status[0]}")
    return code


def request_row(name: str, path: str) -> None:
    request(path, htmx="htmx" in name or path.startswith("/practice/"), cookie=signed_in(name, path))


def time_in_rounds(paths: dict[str, str], count: int) -> dict[str, list[float]]:
    """Each page once a round, ``count`` rounds, after 50 untimed requests of each."""
    for name, path in paths.items():
        for _ in range(50):
            request_row(name, path)
    samples: dict[str, list[float]] = {name: [] for name in paths}
    for _ in range(count):
        for name, path in paths.items():
            started = time.perf_counter()
            request_row(name, path)
            samples[name].append(time.perf_counter() - started)
    return samples


def time_alone(name: str, path: str, count: int) -> list[float]:
    """One page in a loop; a "cold" one with its cache emptied before each request."""
    cold = name.endswith(", cold")
    if cold:  # the slowest costs some 50 ms; a p95 of 100 samples is not just the second worst
        count = max(100, count // 3)
    empty = caches["default" if path.startswith("/progress/") else "pages"].clear
    for _ in range(min(50, count)):
        request_row(name, path)
    samples = []
    for _ in range(count):
        if cold:
            empty()
        started = time.perf_counter()
        request_row(name, path)
        samples.append(time.perf_counter() - started)
    return samples


def time_pages(count: int) -> dict[str, dict]:
    """Warm pages timed in rounds; pages from an empty cache, and the bare view's tight loop, each alone."""
    warm = {name: path for name, path in pages().items() if not name.endswith(", cold")}
    figures = {name: summary(samples) for name, samples in time_in_rounds(warm, count).items()}
    for name, path in pages().items():
        if name.endswith(", cold") or name == "minimal view, alone in a loop":
            figures[name] = summary(time_alone(name, path, count))
    return figures


def query_counts() -> dict[str, int]:
    """Queries of each page rendered from scratch, with no cached page or figures.

    The bank's version token is forgotten before each request, so that its
    once-a-second read is counted every time rather than whenever a second
    happened to pass: at 100 cards the requests came within the second after
    the sync and skipped it, at 10,000 they did not (7 queries against 8).
    So is what each process holds for the bank's version, read once a sync.
    """
    counts = {}
    for name, path in pages().items():
        caches["pages"].clear()
        caches["default"].clear()
        forget_bank_version()
        forget_held()
        with CaptureQueriesContext(connection) as queries:
            request_row(name, path)
        counts[name] = len(queries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--reviews", type=int, default=100_000, help="history of the signed-in person")
    parser.add_argument("--results", default="pages", help="name of the results file")
    args = parser.parse_args()
    use_collected_static()
    fresh_database()
    migrate()

    small = write_bank(WORKDIR / "small", 100)
    assert sync_bank(small).ok
    queries_small = query_counts()

    big = write_bank(WORKDIR / "big", args.cards, seed=2)
    assert sync_bank(big).ok
    queries_big = query_counts()
    started = time.perf_counter()
    make_person(args.reviews)
    print(f"  (a person with {args.reviews} reviews set up in {time.perf_counter() - started:.1f} s)")
    queries_person = query_counts()

    figures = time_pages(args.requests)
    base = figures["minimal view (baseline)"]
    signed_in_base = figures.get("minimal signed-in view", base)

    print(
        f"Page latency through the WSGI handler on {connection.vendor}, {args.cards} cards,"
        f" {args.requests} requests each"
    )
    print(
        f"  {'page':30} {'p50 ms':>8} {'p95 ms':>8} {'x p95':>7} {'x signed-in p95':>16}"
        f" {'queries@100':>12} {'queries@N':>10}"
    )
    for name in pages():
        figure = figures[name]
        figure["ratio_p50"] = figure["p50_ms"] / base["p50_ms"]
        figure["ratio_p95"] = figure["p95_ms"] / base["p95_ms"]
        personal = signed_in(name, pages()[name]) and name != "minimal signed-in view"
        figure["ratio_p95_signed_in_view"] = figure["p95_ms"] / signed_in_base["p95_ms"] if personal else None
        versus_signed_in = f"{figure['ratio_p95_signed_in_view']:16.1f}" if personal else f"{'':16}"
        figure["queries_at_100"] = queries_small.get(name)
        figure[f"queries_at_{args.cards}"] = queries_big.get(name, queries_person.get(name))
        small = "-" if name not in queries_small else str(queries_small[name])
        print(
            f"  {name:30} {figure['p50_ms']:8.2f} {figure['p95_ms']:8.2f} {figure['ratio_p95']:7.1f}"
            f" {versus_signed_in} {small:>12} {figure[f'queries_at_{args.cards}']:10d}"
        )
    figures = {name: figures[name] for name in pages()}
    path = save(
        args.results, {"database": connection.vendor, "cards": args.cards, "requests": args.requests, "pages": figures}
    )
    print(f"  results: {path}")
    if any(queries_small[name] != queries_big[name] for name in queries_small):
        print("  queries per page grow with the bank", file=sys.stderr)
        raise SystemExit(1)


def fresh_database() -> None:
    """Built from nothing each run, so that a work folder can be used again (dashboard_bench reuses it).

    PostgreSQL runs get a throwaway server of their own.
    """
    if connection.vendor == "sqlite":
        connection.close()
        Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)


def make_person(reviews: int) -> None:
    """A signed-in person with a long history spread over the bank, an interview date and a quiz."""
    from datetime import timedelta

    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.core.management import call_command
    from django.utils import timezone

    from practice.learners import learner_for
    from practice.models import Profile, Review
    from practice.quiz import Scope, start_quiz

    user = User.objects.create_user("bench-person", password="bench-password")
    card_ids = list(Card.objects.active().values_list("pk", flat=True))
    now = timezone.now()
    Review.objects.bulk_create(
        (
            Review(
                user=user,
                card_id=card_ids[n % len(card_ids)],
                rating=1 + (n * 7) % 4,
                token=f"bench-{n}",
                reviewed_at=now - timedelta(minutes=5 * (reviews - n)),
            )
            for n in range(reviews)
        ),
        batch_size=5000,
    )
    call_command("rebuild_schedules", stdout=io.StringIO())
    Profile.objects.create(user=user, interview_date=(now + timedelta(days=20)).date())
    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    PERSON["cookie"] = f"sessionid={session.session_key}"

    class FakeRequest:
        pass

    request = FakeRequest()
    request.user, request.session = user, session
    quiz = start_quiz(learner_for(request), Scope(), order="due", size=20)
    PERSON["quiz"] = str(quiz.public_id)
    follow_a_plan(learner_for(request), card_ids, now.date())


def follow_a_plan(learner, card_ids: list[int], today) -> None:
    """A 200-card plan over the bank, followed towards the interview, for the page of today's session."""
    from datetime import timedelta

    from practice.following import first_layout
    from questions.models import Plan, PlanEntry

    plan = Plan.objects.create(
        slug="bench-plan", title="Bench plan", description="", sections=["One", "Two"], source_path="plans/bench.yml"
    )
    PlanEntry.objects.bulk_create(
        PlanEntry(plan=plan, position=n, section=n // 100, card_id=card_id) for n, card_id in enumerate(card_ids[::50])
    )
    learner.follow(first_layout(learner, plan, today + timedelta(days=20), 45, today))


if __name__ == "__main__":
    main()
