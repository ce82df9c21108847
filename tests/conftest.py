import textwrap
from pathlib import Path

import pytest
from django.conf import settings as django_settings

# The tests, the live server among them, speak plain HTTP to the app with no
# TLS proxy in front. Set before any fixture builds a request handler, since
# middleware reads these once when it is created.
django_settings.SECURE_SSL_REDIRECT = False
django_settings.SESSION_COOKIE_SECURE = False
django_settings.CSRF_COOKIE_SECURE = False
# Ask the database for the bank's version on every request: tests change the
# bank inside transactions that never commit, so the in-process switch on
# commit never fires (tests/test_pagecache.py covers that path).
django_settings.QUESTIONBANK_BANK_VERSION_CHECK_SECONDS = 0
# A deliberately slow password hash is the point in production and only costs
# time here: every log-in in the suite would spend most of a second on it.
django_settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


REPO_ROOT = Path(__file__).resolve().parent.parent


def card_text(
    title: str = "What is a test card?",
    *,
    difficulty: str = "easy",
    tags: str = "[testing]",
    extra: str = "",
    prompt: str = "Some context.",
    answer: str = "A card used by the tests.",
) -> str:
    front = f"title: {title}\ndifficulty: {difficulty}\ntags: {tags}\n{extra}"
    return f"---\n{front.rstrip()}\n---\n\n{prompt}\n\n## Answer\n\n{answer}\n"


class Bank:
    """A throwaway content folder that the settings point at."""

    def __init__(self, root: Path):
        self.root = root

    def write(self, relative: str, text: str | None = None, **fields) -> Path:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text) if text is not None else card_text(**fields), encoding="utf-8")
        return path

    def shown(self, relative: str) -> str:
        return f"{self.root.name}/{relative}"


@pytest.fixture
def bank(tmp_path, settings) -> Bank:
    root = tmp_path / "content"
    root.mkdir()
    settings.QUESTIONBANK_CONTENT_DIR = root
    return Bank(root)


@pytest.fixture
def synced(bank, db):
    """A small bank of four cards in two topics, synced into the database."""
    from questions.sync import sync_bank

    bank.write(
        "python/fastapi/async-handlers.md",
        title="When should a FastAPI handler be async?",
        difficulty="medium",
        tags="[fastapi, asyncio]",
        extra="topic: Python / FastAPI\naliases: [old-async-handlers]",
        answer="Use `async def` when you await.\n\n```python\nasync def f():\n    return 1\n```\n\n"
        "| a | b |\n|---|---|\n| 1 | 2 |\n\nSee [deps](id:dependency-injection).",
    )
    bank.write(
        "python/fastapi/dependency-injection.md",
        title="How does Depends work?",
        difficulty="hard",
        tags="[fastapi, di]",
        extra="topic: Python / FastAPI",
    )
    bank.write(
        "databases/sql/indexes.md", title="How does a B-tree index work?", difficulty="medium", tags="[sql, indexes]"
    )
    bank.write(
        "databases/sql/isolation.md", title="What are isolation levels?", difficulty="easy", tags="[sql, transactions]"
    )
    result = sync_bank(bank.root)
    assert result.ok, result.problems
    return bank


@pytest.fixture(autouse=True)
def limit_windows_held_still(monkeypatch):
    """Limits count in fixed windows (a minute, an hour); a test's requests that straddled a
    window's end would find the count started again. In tests the windows never turn."""
    import time

    from accounts import limits

    started = time.time()
    monkeypatch.setattr(limits, "now", lambda: started)


@pytest.fixture(autouse=True)
def test_settings(settings):
    """Unhashed static files, so no collectstatic run is needed (`make serve` covers the manifest);
    and each test starts with empty caches and no remembered bank version or anything held for it."""
    from django.core.cache import caches

    from questions.pagecache import forget_bank_version, forget_held

    for name in ("default", "pages"):
        caches[name].clear()
    if "redis" in caches["limits"].__class__.__module__:
        caches["limits"].clear()  # the database cache rolls back with each test; Redis does not
    forget_bank_version()
    forget_held()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
