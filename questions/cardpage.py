"""The card page's read of its card, as a plain statement.

It returns one row that the database answers at once; building and compiling
the same query through the ORM was most of its cost on every card page
rendered from scratch. The statement is written from the models' own table
and column names. The cards it links to, and its tags, are in the card facts.
"""

from __future__ import annotations

from functools import cache

from django.db import connections, router

from .models import Card, Topic
from .rowvalues import converted, converters_for

# What the card page and its view read of the card; not the sync's parse, the search text or the hash.
SHOWN_FIELDS = (
    *("id", "slug", "title", "difficulty"),
    *("topic", "prompt_html", "answer_html", "links", "related", "neighbours", "source_path", "archived_at"),
)


def card_to_show(slug: str) -> Card | None:
    """The card with that id, archived or not, with ``SHOWN_FIELDS`` loaded and its topic attached.

    Each value goes through the converters its field and the database give
    it (JSON, timestamps), as in any query; through ``raw()``, working out
    which converters, and how to build the instance, for every card page
    cost more than the statement itself.
    """
    database = router.db_for_read(Card)
    connection = connections[database]
    with connection.cursor() as cursor:
        cursor.execute(_statement(database), [slug])
        row = cursor.fetchone()
    if row is None:
        return None
    columns = _shown_columns()
    values = converted(row, converters_for(columns, connection), connection)
    card = Card.from_db(database, [field.attname for field in _shown_fields()], values[: len(columns)])
    card.topic = Topic.from_db(database, ("path", "name"), (card.topic_id, values[-1]))
    return card


@cache
def _shown_fields() -> tuple:
    """``SHOWN_FIELDS`` in the model's order, which is the order ``Model.from_db`` takes values in."""
    return tuple(field for field in Card._meta.concrete_fields if field.name in SHOWN_FIELDS)


@cache
def _shown_columns() -> tuple:
    return tuple(field.get_col(Card._meta.db_table) for field in _shown_fields())


@cache
def _statement(database: str) -> str:
    """The card and its topic's name, by card id, written from the models' table and column names."""
    meta, topics = Card._meta, Topic._meta
    quote = connections[database].ops.quote_name
    card_table, topic_table = quote(meta.db_table), quote(topics.db_table)
    selected = ", ".join(f"{card_table}.{quote(field.column)}" for field in _shown_fields())
    topic_key, topic_name = (f"{topic_table}.{quote(topics.get_field(name).column)}" for name in ("path", "name"))
    topic_id, slug_column = (f"{card_table}.{quote(meta.get_field(name).column)}" for name in ("topic", "slug"))
    return (
        f"SELECT {selected}, {topic_name} FROM {card_table}"
        f" INNER JOIN {topic_table} ON {topic_id} = {topic_key} WHERE {slug_column} = %s"
    )
