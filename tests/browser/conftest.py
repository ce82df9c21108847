"""Real-browser tests: Playwright driving Chromium against a live server."""

import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from ..conftest import REPO_ROOT
from ..realbank import restore_repository_bank, sync_repository_bank

# Generous waits: `make test` runs the SQLite and PostgreSQL suites side by side, each with its
# own browser and servers, so a busy machine can take seconds over what a quiet one needs. A
# passing test waits no longer for them; only a failing one takes longer to say so.
expect.set_options(timeout=15_000)

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


@pytest.fixture
def site(live_server, transactional_db, settings) -> str:
    """The live server with the repository's own bank synced."""
    settings.QUESTIONBANK_CONTENT_DIR = REPO_ROOT / "content"
    sync_repository_bank(settings.QUESTIONBANK_CONTENT_DIR)
    return live_server.url


@pytest.fixture
def bank_site(live_server, transactional_db, settings) -> str:
    """What ``site`` gives, the live server with the repository's bank synced, at a fraction of the cost.

    For tests that do not depend on the bank's rows being written during the
    test itself (their ids and timestamps are those of the run's first sync).
    """
    settings.QUESTIONBANK_CONTENT_DIR = REPO_ROOT / "content"
    restore_repository_bank(settings.QUESTIONBANK_CONTENT_DIR)
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
    page.set_default_timeout(30_000)
    yield page
    assert errors == [], f"browser console errors: {errors}"


@pytest.fixture
def screenshot(page):
    """Save full-page screenshots in light and dark mode as test artifacts."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(name: str) -> None:
        for scheme in ("light", "dark"):
            page.emulate_media(color_scheme=scheme)
            # Written whole and renamed: the SQLite and PostgreSQL runs save the same names at the same time.
            path = SCREENSHOTS / f"{name}-{scheme}.png"
            partial = path.with_name(f".{path.name}.{os.getpid()}")
            partial.write_bytes(page.screenshot(full_page=True))
            partial.replace(path)
        page.emulate_media(color_scheme="light")

    return take
