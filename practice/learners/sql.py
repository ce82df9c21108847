"""Database helpers of the account learner: raw rows for long histories."""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet

from .. import scheduler


def plain_rows(query: QuerySet) -> list[tuple]:
    """The rows as the driver returns them, skipping Django's per-value converters.

    Over the ten thousand rows of a long history those converters cost more
    than the query; the few values that need converting are done by hand.
    """
    try:
        sql, params = query.query.sql_with_params()
    except EmptyResultSet:  # filtered by an empty list: Django knows there are no rows
        return []
    with connections[query.db].cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def stored_utc(value: datetime) -> datetime:
    """A timestamp from ``plain_rows``: naive UTC from SQLite, aware from PostgreSQL."""
    return value if value.tzinfo else value.replace(tzinfo=scheduler.UTC)
