"""Plan files: one test per rule, each with its exact ``path:line: message``; and the sync."""

import pytest

from questions.loader import load_bank
from questions.models import Card, Plan
from questions.sync import sync_bank

PLAN = """\
title: SQL in a day
description: Indexes, then isolation.
audience: People with a database round tomorrow.
sections:
  - title: Indexes
    cards:
      - indexes
  - title: Transactions
    cards:
      - id: isolation
        minutes: 4
"""


def problems_of(bank) -> list[str]:
    return [str(problem) for problem in load_bank(bank.root).problems]


def test_a_valid_plan_is_read_with_its_sections_and_minutes(synced):
    synced.write("plans/sql-in-a-day.yml", PLAN)
    (item,) = load_bank(synced.root).plans
    plan = item.plan
    assert (plan.slug, plan.title, plan.audience) == (
        "sql-in-a-day",
        "SQL in a day",
        "People with a database round tomorrow.",
    )
    assert [(s.title, [(i.card_id, i.minutes) for i in s.items]) for s in plan.sections] == [
        ("Indexes", [("indexes", None)]),
        ("Transactions", [("isolation", 4)]),
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            PLAN.replace("audience:", "audiance:"),
            "3: unknown key 'audiance' (did you mean 'audience'?); allowed keys: title, description, audience, sections",
        ),
        (PLAN.replace("      - indexes", "      - indexs"), "7: unknown card 'indexs' (did you mean 'indexes'?)"),
        (
            PLAN.replace("      - indexes", "      - old-async-handlers"),
            "7: card 'old-async-handlers' is now 'async-handlers'",
        ),
        (
            PLAN.replace("      - id: isolation", "      - id: indexes"),
            "10: card 'indexes' is already in this plan (line 7)",
        ),
        (PLAN.replace("minutes: 4", "minutes: lots"), "11: 'minutes' must be a whole number from 1 to 120"),
        (PLAN.replace("title: SQL in a day\n", ""), "1: missing required key 'title'"),
        (
            PLAN.replace("    cards:\n      - indexes\n", "    cards: []\n"),
            "6: a section's 'cards' must be a list of card ids",
        ),
        (
            PLAN.replace("  - title: Indexes\n", "  - title: Indexes\n    title: Again\n"),
            "6: key 'title' appears twice",
        ),
        (
            PLAN.replace("      - indexes", "      - Not A Slug"),
            "7: a card id is a lowercase slug, or 'id: <slug>' with 'minutes: <n>'",
        ),
        ("- a list\n", "1: a plan is a mapping with keys: title, description, audience, sections"),
        ("title: [unclosed\n", "2: not valid YAML: did not find expected ',' or ']'"),
        ("title: " + "[" * 40 + "]" * 40 + "\n", "1: brackets nested more than 8 levels deep"),
    ],
)
def test_each_rule_has_its_message(synced, text, expected):
    synced.write("plans/sql-in-a-day.yml", text)
    assert problems_of(synced) == [f"{synced.shown('plans/sql-in-a-day.yml')}:{expected}"]


def test_a_plan_and_its_card_problems_are_reported_together(synced):
    synced.write("plans/sql-in-a-day.yml", PLAN.replace("audience:", "audiance:").replace("- indexes", "- nope"))
    assert [problem.split(":")[1] for problem in problems_of(synced)] == ["3", "7"]


def test_a_plan_naming_an_archived_card_says_so(synced):
    (synced.root / "databases/sql/indexes.md").unlink()
    assert sync_bank(synced.root).archived == ["indexes"]
    synced.write("plans/sql-in-a-day.yml", PLAN)
    result = sync_bank(synced.root)
    assert [str(p) for p in result.problems] == [
        f"{synced.shown('plans/sql-in-a-day.yml')}:7: card 'indexes' is archived (its file was removed); take it out of the plan"
    ]


def test_a_file_name_that_is_not_a_slug_is_refused(synced):
    synced.write("plans/SQL_day.yml", PLAN)
    assert problems_of(synced) == [
        f"{synced.shown('plans/SQL_day.yml')}:1: plan file name 'SQL_day' must be a lowercase slug (letters, digits, hyphens)"
    ]


def test_sync_stores_plans_with_their_cards_in_order(synced):
    synced.write("plans/sql-in-a-day.yml", PLAN)
    result = sync_bank(synced.root)
    assert result.plans_changed == ["sql-in-a-day"]
    plan = Plan.objects.get(slug="sql-in-a-day")
    assert plan.sections == ["Indexes", "Transactions"]
    entries = [(e.section, e.card.slug, e.minutes) for e in plan.entries.select_related("card")]
    assert entries == [(0, "indexes", None), (1, "isolation", 4)]
    assert sync_bank(synced.root).plans_changed == []


def test_a_bad_plan_stops_the_whole_sync(synced):
    synced.write("plans/sql-in-a-day.yml", PLAN.replace("- indexes", "- nope"))
    synced.write("python/new-card.md", title="A new card")
    result = sync_bank(synced.root)
    assert not result.ok
    assert not Card.objects.filter(slug="new-card").exists()
    assert not Plan.objects.exists()


def test_a_removed_plan_file_archives_the_plan(synced):
    synced.write("plans/sql-in-a-day.yml", PLAN)
    sync_bank(synced.root)
    (synced.root / "plans/sql-in-a-day.yml").unlink()
    assert sync_bank(synced.root).plans_changed == ["sql-in-a-day"]
    assert Plan.objects.get(slug="sql-in-a-day").archived_at is not None


def test_the_shipped_plans_are_valid(settings):
    from tests.conftest import REPO_ROOT

    bank = load_bank(REPO_ROOT / "content")
    assert bank.ok, bank.problems
    assert {item.plan.slug for item in bank.plans} >= {
        "python-backend-two-weeks",
        "fastapi-deep-dive",
        "django-in-ten-days",
        "system-design-crash-course",
    }
