"""A sync rendered in worker processes and written in batches stores exactly what a one-card-at-a-time sync does."""

import shutil
import tempfile
from pathlib import Path

import pytest
from django.db import connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions import sync
from questions.models import AnswerVersion, Card, CardAlias, Topic
from tests.conftest import card_text
from tests.test_neighbours import apply_step, bank_change, write_step

pytestmark = pytest.mark.django_db

ANSWERS = [
    "Plain words.",
    "See [the other](id:c1).\n\n```python\ndef f(x):\n    return x * 2\n```",
    "| a | b |\n|---|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] not yet",
    "!!! note\n    An aside with `code`.\n\n```sql\nSELECT 1;\n```",
]

change = bank_change(st.sampled_from(ANSWERS))


def apply(root: Path, step: tuple) -> None:
    if step[0] == "write":
        _, name, topic, title, tags, answer = step
        text = card_text(title=title, tags=f"[{', '.join(sorted(tags))}]", answer=answer)
        write_step(root, name, topic, text)
    else:
        apply_step(root, step)


def synced_state(steps: list[tuple]) -> tuple[list, list]:
    """Every sync's result and every stored column after ``steps``, card ids replaced by their order of creation.

    Ids come from a sequence that a rolled-back run does not rewind on
    PostgreSQL, and timestamps from the clock, so those are compared by what
    they mean: which card, and whether it is archived.
    """
    root = Path(tempfile.mkdtemp()) / "content"
    root.mkdir()
    results = []
    try:
        for step in [*steps, ("sync",)]:
            if step[0] == "sync":
                result = sync.sync_bank(root)
                results.append((result.created, result.updated, result.unchanged, result.archived, result.problems))
            else:
                apply(root, step)
    finally:
        shutil.rmtree(root.parent)
    return results, stored_rows()


def stored_rows() -> list:
    rank = {pk: index for index, pk in enumerate(Card.objects.order_by("pk").values_list("pk", flat=True))}
    skipped = {"id", "created_at", "updated_at", "archived_at", "related", "neighbours"}
    columns = [field.attname for field in Card._meta.concrete_fields if field.attname not in skipped]
    cards = [
        (
            rank[row["id"]],
            row["archived_at"] is None,
            [row[name] for name in columns],
            [rank[pk] for pk in row["related"]],
            [None if pk is None else rank[pk] for pk in row["neighbours"]],
        )
        for row in Card.objects.order_by("pk").values()
    ]
    tags = sorted((rank[pk], tag) for pk, tag in Card.tags.through.objects.values_list("card_id", "tag_id"))
    aliases = sorted((slug, rank[pk]) for slug, pk in CardAlias.objects.values_list("slug", "card_id"))
    answers = sorted(
        (rank[pk], digest, answer)
        for pk, digest, answer in AnswerVersion.objects.values_list("card_id", "content_hash", "answer")
    )
    topics = sorted(Topic.objects.values_list("path", "name"))
    return [cards, tags, aliases, answers, topics, search_rows(rank)]


def search_rows(rank: dict[int, int]) -> list:
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT rowid, title, body FROM questions_card_fts")
        else:
            cursor.execute("SELECT id, search_vector::text FROM questions_card")
        # Only this bank's cards: a flush after another module's live-server test empties the
        # tables Django knows of, not SQLite's full-text index beside them.
        return sorted((rank[row[0]], *row[1:]) for row in cursor.fetchall() if row[0] in rank)


class RolledBack(Exception):
    pass


def rolled_back_state(steps: list[tuple]) -> tuple[list, list]:
    """``synced_state`` from an empty bank, leaving the database as it found it for the next run."""
    assert not Card.objects.exists()
    try:
        with transaction.atomic():
            state = synced_state(steps)
            raise RolledBack
    except RolledBack:
        return state


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(change, min_size=1, max_size=8))
def test_pooled_batched_sync_stores_what_a_one_by_one_sync_stores(steps, monkeypatch):
    monkeypatch.setattr(sync, "PARALLEL_FROM", 10**9)
    monkeypatch.setattr(sync, "WRITE_BATCH", 1)
    one_by_one = rolled_back_state(steps)
    monkeypatch.setattr(sync, "PARALLEL_FROM", 2)
    monkeypatch.setattr(sync, "WRITE_BATCH", 3)
    assert rolled_back_state(steps) == one_by_one
