"""A row read with a plain statement, given the Python values a query would have given it.

For the few hot reads that skip building a query (the card page's card, the
practice panel's one-row tables): each value still goes through the
converters its field and the database give it (JSON, timestamps, booleans).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models.expressions import Col

Converter = tuple[int, Col, Callable]


def converters_for(columns: Sequence[Col], connection: BaseDatabaseWrapper) -> list[Converter]:
    """(position, column, converter) for each conversion a row in these columns needs, in the order a query applies them."""
    return [
        (position, column, converter)
        for position, column in enumerate(columns)
        for converter in connection.ops.get_db_converters(column) + column.get_db_converters(connection)
    ]


def converted(row: Sequence, converters: list[Converter], connection: BaseDatabaseWrapper) -> list:
    values = list(row)
    for position, column, convert in converters:
        values[position] = convert(values[position], column, connection)
    return values
