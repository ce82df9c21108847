"""Real-browser tests: Playwright driving Chromium against a live server."""

import os
from pathlib import Path

import pytest
from django.apps import apps
from django.db import connection, transaction

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


# Rows of the bank's tables as the first sync of a run wrote them, by database and bank.
_SYNCED_ROWS: dict[tuple[str, str], list[tuple[str, list[str], list[tuple]]]] = {}


def _bank_tables() -> list[str]:
    """The tables a sync writes: every table of the questions app, its search index on SQLite too."""
    tables = [model._meta.db_table for model in apps.get_app_config("questions").get_models(include_auto_created=True)]
    if connection.vendor == "sqlite":
        tables.append("questions_card_fts")
    return tables


def _read_rows(tables: list[str]) -> list[tuple[str, list[str], list[tuple]]]:
    with connection.cursor() as cursor:
        copied = []
        for table in tables:
            rowid = "rowid, " if table.endswith("_fts") else ""
            cursor.execute(f"SELECT {rowid}* FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            copied.append((table, columns, cursor.fetchall()))
        return copied


def _write_rows(copied: list[tuple[str, list[str], list[tuple]]]) -> None:
    """Put the copied rows back; foreign keys are checked at commit, so the order of tables does not matter."""
    quote = connection.ops.quote_name
    with transaction.atomic(), connection.cursor() as cursor:
        for table, columns, rows in copied:
            cursor.execute(f"DELETE FROM {quote(table)}")
            names = ", ".join(quote(column) for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)


def restore_repository_bank(content_dir: Path) -> None:
    """The same rows as ``sync_repository_bank``, copied back from the run's first sync of the bank.

    A sync writes each card through the ORM, most of a second of CPU for the
    whole bank on every test; putting back rows read once costs a tenth of that.
    """
    key = (connection.vendor, content_fingerprint(content_dir))
    if key not in _SYNCED_ROWS:
        sync_repository_bank(content_dir)
        _SYNCED_ROWS[key] = _read_rows(_bank_tables())
    else:
        _write_rows(_SYNCED_ROWS[key])


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
            # Written whole and renamed: the SQLite and PostgreSQL runs save the same names at the same time.
            path = SCREENSHOTS / f"{name}-{scheme}.png"
            partial = path.with_name(f".{path.name}.{os.getpid()}")
            partial.write_bytes(page.screenshot(full_page=True))
            partial.replace(path)
        page.emulate_media(color_scheme="light")

    return take
