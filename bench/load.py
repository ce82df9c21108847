"""Load and fault run: gunicorn on PostgreSQL, simulated people, a database outage.

    python scripts/with_postgres.py -- python -m bench.load [--people 50] [--seconds 60]

Everything stays on 127.0.0.1. Each simulated person logs in, browses,
opens cards, rates them (sometimes posting the same rating twice) and runs
through quiz cards. In the middle the database is stopped for a few seconds.
Prints requests/s, latency percentiles, status counts, and checks that every
acknowledged rating is in the review log exactly once. Exits non-zero on a
lost or duplicated rating, or on any 500.
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import shlex
import subprocess
import threading
import time
from collections import Counter
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connections

from bench.common import (
    collect_static,
    free_port,
    loopback_site_env,
    percentile,
    save,
    start_gunicorn,
    wait_until_healthy,
)
from practice.models import Review
from questions.models import Card

REPO = Path(__file__).resolve().parent.parent
PASSWORD = "load-test-password-2026"
TOKEN_RE = re.compile(r'name="token" value="([^"]+)"')
QUIZ_RE = re.compile(r"/practice/quiz/([0-9a-f-]{36})/")
MAX_REQUESTS = 200_000  # a hard bound, whatever the duration


class Person:
    """One simulated visitor with their own connection and cookies."""

    def __init__(self, port: int, username: str, results: Results):
        self.port, self.username, self.results = port, username, results
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, form: dict | None = None, htmx: bool = False) -> tuple[int, str]:
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if htmx:
            headers["HX-Request"] = "true"
        body = None
        if form is not None:
            body = urlencode(form, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["X-CSRFToken"] = self.cookies.get("csrftoken", "")
            headers["Referer"] = f"http://127.0.0.1:{self.port}/"
        started = time.perf_counter()
        try:
            self.connection.request(method, path, body=body, headers=headers)
            response = self.connection.getresponse()
            text = response.read().decode("utf-8", "replace")
        except (OSError, http.client.HTTPException):
            self.connection.close()
            self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
            self.results.record("connection-error", time.perf_counter() - started)
            return 0, ""
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        self.results.record(str(response.status), time.perf_counter() - started)
        return response.status, text

    def log_in(self) -> bool:
        self.request("GET", "/accounts/login/")
        status, _ = self.request("POST", "/accounts/login/", {"username": self.username, "password": PASSWORD})
        return status == 302

    def rate(self, slug: str, twice: bool) -> None:
        status, panel = self.request("GET", f"/practice/cards/{slug}/", htmx=True)
        match = TOKEN_RE.search(panel) if status == 200 else None
        if not match:
            return
        form = {"rating": random.randint(1, 4), "token": match.group(1)}
        for _ in range(2 if twice else 1):
            status, body = self.request("POST", f"/practice/cards/{slug}/rate/", form, htmx=True)
            if status == 200 and "Saved:" in body:
                self.results.acknowledge(self.username, form["token"])

    def quiz(self) -> None:
        status, _ = self.request(
            "POST", "/practice/", {"order": "random", "mode": "quiz", "size": 5, "timer_minutes": 3}
        )
        _, page = self.request("GET", "/practice/")
        found = QUIZ_RE.search(page)
        if not found:
            return
        quiz = found.group(1)
        for _ in range(2):
            self.request("POST", f"/practice/quiz/{quiz}/reveal/", {}, htmx=True)
            status, stage = self.request("GET", f"/practice/quiz/{quiz}/", htmx=True)
            match = TOKEN_RE.search(stage) if status == 200 else None
            if match:
                status, _ = self.request(
                    "POST", f"/practice/quiz/{quiz}/rate/", {"rating": 3, "token": match.group(1)}, htmx=True
                )
                if status == 200:
                    self.results.acknowledge(self.username, match.group(1))
        self.request("POST", f"/practice/quiz/{quiz}/finish/", {})

    def run(self, slugs: list[str], deadline: float) -> None:
        if not self.log_in():
            self.results.record("login-failed", 0)
            return
        step = 0
        while time.monotonic() < deadline and self.results.total < MAX_REQUESTS:
            step += 1
            slug = random.choice(slugs)
            self.request("GET", f"/questions/?page={random.randint(1, 4)}")
            self.request("GET", f"/questions/{slug}/")
            self.rate(slug, twice=step % 5 == 0)
            if step % 7 == 0:
                self.quiz()


class Results:
    def __init__(self):
        self.lock = threading.Lock()
        self.latencies: list[float] = []
        self.statuses: Counter = Counter()
        self.acknowledged: set[tuple[str, str]] = set()
        self.total = 0

    def record(self, status: str, seconds: float) -> None:
        with self.lock:
            self.statuses[status] += 1
            self.total += 1
            if status.isdigit():
                self.latencies.append(seconds)

    def acknowledge(self, username: str, token: str) -> None:
        with self.lock:
            self.acknowledged.add((username, token))


def outage(stop: str, start: str, at: float, length: float, log: list[str], began: float) -> None:
    time.sleep(at)
    log.append(f"{time.monotonic() - began:5.1f} s: database stopped")
    subprocess.run(shlex.split(stop), check=True, stdout=subprocess.DEVNULL)
    time.sleep(length)
    subprocess.run(shlex.split(start), check=True, stdout=subprocess.DEVNULL)
    log.append(f"{time.monotonic() - began:5.1f} s: database started again")


def main() -> None:
    args = _arguments()
    if "QB_TEST_POSTGRES_STOP" not in os.environ:
        raise SystemExit("run through scripts/with_postgres.py, which provides the database and its switch")
    slugs = _prepare(args.people)
    port = free_port()
    server = _start_gunicorn(port, args.workers)
    try:
        wait_until_healthy(port)
        results, elapsed, events = _run_people(args, port, slugs)
    finally:
        server.terminate()
        server.wait(timeout=30)
    figures, failed = _check(results, args.people, elapsed, events)
    print(f"Load run: {args.people} people for {elapsed:.0f} s against gunicorn ({args.workers} workers) on PostgreSQL")
    for key, value in figures.items():
        print(f"  {key:22} {value}")
    print(f"  results: {save('load', figures)}")
    if failed:
        raise SystemExit("FAILED: lost or duplicated ratings, or server errors")


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--outage-at", type=float, default=25)
    parser.add_argument("--outage-seconds", type=float, default=6)
    return parser.parse_args()


def _prepare(people: int) -> list[str]:
    """The database with the bank and the people who log in; returns the ids of the cards they open."""
    call_command("migrate", verbosity=0, interactive=False)
    call_command("sync_questions", verbosity=0)
    for number in range(people):
        User.objects.create_user(f"person{number}", password=PASSWORD)
    return list(Card.objects.active().values_list("slug", flat=True))


def _start_gunicorn(port: int, workers: int) -> subprocess.Popen:
    env = {**loopback_site_env(port), "QUESTIONBANK_LOGIN_FAILURES": "1000"}
    collect_static(env)
    return start_gunicorn(
        port, env, workers=workers, options=("--log-level", "warning", "--timeout", "60"), quiet=False
    )


def _run_people(args: argparse.Namespace, port: int, slugs: list[str]) -> tuple[Results, float, list[str]]:
    """Every person's session until the deadline, with the outage in the middle; returns the seconds taken too."""
    results = Results()
    began = time.monotonic()
    deadline = began + args.seconds
    events: list[str] = []
    stop, start = os.environ["QB_TEST_POSTGRES_STOP"], os.environ["QB_TEST_POSTGRES_START"]
    switch = threading.Thread(
        target=outage, args=(stop, start, args.outage_at, args.outage_seconds, events, began), daemon=True
    )
    switch.start()
    people = [
        threading.Thread(target=Person(port, f"person{n}", results).run, args=(slugs, deadline))
        for n in range(args.people)
    ]
    for person in people:
        person.start()
    for person in people:
        person.join(timeout=args.seconds + 120)
    switch.join(timeout=60)
    return results, time.monotonic() - began, events


def _check(results: Results, people: int, elapsed: float, events: list[str]) -> tuple[dict, bool]:
    """The run's figures, and whether a rating was lost or doubled or the server failed."""
    connections.close_all()  # ours went stale during the outage
    stored = Counter(Review.objects.values_list("user__username", "token"))
    lost = [pair for pair in results.acknowledged if stored[pair] != 1]
    duplicated = [pair for pair, count in stored.items() if count > 1]
    figures = {
        "people": people,
        "seconds": round(elapsed, 1),
        "requests": results.total,
        "requests_per_second": round(results.total / elapsed, 1),
        "p50_ms": round(percentile(results.latencies, 0.50) * 1000, 1),
        "p95_ms": round(percentile(results.latencies, 0.95) * 1000, 1),
        "p99_ms": round(percentile(results.latencies, 0.99) * 1000, 1),
        "statuses": dict(results.statuses),
        "ratings_acknowledged": len(results.acknowledged),
        "ratings_in_log": sum(stored.values()),
        "ratings_lost": len(lost),
        "ratings_duplicated": len(duplicated),
        "outage": events,
    }
    return figures, bool(lost or duplicated or results.statuses.get("500"))


if __name__ == "__main__":
    main()
