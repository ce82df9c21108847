"""The sync's plan, worked out from the loaded bank and a snapshot of the rows, without the database.

No test here may touch the database (none is marked ``django_db``, so any
query fails): that is what keeps the plan a pure function.
"""

from questions.loader import load_bank
from questions.sync import Snapshot, StoredCard, StoredPlan, plan_sync

PLAN = """\
title: SQL in a day
description: Indexes, then isolation.
sections:
  - title: Indexes
    cards:
      - indexes
      - id: isolation
        minutes: 4
"""


def stored(pk: int, slug: str, path: str, digest: str = "old", archived: bool = False) -> StoredCard:
    return StoredCard(pk, slug, path, digest, archived, parsed={})


def snapshot(*cards: StoredCard, aliases=None, plans=None) -> Snapshot:
    return Snapshot(
        cards={card.slug: card for card in cards},
        aliases=aliases or {},
        topics={"databases/sql": "Databases / Sql"},
        plans=plans or {},
    )


def write_sql_cards(bank) -> None:
    bank.write("databases/sql/indexes.md", title="How does an index work?", tags="[sql]")
    bank.write("databases/sql/isolation.md", title="What are isolation levels?", tags="[sql, transactions]")


def test_new_edited_renamed_and_removed_cards_are_planned_from_the_snapshot(bank):
    write_sql_cards(bank)
    bank.write("databases/sql/locks.md", title="Row locks?", extra="aliases: [old-locks]")
    loaded = load_bank(bank.root)
    digest = {item.card.id: item.content_hash for item in loaded.files}
    rows = snapshot(
        stored(1, "indexes", "databases/sql/indexes.md", digest["indexes"]),
        stored(2, "isolation", "databases/sql/isolation.md", "edited since"),
        stored(3, "old-locks", "databases/sql/old-locks.md"),
        stored(4, "gone", "databases/sql/gone.md"),
        stored(5, "long-gone", "databases/sql/long-gone.md", archived=True),
    )

    plan = plan_sync(loaded, rows)

    assert [(write.item.card.id, write.pk) for write in plan.writes] == [("isolation", 2), ("locks", 3)]
    assert plan.unchanged == ["indexes"]
    assert plan.summaries == {1: loaded.files[0].card.summary()}  # parsed in full, so its summary is stored
    assert plan.aliases == {"old-locks": "locks"}
    assert [card.slug for card in plan.archived] == ["gone"]
    assert plan.tags == ["sql", "testing", "transactions"]
    assert plan.topics == {}
    result = plan.result()
    assert (result.created, result.updated, result.archived) == ([], ["isolation", "locks"], ["gone"])


def test_an_alias_an_archived_card_still_has_as_its_id_stays_that_cards(bank):
    bank.write("databases/sql/locks.md", title="Row locks?", tags="[sql]", extra="aliases: [old-locks]")
    rows = snapshot(
        stored(7, "old-locks", "databases/sql/old-locks.md", archived=True),
        stored(8, "locks", "databases/sql/locks.md"),
    )

    plan = plan_sync(load_bank(bank.root), rows)

    assert plan.aliases == {}
    assert [write.pk for write in plan.writes] == [8]


def test_a_new_card_taking_an_earlier_id_drops_that_alias_and_new_topics_are_named(bank):
    bank.write("web/http/etag.md", title="What is an ETag?", tags="[http]")

    plan = plan_sync(load_bank(bank.root), snapshot(aliases={"etag": 9, "other": 9}))

    assert [(write.item.card.id, write.pk) for write in plan.writes] == [("etag", None)]
    assert plan.dropped_aliases == ["etag"]
    assert plan.topics == {"web/http": "Web / Http"}
    assert plan.result().created == ["etag"]


def test_a_study_plan_is_rewritten_only_when_its_file_or_entries_moved_on(bank):
    write_sql_cards(bank)
    bank.write("plans/sql-in-a-day.yml", PLAN)
    bank.write("plans/sql-again.yml", PLAN.replace("SQL in a day", "SQL again"))
    loaded = load_bank(bank.root)
    again, day = loaded.plans
    entries = ((0, 0, "indexes", None), (1, 0, "isolation", 4))
    plans = {
        "sql-in-a-day": StoredPlan(day.content_hash, False, entries),
        "sql-again": StoredPlan(again.content_hash, False, entries[:1]),
        "retired": StoredPlan("x", False, ()),
        "long-retired": StoredPlan("y", True, ()),
    }

    plan = plan_sync(loaded, snapshot(plans=plans))

    assert [(write.item.plan.slug, write.entries) for write in plan.study_plans] == [("sql-again", entries)]
    assert plan.archived_study_plans == ["retired"]
    assert plan.plans_changed == ["sql-again", "retired"]


def test_only_an_active_cards_own_summary_is_offered_to_the_loader():
    rows = Snapshot(
        cards={
            "a": StoredCard(1, "a", "t/a.md", "h1", False, {"id": "a"}),
            "b": StoredCard(2, "b", "t/b.md", "h2", False, {"id": "not-b"}),
            "c": StoredCard(3, "c", "t/c.md", "h3", True, {"id": "c"}),
        },
        aliases={},
        topics={},
        plans={},
    )
    assert rows.known() == {"t/a.md": ("h1", {"id": "a"})}
    assert rows.archived_ids() == {"c"}
