"""The card page's reads, the card, its tags and the cards it links to, as plain statements.

Each returns one row or a handful of short ones that the database answers at
once; building and compiling the same queries through the ORM was most of
their cost on every card page rendered from scratch. The statements are
written from the models' own table and column names.
"""

from __future__ import annotations

from django.db import connections, router

from .models import Card, Topic

LINKED_FIELDS = ("id", "slug", "title", "difficulty")
# What the card page and its view read of the card; not the sync's parse, the search text or the hash.
SHOWN_FIELDS = (
    *LINKED_FIELDS,
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


def tag_slugs(card_id: int) -> list[str]:
    """The card's tags, in the order ``card.tags.all()`` gives them (a tag's slug is its key)."""
    links = Card.tags.through._meta
    connection = connections[router.db_for_read(Card.tags.through)]
    quote = connection.ops.quote_name
    card, tag = (quote(links.get_field(name).column) for name in ("card", "tag"))
    sql = f"SELECT {tag} FROM {quote(links.db_table)} WHERE {card} = %s ORDER BY {tag}"
    with connection.cursor() as cursor:
        cursor.execute(sql, [card_id])
        return [slug for (slug,) in cursor.fetchall()]


def active_cards(pks: list[int], slugs: list[str]) -> list[Card]:
    """The active cards among those primary keys and card ids, with only ``LINKED_FIELDS`` loaded."""
    meta = Card._meta
    connection = connections[router.db_for_read(Card)]
    quote = connection.ops.quote_name
    column = {name: quote(meta.get_field(name).column) for name in (*LINKED_FIELDS, "archived_at")}
    wanted = [
        f"{column[name]} IN ({', '.join(['%s'] * len(values))})"
        for name, values in (("id", pks), ("slug", slugs))
        if values
    ]
    if not wanted:
        return []
    selected = ", ".join(column[name] for name in LINKED_FIELDS)
    sql = f"SELECT {selected} FROM {quote(meta.db_table)} WHERE {column['archived_at']} IS NULL AND ({' OR '.join(wanted)})"
    with connection.cursor() as cursor:
        cursor.execute(sql, [*pks, *slugs])
        rows = cursor.fetchall()
    return [Card.from_db(connection.alias, LINKED_FIELDS, row) for row in rows]
