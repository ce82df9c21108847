"""Page latency through the WSGI handler, against a bare Django view in the same process.

    python -m bench.pages_bench [--cards N] [--requests N]

Prints p50/p95 per page, the ratio to the bare view, and queries per page at
100 cards and at N cards (which should be equal). Writes bench/results/pages.json.
"""

from __future__ import annotations

import argparse
import io
import sys
import time

from django.conf import settings
from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext

from bench.common import WORKDIR, migrate, save, summary, write_bank
from questionbank.wsgi import application
from questions.models import Card
from questions.sync import sync_bank

settings.ROOT_URLCONF = "bench.urls"


def pages() -> dict[str, str]:
    card = Card.objects.active().order_by("pk")[Card.objects.active().count() // 2]
    return {
        "minimal view (baseline)": "/bench/minimal/",
        "home": "/",
        "browse": "/questions/",
        "browse, tag filter": "/questions/?tag=tag7",
        "browse, search": "/questions/?q=replica+cache",
        "browse, htmx fragment": "/questions/?tag=tag7&difficulty=hard",
        "card": card.get_absolute_url(),
    }


def request(path: str, htmx: bool = False) -> int:
    url, _, query = path.partition("?")
    environ = RequestFactory()._base_environ(PATH_INFO=url, QUERY_STRING=query, REQUEST_METHOD="GET")
    environ["wsgi.input"] = io.BytesIO(b"")
    if htmx:
        environ["HTTP_HX_REQUEST"] = "true"
    status = []
    body = application(environ, lambda s, headers, exc_info=None: status.append(s))
    b"".join(body)
    body.close()
    code = int(status[0].split()[0])
    if code != 200:
        raise SystemExit(f"{path} answered {status[0]}")
    return code


def time_page(path: str, count: int) -> list[float]:
    htmx = "htmx" in path
    for _ in range(min(50, count)):
        request(path, htmx)
    samples = []
    for _ in range(count):
        started = time.perf_counter()
        request(path, htmx)
        samples.append(time.perf_counter() - started)
    return samples


def query_counts() -> dict[str, int]:
    counts = {}
    for name, path in pages().items():
        with CaptureQueriesContext(connection) as queries:
            request(path)
        counts[name] = len(queries)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=300)
    args = parser.parse_args()
    migrate()

    small = write_bank(WORKDIR / "small", 100)
    assert sync_bank(small).ok
    queries_small = query_counts()

    big = write_bank(WORKDIR / "big", args.cards, seed=2)
    assert sync_bank(big).ok
    queries_big = query_counts()

    figures: dict[str, dict] = {}
    for name, path in pages().items():
        figures[name] = summary(time_page(path, args.requests))
    base = figures["minimal view (baseline)"]

    print(f"Page latency through the WSGI handler, {args.cards} cards, {args.requests} requests each")
    print(f"  {'page':28} {'p50 ms':>8} {'p95 ms':>8} {'x p50':>7} {'queries@100':>12} {'queries@N':>10}")
    for name, figure in figures.items():
        figure["ratio_p50"] = figure["p50_ms"] / base["p50_ms"]
        figure["queries_at_100"] = queries_small[name]
        figure[f"queries_at_{args.cards}"] = queries_big[name]
        print(
            f"  {name:28} {figure['p50_ms']:8.2f} {figure['p95_ms']:8.2f} {figure['ratio_p50']:7.1f}"
            f" {queries_small[name]:12d} {queries_big[name]:10d}"
        )
    path = save("pages", {"cards": args.cards, "requests": args.requests, "pages": figures})
    print(f"  results: {path}")
    if queries_small != queries_big:
        print("  queries per page grow with the bank", file=sys.stderr)
        raise SystemExit(1)


if __name__ == "__main__":
    main()
