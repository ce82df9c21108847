"""Real-browser tests: Playwright driving Chromium against a live server."""

import os
from pathlib import Path

import pytest
from django.db import transaction

from questions.loader import Bank, load_bank
from questions.middleware import content_fingerprint
from questions.rendering import RenderedCard
from questions.sync import Snapshot, apply_plan, plan_sync, render_cards

from ..conftest import REPO_ROOT

# Playwright's sync API runs an event loop in this thread; the ORM calls made
# by fixtures here are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

SYSTEM_CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO_ROOT / "artifacts" / "screenshots"
QUIET_CHROMIUM = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    args = {**browser_type_launch_args, "args": QUIET_CHROMIUM}
    if SYSTEM_CHROMIUM.exists():
        args["executable_path"] = str(SYSTEM_CHROMIUM)
    return args


_RENDERED: dict[tuple[str, str], RenderedCard] = {}
_LOADED: dict[tuple, Bank] = {}


def sync_repository_bank(content_dir: Path) -> None:
    """``sync_bank`` of the real bank, rendering each card file once per test run.

    Every browser test starts from an empty database (a live server needs
    committed rows), and loading and rendering hundreds of cards is nearly all
    of a sync; planning and writing the rows run each time.
    """
    snapshot = Snapshot.read()
    assert not snapshot.known(), "the browser tests' bank is synced into an empty database"
    fingerprint = content_fingerprint(content_dir)
    if fingerprint not in _LOADED:
        _LOADED[fingerprint] = load_bank(content_dir)
    bank = _LOADED[fingerprint]
    assert bank.ok, bank.problems
    plan = plan_sync(bank, snapshot)
    keys = [(write.item.card.path, write.item.content_hash) for write in plan.writes]
    missing = [write.item.card for write, key in zip(plan.writes, keys, strict=True) if key not in _RENDERED]
    fresh = iter(render_cards(missing))
    for key in keys:
        if key not in _RENDERED:
            _RENDERED[key] = next(fresh)
    with transaction.atomic():
        apply_plan(plan, [_RENDERED[key] for key in keys])


@pytest.fixture
def site(live_server, transactional_db, settings) -> str:
    """The live server with the repository's own bank synced."""
    settings.QUESTIONBANK_CONTENT_DIR = REPO_ROOT / "content"
    sync_repository_bank(settings.QUESTIONBANK_CONTENT_DIR)
    return live_server.url


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors seen so far; a test removes the ones it expects."""
    return []


@pytest.fixture
def page(page, console_errors):
    """Every browser test also fails on a console error or an uncaught exception."""
    errors = console_errors
    page.on(
        "console",
        lambda message: errors.append(f"{message.text} at {message.location}") if message.type == "error" else None,
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.set_default_timeout(10_000)
    yield page
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture
def screenshot(page):
    """Save full-page screenshots in light and dark mode as test artifacts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            page.screenshot(path=SCREENSHOTS / f"{name}-{scheme}.png", full_page=True)
        page.emulate_media(color_scheme="light")

    return take
