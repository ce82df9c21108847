"""The card page's read of its card, as a plain statement.

It returns one row that the database answers at once; building and compiling
the same query through the ORM was most of its cost on every card page
rendered from scratch. The statement is written from the models' own table
and column names. The cards it links to, and its tags, are in the card facts.
"""

from __future__ import annotations

from django.db import connections, router

from .models import Card, Topic

# What the card page and its view read of the card; not the sync's parse, the search text or the hash.
SHOWN_FIELDS = (
    *("id", "slug", "title", "difficulty"),
    *("topic", "prompt_html", "answer_html", "links", "related", "neighbours", "source_path", "archived_at"),
)


def card_to_show(slug: str) -> Card | None:
    """The card with that id, archived or not, with ``SHOWN_FIELDS`` loaded and its topic attached.

    Through ``raw()``, so the stored values go through the fields' own
    converters (JSON, timestamps) as with any query.
    """
    meta, topics = Card._meta, Topic._meta
    quote = connections[router.db_for_read(Card)].ops.quote_name
    card_table, topic_table = quote(meta.db_table), quote(topics.db_table)
    selected = ", ".join(f"{card_table}.{quote(meta.get_field(name).column)}" for name in SHOWN_FIELDS)
    topic_key, topic_name = (f"{topic_table}.{quote(topics.get_field(name).column)}" for name in ("path", "name"))
    topic_id, slug_column = (f"{card_table}.{quote(meta.get_field(name).column)}" for name in ("topic", "slug"))
    sql = (
        f"SELECT {selected}, {topic_name} AS topic_name FROM {card_table}"
        f" INNER JOIN {topic_table} ON {topic_id} = {topic_key} WHERE {slug_column} = %s"
    )
    card = next(iter(Card.objects.raw(sql, [slug])), None)
    if card is not None:
        card.topic = Topic(path=card.topic_id, name=card.topic_name)
    return card
