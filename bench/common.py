"""Shared set-up for the benchmarks: Django against a throwaway database, and a synthetic bank."""

from __future__ import annotations

import http.client
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import time
import warnings
from pathlib import Path

from django.conf import settings
from django.core.management import call_command

from bench import WORKDIR

REPO = Path(__file__).resolve().parent.parent

warnings.filterwarnings("ignore", message="No directory at")

SITE_STORAGES = settings.STORAGES  # production's: hashed names from a manifest that collectstatic writes
settings.STORAGES = {
    **settings.STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
settings.ALLOWED_HOSTS = ["testserver"]
RESULTS = Path(__file__).resolve().parent / "results"

WORDS = [
    "index",
    "transaction",
    "latency",
    "cache",
    "request",
    "handler",
    "thread",
    "process",
    "queue",
    "replica",
    "lock",
    "schema",
    "query",
    "token",
    "session",
    "cookie",
    "header",
    "payload",
    "worker",
    "event",
    "loop",
    "coroutine",
    "future",
    "generator",
    "iterator",
    "decorator",
    "closure",
    "descriptor",
    "fixture",
    "mock",
    "migration",
    "middleware",
    "signal",
    "backend",
    "frontend",
    "deploy",
    "rollback",
    "commit",
]


__all__ = [
    "REPO",
    "WORKDIR",
    "collect_static",
    "free_port",
    "loopback_site_env",
    "migrate",
    "save",
    "start_gunicorn",
    "summary",
    "use_collected_static",
    "wait_until_healthy",
    "write_bank",
]


def migrate() -> None:
    call_command("migrate", verbosity=0, interactive=False)


def sentence(rng: random.Random, length: int = 14) -> str:
    words = [rng.choice(WORDS) for _ in range(length)]
    return " ".join(words).capitalize() + "."


def synthetic_card(rng: random.Random, number: int) -> str:
    """A 2-4 KB card: prose, two code blocks, a table and a list."""
    tags = sorted({f"tag{rng.randrange(60)}" for _ in range(3)})
    paragraphs = "\n\n".join(" ".join(sentence(rng) for _ in range(4)) for _ in range(3))
    rows = "\n".join(f"| {rng.choice(WORDS)} | {rng.randrange(1000)} | {sentence(rng, 6)} |" for _ in range(5))
    items = "\n".join(f"- {sentence(rng, 8)}" for _ in range(4))
    return f"""---
title: Synthetic question {number} about {rng.choice(WORDS)} and {rng.choice(WORDS)}?
tags: [{", ".join(tags)}]
difficulty: {rng.choice(["easy", "medium", "hard"])}
---

{sentence(rng)} {sentence(rng)}

## Answer

**Short answer:** {sentence(rng, 20)}

{paragraphs}

```python
def handler_{number}(request, items: list[int]) -> dict[str, int]:
    total = sum(item * 2 for item in items if item % 3)
    cache = {{"total": total, "count": len(items)}}
    for key, value in sorted(cache.items()):
        print(f"{{key}}={{value}}")
    return cache
```

| Name | Value | Note |
|---|---:|---|
{rows}

{items}

```sql
SELECT id, title FROM card WHERE topic = 'topic-{number % 20}' AND archived_at IS NULL ORDER BY id LIMIT 20;
```
"""


def write_bank(root: Path, count: int, seed: int = 1) -> Path:
    rng = random.Random(seed)
    for number in range(count):
        folder = root / f"topic-{number % 20:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"card-{number:05d}.md").write_text(synthetic_card(rng, number), encoding="utf-8")
    return root


def loopback_site_env(port: int) -> dict[str, str]:
    """Environment for a server of this site on 127.0.0.1: production settings, plain HTTP."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "ALLOWED_HOSTS": "127.0.0.1",
        "CSRF_TRUSTED_ORIGINS": f"http://127.0.0.1:{port}",
    }


def collect_static(env: dict[str, str]) -> None:
    """Hashed, compressed static files, as production serves them (the benchmark process uses plain ones)."""
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=REPO, env=env, check=True)


def use_collected_static() -> None:
    """Link to hashed static files from a manifest, as production does, rather than the plain names.

    For a benchmark that renders pages in its own process; call before the first page.
    """
    root = WORKDIR / "static"
    collect_static({**os.environ, "STATIC_ROOT": str(root)})
    settings.STATIC_ROOT = root
    settings.STORAGES = SITE_STORAGES


def start_gunicorn(
    port: int,
    env: dict[str, str],
    *,
    workers: int = 2,
    app: str = "questionbank.wsgi",
    options: tuple = (),
    quiet: bool = True,
) -> subprocess.Popen:
    """The site under gunicorn on 127.0.0.1:``port``; the caller terminates it."""
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        *options,
    ]
    output = subprocess.DEVNULL if quiet else None
    return subprocess.Popen(command, cwd=REPO, env=env, stdout=output, stderr=output)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until_healthy(port: int, seconds: float = 30) -> None:
    """Poll /healthz on 127.0.0.1 until it answers 200."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz", headers={"Host": "127.0.0.1"})
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit("the site did not come up")


def percentile(samples: list[float], share: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def summary(samples: list[float]) -> dict[str, float]:
    return {
        "p50_ms": statistics.median(samples) * 1000,
        "p95_ms": percentile(samples, 0.95) * 1000,
    }


def save(name: str, data: dict) -> Path:
    RESULTS.mkdir(exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps(data, indent=2), encoding="utf-8")
    return path


def signed_in_cookies() -> tuple[str, str]:
    """A session for a new person, straight in the database, and a CSRF token to go with it."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.models import User
    from django.contrib.sessions.backends.db import SessionStore
    from django.middleware.csrf import _get_new_csrf_string

    user = User.objects.create_user("bench-importer", password="bench-only-password")
    session = SessionStore()
    session.update(
        {SESSION_KEY: str(user.pk), BACKEND_SESSION_KEY: settings.AUTHENTICATION_BACKENDS[-1],
         HASH_SESSION_KEY: user.get_session_auth_hash()}
    )  # fmt: skip
    session.create()
    token = _get_new_csrf_string()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}; {settings.CSRF_COOKIE_NAME}={token}", token
