"""Earlier answers kept by the sync, a few per card, and the diff between two of them."""

import pytest

from questions.models import AnswerVersion, Card
from questions.sync import sync_bank
from questions.versions import KEPT_PER_CARD, DiffLine, answer_change, answer_diff


def test_the_diff_marks_lines_added_and_removed_with_a_little_context():
    before = "\n".join(f"line {n}" for n in range(10))
    after = before.replace("line 1\n", "line one\n").replace("line 8", "line eight")
    assert answer_diff(before, after) == [
        DiffLine("same", "line 0"),
        DiffLine("removed", "line 1"),
        DiffLine("added", "line one"),
        DiffLine("same", "line 2"),
        DiffLine("same", "line 3"),
        DiffLine("gap", "…"),
        DiffLine("same", "line 6"),
        DiffLine("same", "line 7"),
        DiffLine("removed", "line 8"),
        DiffLine("added", "line eight"),
        DiffLine("same", "line 9"),
    ]
    assert answer_diff(before, before) == []


@pytest.mark.django_db
def test_the_sync_keeps_each_text_and_only_the_latest_few(synced):
    card = Card.objects.get(slug="indexes")
    first_hash = card.content_hash
    assert AnswerVersion.objects.get(card=card).answer == "A card used by the tests."
    for number in range(KEPT_PER_CARD + 2):
        synced.write("databases/sql/indexes.md", title="How does a B-tree index work?", answer=f"Answer {number}.")
        sync_bank(synced.root)
    assert AnswerVersion.objects.filter(card=card).count() == KEPT_PER_CARD
    card.refresh_from_db()
    assert answer_change(card, first_hash) is None  # that text is no longer kept
    assert AnswerVersion.objects.filter(card__slug="isolation").count() == 1  # untouched cards keep theirs
