"""The card page's two small reads, its tags and the cards it links to, as plain statements.

Each returns a handful of short rows that the database answers at once;
building and compiling the same two queries through the ORM was most of their
cost on every card page rendered from scratch. The statements are written
from the models' own table and column names.
"""

from __future__ import annotations

from django.db import connections, router

from .models import Card

LINKED_FIELDS = ("id", "slug", "title", "difficulty")


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
