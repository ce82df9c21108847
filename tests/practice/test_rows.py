"""``rows_where`` reads the same instances, value for value, as the ORM query it stands for."""

from datetime import timedelta

import pytest
from django.db import connection
from django.forms.models import model_to_dict
from django.utils import timezone

from practice.models import Bookmark, CardStats, FittedParameters, Note, Quiz, Review, Schedule
from practice.rows import first_where, rows_where
from questions.models import Card
from tests.practice.test_stamp import fit

pytestmark = pytest.mark.django_db


def fields(instance) -> dict:
    """Every concrete field's value, by attribute name, with its Python type."""
    return {field.attname: getattr(instance, field.attname) for field in instance._meta.concrete_fields}


def same_rows(ours: list, orm: list) -> None:
    assert [fields(row) for row in ours] == [fields(row) for row in orm]
    assert [type(value) for row in ours for value in fields(row).values()] == [
        type(value) for row in orm for value in fields(row).values()
    ]
    assert all(row._state.db == "default" and not row._state.adding for row in ours)


@pytest.fixture
def history(synced, user):
    card = Card.objects.get(slug="indexes")
    now = timezone.now()
    for n, rating in enumerate([1, 3, 4, 2]):
        Review.record(user, card, rating=rating, token=f"t{n}", seconds=n, when=now - timedelta(days=9 - 2 * n))
    Bookmark.objects.create(user=user, card=card)
    Note.objects.create(user=user, card=card, text="**Mine**, with é and ✓")
    Quiz.objects.create(public_id="5f0c2a2e-1f0e-4c44-9a61-4ad1f5a3f2e1", user=user, scope={"tags": ["sql"]})
    fit(user.pk, adopted=True, day=0)
    return user, card


def test_each_table_a_panel_reads_comes_back_as_the_orm_gives_it(history):
    user, card = history
    same_rows(
        rows_where(Review, ("reviewed_at", "pk"), user=user.pk, card=card.pk),
        list(Review.objects.filter(user=user.pk, card=card.pk).order_by("reviewed_at", "pk")),
    )
    for model, lookup in [
        (Schedule, {"user": user.pk, "card": card.pk}),  # floats, nullable timestamps
        (CardStats, {"card": card.pk}),  # the card as its primary key
        (Bookmark, {"user": user.pk, "card": card.pk}),
        (Note, {"user": user.pk, "card": card.pk}),
        (Quiz, {"public_id": "5f0c2a2e-1f0e-4c44-9a61-4ad1f5a3f2e1", "user": user.pk}),  # a UUID, JSON
        (FittedParameters, {"user": user.pk}),  # a JSON list, a boolean
    ]:
        same_rows(rows_where(model, **lookup), list(model.objects.filter(**lookup).order_by("pk")))
        assert rows_where(model, **lookup), model


def test_reviews_in_the_order_asked_for(history):
    user, card = history
    newest_first = rows_where(Review, ("token",), user=user.pk, card=card.pk)
    assert [review.token for review in newest_first] == ["t0", "t1", "t2", "t3"]
    assert [review.rating for review in newest_first] == [1, 3, 4, 2]


def test_nothing_matching_is_an_empty_list_and_no_first(history, other_user):
    _, card = history
    assert rows_where(Review, user=other_user.pk, card=card.pk) == []
    assert first_where(Note, user=other_user.pk, card=card.pk) is None


def test_a_saved_instance_is_one_that_can_be_changed_and_saved_again(history):
    user, card = history
    note = first_where(Note, user=user.pk, card=card.pk)
    note.text = "changed"
    note.save()
    assert Note.objects.get(pk=note.pk).text == "changed"
    assert model_to_dict(first_where(Note, user=user.pk, card=card.pk))["text"] == "changed"


def test_the_statement_names_its_columns(history):
    """Not "SELECT *": a column a migration adds comes last in the table, wherever its field is declared."""
    from practice.rows import _select

    statement = _select(Note, "default", ("user",), ("pk",))
    assert "*" not in statement
    assert statement.startswith(f"SELECT {connection.ops.quote_name('id')}")
