"""Requests a second under a bounded loopback load: gunicorn with 2 workers, wrk as the client.

    python -m bench.throughput [--cards N] [--seconds S]

Each URL gets S seconds of load from wrk (2 threads, 16 connections) on
127.0.0.1, the bare views first, so every rate can be set against the bare
view's in the same run. Target: the card page, anonymous and signed in, at
least 50 % of the bare view's rate. Writes bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess

from bench.common import (
    WORKDIR,
    collect_static,
    free_port,
    loopback_site_env,
    migrate,
    save,
    start_gunicorn,
    wait_until_healthy,
    write_bank,
)
from bench.import_bench import _signed_in_cookies
from questions.models import Card
from questions.sync import sync_bank

RATE_LINE = re.compile(r"Requests/sec:\s+([\d.]+)")


def requests_per_second(port: int, path: str, seconds: int, cookie: str | None) -> float:
    headers = ["-H", "Host: 127.0.0.1"] + (["-H", f"Cookie: {cookie}"] if cookie else [])
    out = subprocess.run(
        ["wrk", "-t2", "-c16", f"-d{seconds}s", "--timeout", "5s", *headers, f"http://127.0.0.1:{port}{path}"],
        capture_output=True,
        text=True,
        check=True,
        timeout=seconds + 30,
    ).stdout
    return float(RATE_LINE.search(out).group(1))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--seconds", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (make bench installs Debian's wrk)")
    root = write_bank(WORKDIR / "content", args.cards)
    migrate()
    sync_bank(root)
    cookie, _token = _signed_in_cookies()
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
    rates = {}
    try:
        wait_until_healthy(port)
        for name, (path, session) in rows.items():
            requests_per_second(port, path, 2, session)  # warm the workers and the page cache
            rates[name] = requests_per_second(port, path, args.seconds, session)
    finally:
        server.terminate()
        server.wait(timeout=30)
    bare = rates["bare view"]
    print(f"Throughput, gunicorn with 2 workers, wrk -t2 -c16 for {args.seconds} s each, {args.cards:,} cards")
    for name, rate in rates.items():
        print(f"  {name:24} {rate:9.0f} requests/s   {rate / bare:5.0%} of the bare view")
    save("throughput", {"cards": args.cards, "seconds": args.seconds, "requests_per_second": rates})


if __name__ == "__main__":
    main()
