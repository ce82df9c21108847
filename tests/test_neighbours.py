"""The related cards and neighbours the sync stores equal a from-scratch recomputation after any changes."""

import re
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from django.db.models import Count
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from questions.models import Card
from questions.neighbours import RELATED_COUNT
from questions.sync import sync_bank
from tests.conftest import card_text

pytestmark = pytest.mark.django_db

NAMES = [f"c{n}" for n in range(8)]
TAGS = ["ta", "tb", "tc", "td"]
TITLES = ["alpha", "bravo", "charlie", "delta"]  # one word each: every database's collation orders them alike


def bank_change(*more: st.SearchStrategy) -> st.SearchStrategy:
    """One edit of a small bank, or a sync; ``more`` adds fields to a written card (its answer, say)."""
    return st.one_of(
        st.tuples(
            st.just("write"),
            st.sampled_from(NAMES),
            st.sampled_from(["t1", "t2"]),
            st.sampled_from(TITLES),
            st.sets(st.sampled_from(TAGS), min_size=1, max_size=3),
            *more,
        ),
        st.tuples(st.just("remove"), st.sampled_from(NAMES)),
        st.tuples(st.just("rename"), st.sampled_from(NAMES), st.sampled_from(NAMES)),
        st.just(("sync",)),
    )


change = bank_change()


def apply(root: Path, step: tuple) -> None:
    if step[0] == "write":
        _, name, topic, title, tags = step
        write_step(root, name, topic, card_text(title=title, tags=f"[{', '.join(sorted(tags))}]"))
    else:
        apply_step(root, step)


def write_step(root: Path, name: str, topic: str, text: str) -> None:
    """Write (or move and rewrite) card ``name``, unless another card keeps that id as an earlier one.

    A new card may not take a renamed card's old id; the loader rightly refuses such a bank.
    """
    files = {path.stem: path for path in root.rglob("*.md")}
    if kept_by_another(files, name, name):
        return
    if name in files:
        files[name].unlink()
    path = root / topic / f"{name}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def apply_step(root: Path, step: tuple) -> None:
    """A remove or rename step; renaming onto an existing card or another's earlier id is skipped."""
    files = {path.stem: path for path in root.rglob("*.md")}
    if step[0] == "remove" and step[1] in files:
        files[step[1]].unlink()
    elif step[0] == "rename" and step[1] in files and step[2] not in files and not kept_by_another(files, *step[1:]):
        text = renamed(files[step[1]].read_text(encoding="utf-8"), step[1], step[2])
        files[step[1]].unlink()
        (files[step[1]].parent / f"{step[2]}.md").write_text(text, encoding="utf-8")


def kept_by_another(files: dict[str, Path], card: str, name: str) -> bool:
    """Whether a card other than ``card`` keeps ``name`` among its earlier ids."""
    return any(name in earlier_ids(path.read_text(encoding="utf-8")) for stem, path in files.items() if stem != card)


def earlier_ids(text: str) -> list[str]:
    found = re.search(r"^aliases: \[(.*)\]\n", text, re.MULTILINE)
    return found.group(1).split(", ") if found else []


def renamed(text: str, old: str, new: str) -> str:
    """A card's text moved from id ``old`` to ``new``: ``old`` joins its earlier ids, ``new`` leaves them."""
    names = [name for name in dict.fromkeys([*earlier_ids(text), old]) if name != new]
    text = re.sub(r"^aliases: \[.*\]\n", "", text, flags=re.MULTILINE)
    return text.replace("---\n", f"---\naliases: [{', '.join(names)}]\n", 1) if names else text


def from_scratch(card: Card) -> tuple[list[int], list[int | None]]:
    """The queries the card page ran before the sync stored the answer."""
    active = Card.objects.active()
    related = list(
        active.filter(tags__in=card.tags.all())
        .exclude(pk=card.pk)
        .annotate(shared=Count("tags"))
        .order_by("-shared", "title", "pk")
        .values_list("pk", flat=True)[:RELATED_COUNT]
    )
    in_topic = active.filter(topic=card.topic_id)
    before = in_topic.filter(source_path__lt=card.source_path).order_by("-source_path").first()
    after = in_topic.filter(source_path__gt=card.source_path).order_by("source_path").first()
    return related, [before and before.pk, after and after.pk]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(change, min_size=1, max_size=10))
def test_stored_related_cards_and_neighbours_match_a_recomputation(steps):
    with bank_after(steps, apply):
        for card in Card.objects.all():
            stored = (card.related, card.neighbours)
            assert stored == (from_scratch(card) if not card.is_archived else ([], [])), card.slug


@contextmanager
def bank_after(steps, apply_step) -> Iterator[Path]:
    """A bank in a temporary folder after these edits and syncs, and a final sync."""
    root = Path(tempfile.mkdtemp()) / "content"
    root.mkdir()
    try:
        for step in [*steps, ("sync",)]:
            if step[0] == "sync":
                assert sync_bank(root).ok
            else:
                apply_step(root, step)
        yield root
    finally:
        shutil.rmtree(root.parent)
