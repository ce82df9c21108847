"""The repository's own bank in the test database, loaded, rendered and written as few times as a run allows."""

from pathlib import Path

from django.apps import apps
from django.db import connection, transaction

from questions.loader import Bank, load_bank
from questions.middleware import content_fingerprint
from questions.rendering import RenderedCard
from questions.sync import Snapshot, apply_plan, plan_sync, render_cards

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
