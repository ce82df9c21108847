"""Earlier answers of each card, and what changed in one since a person rated it.

The sync keeps the answer of every text a card has had, a few per card; a
review remembers the card's hash when it was rated. ``answer_change`` puts
the two together; ``answer_diff`` is the pure part.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count
from django.utils import timezone

from .loader import CardFile
from .models import AnswerVersion, Card

KEPT_PER_CARD = 5
MAX_DIFF_LINES = 80


@dataclass(frozen=True)
class DiffLine:
    kind: str  # "added", "removed", "same" or "gap" (lines left out between two changes)
    text: str


@dataclass(frozen=True)
class AnswerChange:
    lines: list[DiffLine]
    truncated: bool

    @property
    def answer_changed(self) -> bool:
        return bool(self.lines)


def answer_diff(before: str, after: str, context: int = 2) -> list[DiffLine]:
    """A unified diff of two answers' Markdown, line by line; empty when they are the same."""
    lines: list[DiffLine] = []
    diff = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=context)
    for line in diff:
        if line.startswith(("---", "+++")):
            continue
        if line.startswith("@@"):
            if lines:
                lines.append(DiffLine("gap", "…"))
            continue
        kind = {"+": "added", "-": "removed"}.get(line[:1], "same")
        lines.append(DiffLine(kind, line[1:]))
    return lines


def keep_answers(saved: Iterable[tuple[int, CardFile]]) -> None:
    """Remember the answers of the cards a sync just wrote, each (card id, its file), under the file's hash.

    A text seen before becomes the newest again; beyond ``KEPT_PER_CARD`` the
    oldest versions of a card go.
    """
    now = timezone.now()
    rows = [
        AnswerVersion(card_id=pk, content_hash=item.content_hash, answer=item.card.answer, recorded_at=now)
        for pk, item in saved
    ]
    if not rows:
        return
    AnswerVersion.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["card", "content_hash"],
        update_fields=["answer", "recorded_at"],
        batch_size=500,
    )
    crowded = AnswerVersion.objects.values("card_id").annotate(n=Count("pk")).filter(n__gt=KEPT_PER_CARD)
    for card_id in crowded.values_list("card_id", flat=True):
        old = AnswerVersion.objects.filter(card_id=card_id).order_by("-recorded_at", "-pk")[KEPT_PER_CARD:]
        AnswerVersion.objects.filter(pk__in=list(old.values_list("pk", flat=True))).delete()


def answer_change(card: Card, rated_hash: str) -> AnswerChange | None:
    """The answer's diff from the text rated under ``rated_hash`` to now; None if that text is not kept."""
    answers = dict(
        AnswerVersion.objects.filter(card=card, content_hash__in=[rated_hash, card.content_hash]).values_list(
            "content_hash", "answer"
        )
    )
    if rated_hash not in answers or card.content_hash not in answers:
        return None
    lines = answer_diff(answers[rated_hash], answers[card.content_hash])
    return AnswerChange(lines[:MAX_DIFF_LINES], truncated=len(lines) > MAX_DIFF_LINES)
