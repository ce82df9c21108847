"""Syncing files into the database: all or nothing, identity kept."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from questions.models import Card, CardAlias, Topic
from questions.sync import sync_bank

pytestmark = pytest.mark.django_db


def snapshot() -> list[tuple]:
    return list(Card.objects.order_by("pk").values_list("pk", "slug", "title", "content_hash", "archived_at"))


def test_it_creates_cards_with_rendered_html_and_topics(synced):
    card = Card.objects.get(slug="async-handlers")
    assert card.title == "When should a FastAPI handler be async?"
    assert card.topic.name == "Python / FastAPI"
    assert Topic.objects.get(path="databases/sql").name == "Databases / Sql"
    assert '<span class="k">async</span>' in card.answer_html
    assert "<table>" in card.answer_html
    assert card.prompt_html == "<p>Some context.</p>"
    assert sorted(card.tags.values_list("slug", flat=True)) == ["asyncio", "fastapi"]
    assert card.links == ["dependency-injection"]
    assert "Use async def when you await" in card.search_text
    assert CardAlias.objects.get(slug="old-async-handlers").card == card


def test_it_skips_unchanged_files(synced):
    before = snapshot()
    result = sync_bank(synced.root)
    assert (len(result.created), len(result.updated), len(result.unchanged)) == (0, 0, 4)
    assert snapshot() == before


def test_it_updates_an_edited_card_in_place(synced):
    pk = Card.objects.get(slug="indexes").pk
    synced.write("databases/sql/indexes.md", title="How do B-tree indexes work?", difficulty="hard", tags="[sql]")
    result = sync_bank(synced.root)
    assert result.updated == ["indexes"]
    card = Card.objects.get(slug="indexes")
    assert (card.pk, card.title, card.difficulty) == (pk, "How do B-tree indexes work?", "hard")
    assert list(card.tags.values_list("slug", flat=True)) == ["sql"]


def test_an_invalid_file_leaves_the_database_exactly_as_it_was(synced):
    before = snapshot()
    synced.write("databases/sql/indexes.md", title="Edited", difficulty="medum")
    synced.write("databases/sql/new.md", title="A new card")
    (synced.root / "databases/sql/isolation.md").unlink()
    result = sync_bank(synced.root)
    assert not result.ok
    assert str(result.problems[0]).startswith("content/databases/sql/indexes.md:3: unknown difficulty 'medum'")
    assert snapshot() == before


def test_renaming_with_an_alias_keeps_the_cards_identity(synced):
    pk = Card.objects.get(slug="indexes").pk
    (synced.root / "databases/sql/indexes.md").unlink()
    synced.write("databases/sql/btree.md", title="How does a B-tree index work?", extra="aliases: [indexes]")
    result = sync_bank(synced.root)
    assert result.updated == ["btree"] and result.archived == []
    card = Card.objects.get(pk=pk)
    assert (card.slug, card.source_path) == ("btree", "databases/sql/btree.md")
    assert CardAlias.objects.get(slug="indexes").card_id == pk


def test_moving_a_file_keeps_its_identity(synced):
    pk = Card.objects.get(slug="indexes").pk
    text = (synced.root / "databases/sql/indexes.md").read_text()
    (synced.root / "databases/sql/indexes.md").unlink()
    synced.write("databases/performance/indexes.md", text)
    sync_bank(synced.root)
    card = Card.objects.get(pk=pk)
    assert (card.topic_id, card.archived_at) == ("databases/performance", None)


def test_deleting_a_file_archives_its_card(synced):
    (synced.root / "databases/sql/isolation.md").unlink()
    result = sync_bank(synced.root)
    assert result.archived == ["isolation"]
    card = Card.objects.get(slug="isolation")
    assert card.archived_at is not None
    assert Card.objects.active().count() == 3


def test_restoring_a_deleted_file_brings_the_card_back(synced):
    path = synced.root / "databases/sql/isolation.md"
    text = path.read_text()
    path.unlink()
    sync_bank(synced.root)
    path.write_text(text)
    result = sync_bank(synced.root)
    assert result.updated == ["isolation"]
    assert Card.objects.get(slug="isolation").archived_at is None


def test_a_new_card_may_take_an_id_that_was_an_alias(synced):
    path = synced.root / "python/fastapi/async-handlers.md"
    path.write_text(path.read_text().replace("aliases: [old-async-handlers]", ""))
    synced.write("python/misc/old-async-handlers.md", title="A new card that reuses an old id")
    assert sync_bank(synced.root).created == ["old-async-handlers"]
    assert not CardAlias.objects.filter(slug="old-async-handlers").exists()
    assert Card.objects.get(slug="old-async-handlers").title == "A new card that reuses an old id"


def test_command_prints_a_summary(synced, capsys):
    synced.write("databases/sql/joins.md", title="Explain joins")
    call_command("sync_questions")
    assert "Synced: 1 created, 0 updated, 4 unchanged, 0 archived." in capsys.readouterr().out


def test_command_fails_with_problems_and_changes_nothing(synced, capsys):
    before = snapshot()
    synced.write("databases/sql/joins.md", "---\ntitle: [unclosed\n---\n")
    with pytest.raises(CommandError) as raised:
        call_command("sync_questions")
    assert raised.value.returncode == 1
    assert "content/databases/sql/joins.md:2: front matter is not valid YAML" in capsys.readouterr().err
    assert snapshot() == before


def test_a_large_sync_renders_in_worker_processes_with_the_same_result(bank, monkeypatch):
    from questions import sync
    from questions.loader import load_bank

    for index in range(6):
        bank.write(f"python/card-{index}.md", answer=f"Card {index}\n\n```python\nx = {index}\n```")
    cards = [item.card for item in load_bank(bank.root).files]
    serial = sync.render_cards(cards)
    monkeypatch.setattr(sync, "PARALLEL_FROM", 2)
    seen = []
    parallel = sync.render_cards(cards, progress=lambda done, total: seen.append((done, total)))
    assert parallel == serial
    assert seen[-1] == (6, 6)
    assert '<span class="n">x</span>' in parallel[3].answer_html


def test_a_no_op_sync_reuses_stored_summaries_and_restores_missing_ones(synced):
    Card.objects.filter(slug="indexes").update(parsed={})
    assert sync_bank(synced.root).unchanged  # parsed again, since the summary was missing
    summary = Card.objects.get(slug="indexes").parsed
    assert summary["id"] == "indexes" and summary["tags"] == ["sql", "indexes"]
    Card.objects.filter(slug="isolation").update(parsed={**Card.objects.get(slug="isolation").parsed, "title": "x"})
    result = sync_bank(synced.root)  # an unchanged file is not read again: its stored summary stands
    assert len(result.unchanged) == 4 and result.ok
