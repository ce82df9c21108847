"""The first dashboard view after a rating, against the signed-in bare view, in one process.

    QB_BENCH_WORKDIR=/some/folder python -m bench.dashboard_bench [--samples N] [--profile]

Builds the bench database of ``pages_bench`` (10,000 cards, one person with
100,000 reviews) the first time it runs in a folder and reuses it afterwards,
so that a change can be measured before and after on the same data. Each
sample rates a card, then times the dashboard through Django's test client;
the signed-in bare view is timed in the same rounds. Rows are left in the
database, so every run adds ``--samples`` ratings to the history.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import time
import uuid

from django.contrib.auth.models import User
from django.test import Client

from bench import pages_bench
from bench.common import WORKDIR, migrate, summary, write_bank
from practice.models import Review
from questions.models import Card
from questions.sync import sync_bank


def ensure_database(cards: int, reviews: int) -> User:
    migrate()
    if not User.objects.filter(username="bench-person").exists():
        assert sync_bank(write_bank(WORKDIR / "big", cards, seed=2)).ok
        pages_bench.make_person(reviews)
    return User.objects.get(username="bench-person")


def rate(user: User, card: Card) -> None:
    Review.record(user, card, rating=3, token=f"dash-{uuid.uuid4()}", seconds=5)


def timed(client: Client, path: str) -> float:
    started = time.perf_counter()
    response = client.get(path)
    elapsed = time.perf_counter() - started
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--reviews", type=int, default=100_000)
    # A p95 of 20 samples was the second-slowest, one pause of the machine from another figure.
    parser.add_argument("--samples", type=int, default=60)
    parser.add_argument("--profile", action="store_true", help="print where the dashboard's time goes")
    args = parser.parse_args()
    user = ensure_database(args.cards, args.reviews)
    client = Client()
    client.force_login(user)
    cards = list(Card.objects.active().order_by("pk")[:50])
    for _ in range(3):  # untimed: imports, template loading, the first query plans
        rate(user, cards[0])
        client.get("/progress/")
        client.get("/bench/minimal-signed-in/")
    dashboard, bare = [], []
    profiler = cProfile.Profile() if args.profile else None
    for n in range(args.samples):
        rate(user, cards[n % len(cards)])
        if profiler:
            profiler.enable()
        dashboard.append(timed(client, "/progress/"))
        if profiler:
            profiler.disable()
        bare.append(timed(client, "/bench/minimal-signed-in/"))
    first, base = summary(dashboard), summary(bare)
    print(f"{args.samples} samples, {Review.objects.filter(user=user).count()} reviews")
    print(f"  signed-in bare view       p50 {base['p50_ms']:7.2f} ms  p95 {base['p95_ms']:7.2f} ms")
    print(
        f"  dashboard after a rating  p50 {first['p50_ms']:7.2f} ms  p95 {first['p95_ms']:7.2f} ms"
        f"  ({first['p50_ms'] / base['p50_ms']:.1f} x / {first['p95_ms'] / base['p95_ms']:.1f} x the bare view)"
    )
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(r"/(practice|questions)/", 45)


if __name__ == "__main__":
    main()
