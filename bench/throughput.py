"""Requests a second under a bounded loopback load: gunicorn with 2 workers, wrk as the client.

    python -m bench.throughput [--cards N] [--seconds S] [--rounds R]

Each URL gets S seconds of load from wrk (2 threads, 16 connections) on
127.0.0.1 in each of R rounds, every URL once a round, and its median rate
is printed against the bare view's: on a shared machine the load of the
moment moves every URL of a round alike. Target: the card page, anonymous and signed in, at
least 50 % of the bare view's rate. A URL that answers anything but 2xx stops
the run: a rate of error pages is no figure. Writes bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import re
import shutil
import statistics
import subprocess

from bench.common import (
    WORKDIR,
    collect_static,
    free_port,
    loopback_site_env,
    migrate,
    save,
    signed_in_cookies,
    start_gunicorn,
    wait_until_healthy,
    write_bank,
)
from questions.models import Card
from questions.sync import sync_bank

RATE_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")
FAILED_LINE = re.compile(r"Non-2xx or 3xx responses:\s+\d+")
TARGET = 0.5
CARD_ROWS = ("card, anonymous", "card, signed in")


def requests_per_second(port: int, path: str, seconds: int, cookie: str | None) -> float:
    headers = ["-H", "Host: 127.0.0.1"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "5s", *headers, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    failed = FAILED_LINE.search(out)
    if failed:
        raise SystemExit(f"{path}: {failed.group(0)}; wrk said:\n{out}")
    return float(RATE_LINE.search(out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=4)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (make bench installs Debian's wrk)")
    root = write_bank(WORKDIR / "content", args.cards)
    migrate()
    sync_bank(root)
    cookie, _token = signed_in_cookies()
    card = Card.objects.active().order_by("pk")[args.cards // 2].get_absolute_url()
    port = free_port()
    env = {
        **loopback_site_env(port),
        "STATIC_ROOT": str(WORKDIR / "static"),
        "QUESTIONBANK_RATINGS_PER_MINUTE": "1000000",
    }
    collect_static(env)
    server = start_gunicorn(port, env, app="bench.wsgi")
    rows = {
        "bare view": ("/bench/minimal/", None),
        "bare view, signed in": ("/bench/minimal-signed-in/", cookie),
        "card, anonymous": (card, None),
        "card, signed in": (card, cookie),
        "browse, search": ("/questions/?q=replica+cache", None),
    }
    samples: dict[str, list[float]] = {name: [] for name in rows}
    try:
        wait_until_healthy(port)
        for path, session in rows.values():
            requests_per_second(port, path, 1, session)  # warm the workers and the page cache
        for _ in range(args.rounds):
            for name, (path, session) in rows.items():
                samples[name].append(requests_per_second(port, path, args.seconds, session))
    finally:
        server.terminate()
        server.wait(timeout=30)
    rates = {name: statistics.median(rates) for name, rates in samples.items()}
    print_table(rates, args)
    save(
        "throughput",
        {
            "cards": args.cards,
            "seconds": args.seconds,
            "rounds": args.rounds,
            "requests_per_second": rates,
            "samples": samples,
        },
    )


def print_table(rates: dict[str, float], args: argparse.Namespace) -> None:
    bare = rates["bare view"]
    print(
        f"Throughput, gunicorn with 2 workers, wrk -t2 -c16, median of {args.rounds} rounds of {args.seconds} s,"
        f" {args.cards:,} cards"
    )
    print(f"  {'URL':24} {'requests/s':>10} {'% of bare':>10}   target")
    for name, rate in rates.items():
        target = (f"≥ {TARGET:.0%}: " + ("met" if rate >= TARGET * bare else "MISSED")) if name in CARD_ROWS else ""
        print(f"  {name:24} {rate:10.0f} {rate / bare:10.0%}   {target}")


if __name__ == "__main__":
    main()
